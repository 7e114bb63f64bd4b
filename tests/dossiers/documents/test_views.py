import hashlib

import pytest
from django.urls import reverse

from center.models import PersonalDataAccess
from dossiers.documents import services
from dossiers.documents.models import DocumentAccess, DossierDocument, ScanStatus
from dossiers.documents.samples import sample_pdf
from tests.clamd import EICAR
from tests.dossiers.documents.conftest import upload
from tests.factories import DossierFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def dossier(procedure):
    return DossierFactory(procedure=procedure, in_progress=True)


def _attach(client, dossier, name="don.pdf", content=None, **fields):
    return client.post(
        reverse("dossier-document-upload", args=[dossier.code]),
        {"component": "1", "file": upload(name, content), **fields},
        follow=True,
    )


def test_counter_staff_attach_a_scan_on_the_dossier_page_and_see_its_hash(client, scanning, dossier, clerk):
    client.force_login(clerk)
    content = sample_pdf(title="Đơn đề nghị")

    page = _attach(client, dossier, content=content)

    assert page.status_code == 200
    text = page.content.decode()
    assert hashlib.sha256(content).hexdigest() in text
    assert "Đã kiểm tra, không có mã độc" in text
    document = DossierDocument.objects.get()
    assert reverse("dossier-document-file", args=[dossier.code, document.pk]) in text


def test_a_refused_file_is_explained_on_the_page(client, scanning, dossier, clerk):
    client.force_login(clerk)

    page = _attach(client, dossier, name="scan.png")

    assert "không khớp với nội dung" in page.content.decode()
    assert not DossierDocument.objects.exists()


def test_malware_is_announced_and_the_file_has_no_link(client, scanning, dossier, clerk):
    client.force_login(clerk)

    page = _attach(client, dossier, content=sample_pdf(title="x") + EICAR)

    text = page.content.decode()
    assert "có mã độc" in text
    document = DossierDocument.objects.get()
    assert reverse("dossier-document-file", args=[dossier.code, document.pk]) not in text
    assert client.get(reverse("dossier-document-file", args=[dossier.code, document.pk])).status_code == 404


def test_the_agency_attaches_its_result_and_the_applicant_downloads_it_with_the_hash(
    client, scanning, dossier, specialist
):
    client.force_login(specialist)
    content = sample_pdf(title="Giấy chứng nhận")

    page = client.post(
        reverse("dossier-document-upload", args=[dossier.code]),
        {"kind": "result", "result_number": "125/GCN-STC", "file": upload("gcn.pdf", content)},
        follow=True,
    )
    assert "125/GCN-STC" in page.content.decode()
    result = DossierDocument.objects.get(component="result")
    client.logout()

    tracking = client.get(reverse("dossier-track", args=[dossier.code]), {"secret": dossier.secret})
    text = tracking.content.decode()
    assert result.sha256 in text and "125/GCN-STC" in text
    download = client.get(reverse("dossier-track-file", args=[dossier.code, result.pk]), {"secret": dossier.secret})
    assert download.status_code == 200
    assert hashlib.sha256(b"".join(download.streaming_content)).hexdigest() == result.sha256
    access = DocumentAccess.objects.get()
    assert (access.by_applicant, access.user) == (True, None)


def test_a_wrong_secret_downloads_nothing(client, scanning, dossier, specialist):
    result = services.document_upload(
        dossier=dossier, component="result", upload=upload("kq.pdf"), by=specialist, result_number="1"
    )

    answer = client.get(reverse("dossier-track-file", args=[dossier.code, result.pk]), {"secret": "WRONGSEC"})

    assert answer.status_code == 404
    assert not DocumentAccess.objects.exists()


def test_the_applicant_is_told_a_file_is_being_checked(client, scanner_down, procedure):
    dossier = DossierFactory(procedure=procedure, status="awaiting_supplement")
    services.document_upload(dossier=dossier, component="2", upload=upload("bs.pdf"), by=services.APPLICANT)

    page = client.get(reverse("dossier-track", args=[dossier.code]), {"secret": dossier.secret})

    assert "đang kiểm tra mã độc" in page.content.decode()


def test_the_tracking_page_shows_a_result_once_it_is_scanned(
    client, settings, scanner_down, clamd, dossier, specialist
):
    result = services.document_upload(
        dossier=dossier, component="result", upload=upload("kq.pdf"), by=specialist, result_number="7/GP"
    )
    url = reverse("dossier-track", args=[dossier.code])
    assert "7/GP" not in client.get(url, {"secret": dossier.secret}).content.decode()  # kept ready now

    settings.CLAMD_SOCKET = clamd.socket
    assert services.document_scan(document=result).scan_status == ScanStatus.CLEAN

    assert "7/GP" in client.get(url, {"secret": dossier.secret}).content.decode()


def test_staff_of_another_agency_get_404_on_the_file_page(client, scanning, dossier, clerk, other_specialist):
    document = services.document_upload(dossier=dossier, component="1", upload=upload("don.pdf"), by=clerk)
    client.force_login(other_specialist)

    assert client.get(reverse("dossier-document-file", args=[dossier.code, document.pk])).status_code == 404
    assert client.post(reverse("dossier-document-upload", args=[dossier.code]), {}).status_code == 404
    assert not PersonalDataAccess.objects.filter(user=other_specialist).exists()


def test_opening_a_file_from_the_page_is_in_the_access_log(client, scanning, dossier, clerk, director):
    document = services.document_upload(dossier=dossier, component="1", upload=upload("don.pdf"), by=clerk)
    client.force_login(director)

    answer = client.get(reverse("dossier-document-file", args=[dossier.code, document.pk]))

    assert answer.status_code == 200 and answer["Content-Type"] == "application/pdf"
    assert PersonalDataAccess.objects.filter(
        user=director, dossier_code=dossier.code, view_name="dossier-document-file", purpose="supervision"
    ).exists()
    assert DocumentAccess.objects.get().user == director
