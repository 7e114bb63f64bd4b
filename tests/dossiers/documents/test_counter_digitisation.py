"""Scans attached at the counter when a dossier is received, listed with their hashes on the receipt."""

import hashlib
import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from dossiers.documents.models import DossierDocument
from dossiers.documents.samples import sample_jpeg, sample_pdf
from dossiers.models import Dossier
from tests.dossiers.documents.conftest import upload
from tests.dossiers.test_views_receive import URL, form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def desk(client, clerk):
    client.force_login(clerk)
    return client


def test_scans_attached_at_receipt_are_on_the_dossier_and_the_receipt(desk, scanning, procedure):
    application, identity = sample_pdf(title="Đơn đề nghị", pages=2), sample_jpeg()
    data = form_data(procedure, **{"scan-1": upload("don.pdf", application), "scan-2": upload("cccd.jpg", identity)})

    receipt = desk.post(URL, data, follow=True)

    dossier = Dossier.objects.get()
    files = list(DossierDocument.objects.order_by("component"))
    assert [(f.component, f.component_name, f.scan_status) for f in files] == [
        ("1", "Đơn đề nghị", "clean"),
        ("2", "Bản sao Căn cước", "clean"),
    ]
    assert receipt.redirect_chain[-1][0] == reverse("dossier-slip", args=[dossier.code, "tiep-nhan"])
    page = receipt.content.decode()
    for content in (application, identity):
        digest = hashlib.sha256(content).hexdigest()
        assert f"{digest[:32]}<br>{digest[32:]}" in page
    assert "Bản điện tử (số hóa tại quầy)" in page


def test_the_receipt_pdf_lists_the_hashes(desk, scanning, procedure):
    desk.post(URL, form_data(procedure, **{"scan-1": upload("don.pdf")}))
    dossier = Dossier.objects.get()

    pdf = desk.get(reverse("dossier-slip-pdf", args=[dossier.code, "tiep-nhan"]))

    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    digest = DossierDocument.objects.get().sha256
    assert digest[:32] in text and digest[32:] in text


def test_a_scan_of_the_wrong_type_stops_the_receipt_with_the_reason(desk, scanning, procedure):
    response = desk.post(URL, form_data(procedure, **{"scan-1": upload("don.png", sample_pdf(title="x"))}))

    assert response.status_code == 400
    assert "Đơn đề nghị: Tên tệp (“don.png”) không khớp với nội dung" in response.content.decode()
    assert not Dossier.objects.exists() and not DossierDocument.objects.exists()


def test_a_scan_of_a_document_not_ticked_is_refused(desk, scanning, procedure):
    first = procedure.documents.get(position=1)
    data = form_data(procedure, documents=[str(first.pk)], **{"scan-2": upload("cccd.pdf")})
    procedure.documents.filter(position=2).update(is_optional=True)

    response = desk.post(URL, data)

    assert response.status_code == 400
    assert "chưa được đánh dấu là đã nhận" in response.content.decode()
    assert not Dossier.objects.exists()


def test_a_resent_receipt_does_not_attach_the_scans_twice(desk, scanning, procedure):
    data = form_data(procedure)
    content = sample_pdf(title="Đơn")
    desk.post(URL, {**data, "scan-1": upload("don.pdf", content)})
    desk.post(URL, {**data, "scan-1": upload("don.pdf", content)})

    assert Dossier.objects.count() == 1
    assert DossierDocument.objects.count() == 1
