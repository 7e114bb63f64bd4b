import hashlib
import os

import pytest
from django.core.files.storage import storages

from center.models import AccessPurpose, PersonalDataAccess
from dossiers.documents.models import DocumentAccess, DossierDocument, ScanStatus
from dossiers.documents.samples import sample_pdf, sample_pdf_of_size
from tests.clamd import EICAR
from tests.dossiers.documents.conftest import upload
from tests.factories import DossierFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def dossier(procedure):
    return DossierFactory(procedure=procedure)


def _url(dossier, tail=""):
    return f"/api/v1/dossiers/{dossier.code}/documents/{tail}"


def _post(client, dossier, name="don.pdf", content=None, component="1", **extra):
    return client.post(
        _url(dossier), {"component": component, "file": upload(name, content), **extra}, format="multipart"
    )


def test_counter_staff_attach_a_scan_and_get_its_hash(api_as, scanning, dossier, clerk):
    content = sample_pdf(title="Đơn đề nghị")

    answer = _post(api_as(clerk), dossier, content=content)

    assert answer.status_code == 201
    document = DossierDocument.objects.get()
    assert answer.json() == {
        "id": document.pk,
        "name": "don.pdf",
        "size": len(content),
        "sha256": hashlib.sha256(content).hexdigest(),
        "scan_status": "clean",
    }


def test_the_list_shows_each_file_with_its_check(api_as, scanning, dossier, clerk, specialist):
    _post(api_as(clerk), dossier, component="2")

    listed = api_as(specialist).get(_url(dossier))

    assert listed.status_code == 200
    (row,) = listed.json()
    assert (row["component"], row["component_name"], row["scan_status"], row["pages"]) == (
        "2",
        "Bản sao Căn cước",
        "clean",
        1,
    )


def test_a_clean_file_streams_to_staff_of_the_agency_and_each_opening_is_recorded(
    api_as, scanning, dossier, clerk, specialist
):
    content = sample_pdf(title="Đơn đề nghị", pages=3)
    document_id = _post(api_as(clerk), dossier, content=content).json()["id"]

    answer = api_as(specialist).get(_url(dossier, f"{document_id}/file"))

    assert answer.status_code == 200
    assert answer["Content-Type"] == "application/pdf"
    assert answer["X-Content-SHA256"] == hashlib.sha256(content).hexdigest()
    assert b"".join(answer.streaming_content) == content
    access = PersonalDataAccess.objects.get(user=specialist)
    assert (access.dossier_code, access.purpose, access.view_name) == (
        dossier.code,
        AccessPurpose.DOSSIER_PROCESSING,
        "api-dossier-document-file",
    )
    assert DocumentAccess.objects.get().user == specialist


def test_another_agencys_staff_get_404_for_the_list_and_the_file(api_as, scanning, dossier, clerk, other_specialist):
    document_id = _post(api_as(clerk), dossier).json()["id"]
    other = api_as(other_specialist)

    assert other.get(_url(dossier)).status_code == 404
    assert other.get(_url(dossier, f"{document_id}/file")).status_code == 404
    assert _post(other, dossier).status_code == 404
    assert not DocumentAccess.objects.exists()


def test_a_file_of_another_dossier_is_404(api_as, scanning, procedure, dossier, clerk):
    mine = _post(api_as(clerk), dossier).json()["id"]
    another = DossierFactory(procedure=procedure)

    assert api_as(clerk).get(_url(another, f"{mine}/file")).status_code == 404


def test_eicar_is_refused_and_never_served(api_as, scanning, dossier, clerk, director):
    refused = _post(api_as(clerk), dossier, content=sample_pdf(title="x") + EICAR)

    assert refused.status_code == 400
    assert "mã độc" in refused.json()["detail"]
    document = DossierDocument.objects.get()
    assert document.scan_status == ScanStatus.INFECTED
    for user in (clerk, director):
        assert api_as(user).get(_url(dossier, f"{document.pk}/file")).status_code == 404


def test_the_bare_eicar_string_is_refused_by_its_type(api_as, scanning, dossier, clerk):
    refused = _post(api_as(clerk), dossier, name="eicar.pdf", content=EICAR)

    assert refused.status_code == 400
    assert refused.json()["errors"]["file"]
    assert not DossierDocument.objects.exists()


def test_a_pdf_renamed_png_is_refused_with_a_message_on_the_file(api_as, scanning, dossier, clerk):
    refused = _post(api_as(clerk), dossier, name="scan.png")

    assert refused.status_code == 400
    assert "không khớp với nội dung" in refused.json()["errors"]["file"][0]


def test_an_unscanned_file_is_shown_to_no_staff_but_its_uploader(api_as, scanner_down, dossier, clerk, director):
    answer = _post(api_as(clerk), dossier)
    assert (answer.status_code, answer.json()["scan_status"]) == (201, "pending")
    url = _url(dossier, f"{answer.json()['id']}/file")

    assert api_as(director).get(url).status_code == 404
    assert api_as(clerk).get(url).status_code == 200


def test_a_director_may_open_but_not_attach(api_as, scanning, dossier, clerk, director):
    document_id = _post(api_as(clerk), dossier).json()["id"]

    assert api_as(director).get(_url(dossier, f"{document_id}/file")).status_code == 200
    assert _post(api_as(director), dossier).status_code == 403


def test_a_20_mb_upload_streams_through(api_as, scanning, dossier, clerk, settings):
    content = sample_pdf_of_size(size=20 * 1024 * 1024, title="Bản quét lớn")

    answer = _post(api_as(clerk), dossier, name="lon.pdf", content=content)

    assert answer.status_code == 201, answer.json()
    assert (answer.json()["size"], answer.json()["scan_status"]) == (20 * 1024 * 1024, "clean")
    document = DossierDocument.objects.get()
    assert storages["documents"].size(document.storage_name) == 20 * 1024 * 1024
    served = api_as(clerk).get(_url(dossier, f"{document.pk}/file"))
    assert hashlib.sha256(b"".join(served.streaming_content)).hexdigest() == document.sha256


def test_anonymous_callers_are_refused(api, dossier):
    assert api.get(_url(dossier)).status_code in (401, 403)


def test_the_schema_documents_the_endpoints(api_as, director):
    schema = api_as(director).get("/api/schema/", {"format": "json"}).json()

    assert "post" in schema["paths"]["/api/v1/dossiers/{code}/documents/"]
    assert "get" in schema["paths"]["/api/v1/dossiers/{code}/documents/{document_id}/file"]


def test_an_upload_over_the_limit_is_refused_with_its_size_and_only_the_limit_is_written(
    api_as, scanning, dossier, clerk, settings
):
    from django.core.files.uploadedfile import TemporaryUploadedFile

    from dossiers.documents.uploads import LimitedTemporaryFileUploadHandler

    settings.DOCUMENTS_MAX_FILE_BYTES = 1024 * 1024
    handler = LimitedTemporaryFileUploadHandler()
    handler.new_file("file", "lon.pdf", "application/pdf", 3 * 1024 * 1024)
    for start in range(0, 3 * 1024 * 1024, 64 * 1024):
        handler.receive_data_chunk(b"\0" * 64 * 1024, start)
    received = handler.file_complete(3 * 1024 * 1024)
    assert isinstance(received, TemporaryUploadedFile)
    assert received.size == 3 * 1024 * 1024
    assert os.path.getsize(received.temporary_file_path()) == 1024 * 1024 + 1

    content = sample_pdf_of_size(size=3 * 1024 * 1024, title="Quá lớn")
    refused = _post(api_as(clerk), dossier, name="lon.pdf", content=content)

    assert refused.status_code == 400
    assert refused.json()["errors"]["file"] == ["Tệp có dung lượng 3,0\xa0MB; mỗi tệp tối đa 1,0\xa0MB."]
    assert not DossierDocument.objects.exists()
