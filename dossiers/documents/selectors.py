"""Reads of dossiers' files, limited to what the caller may open.

Staff see the files of the dossiers they may see (dossiers.permissions.can_see: the center's staff and
directors all, an agency's staff those of dossiers their agency owns, holds or handled); the applicant
(with the dossier's code and secret, or their signed-in account) those of their own dossier. A file opens
only once scanned clean, except for its own uploader while it waits for the scan; a file with malware,
or one the scanner could not judge, opens for nobody (fail closed).
"""

from __future__ import annotations

from django.db.models import QuerySet

from dossiers.documents.models import RESULT, DossierDocument, ScanStatus, Uploader
from dossiers.permissions import can_see


def document_list(*, user, dossier) -> QuerySet[DossierDocument]:
    """The dossier's files, for staff who may see the dossier (none otherwise), in the order attached."""
    if not user.is_authenticated or not can_see(user, dossier):
        return DossierDocument.objects.none()
    return DossierDocument.objects.filter(dossier=dossier).select_related("uploaded_by").order_by("uploaded_at", "pk")


def document_openable(*, user, dossier, document_id) -> DossierDocument | None:
    """The file if `user` (staff) may open its content now, else None."""
    document = document_list(user=user, dossier=dossier).filter(pk=document_id).first()
    if document is None:
        return None
    if document.scan_status == ScanStatus.CLEAN:
        return document
    own = document.uploader == Uploader.STAFF and document.uploaded_by_id == user.pk
    return document if own and document.scan_status == ScanStatus.PENDING else None


def document_applicant_list(*, dossier) -> QuerySet[DossierDocument]:
    """The dossier's files as its applicant sees them (the caller has checked they are the applicant)."""
    return DossierDocument.objects.filter(dossier=dossier).order_by("uploaded_at", "pk")


def document_applicant_openable(*, dossier, document_id) -> DossierDocument | None:
    """The file if the dossier's applicant may open it now: clean, or one they uploaded still being checked."""
    document = document_applicant_list(dossier=dossier).filter(pk=document_id).first()
    if document is None:
        return None
    if document.scan_status == ScanStatus.CLEAN:
        return document
    own = document.uploader == Uploader.APPLICANT
    return document if own and document.scan_status == ScanStatus.PENDING else None


def document_results(*, dossier) -> QuerySet[DossierDocument]:
    """The dossier's electronic results that may be handed out (scanned clean), newest first."""
    return DossierDocument.objects.filter(dossier=dossier, component=RESULT, scan_status=ScanStatus.CLEAN).order_by(
        "-uploaded_at", "-pk"
    )
