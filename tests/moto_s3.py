"""A real S3-compatible server for the tests: moto's server mode, started once per session on a free port.

Import the `moto_s3` fixture into a conftest.py to use it (`from tests.moto_s3 import moto_s3  # noqa: F401`).
"""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest


@dataclass
class MotoS3:
    endpoint_url: str
    process: subprocess.Popen


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def moto_s3_start() -> MotoS3:
    binary = Path(sys.executable).parent / "moto_server"
    if not binary.exists():
        pytest.fail("moto_server is not installed: pip install -e '.[dev]' (moto[server])")
    port = _free_port()
    process = subprocess.Popen(
        [str(binary), "-H", "127.0.0.1", "-p", str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    endpoint = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            urllib.request.urlopen(f"{endpoint}/moto-api/", timeout=1).close()
            break
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                pytest.fail(f"moto_server did not start on port {port}")
            time.sleep(0.2)
    return MotoS3(endpoint_url=endpoint, process=process)


@pytest.fixture(scope="session")
def moto_s3():
    server = moto_s3_start()
    yield server
    server.process.terminate()
    try:
        server.process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        server.process.kill()
