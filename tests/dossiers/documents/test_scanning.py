"""The scanner contract (dossiers/documents/scanning.py), passed by every implementation: a clean stream
is clean, EICAR is found and named, a scanner that cannot be asked raises ScannerUnavailable."""

import io

import pytest

from dossiers.documents.samples import sample_pdf
from dossiers.documents.scanning import ClamdScanner, ScannerUnavailable, scanner
from tests.clamd import EICAR

SCANNERS = [lambda clamd: ClamdScanner(clamd.socket, timeout=10)]


@pytest.fixture(params=SCANNERS, ids=["clamd"])
def a_scanner(request, clamd):
    return request.param(clamd)


def test_a_clean_file_is_clean(a_scanner):
    assert a_scanner.scan(io.BytesIO(sample_pdf(title="Đơn"))).clean


@pytest.mark.parametrize("content", [EICAR, sample_pdf(title="Đơn") + EICAR, b"%PDF-1.4\n" + EICAR * 3])
def test_eicar_is_found_and_named(a_scanner, content):
    result = a_scanner.scan(io.BytesIO(content))

    assert (result.clean, result.failed) == (False, False)
    assert result.signature.startswith("Eicar-Test-Signature")


def test_a_stream_larger_than_one_chunk_is_sent_whole(a_scanner):
    content = b"\0" * (3 * 64 * 1024 + 17) + EICAR  # the signature in the last chunk

    assert not a_scanner.scan(io.BytesIO(content)).clean


def test_clamd_not_running_is_unavailable(tmp_path):
    down = ClamdScanner(str(tmp_path / "none.sock"), timeout=1)

    assert down.ping() is False
    with pytest.raises(ScannerUnavailable):
        down.scan(io.BytesIO(b"x"))


def test_the_setting_chooses_the_scanner(settings, clamd):
    settings.CLAMD_SOCKET = clamd.socket

    chosen = scanner()

    assert isinstance(chosen, ClamdScanner) and chosen.address == clamd.socket and chosen.ping()
