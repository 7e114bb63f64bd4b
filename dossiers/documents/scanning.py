"""Malware scanners: one small interface, the implementation chosen by settings.DOCUMENTS_SCANNER.

A scanner's `scan(stream)` reads a file object to its end and answers a ScanResult; it raises
ScannerUnavailable when it cannot be asked now (the file then waits as "pending" and is asked about again,
dossiers/documents/services.py). The default is ClamAV's daemon over its socket, with the INSTREAM command
(clamd(8)): the bytes are sent in chunks, never read whole into memory, and clamd needs no access to the
portal's storage.
"""

from __future__ import annotations

import socket
import struct
from dataclasses import dataclass
from functools import cache

from django.conf import settings
from django.utils.module_loading import import_string

CHUNK = 64 * 1024


class ScannerUnavailable(Exception):
    """The scanner could not be asked (not running, socket missing, timed out): try again later."""


@dataclass(frozen=True)
class ScanResult:
    clean: bool
    # What was found ("Eicar-Test-Signature"), or why the scan failed; empty when clean.
    signature: str = ""
    # The scanner answered but could not judge the file (e.g. too large for its limits).
    failed: bool = False


class ClamdScanner:
    """clamd over a Unix socket (a path) or TCP (`tcp://host:port`), settings.CLAMD_SOCKET."""

    def __init__(self, address: str | None = None, timeout: float | None = None):
        self.address = address or settings.CLAMD_SOCKET
        self.timeout = timeout if timeout is not None else settings.CLAMD_TIMEOUT

    def _connect(self) -> socket.socket:
        try:
            if self.address.startswith("tcp://"):
                host, _, port = self.address.removeprefix("tcp://").rpartition(":")
                return socket.create_connection((host, int(port)), timeout=self.timeout)
            connection = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            connection.settimeout(self.timeout)
            connection.connect(self.address)
            return connection
        except (OSError, ValueError) as error:
            raise ScannerUnavailable(f"clamd at {self.address}: {error}") from error

    @staticmethod
    def _reply(connection: socket.socket) -> str:
        data = b""
        while not data.endswith(b"\0"):
            part = connection.recv(4096)
            if not part:
                break
            data += part
        return data.rstrip(b"\0").decode("utf-8", "replace").strip()

    def ping(self) -> bool:
        try:
            with self._connect() as connection:
                connection.sendall(b"zPING\0")
                return self._reply(connection) == "PONG"
        except (OSError, ScannerUnavailable):
            return False

    def scan(self, stream) -> ScanResult:
        try:
            with self._connect() as connection:
                connection.sendall(b"zINSTREAM\0")
                while chunk := stream.read(CHUNK):
                    connection.sendall(struct.pack("!L", len(chunk)) + chunk)
                connection.sendall(struct.pack("!L", 0))
                reply = self._reply(connection)
        except BrokenPipeError:
            # clamd closes the stream once it passes StreamMaxLength, and answers why before closing.
            return ScanResult(clean=False, failed=True, signature="INSTREAM size limit exceeded")
        except OSError as error:
            raise ScannerUnavailable(f"clamd at {self.address}: {error}") from error
        # "stream: OK", "stream: <signature> FOUND", "<message> ERROR" (clamd(8)).
        if reply.endswith(" FOUND"):
            return ScanResult(clean=False, signature=reply.removeprefix("stream:").removesuffix("FOUND").strip())
        if reply.endswith(" OK"):
            return ScanResult(clean=True)
        if not reply:
            raise ScannerUnavailable(f"clamd at {self.address} closed the connection without an answer")
        return ScanResult(clean=False, failed=True, signature=reply.removesuffix("ERROR").strip()[:255])


@cache
def _scanner_class(path: str):
    return import_string(path)


def scanner():
    """The configured scanner (settings.DOCUMENTS_SCANNER), built anew so changed settings apply."""
    return _scanner_class(settings.DOCUMENTS_SCANNER)()
