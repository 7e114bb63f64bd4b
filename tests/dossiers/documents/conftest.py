import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from dossiers.documents.samples import sample_pdf
from tests.clamd import clamd  # noqa: F401  (the session's clamd)


@pytest.fixture(autouse=True)
def _documents_in_tmp(settings, tmp_path):
    """Each test's files in a folder of its own (the filesystem storage), scanned by the session's clamd."""
    settings.STORAGES = {
        **settings.STORAGES,
        "documents": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "documents")},
        },
    }


@pytest.fixture
def scanning(settings, clamd):  # noqa: F811
    settings.CLAMD_SOCKET = clamd.socket
    return clamd


@pytest.fixture
def scanner_down(settings, tmp_path):
    """clamd not running: its socket is missing."""
    settings.CLAMD_SOCKET = str(tmp_path / "no-clamd.sock")


def upload(name: str, content: bytes | None = None, content_type: str = "application/octet-stream"):
    """A file as a form would send it (the declared type is never trusted)."""
    if content is None:
        content = sample_pdf(title="Đơn đề nghị")
    return SimpleUploadedFile(name, content, content_type=content_type)
