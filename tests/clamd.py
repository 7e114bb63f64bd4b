"""A real clamd for the tests: started once per session with a signature database of its own.

No signature download is possible (nor wanted) here: the database is one line, the MD5 signature of the
EICAR test file (https://www.eicar.org), which every antivirus reports and which harms nothing. clamd
listens on a Unix socket under var/; tests point settings.CLAMD_SOCKET at it. Import the `clamd` fixture
into a conftest.py to use it (`from tests.clamd import clamd  # noqa: F401`).
"""

from __future__ import annotations

import hashlib
import os
import shutil
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.conf import settings

# The EICAR test string (68 bytes; https://www.eicar.org/download-anti-malware-testfile/).
EICAR = rb"X5O!P%@AP[4\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"
SIGNATURE = "Eicar-Test-Signature"


@dataclass
class Clamd:
    socket: str
    process: subprocess.Popen


def _answers(path: str) -> bool:
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as connection:
            connection.settimeout(2)
            connection.connect(path)
            connection.sendall(b"zPING\0")
            return connection.recv(16).startswith(b"PONG")
    except OSError:
        return False


def clamd_start(base: Path) -> Clamd:
    binary = shutil.which("clamd") or ("/usr/sbin/clamd" if os.path.exists("/usr/sbin/clamd") else None)
    if binary is None:
        pytest.fail("clamd is not installed: run scripts/ensure_services.sh (installs clamav-daemon) as root")
    base.mkdir(parents=True, exist_ok=True)
    directory = Path(tempfile.mkdtemp(prefix="clamd-", dir=base))
    (directory / "db").mkdir()
    # The file that is exactly the EICAR string (its MD5), and the string inside any file (a body signature):
    # the portal refuses a bare text file by its type before scanning, so tests hide it in a PDF or an image.
    (directory / "db" / "test.hdb").write_text(f"{hashlib.md5(EICAR).hexdigest()}:{len(EICAR)}:{SIGNATURE}\n")
    (directory / "db" / "test.ndb").write_text(f"{SIGNATURE}-Embedded:0:*:{EICAR.hex()}\n")
    sock = str(directory / "clamd.sock")
    config = directory / "clamd.conf"
    config.write_text(
        "\n".join(
            [
                f"DatabaseDirectory {directory / 'db'}",
                f"LocalSocket {sock}",
                f"LogFile {directory / 'clamd.log'}",
                "Foreground yes",
                f"User {os.environ.get('USER') or 'root'}" if os.geteuid() == 0 else "",
                # Room for the largest file the portal accepts (20 MB by default).
                "StreamMaxLength 64M",
                "MaxFileSize 64M",
                "MaxScanSize 128M",
                "MaxThreads 4",
                "",
            ]
        )
    )
    process = subprocess.Popen([binary, "-c", str(config)], stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 60
    while not _answers(sock):
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            log = (directory / "clamd.log").read_text() if (directory / "clamd.log").exists() else ""
            pytest.fail(f"clamd did not start (exit {process.returncode}):\n{log[-2000:]}")
        time.sleep(0.2)
    return Clamd(socket=sock, process=process)


def clamd_stop(clamd: Clamd) -> None:
    clamd.process.terminate()
    try:
        clamd.process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        clamd.process.kill()
    shutil.rmtree(Path(clamd.socket).parent, ignore_errors=True)


@pytest.fixture(scope="session")
def clamd():
    started = clamd_start(Path(settings.VAR_DIR) / "clamav")
    yield started
    clamd_stop(started)
