"""Production settings pass `check --deploy` with no warning; `make run` still works over plain http;
every answer carries the browser security headers."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    """Run manage.py with the production settings module and only the given variables (plus PATH)."""
    environment = {"PATH": os.environ["PATH"], "DJANGO_SETTINGS_MODULE": "center.settings", **env}
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=120
    )


PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": secrets.token_urlsafe(50),
    "HTTPS": "1",
    "ALLOWED_HOSTS": "dichvucong.example.gov.vn",
    "CSRF_TRUSTED_ORIGINS": "https://dichvucong.example.gov.vn",
    "PUBLIC_BASE_URL": "https://dichvucong.example.gov.vn",
    "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
    "DATABASE_URL": os.environ.get("DATABASE_URL", "postgres://postgres:postgres@127.0.0.1:5432/center"),
    "REDIS_URL": os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/15"),
}


def test_production_settings_pass_check_deploy_with_no_warning():
    result = manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout
    assert "WARNINGS:" not in result.stderr and "ERRORS:" not in result.stderr


def test_check_deploy_refuses_the_development_secret_key():
    without_key = {name: value for name, value in PRODUCTION.items() if name != "SECRET_KEY"}
    result = manage("check", "--deploy", **without_key)
    assert result.returncode != 0
    assert "center.E001" in result.stderr


def test_check_deploy_warns_when_https_is_off():
    result = manage("check", "--deploy", "--fail-level", "WARNING", **{**PRODUCTION, "HTTPS": "0"})
    assert result.returncode != 0
    for check in ("security.W004", "security.W008", "security.W012", "security.W016"):
        assert check in result.stderr


def test_an_unknown_log_format_is_refused_at_start():
    result = manage("check", **{**PRODUCTION, "LOG_FORMAT": "xml"})
    assert result.returncode != 0 and "LOG_FORMAT must be plain or json" in result.stderr


@pytest.mark.django_db
def test_make_run_over_plain_http_has_no_redirect_and_usable_cookies(client):
    """Without HTTPS=1 (the default), http://127.0.0.1:8000 works: no redirect, cookies without Secure."""
    response = client.get("/accounts/login/")
    assert response.status_code == 200
    assert not response.cookies["csrftoken"]["secure"]
    assert "Strict-Transport-Security" not in response


@pytest.mark.django_db
def test_with_https_plain_http_is_redirected_but_the_health_check_is_not(settings, client):
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_HSTS_SECONDS = 31_536_000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    settings.SECURE_HSTS_PRELOAD = True

    redirected = client.get("/api/v1/procedures/")
    assert redirected.status_code == 301 and redirected["Location"].startswith("https://")
    assert client.get("/healthz").status_code == 200
    secure = client.get("/api/v1/procedures/", secure=True)
    assert secure["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/accounts/login/", "/api/v1/procedures/", "/healthz"])
def test_every_answer_carries_the_security_headers(client, url):
    response = client.get(url)
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


@pytest.mark.django_db
def test_the_session_cookie_is_out_of_scripts_reach_and_lasts_a_working_day(client):
    from tests.factories import TEST_PASSWORD, UserFactory

    UserFactory(username="tiepnhan1")
    response = client.post("/accounts/login/", {"username": "tiepnhan1", "password": TEST_PASSWORD})
    cookie = response.cookies["sessionid"]
    assert cookie["httponly"] and cookie["samesite"] == "Lax"
    assert cookie["max-age"] == 8 * 3600
