"""Helpers for tests that start the real servers (gunicorn, `make serve`) against the test database."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def server_database_url() -> str:
    """The URL of the database pytest-django created (test_<name>), for a server in another process."""
    from django.db import connection

    db = connection.settings_dict
    return f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def request(method: str, url: str, *, body: dict | None = None, token: str | None = None, timeout: float = 30):
    """(status, parsed JSON body) of one HTTP request; errors are answers too, not exceptions."""
    headers = {"Content-Type": "application/json", "Accept": "application/json", "Accept-Language": "vi"}
    if token:
        headers["Authorization"] = f"Token {token}"
    data = json.dumps(body).encode() if body is not None else None
    call = urllib.request.Request(url, data=data, headers=headers, method=method)
    try:
        with urllib.request.urlopen(call, timeout=timeout) as response:
            return response.status, json.loads(response.read() or b"null")
    except urllib.error.HTTPError as error:
        content = error.read()
        try:
            return error.code, json.loads(content)
        except ValueError:
            return error.code, content.decode(errors="replace")


def wait_until_healthy(base_url: str, process: subprocess.Popen, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited with {process.returncode}")
        try:
            if request("GET", f"{base_url}/healthz", timeout=2)[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.3)
    raise TimeoutError(f"{base_url}/healthz did not answer 200 within {timeout} s")


def stop(process: subprocess.Popen, sig: int = signal.SIGINT, timeout: float = 30) -> int:
    """Signal the process group we started, wait for it; kill the group if it does not stop in time."""
    if process.poll() is None:
        os.killpg(process.pid, sig)
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
    return process.returncode


@contextmanager
def gunicorn(*, workers: int = 2, threads: int = 8, env: dict | None = None, log=None):
    """gunicorn (threaded workers) on a free 127.0.0.1 port against the test database; yields its base URL.
    Its output goes to `log` (a binary file) when given, for tests that read what the server logged."""
    port = free_port()
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "center.settings_test",
        "DATABASE_URL": server_database_url(),
        "DB_CONN_MAX_AGE": "0",  # give connections back: PostgreSQL's 100 are shared with the suite
        **(env or {}),
    }
    command = [
        str(ROOT / ".venv/bin/gunicorn"), "center.wsgi:application", "--bind", f"127.0.0.1:{port}",
        "--workers", str(workers), "--threads", str(threads), "--worker-class", "gthread", "--timeout", "60",
    ]  # fmt: skip
    with tempfile.TemporaryFile() as own_log:  # a file, not a pipe: a full pipe would block the server
        log = log or own_log
        process = subprocess.Popen(
            command, cwd=ROOT, env=environment, start_new_session=True, stdout=log, stderr=subprocess.STDOUT
        )
        base_url = f"http://127.0.0.1:{port}"
        try:
            wait_until_healthy(base_url, process)
            yield base_url
        finally:
            stop(process, signal.SIGTERM)
