"""Handing a file's bytes to the one who may open it: streamed from storage, never read whole, with the
type that the content was found to be, and a record of the opening."""

from __future__ import annotations

from django.http import FileResponse

from center.models import AccessPurpose
from center.privacy import personal_data_access_record, reading_purpose
from dossiers.documents.models import DossierDocument
from dossiers.documents.services import document_access_record, documents_storage


def document_response(request, document: DossierDocument, *, staff: bool) -> FileResponse:
    """The file as an answer. Staff openings go to the personal-data access log (the dossier, and why) and
    to the file's own access record; the applicant's to the file's access record only."""
    if staff:
        purpose = reading_purpose(request.user, AccessPurpose.DOSSIER_PROCESSING)
        personal_data_access_record(user=request.user, dossier=document.dossier, purpose=purpose, request=request)
    document_access_record(document=document, user=request.user if staff else None, request=request)
    response = FileResponse(
        documents_storage().open(document.storage_name, "rb"),
        content_type=document.content_type,
        # Shown in the browser (PDF, images: the types the content was found to be, and nosniff is set).
        as_attachment=False,
        filename=document.original_name,
    )
    response["X-Content-SHA256"] = document.sha256
    response["Cache-Control"] = "private, no-store"
    return response
