"""With Redis (the shared cache) unreachable, the public pages still answer.

The cache only speeds pages up and holds the lookup limiter's counts. While it is down, a citizen can
still find a procedure and track a dossier; the limiter lets lookups through and says so in the log
(guessing an 8-character secret takes far longer than an outage lasts)."""

import logging

import pytest

from tests.dossiers.walk import receive

UNREACHABLE = {
    "default": {
        "BACKEND": "center.cache.RedisCache",
        "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens on port 1: refused at once
    },
    "optional": {"BACKEND": "center.cache.OptionalRedisCache", "LOCATION": "redis://127.0.0.1:1/0"},
}


@pytest.fixture
def redis_down(settings):
    settings.CACHES = UNREACHABLE


@pytest.fixture
def dossier(procedure, clerk):
    return receive(procedure, clerk)


def test_tracking_a_dossier_works_while_the_cache_is_down(redis_down, client, api, dossier, caplog):
    with caplog.at_level(logging.WARNING, logger="center.ratelimit"):
        page = client.get(f"/tra-cuu/{dossier.code}/", {"secret": dossier.secret})
        assert page.status_code == 200 and dossier.code in page.content.decode()
        answer = api.get(f"/api/v1/public/dossiers/{dossier.code}/", {"secret": dossier.secret})
        assert answer.status_code == 200 and answer.json()["code"] == dossier.code
        # A wrong secret still gets the ordinary "not found", not an error page.
        assert client.get(f"/tra-cuu/{dossier.code}/", {"secret": "WRONG99"}).status_code == 404
    assert "limiter unavailable" in caplog.text


def test_the_catalogue_api_and_punctuality_board_work_while_the_cache_is_down(redis_down, client, api, procedure):
    assert api.get("/api/v1/procedures/").status_code == 200  # the throttle lets requests through
    assert api.get(f"/api/v1/procedures/{procedure.code}/").status_code == 200
    assert client.get("/cong-khai/dung-han/").status_code == 200
    assert client.get("/").status_code == 200


def test_feedback_tracking_works_while_the_cache_is_down(redis_down, client, db):
    response = client.post("/phan-anh/tra-cuu/", {"code": "PA-K7M2Q9XW4B"})
    assert response.status_code == 404  # no such feedback: the ordinary answer, not an error page


def test_kiosk_tickets_and_feedback_are_taken_while_the_cache_is_down(redis_down, client, agency, caplog):
    """The flood limits (counters/kiosk.py, monitoring/feedback_intake.py) step aside, as the lookup one does."""
    from counters.models import Ticket
    from monitoring.models import Feedback
    from tests.factories import ServiceGroupFactory

    group = ServiceGroupFactory(prefix="A", agencies=[agency])
    form = {"topic": "other", "subject": "Góp ý", "content": "Nên có thêm ghế chờ.", "sender_name": "Lê Văn An"}
    with caplog.at_level(logging.WARNING, logger="center.ratelimit"):
        assert client.post("/lay-so/", {"group": group.pk}).status_code == 302
        assert client.post("/phan-anh/", {**form, "sender_phone": "0987654321"}).status_code == 302
    assert Ticket.objects.count() == 1 and Feedback.objects.count() == 1
    assert "flood limiter unavailable" in caplog.text
