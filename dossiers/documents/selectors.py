"""Reads of dossiers' files, limited to what the caller may open.

Staff see the files of the dossiers they may see (dossiers.permissions.can_see: the center's staff and
directors all, an agency's staff those of dossiers their agency owns, holds or handled); the applicant
(with the dossier's code and secret, or their signed-in account) those of their own dossier. A file opens
only once scanned clean, except for its own uploader while it waits for the scan; a file with malware,
or one the scanner could not judge, opens for nobody (fail closed).
"""

from __future__ import annotations

from dataclasses import dataclass

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


@dataclass(frozen=True)
class Component:
    position: str
    name: str
    files: list[DossierDocument]


@dataclass(frozen=True)
class FilesPanel:
    """The dossier page's files: each required document with the files attached to it, the results, and
    what this user may attach now."""

    components: list[Component]
    results: list[DossierDocument]
    may_attach: bool
    may_attach_result: bool

    @property
    def any(self) -> bool:
        return bool(self.results) or any(c.files for c in self.components)


def document_panel(*, user, dossier) -> FilesPanel:
    """Two queries: the procedure's documents and the dossier's files."""
    from dossiers.documents.services import may_upload

    files = list(document_list(user=user, dossier=dossier))
    by_component: dict[str, list[DossierDocument]] = {}
    for document in files:
        by_component.setdefault(document.component, []).append(document)
    components = [
        Component(position=str(doc.position), name=doc.name, files=by_component.pop(str(doc.position), []))
        for doc in dossier.procedure.documents.all()
    ]
    # Files of a document the procedure no longer lists keep their own name.
    results = by_component.pop(RESULT, [])
    components += [Component(position=k, name=v[0].component_name, files=v) for k, v in by_component.items()]
    return FilesPanel(
        components=components,
        results=results,
        may_attach=may_upload(user, dossier, "1"),
        may_attach_result=may_upload(user, dossier, RESULT),
    )


@dataclass(frozen=True)
class ApplicantFiles:
    results: list[DossierDocument]
    components: list[DossierDocument]


def document_applicant_files(*, dossier) -> ApplicantFiles:
    """What the tracking page shows the applicant: the results that may be downloaded, and every file of the
    dossier's components with its check (pending ones say they are being checked). One query."""
    files = list(document_applicant_list(dossier=dossier))
    return ApplicantFiles(
        results=[f for f in reversed(files) if f.is_result and f.is_clean],
        components=[f for f in files if not f.is_result],
    )


def document_receipt_list(*, dossier) -> list[DossierDocument]:
    """The scans a receipt (Form 01) lists with their hashes: the components' files, in the procedure's
    order, except those refused for malware or not checkable."""
    files = DossierDocument.objects.filter(dossier=dossier).components()
    files = files.exclude(scan_status__in=[ScanStatus.INFECTED, ScanStatus.FAILED])
    return sorted(files, key=lambda f: (int(f.component) if f.component.isdigit() else 0, f.uploaded_at, f.pk))
