"""/healthz answers 200 when the database and the broker answer, 503 naming what failed."""

import logging

import pytest
from django.db import OperationalError, connection

pytestmark = pytest.mark.django_db


def test_healthy_when_the_database_and_redis_answer(client, settings):
    assert settings.CELERY_BROKER_URL.startswith("redis://")

    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"database": "ok", "broker": "ok"}
    assert "no-store" in response["Cache-Control"]


def test_redis_down_is_a_503_naming_the_broker(client, settings, caplog):
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"  # nothing listens on port 1

    with caplog.at_level(logging.WARNING, logger="center.health"):
        response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json() == {"database": "ok", "broker": "unavailable"}
    (failure,) = [r for r in caplog.records if r.getMessage() == "healthz_failed"]
    assert failure.check == "broker" and "ConnectionError" in failure.error


def test_database_down_is_a_503_naming_the_database(client, monkeypatch):
    def refused(*args, **kwargs):
        raise OperationalError("connection to server at 127.0.0.1 port 5432 failed")

    monkeypatch.setattr(connection, "cursor", refused)

    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json() == {"database": "unavailable", "broker": "ok"}


def test_the_filesystem_broker_of_make_run_is_healthy_when_its_folder_is_there(client, settings, tmp_path):
    settings.CELERY_BROKER_URL = "filesystem://"
    settings.CELERY_BROKER_TRANSPORT_OPTIONS = {"data_folder_in": str(tmp_path), "data_folder_out": str(tmp_path)}

    assert client.get("/healthz").json() == {"database": "ok", "broker": "ok"}


def test_the_filesystem_broker_without_its_folder_is_a_503(client, settings, tmp_path):
    missing = str(tmp_path / "gone")
    settings.CELERY_BROKER_URL = "filesystem://"
    settings.CELERY_BROKER_TRANSPORT_OPTIONS = {"data_folder_in": missing, "data_folder_out": missing}

    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json() == {"database": "ok", "broker": "unavailable"}


def test_only_get_is_answered(client):
    assert client.post("/healthz").status_code == 405
