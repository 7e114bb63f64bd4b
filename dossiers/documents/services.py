"""Writes of dossiers' files: attach (check, store, scan), scan again, record an opening.

A file is checked by its content (checks.py), streamed to the "documents" storage (the filesystem under
var/ or an S3-compatible store: one setting apart) and scanned for malware (scanning.py) before anyone but
its uploader may open it (selectors.py). When the scanner cannot be asked, the file waits as pending and
`document_scan_due` asks again with a doubling backoff (tasks.py): nothing unscanned is shown to staff.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.core.files import File
from django.core.files.storage import storages
from django.db import transaction
from django.db.models import Q, Sum
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _

from center.errors import InvalidInput, NotAllowed
from center.privacy import request_ip
from dossiers.documents import checks
from dossiers.documents.models import RESULT, DocumentAccess, DossierDocument, ScanStatus, Uploader
from dossiers.documents.scanning import ScannerUnavailable, scanner
from dossiers.permissions import can_act, can_see
from dossiers.public_answers import public_answers_forget
from dossiers.validators import clean_text
from dossiers.workflow import OPEN, DossierStatus

log = logging.getLogger("dossiers.documents")


@dataclass(frozen=True)
class ByApplicant:
    """`by` for a file the applicant uploads (online filing, supplement): not a staff user. `reference`
    names the citizen's account, if any, on the row."""

    reference: str = ""


APPLICANT = ByApplicant()

# The applicant adds files while the filing is being checked and when a supplement is asked for.
APPLICANT_MAY_UPLOAD = frozenset({DossierStatus.SUBMITTED, DossierStatus.AWAITING_SUPPLEMENT})
# An agency attaches its result while it works on the dossier, or once it is ready (before it is returned).
RESULT_MAY_UPLOAD = frozenset({DossierStatus.IN_PROGRESS, DossierStatus.RESULT_READY})


def documents_storage():
    return storages["documents"]


def _component_name(dossier, component: str) -> tuple[str, str]:
    """The component as stored ("1", "2", ... or "result") and its name; InvalidInput when the procedure
    has no such document."""
    component = str(component).strip().lower()
    if component == RESULT:
        return RESULT, _("Result")
    if component.isdigit():
        found = dossier.procedure.documents.filter(position=int(component)).first()
        if found is not None:
            return str(found.position), found.name
    raise InvalidInput(
        _("Choose one of the procedure's documents (its number in the list) or “result”."), field="component"
    )


def may_upload(by, dossier, component: str) -> bool:
    """Whether `by` may attach a file to this component ("result" or a position) of the dossier now: the
    applicant while the filing is checked or a supplement is asked for; the agency holding the dossier its
    result while it works on it; staff who receive dossiers or record supplements any component while the
    dossier is open, if they may see it."""
    if isinstance(by, ByApplicant):
        return component != RESULT and dossier.status in APPLICANT_MAY_UPLOAD
    if not by.is_authenticated:
        return False
    if component == RESULT:
        return dossier.status in RESULT_MAY_UPLOAD and can_act(by, dossier, "resolve")
    return (
        dossier.status in OPEN
        and any(by.has_perm(p) for p in ("dossiers.receive_dossier", "dossiers.record_supplement"))
        and can_see(by, dossier)
    )


def _ensure_may_upload(by, dossier, component: str) -> None:
    if not may_upload(by, dossier, component):
        raise NotAllowed(_("You may not attach files to dossier %(code)s now.") % {"code": dossier.code})


def _dossier_total_checked(dossier, size: int) -> None:
    """Refused when this file would take the dossier's files past DOCUMENTS_MAX_DOSSIER_BYTES (a refused
    file, deleted, does not count)."""
    used = (
        DossierDocument.objects.filter(dossier=dossier)
        .exclude(scan_status=ScanStatus.INFECTED)
        .aggregate(total=Sum("size"))["total"]
        or 0
    )
    limit = settings.DOCUMENTS_MAX_DOSSIER_BYTES
    if used + size > limit:
        raise InvalidInput(
            _(
                "The dossier's files would come to %(total)s; a dossier may have at most %(limit)s of files "
                "(%(used)s already attached)."
            )
            % {
                "total": filesizeformat(used + size),
                "limit": filesizeformat(limit),
                "used": filesizeformat(used),
            },
            field="file",
        )


class _HashingFile(File):
    """The upload as storage reads it: hashed chunk by chunk on the way (storages that write through
    chunks(), like the filesystem's). Others (S3's upload_fileobj) read it their own way, and the hash is
    then taken in a pass of its own (`_digest`)."""

    sha = None
    read_size = 0

    def chunks(self, chunk_size=None):
        self.sha, self.read_size = hashlib.sha256(), 0
        for chunk in super().chunks(chunk_size):
            self.sha.update(chunk)
            self.read_size += len(chunk)
            yield chunk


def _digest(stream) -> tuple[str, int]:
    stream.seek(0)
    sha, size = hashlib.sha256(), 0
    while chunk := stream.read(File.DEFAULT_CHUNK_SIZE):
        sha.update(chunk)
        size += len(chunk)
    stream.seek(0)
    return sha.hexdigest(), size


def upload_sha256(upload) -> str:
    """The SHA-256 of a file not yet stored (read in chunks, left at its start)."""
    return _digest(upload)[0]


def _stored(dossier, upload, extension: str) -> tuple[str, str, int]:
    """Store the upload under a name of our own (the dossier's code, a random id, the detected type's
    extension); answer that name, the SHA-256 and the size of what was stored."""
    wrapped = _HashingFile(upload, name=upload.name)
    name = documents_storage().save(f"{dossier.code}/{uuid.uuid4().hex}.{extension}", wrapped)
    if wrapped.sha is not None and wrapped.read_size == upload.size:
        return name, wrapped.sha.hexdigest(), wrapped.read_size
    sha, size = _digest(upload)
    return name, sha, size


@transaction.atomic
def _row_create(*, dossier, size: int, **fields) -> DossierDocument:
    from dossiers.models import Dossier

    locked = Dossier.objects.select_for_update().get(pk=dossier.pk)  # one upload at a time counts the total
    _dossier_total_checked(locked, size)
    return DossierDocument.objects.create(dossier=locked, size=size, **fields)


def document_upload(*, dossier, component: str, upload, by, result_number: str = "") -> DossierDocument:
    """Attach `upload` (a Django UploadedFile, or any File with a name and size) to the dossier's component
    (a position of the procedure's documents, or "result"), uploaded by `by` (a staff user, or APPLICANT /
    a ByApplicant). The file is checked, stored and scanned at once when the scanner answers; otherwise it
    waits as pending. A file with malware is kept as a record (name, hash, what was found) but its content
    is deleted: its status says "infected", and the caller tells the uploader it was refused.
    Raises InvalidInput (what is wrong, in the user's language) or NotAllowed; nothing is stored then."""
    component, component_name = _component_name(dossier, component)
    _ensure_may_upload(by, dossier, component)
    result_number = clean_text(result_number or "")
    if component == RESULT and not result_number:
        raise InvalidInput(
            _("Give the result's number (the number the agency issued it under)."), field="result_number"
        )
    if component != RESULT and result_number:
        raise InvalidInput(_("Only a result has a result number."), field="result_number")
    original_name = clean_text(upload.name or "")[:255]
    checks.size_checked(upload.size)
    _dossier_total_checked(dossier, upload.size)  # before storing; checked again under the lock after
    allowed = (checks.PDF,) if component == RESULT else tuple(checks.EXTENSIONS)
    checked = checks.file_checked(upload=upload, name=original_name, allowed=allowed)
    storage_name, sha256, size = _stored(dossier, upload, checked.extension)
    staff = not isinstance(by, ByApplicant)
    try:
        document = _row_create(
            dossier=dossier,
            size=size,
            component=component,
            component_name=component_name[:500],
            original_name=original_name,
            sha256=sha256,
            content_type=checked.content_type,
            pages=checked.pages,
            storage_name=storage_name,
            uploader=Uploader.STAFF if staff else Uploader.APPLICANT,
            uploaded_by=by if staff else None,
            uploader_reference="" if staff else by.reference[:100],
            result_number=result_number[:64],
        )
    except Exception:
        documents_storage().delete(storage_name)
        raise
    public_answers_forget(document.dossier)  # the tracking page lists the applicant's files
    log.info(
        "document_uploaded",
        extra={"document_id": document.pk, "dossier_id": dossier.pk, "size": size, "type": checked.content_type},
    )
    upload.seek(0)
    return document_scan(document=document, stream=upload)


def document_reuse(*, dossier, component: str, source: DossierDocument, by) -> DossierDocument:
    """Attach to the dossier's component a copy of a file already digitised (`source`: a citizen's saved
    document, an earlier result), marked as reused (scorecard 4.3). Only a file scanned clean can be reused;
    the copy is scanned again (signatures change) like any upload. The caller checks that `by` may use
    `source` (e.g. it is the same citizen's)."""
    if source.scan_status != ScanStatus.CLEAN:
        raise InvalidInput(_("Only a file checked for malware can be reused."), field="file")
    with documents_storage().open(source.storage_name, "rb") as stored:
        copy = File(stored, name=source.original_name)
        copy.size = source.size
        document = document_upload(dossier=dossier, component=component, upload=copy, by=by)
    DossierDocument.objects.filter(pk=document.pk).update(reused_from=source)
    document.reused_from = source
    return document


def _backoff(attempts: int) -> dt.timedelta:
    seconds = settings.DOCUMENTS_SCAN_RETRY_BASE_SECONDS * 2 ** max(attempts - 1, 0)
    return dt.timedelta(seconds=min(seconds, settings.DOCUMENTS_SCAN_RETRY_MAX_SECONDS))


def document_scan(*, document: DossierDocument, stream=None) -> DossierDocument:
    """Scan a pending file (from `stream`, else from storage) and record the verdict; safe to run twice: a
    file already judged is left as it is, and of two scans at once only the first verdict is written.
    Clean: others may open it. Malware: its content is deleted from storage. The scanner cannot be asked:
    the file stays pending, and is asked about again after a backoff that doubles each time."""
    document = DossierDocument.objects.get(pk=document.pk)
    if document.scan_status != ScanStatus.PENDING:
        return document
    try:
        if stream is not None:
            result = scanner().scan(stream)
        else:
            with documents_storage().open(document.storage_name, "rb") as stored:
                result = scanner().scan(stored)
    except ScannerUnavailable as error:
        attempts = document.scan_attempts + 1
        DossierDocument.objects.filter(pk=document.pk, scan_status=ScanStatus.PENDING).update(
            scan_attempts=attempts, next_scan_at=timezone.now() + _backoff(attempts)
        )
        log.warning(
            "document_scan_unavailable", extra={"document_id": document.pk, "attempts": attempts, "error": str(error)}
        )
        return DossierDocument.objects.get(pk=document.pk)
    status = ScanStatus.CLEAN if result.clean else ScanStatus.FAILED if result.failed else ScanStatus.INFECTED
    judged = DossierDocument.objects.filter(pk=document.pk, scan_status=ScanStatus.PENDING).update(
        scan_status=status,
        scan_signature=result.signature[:255],
        scanned_at=timezone.now(),
        scan_attempts=document.scan_attempts + 1,
        next_scan_at=None,
    )
    if judged and status == ScanStatus.INFECTED:
        documents_storage().delete(document.storage_name)  # quarantined: the record stays, the bytes go
    if judged:
        public_answers_forget(document.dossier)
    log.log(
        logging.WARNING if status != ScanStatus.CLEAN else logging.INFO,
        "document_scanned",
        extra={"document_id": document.pk, "status": status, "signature": result.signature},
    )
    return DossierDocument.objects.get(pk=document.pk)


def document_scan_due(*, limit: int = 200) -> list[int]:
    """Ids of pending files whose backoff has run out (or that were never tried), oldest first."""
    now = timezone.now()
    due = Q(next_scan_at__lte=now) | Q(next_scan_at__isnull=True, uploaded_at__lte=now - dt.timedelta(minutes=1))
    pending = DossierDocument.objects.filter(due, scan_status=ScanStatus.PENDING)
    return list(pending.order_by("uploaded_at", "pk").values_list("pk", flat=True)[:limit])


def document_access_record(*, document: DossierDocument, user=None, request=None) -> DocumentAccess:
    """Record that the file was opened: by `user` (staff; their opening is also in the personal-data access
    log, written by the view with its purpose), or by the applicant (no user)."""
    return DocumentAccess.objects.create(
        document=document,
        user=user if user is not None and user.is_authenticated else None,
        by_applicant=user is None or not user.is_authenticated,
        ip_address=request_ip(request),
    )
