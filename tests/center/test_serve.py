"""`make serve` (scripts/serve.sh): refuses an incomplete environment; with a complete one it runs gunicorn,
a Celery worker and Celery beat as separate processes, and Ctrl-C stops all of them."""

import os
import secrets
import signal
import subprocess
import tempfile
import time

import pytest

from tests.center.processes import ROOT, free_port, request, server_database_url, stop, wait_until_healthy

COMPLETE = {
    "DATABASE_URL": "postgres://u:p@db.internal:5432/center",
    "REDIS_URL": "redis://redis.internal:6379/0",
    "SECRET_KEY": "x" * 60,
    "ALLOWED_HOSTS": "dichvucong.example.gov.vn",
    "PUBLIC_BASE_URL": "https://dichvucong.example.gov.vn",
}
# What `manage.py check --deploy` accepts (the database and Redis are never reached before it runs).
DEPLOYABLE = {
    **COMPLETE,
    "SECRET_KEY": "k3-Vq8pL0zR7wX2mN9bT4yH6jF1sD5gA-cE8uI0oP3lK7nM2bV9xZ4",
    "HTTPS": "1",
    "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
    "EMAIL_HOST": "mail.internal",
}


def serve(**env: str) -> subprocess.CompletedProcess:
    environment = {"PATH": os.environ["PATH"], "HOME": os.environ.get("HOME", "/tmp"), **env}
    return subprocess.run(
        ["bash", "scripts/serve.sh"], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=60
    )


def test_missing_variables_are_named_and_nothing_starts():
    result = serve()
    assert result.returncode == 2
    assert "set DATABASE_URL REDIS_URL SECRET_KEY ALLOWED_HOSTS PUBLIC_BASE_URL" in result.stderr


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"DATABASE_URL": "sqlite:///var/db.sqlite3"}, "DATABASE_URL must be a PostgreSQL URL"),
        ({"REDIS_URL": "filesystem://"}, "REDIS_URL must be a Redis URL"),
        ({"DEBUG": "1"}, "DEBUG must be off"),
        ({"SERVE_PROCESSES": "web flower"}, "unknown process 'flower'"),
    ],
)
def test_a_wrong_setting_is_refused_with_a_reason(change, message):
    result = serve(**{**COMPLETE, **change})
    assert result.returncode == 2 and message in result.stderr


CONSOLE = "django.core.mail.backends.console.EmailBackend"


def without(name: str) -> dict:
    return {key: value for key, value in DEPLOYABLE.items() if key != name}


@pytest.mark.parametrize(
    ("environment", "message"),
    [
        # Mails that are not sent: the default (a log line each) and Django's locmem backend.
        (without("EMAIL_BACKEND"), "center.E003"),
        ({**DEPLOYABLE, "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend"}, "center.E003"),
        # Django's console backend prints reset links unmasked into the log: refused even with the opt-out.
        ({**DEPLOYABLE, "EMAIL_BACKEND": CONSOLE}, "center.E002"),
        ({**DEPLOYABLE, "EMAIL_BACKEND": CONSOLE, "ALLOW_CONSOLE_EMAIL": "1"}, "center.E002"),
        # Slips' QR codes and SMS texts would point at this machine or over plain http.
        ({**DEPLOYABLE, "PUBLIC_BASE_URL": "http://dichvucong.example.gov.vn"}, "center.E004"),
        ({**DEPLOYABLE, "PUBLIC_BASE_URL": "https://127.0.0.1:8000"}, "center.E004"),
    ],
)
def test_the_deploy_check_refuses_to_start_without_mail_or_a_public_https_address(environment, message):
    result = serve(**environment)
    assert result.returncode != 0 and message in result.stderr
    assert "Operations to perform" not in result.stdout  # did not migrate


@pytest.mark.parametrize(
    "environment",
    [DEPLOYABLE, {**without("EMAIL_BACKEND"), "ALLOW_CONSOLE_EMAIL": "1"}],
    ids=["smtp", "no mail on purpose"],
)
def test_with_mail_or_the_explicit_opt_out_the_deploy_check_passes(environment):
    result = serve(**environment)
    # It goes on to migrate, which cannot reach this test's made-up database host.
    assert "System check identified" not in result.stderr and "center.E0" not in result.stderr
    assert "db.internal" in result.stderr


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_make_serve_runs_web_worker_and_beat_and_ctrl_c_stops_them():
    port = free_port()
    env = {  # only what a production machine would have (the suite's own variables stay out)
        "PATH": os.environ["PATH"],
        "HOME": os.environ.get("HOME", "/tmp"),
        "REDIS_URL": os.environ["REDIS_URL"],
        "DATABASE_URL": server_database_url(),
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "HTTPS": "1",
        "PUBLIC_BASE_URL": "https://dichvucong.example.gov.vn",
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "BIND": f"127.0.0.1:{port}",
        "WEB_CONCURRENCY": "2",
        "CELERY_CONCURRENCY": "1",
        "DB_CONN_MAX_AGE": "0",
    }
    with tempfile.TemporaryFile(mode="w+") as log:
        process = subprocess.Popen(
            ["bash", "scripts/serve.sh"],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            try:
                wait_until_healthy(f"http://127.0.0.1:{port}", process, timeout=120)
            except (RuntimeError, TimeoutError) as failure:
                log.seek(0)
                raise AssertionError(log.read()[-3000:]) from failure
            # Over plain http with HTTPS=1: the health check answers, everything else goes to https.
            assert request("GET", f"http://127.0.0.1:{port}/healthz")[1] == {"database": "ok", "broker": "ok"}
            for _ in range(100):  # the worker and beat log their start once connected to Redis
                log.seek(0)
                output = log.read()
                if "ready." in output and "beat: Starting" in output:
                    break
                time.sleep(0.3)
        finally:
            code = stop(process, signal.SIGINT, timeout=60)
        log.seek(0)
        output = log.read()

    assert "worker@" in output and "ready." in output, output[-3000:]
    assert "beat: Starting" in output
    assert "Booting worker" in output  # gunicorn
    for name in ("web", "worker", "beat"):
        assert f"{name}.1 stopped" in output
    assert code is not None and process.poll() is not None
    with pytest.raises(OSError):
        request("GET", f"http://127.0.0.1:{port}/healthz", timeout=2)
