"""Pages of dossiers' files: attaching one from the dossier page, opening one (staff), and the applicant's
download from the public tracking page (code and secret)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from center import ratelimit
from center.errors import DomainError
from dossiers.documents import services
from dossiers.documents.forms import DocumentUploadForm, ResultUploadForm
from dossiers.documents.models import RESULT, ScanStatus
from dossiers.documents.selectors import document_applicant_openable, document_openable
from dossiers.documents.serving import document_response
from dossiers.public_views import public_find
from dossiers.selectors import dossier_list, public_credentials


def upload_outcome_message(document) -> tuple[int, str]:
    """What the uploader is told about an attached file: its hash, or that it waits for the malware check,
    or that it was refused for malware."""
    values = {"name": document.original_name, "size": filesizeformat(document.size), "sha256": document.sha256}
    if document.scan_status == ScanStatus.CLEAN:
        return messages.SUCCESS, _("Attached “%(name)s” (%(size)s, SHA-256 %(sha256)s).") % values
    if document.scan_status == ScanStatus.PENDING:
        return messages.WARNING, _(
            "Attached “%(name)s” (%(size)s). It is being checked for malware: others can open "
            "it once the check is done."
        ) % values
    if document.scan_status == ScanStatus.INFECTED:
        return messages.ERROR, _(
            "The file “%(name)s” contains malware (%(found)s) and was refused: its content was deleted."
        ) % {"name": document.original_name, "found": document.scan_signature}
    return messages.ERROR, _("The file “%(name)s” could not be checked for malware; it will not be opened.") % values


@require_POST
@login_required
@permission_required("dossiers.view_dossier", raise_exception=True)
def dossier_document_upload(request, code: str):
    """The dossier page's file forms: a component's scan, or (kind=result) the agency's result."""
    dossier = dossier_list(user=request.user).select_related("procedure").filter(code=code).first()
    if dossier is None:
        raise Http404
    result = request.POST.get("kind") == RESULT
    form = (
        ResultUploadForm(request.POST, request.FILES)
        if result
        else DocumentUploadForm(request.POST, request.FILES, procedure=dossier.procedure)
    )
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, " ".join(errors))
    else:
        values = form.cleaned_data
        try:
            document = services.document_upload(
                dossier=dossier,
                component=RESULT if result else values["component"],
                upload=values["file"],
                by=request.user,
                result_number=values.get("result_number", ""),
            )
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.add_message(request, *upload_outcome_message(document))
    return redirect(f"{reverse('dossier-detail', args=[dossier.code])}#files")


@require_GET
@login_required
@permission_required("dossiers.view_dossier", raise_exception=True)
def dossier_document_file(request, code: str, document_id: int):
    """A file opened from the dossier page: clean, and the dossier one the user may see; else 404."""
    dossier = dossier_list(user=request.user).filter(code=code).first()
    document = dossier and document_openable(user=request.user, dossier=dossier, document_id=document_id)
    if not document:
        raise Http404
    return document_response(request, document, staff=True)


@never_cache
@require_GET
def track_document_file(request, code: str, document_id: int):
    """The applicant's download from the tracking page, with the code and secret of the receipt (the same
    limits on wrong secrets as the page itself); a wrong code, secret or file is the same 404."""
    code, secret = public_credentials(code, request.GET.get("secret", ""))
    try:
        dossier = public_find(request, code, secret)
    except ratelimit.RateLimited as limited:
        return HttpResponse(limited.message, status=429, headers={"Retry-After": str(limited.retry_after)})
    document = dossier and document_applicant_openable(dossier=dossier, document_id=document_id)
    if not document:
        raise Http404
    return document_response(request, document, staff=False)
