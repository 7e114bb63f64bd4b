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
}


def serve(**env: str) -> subprocess.CompletedProcess:
    environment = {"PATH": os.environ["PATH"], "HOME": os.environ.get("HOME", "/tmp"), **env}
    return subprocess.run(
        ["bash", "scripts/serve.sh"], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=60
    )


def test_missing_variables_are_named_and_nothing_starts():
    result = serve()
    assert result.returncode == 2
    assert "set DATABASE_URL REDIS_URL SECRET_KEY ALLOWED_HOSTS" in result.stderr


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
