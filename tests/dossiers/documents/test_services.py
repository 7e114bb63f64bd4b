import hashlib

import pytest
from django.core.files.storage import storages

from center.errors import InvalidInput, NotAllowed
from dossiers.documents import services
from dossiers.documents.models import DossierDocument, ScanStatus, Uploader
from dossiers.documents.samples import sample_jpeg, sample_pdf, sample_png
from dossiers.documents.tasks import document_scan_sweep_task
from dossiers.workflow import DossierStatus
from tests.clamd import EICAR
from tests.dossiers.documents.conftest import upload
from tests.factories import DossierFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def dossier(procedure):
    return DossierFactory(procedure=procedure)


def test_a_scanned_pdf_is_stored_with_its_hash_and_checked_clean(scanning, dossier, clerk):
    content = sample_pdf(title="Đơn đề nghị", pages=2)

    document = services.document_upload(dossier=dossier, component="1", upload=upload("don.pdf", content), by=clerk)

    assert document.scan_status == ScanStatus.CLEAN
    assert document.sha256 == hashlib.sha256(content).hexdigest()
    assert (document.size, document.pages, document.content_type) == (len(content), 2, "application/pdf")
    assert (document.component, document.component_name) == ("1", "Đơn đề nghị")
    assert (document.uploader, document.uploaded_by) == (Uploader.STAFF, clerk)
    assert document.storage_name.endswith(".pdf") and "don" not in document.storage_name
    with storages["documents"].open(document.storage_name, "rb") as stored:
        assert stored.read() == content


@pytest.mark.parametrize(
    ("name", "content", "kind"),
    [
        ("anh.jpg", sample_jpeg(), "image/jpeg"),
        ("anh.JPEG", sample_jpeg(), "image/jpeg"),
        ("anh.png", sample_png(), "image/png"),
    ],
)
def test_images_are_accepted_by_their_content(scanning, dossier, clerk, name, content, kind):
    document = services.document_upload(dossier=dossier, component="2", upload=upload(name, content), by=clerk)

    assert (document.content_type, document.pages, document.scan_status) == (kind, None, ScanStatus.CLEAN)


def test_a_pdf_renamed_png_is_refused_and_nothing_is_stored(scanning, dossier, clerk, tmp_path):
    with pytest.raises(InvalidInput) as refused:
        services.document_upload(
            dossier=dossier, component="1", upload=upload("scan.png", content_type="image/png"), by=clerk
        )

    assert "không khớp với nội dung" in str(refused.value.message)
    assert not DossierDocument.objects.exists()
    assert not (tmp_path / "documents").exists() or not any((tmp_path / "documents").rglob("*.*"))


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b"MZ\x90\x00" + b"\x00" * 200, "không được chấp nhận"),  # a Windows program
        (b"just some text", "không được chấp nhận"),
        (b"", "trống"),
        (b"%PDF-1.7\n garbage that is no PDF at all", "bị hỏng"),
        (b"%PDF-1.7\n garbage that is no PDF at all\n%%EOF\n", "bị hỏng"),
        (sample_pdf(title="A") + b"\0" * 5000, "bị hỏng"),  # its end marker buried under padding
    ],
)
def test_files_that_are_not_a_readable_pdf_jpeg_or_png_are_refused(scanning, dossier, clerk, content, words):
    with pytest.raises(InvalidInput) as refused:
        services.document_upload(dossier=dossier, component="1", upload=upload("don.pdf", content), by=clerk)

    assert words in str(refused.value.message)
    assert not DossierDocument.objects.exists()


def test_a_file_over_the_size_limit_is_refused(settings, scanning, dossier, clerk):
    settings.DOCUMENTS_MAX_FILE_BYTES = 1000

    with pytest.raises(InvalidInput) as refused:
        services.document_upload(dossier=dossier, component="1", upload=upload("don.pdf"), by=clerk)

    assert "tối đa" in str(refused.value.message)


def test_the_dossier_total_is_limited(settings, scanning, dossier, clerk):
    content = sample_pdf(title="A")
    settings.DOCUMENTS_MAX_DOSSIER_BYTES = len(content) * 2 + 10
    services.document_upload(dossier=dossier, component="1", upload=upload("a.pdf", content), by=clerk)
    services.document_upload(dossier=dossier, component="2", upload=upload("b.pdf", content), by=clerk)

    with pytest.raises(InvalidInput) as refused:
        services.document_upload(dossier=dossier, component="2", upload=upload("c.pdf", content), by=clerk)

    assert "hồ sơ" in str(refused.value.message)
    assert DossierDocument.objects.count() == 2


def test_a_pdf_over_the_page_limit_is_refused(settings, scanning, dossier, clerk):
    settings.DOCUMENTS_MAX_PDF_PAGES = 3

    with pytest.raises(InvalidInput) as refused:
        services.document_upload(
            dossier=dossier, component="1", upload=upload("don.pdf", sample_pdf(title="A", pages=4)), by=clerk
        )

    assert "4 trang" in str(refused.value.message)


def test_a_file_carrying_the_eicar_test_virus_is_quarantined(scanning, dossier, clerk):
    content = sample_pdf(title="Đơn") + EICAR  # bytes after %%EOF: still a PDF to every reader

    document = services.document_upload(dossier=dossier, component="1", upload=upload("don.pdf", content), by=clerk)

    assert document.scan_status == ScanStatus.INFECTED
    assert document.scan_signature.startswith("Eicar-Test-Signature")
    assert document.sha256 == hashlib.sha256(content).hexdigest()  # the record stays, for the audit
    assert not storages["documents"].exists(document.storage_name)  # the bytes are gone


def test_with_clamd_down_a_file_waits_pending_and_the_sweep_scans_it_once_clamd_is_back(
    settings, scanner_down, clamd, dossier, clerk, django_capture_on_commit_callbacks
):
    document = services.document_upload(dossier=dossier, component="1", upload=upload("don.pdf"), by=clerk)
    assert (document.scan_status, document.scan_attempts) == (ScanStatus.PENDING, 1)
    first_wait = document.next_scan_at - document.uploaded_at

    document_scan_sweep_task()  # not due yet: nothing asked
    document.refresh_from_db()
    assert document.scan_attempts == 1

    DossierDocument.objects.filter(pk=document.pk).update(next_scan_at=document.uploaded_at)
    document_scan_sweep_task()  # due, clamd still down: the wait doubles
    document.refresh_from_db()
    assert (document.scan_status, document.scan_attempts) == (ScanStatus.PENDING, 2)
    assert document.next_scan_at - document.uploaded_at > first_wait

    settings.CLAMD_SOCKET = clamd.socket
    DossierDocument.objects.filter(pk=document.pk).update(next_scan_at=document.uploaded_at)
    assert document_scan_sweep_task() == {"handed_out": 1}
    document.refresh_from_db()
    assert (document.scan_status, document.next_scan_at) == (ScanStatus.CLEAN, None)
    assert document_scan_sweep_task() == {"handed_out": 0}


def test_scanning_again_a_judged_file_changes_nothing(scanning, dossier, clerk):
    document = services.document_upload(dossier=dossier, component="1", upload=upload("don.pdf"), by=clerk)

    again = services.document_scan(document=document)

    assert (again.scan_status, again.scan_attempts, again.scanned_at) == (
        ScanStatus.CLEAN,
        1,
        document.scanned_at,
    )


def test_the_result_needs_its_number_and_a_pdf_from_the_agency_holding_the_dossier(
    scanning, procedure, specialist, other_specialist
):
    dossier = DossierFactory(procedure=procedure, in_progress=True)
    with pytest.raises(InvalidInput):
        services.document_upload(dossier=dossier, component="result", upload=upload("kq.pdf"), by=specialist)
    with pytest.raises(InvalidInput):
        services.document_upload(
            dossier=dossier, component="result", upload=upload("kq.png", sample_png()), by=specialist, result_number="1"
        )
    with pytest.raises(NotAllowed):
        services.document_upload(
            dossier=dossier, component="result", upload=upload("kq.pdf"), by=other_specialist, result_number="1"
        )

    document = services.document_upload(
        dossier=dossier, component="result", upload=upload("kq.pdf"), by=specialist, result_number="123/GCN"
    )

    assert (document.is_result, document.result_number, document.scan_status) == (True, "123/GCN", ScanStatus.CLEAN)


def test_an_unknown_component_is_refused(scanning, dossier, clerk):
    with pytest.raises(InvalidInput) as refused:
        services.document_upload(dossier=dossier, component="9", upload=upload("don.pdf"), by=clerk)

    assert refused.value.field == "component"


def test_the_applicant_uploads_only_while_the_filing_is_checked_or_a_supplement_is_asked(scanning, procedure):
    dossier = DossierFactory(procedure=procedure, status=DossierStatus.AWAITING_SUPPLEMENT)
    document = services.document_upload(
        dossier=dossier, component="2", upload=upload("bs.pdf"), by=services.ByApplicant(reference="citizen-7")
    )
    assert (document.uploader, document.uploaded_by, document.uploader_reference) == (
        Uploader.APPLICANT,
        None,
        "citizen-7",
    )

    dossier.status = DossierStatus.IN_PROGRESS
    dossier.save()
    with pytest.raises(NotAllowed):
        services.document_upload(dossier=dossier, component="2", upload=upload("bs.pdf"), by=services.APPLICANT)
    with pytest.raises(NotAllowed):
        services.document_upload(
            dossier=dossier, component="result", upload=upload("kq.pdf"), by=services.APPLICANT, result_number="1"
        )


def test_a_digitised_file_is_reused_as_a_copy_and_marked_so(scanning, procedure, clerk):
    earlier = DossierFactory(procedure=procedure)
    source = services.document_upload(dossier=earlier, component="2", upload=upload("cccd.pdf"), by=clerk)
    dossier = DossierFactory(procedure=procedure, status=DossierStatus.SUBMITTED)

    copy = services.document_reuse(dossier=dossier, component="2", source=source, by=services.APPLICANT)

    assert (copy.reused_from, copy.sha256, copy.scan_status) == (source, source.sha256, ScanStatus.CLEAN)
    assert copy.storage_name != source.storage_name
    with storages["documents"].open(copy.storage_name, "rb") as stored:
        assert hashlib.sha256(stored.read()).hexdigest() == source.sha256


def test_a_file_not_checked_clean_cannot_be_reused(scanner_down, procedure, clerk):
    source = services.document_upload(
        dossier=DossierFactory(procedure=procedure), component="1", upload=upload("don.pdf"), by=clerk
    )

    with pytest.raises(InvalidInput):
        services.document_reuse(dossier=source.dossier, component="1", source=source, by=clerk)
