"""After submission: a supplement answered online, an electronic result downloaded and reused later, and the
scorecard's online and reuse figures computed from these facts."""

import hashlib

import pytest
from django.urls import reverse
from django.utils import timezone
from freezegun import freeze_time

from dossiers.documents.models import DossierDocument, Uploader
from dossiers.documents.services import document_upload
from dossiers.online.models import SavedDocument
from dossiers.online.services import (
    filing_component_choose,
    filing_component_upload,
    filing_start,
    filing_submit,
    saved_document_keep,
)
from dossiers.services import (
    Applicant,
    dossier_accept,
    dossier_receive,
    dossier_request_supplement,
    dossier_resolve,
    dossier_supplement_received,
    dossier_transfer,
)
from dossiers.workflow import DossierStatus
from monitoring.periods import Period
from monitoring.scorecard.facts import load_facts
from tests.dossiers.online.conftest import CITIZEN_BACKEND, pdf
from tests.dossiers.online.helpers import submitted_online
from tests.factories import CitizenAccountFactory, ProcedureFactory

pytestmark = pytest.mark.django_db


def _in_progress(dossier, clerk):
    dossier = dossier_accept(dossier=dossier, by=clerk)
    return dossier_transfer(dossier=dossier, by=clerk)


def _resolved_with_result(dossier, specialist):
    result = document_upload(
        dossier=dossier, component="result", upload=pdf("ketqua.pdf"), by=specialist, result_number="123/GCN"
    )
    assert result.is_clean
    return dossier_resolve(dossier=dossier, by=specialist), result


def test_a_supplement_is_asked_online_answered_online_and_the_clock_resumes_when_staff_confirm(
    citizen_client, citizen, procedure, clerk, specialist
):
    with freeze_time("2026-12-01 09:00:00+07:00"):
        dossier = _in_progress(submitted_online(citizen, procedure), clerk)
        due = dossier.due_at
        dossier = dossier_request_supplement(dossier=dossier, by=specialist, missing=["Bản sao Căn cước có chứng thực"])
    with freeze_time("2026-12-02 10:00:00+07:00"):
        page = citizen_client.get(reverse("citizen-dossier", args=[dossier.code])).content.decode()
        assert "Bản sao Căn cước có chứng thực" in page and 'id="supplement"' in page
        answer = citizen_client.post(
            reverse("citizen-supplement", args=[dossier.code]), {"position": 2, "file": pdf("cccd-chung-thuc.pdf")}
        )
        assert answer.status_code == 302
        sent = DossierDocument.objects.filter(dossier=dossier, uploader=Uploader.APPLICANT).latest("uploaded_at")
        assert sent.original_name == "cccd-chung-thuc.pdf" and sent.is_clean
        dossier.refresh_from_db()
        assert dossier.status == DossierStatus.AWAITING_SUPPLEMENT  # until staff confirm

        dossier = dossier_supplement_received(dossier=dossier, by=clerk)

    assert dossier.status == DossierStatus.IN_PROGRESS
    # The pause's 25 working hours added back: due Friday 04/12 09:00, now Monday 07/12 10:00 (weekend skipped).
    assert timezone.localtime(due).strftime("%d/%m/%Y %H:%M") == "04/12/2026 09:00"
    assert timezone.localtime(dossier.due_at).strftime("%d/%m/%Y %H:%M") == "07/12/2026 10:00"


def test_no_supplement_can_be_sent_when_none_is_asked(citizen_client, citizen, procedure, clerk):
    dossier = _in_progress(submitted_online(citizen, procedure), clerk)

    before = DossierDocument.objects.filter(dossier=dossier).count()

    answer = citizen_client.post(
        reverse("citizen-supplement", args=[dossier.code]), {"position": 1, "file": pdf()}, follow=True
    )

    assert DossierDocument.objects.filter(dossier=dossier).count() == before
    assert dossier.code in answer.content.decode() and 'id="supplement"' not in answer.content.decode()


def test_the_citizen_downloads_the_electronic_result_with_its_hash_and_keeps_it_to_reuse(
    citizen_client, citizen, procedure, clerk, specialist
):
    dossier = _in_progress(submitted_online(citizen, procedure), clerk)
    dossier, result = _resolved_with_result(dossier, specialist)

    page = citizen_client.get(reverse("citizen-dossier", args=[dossier.code])).content.decode()
    assert result.sha256 in page and "123/GCN" in page
    download = citizen_client.get(
        reverse("dossier-track-file", args=[dossier.code, result.pk]), {"secret": dossier.secret}
    )
    assert download.status_code == 200
    assert hashlib.sha256(b"".join(download.streaming_content)).hexdigest() == result.sha256

    citizen_client.post(reverse("citizen-document-keep", args=[dossier.code, result.pk]))
    citizen_client.post(reverse("citizen-document-keep", args=[dossier.code, result.pk]))  # kept once
    kept = SavedDocument.objects.get(source=result)
    assert kept.sha256 == result.sha256

    later = ProcedureFactory(agency=procedure.agency, documents=["Tờ khai", "Giấy chứng nhận đã được cấp"])
    filing = filing_start(citizen=citizen, procedure=later)
    filing_component_upload(filing=filing, position=1, upload=pdf("tokhai.pdf"))
    assert filing_component_choose(filing=filing, position=2, document=kept).reused
    reused = DossierDocument.objects.get(dossier=filing_submit(filing=filing), component="2")
    assert reused.reused_from_id == result.pk and reused.sha256 == result.sha256


def test_another_citizen_can_neither_see_nor_keep_the_result(client, citizen, procedure, clerk, specialist):
    dossier = _in_progress(submitted_online(citizen, procedure), clerk)
    dossier, result = _resolved_with_result(dossier, specialist)
    stranger = CitizenAccountFactory(id_number="045085004321", subject="stranger")
    client.force_login(stranger.user, backend=CITIZEN_BACKEND)

    assert client.get(reverse("citizen-dossier", args=[dossier.code])).status_code == 404
    assert client.post(reverse("citizen-document-keep", args=[dossier.code, result.pk])).status_code == 404
    assert not SavedDocument.objects.filter(citizen=stranger).exists()


def test_the_scorecard_counts_online_filings_reuse_and_verified_identities(citizen, procedure, clerk, specialist):
    online = _in_progress(submitted_online(citizen, procedure), clerk)
    online, result = _resolved_with_result(online, specialist)
    kept = saved_document_keep(citizen=citizen, document=result)
    later = ProcedureFactory(agency=procedure.agency, documents=["Giấy chứng nhận đã được cấp"])
    filing = filing_start(citizen=citizen, procedure=later)
    filing_component_choose(filing=filing, position=1, document=kept)
    reusing = dossier_accept(dossier=filing_submit(filing=filing), by=clerk)
    at_counter = dossier_receive(
        procedure=procedure,
        applicant=Applicant(name="Trần Văn Minh", id_number="045085004321", phone="0987654321"),
        by=clerk,
    )
    paper = _in_progress(submitted_online(citizen, procedure), clerk)
    dossier_resolve(dossier=paper, by=specialist)  # resolved online, but no electronic result
    today = timezone.localdate()
    facts = load_facts(Period(kind="day", first=today, last=today))

    assert set(facts.ids("received")) == {online.pk, reusing.pk, at_counter.pk, paper.pk}
    assert set(facts.ids("online_with_result")) == {online.pk}  # the paper one and the one still open: not yet
    assert set(facts.ids("reused")) == {reusing.pk}
    assert set(facts.ids("identity_verified")) == {online.pk, reusing.pk, paper.pk}
