"""Online filing by a signed-in citizen: draft, documents (uploaded or reused), review, submission."""

import hashlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from center.errors import InvalidInput
from dossiers.documents.models import DossierDocument, ScanStatus
from dossiers.documents.samples import sample_pdf
from dossiers.models import Channel, Dossier
from dossiers.online.models import OnlineFiling, SavedDocument
from dossiers.online.services import filing_component_choose, filing_component_upload, filing_start, filing_submit
from dossiers.workflow import DossierStatus
from monitoring.models import OutboxMessage
from tests.clamd import EICAR
from tests.dossiers.online.conftest import pdf
from tests.factories import CitizenAccountFactory, ProcedureFactory

pytestmark = pytest.mark.django_db


def _fill(client, filing, *files):
    for position, upload in enumerate(files, start=1):
        answer = client.post(
            reverse("filing-edit", args=[filing.pk]), {"step": "upload", "position": position, "file": upload}
        )
        assert answer.status_code == 302, answer.content.decode()[:2000]
    return client.post(
        reverse("filing-edit", args=[filing.pk]),
        {
            "step": "details",
            "phone": "0912345678",
            "email": "hoa@example.vn",
            "address": "Đông Hà",
            "delivery": "electronic",
        },
    )


def test_a_procedure_filed_online_shows_the_button_and_one_that_is_not_does_not(client, procedure):
    offline = ProcedureFactory(online_level="none")

    assert 'id="file-online"' in client.get(reverse("procedure-detail", args=[procedure.code])).content.decode()
    assert 'id="file-online"' not in client.get(reverse("procedure-detail", args=[offline.code])).content.decode()


def test_filing_online_needs_a_signed_in_citizen(client, procedure):
    answer = client.get(reverse("filing-start", args=[procedure.code]))

    assert answer.status_code == 302 and answer["Location"].startswith(reverse("citizen-sign-in"))
    assert not OnlineFiling.objects.exists()


def test_the_form_is_prefilled_from_the_identity_and_the_draft_is_resumed(citizen_client, citizen, procedure):
    first = citizen_client.get(reverse("filing-start", args=[procedure.code]))
    again = citizen_client.get(reverse("filing-start", args=[procedure.code]))

    assert first["Location"] == again["Location"]
    filing = OnlineFiling.objects.get()
    page = citizen_client.get(first["Location"]).content.decode()
    assert citizen.full_name in page and citizen.id_number in page and filing.phone == citizen.phone


def test_submission_makes_a_submitted_online_dossier_with_its_files_and_tells_the_citizen(
    citizen_client, citizen, procedure
):
    citizen_client.get(reverse("filing-start", args=[procedure.code]))
    filing = OnlineFiling.objects.get()
    application, card = pdf("don.pdf"), pdf("cccd.pdf", title="Căn cước")
    _fill(citizen_client, filing, application, card)

    answer = citizen_client.post(reverse("filing-review", args=[filing.pk]))

    dossier = Dossier.objects.get()
    assert answer["Location"] == reverse("filing-receipt", args=[dossier.code])
    assert (dossier.status, dossier.channel) == (DossierStatus.SUBMITTED, Channel.ONLINE)
    assert dossier.received_at is None and dossier.due_at is None  # the clock starts at receipt
    assert (dossier.applicant_name, dossier.applicant_id_number) == (citizen.full_name, citizen.id_number)
    files = list(DossierDocument.objects.filter(dossier=dossier).order_by("component"))
    assert [f.component for f in files] == ["1", "2"]
    assert all(f.scan_status == ScanStatus.CLEAN for f in files)
    application.seek(0)
    assert files[0].sha256 == hashlib.sha256(application.read()).hexdigest()
    receipt = citizen_client.get(answer["Location"]).content.decode()
    assert dossier.code in receipt and files[0].sha256 in receipt
    assert OutboxMessage.objects.filter(dossier=dossier, template="submitted").count() == 2  # e-mail and SMS


def test_a_filing_with_a_required_document_missing_is_not_submitted(citizen_client, procedure):
    citizen_client.get(reverse("filing-start", args=[procedure.code]))
    filing = OnlineFiling.objects.get()
    _fill(citizen_client, filing, pdf())

    answer = citizen_client.post(reverse("filing-review", args=[filing.pk]))

    assert answer.status_code == 400 and "Bản sao Căn cước" in answer.content.decode()
    assert not Dossier.objects.exists()


def test_eicar_is_refused_and_nothing_is_kept(citizen, procedure):
    filing = filing_start(citizen=citizen, procedure=procedure)
    infected = SimpleUploadedFile("don.pdf", sample_pdf(title="x") + EICAR, content_type="application/pdf")

    with pytest.raises(InvalidInput):
        filing_component_upload(filing=filing, position=1, upload=infected)
    assert not SavedDocument.objects.exists() and not filing.components.exists()


def test_a_pdf_renamed_png_is_refused_with_a_message(citizen_client, procedure):
    citizen_client.get(reverse("filing-start", args=[procedure.code]))
    filing = OnlineFiling.objects.get()

    answer = citizen_client.post(
        reverse("filing-edit", args=[filing.pk]), {"step": "upload", "position": 1, "file": pdf("anh.png")}, follow=True
    )

    assert "“anh.png”" in answer.content.decode()  # the message names the file and what it really is
    assert not SavedDocument.objects.exists()


def test_a_saved_document_is_reused_in_a_later_filing_and_counted_as_reuse(citizen, procedure):
    first = filing_start(citizen=citizen, procedure=procedure)
    filing_component_upload(filing=first, position=1, upload=pdf())
    filing_component_upload(filing=first, position=2, upload=pdf("cccd.pdf"))
    first.refresh_from_db()
    first_dossier = filing_submit(filing=first)
    card = SavedDocument.objects.get(title="Bản sao Căn cước")
    later = ProcedureFactory(agency=procedure.agency, documents=["Tờ khai", "Bản sao Căn cước"])
    filing = filing_start(citizen=citizen, procedure=later)
    filing_component_upload(filing=filing, position=1, upload=pdf("tokhai.pdf"))
    component = filing_component_choose(filing=filing, position=2, document=card)
    dossier = filing_submit(filing=filing)

    assert component.reused
    reused = DossierDocument.objects.get(dossier=dossier, component="2")
    assert reused.reused_from == DossierDocument.objects.get(dossier=first_dossier, component="2")
    assert reused.sha256 == card.sha256


def test_another_citizens_draft_and_dossier_are_not_found(citizen_client, procedure):
    other = CitizenAccountFactory(id_number="045085004321", subject="other")
    draft = filing_start(citizen=other, procedure=procedure)

    assert citizen_client.get(reverse("filing-edit", args=[draft.pk])).status_code == 404
    assert citizen_client.get(reverse("filing-review", args=[draft.pk])).status_code == 404
