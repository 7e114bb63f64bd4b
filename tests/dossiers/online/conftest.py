import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from dossiers.documents.samples import sample_pdf
from tests.clamd import clamd  # noqa: F401  (the session's clamd)
from tests.factories import CitizenAccountFactory

CITIZEN_BACKEND = "center.citizens.backends.CitizenOidcBackend"


@pytest.fixture(autouse=True)
def _documents_in_tmp(settings, tmp_path, clamd):  # noqa: F811
    """Each test's files in a folder of its own, scanned by the session's real clamd."""
    settings.STORAGES = {
        **settings.STORAGES,
        "documents": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "documents")},
        },
    }
    settings.CLAMD_SOCKET = clamd.socket


@pytest.fixture
def citizen(db):
    return CitizenAccountFactory()


@pytest.fixture
def citizen_client(client, citizen):
    """The test client signed in as the citizen (as the identity provider's sign-in leaves it)."""
    client.force_login(citizen.user, backend=CITIZEN_BACKEND)
    return client


def pdf(name: str = "don.pdf", title: str = "Đơn đề nghị") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, sample_pdf(title=title), content_type="application/pdf")
