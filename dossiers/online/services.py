"""Writes of online filing: drafts, the citizen's saved documents, submission, supplements answered online.

A draft is the citizen's own until submitted: its files live in their saved documents (checked by content
as every file is, and scanned when the scanner answers), visible to nobody else. Submission makes the dossier
through `dossiers.services.dossier_submit` (status submitted, a code, the clock not yet running) and
attaches each chosen document through `dossiers.documents.services.document_upload`, which checks, stores
and scans it as a dossier file; staff see only what is scanned clean.
"""

from __future__ import annotations

import logging
from types import SimpleNamespace

from django.conf import settings
from django.core.files import File
from django.db import transaction
from django.utils.translation import gettext as _

from center import workdays
from center.errors import Conflict, InvalidInput
from center.models import CitizenAccount
from dossiers.documents import checks
from dossiers.documents.models import RESULT, DossierDocument, ScanStatus
from dossiers.documents.scanning import ScannerUnavailable, scanner
from dossiers.documents.services import ByApplicant, _stored, document_reuse, document_upload, documents_storage
from dossiers.models import Channel, Dossier
from dossiers.online.models import FilingComponent, OnlineFiling, ResultDelivery, SavedDocument
from dossiers.services import Applicant, dossier_submit
from dossiers.validators import clean_text
from dossiers.workflow import DossierStatus
from procedures.models import OnlineLevel, Procedure

log = logging.getLogger("dossiers.online")

ONLINE_LEVELS = (OnlineLevel.FULL, OnlineLevel.PARTIAL)


def procedure_files_online(procedure: Procedure) -> bool:
    """Whether the procedure may be filed online (its online level: full or partial, DOMAIN.md)."""
    return procedure.is_active and procedure.online_level in ONLINE_LEVELS


def applicant_of(citizen: CitizenAccount) -> ByApplicant:
    """`by` for the citizen's uploads to their dossiers (the account named on the file's row)."""
    return ByApplicant(reference=f"citizen:{citizen.pk}")


def _open_saved(document: SavedDocument) -> File:
    """The saved document's bytes as a file to attach (a name and a size, as document_upload wants)."""
    stored = documents_storage().open(document.storage_name, "rb")
    return File(stored, name=document.original_name)


# --- saved documents (the citizen's data store) --------------------------------------------------


def saved_document_upload(*, citizen: CitizenAccount, title: str, upload) -> SavedDocument:
    """Keep an uploaded file in the citizen's saved documents: checked by its content (type, size, pages),
    streamed to storage while hashed, and scanned at once when the scanner answers (a file with malware is
    refused and deleted). When the scanner cannot be asked it is kept: it is the citizen's alone until it
    is attached to a dossier, which scans it again before staff may open it."""
    name = clean_text(upload.name or "")[:255]
    checked = checks.file_checked(upload=upload, name=name)
    owner = SimpleNamespace(code=f"citizens/{citizen.pk}")  # the storage folder: one per citizen
    storage_name, sha256, size = _stored(owner, upload, checked.extension)
    try:
        upload.seek(0)
        result = scanner().scan(upload)
    except ScannerUnavailable:
        result = None
    if result is not None and not result.clean:
        documents_storage().delete(storage_name)
        log.warning("saved_document_refused", extra={"citizen_account_id": citizen.pk, "signature": result.signature})
        raise InvalidInput(
            _("This file contains malware (%(found)s) and was refused. Upload a clean copy.")
            % {"found": result.signature or _("unknown")}
            if not result.failed
            else _("This file could not be checked for malware and was refused. Upload another copy."),
            field="file",
        )
    return SavedDocument.objects.create(
        citizen=citizen,
        title=clean_text(title)[:500] or name,
        original_name=name,
        size=size,
        sha256=sha256,
        content_type=checked.content_type,
        storage_name=storage_name,
    )


def saved_document_keep(*, citizen: CitizenAccount, document: DossierDocument) -> SavedDocument:
    """Keep a file of the citizen's dossier (a result, or a file they filed) in their saved documents, once:
    the same bytes, not a copy, so its hash is the dossier file's."""
    if document.scan_status != ScanStatus.CLEAN:
        raise Conflict(_("This file is not yet checked for malware; keep it once it is."))
    saved, _created = SavedDocument.objects.get_or_create(
        citizen=citizen,
        source=document,
        defaults={
            "title": _("Result of dossier %(code)s") % {"code": document.dossier.code}
            if document.is_result
            else document.component_name,
            "original_name": document.original_name,
            "size": document.size,
            "sha256": document.sha256,
            "content_type": document.content_type,
            "storage_name": document.storage_name,
        },
    )
    return saved


# --- drafts ---------------------------------------------------------------------------------------


@transaction.atomic
def filing_start(*, citizen: CitizenAccount, procedure: Procedure) -> OnlineFiling:
    """The citizen's draft for this procedure (the one already begun, or a new one with their contact
    details filled in from their account)."""
    if not procedure_files_online(procedure):
        raise InvalidInput(_("This procedure cannot be filed online: file it at the center's counter."))
    draft = OnlineFiling.objects.filter(citizen=citizen, procedure=procedure, dossier__isnull=True).first()
    if draft is not None:
        return draft
    previous = OnlineFiling.objects.filter(citizen=citizen).exclude(address="").first()
    return OnlineFiling.objects.create(
        citizen=citizen,
        procedure=procedure,
        phone=citizen.phone,
        email=citizen.email,
        address=previous.address if previous else "",
    )


def _draft(filing: OnlineFiling) -> OnlineFiling:
    locked = OnlineFiling.objects.select_for_update().get(pk=filing.pk)
    if not locked.is_draft:
        raise Conflict(_("This filing was already submitted as dossier %(code)s.") % {"code": locked.dossier.code})
    return locked


@transaction.atomic
def filing_details_update(
    *, filing: OnlineFiling, phone: str, email: str, address: str, delivery: str, delivery_address: str
) -> OnlineFiling:
    filing = _draft(filing)
    if delivery not in ResultDelivery.values:
        raise InvalidInput(_("Choose how you want to receive the result."), field="delivery")
    filing.phone, filing.email = clean_text(phone)[:16], (email or "").strip()
    filing.address, filing.delivery = clean_text(address)[:500], delivery
    filing.delivery_address = clean_text(delivery_address)[:500]
    filing.save()
    return filing


def _required_document(filing: OnlineFiling, position: int):
    found = filing.procedure.documents.filter(position=position).first()
    if found is None:
        raise InvalidInput(_("This procedure has no such document."), field="position")
    return found


@transaction.atomic
def filing_component_choose(*, filing: OnlineFiling, position: int, document: SavedDocument) -> FilingComponent:
    """Use one of the citizen's saved documents for a required document of the procedure."""
    filing = _draft(filing)
    required = _required_document(filing, position)
    if document.citizen_id != filing.citizen_id:
        raise InvalidInput(_("Choose one of your saved documents."), field="document")
    # Reuse of digitised data (scorecard 4.3): a document already in the store before this filing began,
    # or kept from a dossier (an earlier filing's file or a result).
    reused = document.source_id is not None or document.created_at < filing.created_at
    component, _created = FilingComponent.objects.update_or_create(
        filing=filing, position=position, defaults={"name": required.name, "document": document, "reused": reused}
    )
    return component


def filing_component_upload(*, filing: OnlineFiling, position: int, upload) -> FilingComponent:
    """Upload a file for a required document: kept in the citizen's saved documents and chosen here."""
    if not filing.is_draft:
        raise Conflict(_("This filing was already submitted."))
    required = _required_document(filing, position)
    saved = saved_document_upload(citizen=filing.citizen, title=required.name, upload=upload)
    return filing_component_choose(filing=filing, position=position, document=saved)


def filing_problems(filing: OnlineFiling) -> list[str]:
    """What still stops the draft from being submitted, in the citizen's words (empty: ready)."""
    problems = []
    chosen = set(filing.components.values_list("position", flat=True))
    for required in filing.procedure.documents.all():
        if not required.is_optional and required.position not in chosen:
            problems.append(_("Attach: %(document)s") % {"document": required.name})
    if not filing.phone:
        problems.append(_("Give a phone number the center can call you on."))
    if filing.delivery == ResultDelivery.POST and not filing.delivery_address:
        problems.append(_("Give the postal address for the result."))
    return problems


# --- submission -----------------------------------------------------------------------------------


def filing_check_due(submitted_at):
    """When the counter must have checked a filing submitted then: ONLINE_FILING_CHECK_WORKING_DAYS working
    days later, counted as every deadline of the portal (center/workdays.py)."""
    days = settings.ONLINE_FILING_CHECK_WORKING_DAYS
    return workdays.add_working_days(submitted_at, days, workdays.load_calendar())


@transaction.atomic
def filing_submit(*, filing: OnlineFiling) -> Dossier:
    """Submit the draft: the dossier is created as submitted (with its code, and the citizen told by e-mail
    and SMS through the outbox), each chosen document attached as a dossier file and scanned.

    Where a fee is paid online (issue 14), the payment step follows this one: the caller sends the citizen
    on to it with the new dossier (see dossiers/online/views.py, `filing_next_step`)."""
    filing = _draft(filing)
    problems = filing_problems(filing)
    if problems:
        raise InvalidInput(" ".join(problems))
    citizen = filing.citizen
    applicant = Applicant(
        name=citizen.full_name,
        id_number=citizen.id_number,
        phone=filing.phone,
        email=filing.email,
        address=filing.address,
    )
    dossier = dossier_submit(procedure=filing.procedure, applicant=applicant, channel=Channel.ONLINE)
    by = applicant_of(citizen)
    for component in filing.components.select_related("document", "document__source"):
        saved = component.document
        if saved.source_id is not None and saved.source.is_clean:
            # Already digitised (an earlier filing's file, a result): a copy marked reused (scorecard 4.3).
            attached = document_reuse(dossier=dossier, component=str(component.position), source=saved.source, by=by)
        else:
            with _open_saved(saved) as upload:
                attached = document_upload(dossier=dossier, component=str(component.position), upload=upload, by=by)
            # From now on the saved document is this dossier file too: a later filing reusing it reuses it.
            SavedDocument.objects.filter(pk=saved.pk, source__isnull=True).update(source=attached)
        if attached.scan_status == ScanStatus.INFECTED:
            raise InvalidInput(
                _("“%(name)s” contains malware and was refused. Replace it and submit again.")
                % {"name": saved.original_name}
            )
    filing.dossier, filing.submitted_at = dossier, dossier.submitted_at
    filing.check_due_at = filing_check_due(dossier.submitted_at)
    filing.save(update_fields=["dossier", "submitted_at", "check_due_at", "updated_at"])
    log.info("online_filing_submitted", extra={"dossier_id": dossier.pk, "filing_id": filing.pk})
    return dossier


# --- supplements answered online -----------------------------------------------------------------


def supplement_upload(*, citizen: CitizenAccount, dossier: Dossier, position: int, upload) -> DossierDocument:
    """The citizen sends a missing document for their dossier while a supplement is asked for; staff then
    confirm the supplements (dossiers.services.dossier_supplement_received), which resumes the clock."""
    if dossier.status != DossierStatus.AWAITING_SUPPLEMENT:
        raise Conflict(_("Dossier %(code)s is not waiting for supplements.") % {"code": dossier.code})
    if str(position) == RESULT:
        raise InvalidInput(_("Choose one of the procedure's documents."), field="component")
    document = document_upload(dossier=dossier, component=str(position), upload=upload, by=applicant_of(citizen))
    if document.scan_status == ScanStatus.INFECTED:
        raise InvalidInput(
            _("This file contains malware (%(found)s) and was refused. Upload a clean copy.")
            % {"found": document.scan_signature},
            field="file",
        )
    return document
