"""The citizen's pages: "My dossiers", one dossier, and online filing (drafts, documents, review, submit)."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.db.models import prefetch_related_objects
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from center.citizens.access import citizen_required
from center.errors import DomainError
from center.params import positive_int
from dossiers import slips
from dossiers.documents.selectors import (
    document_applicant_files,
    document_applicant_list,
    document_applicant_openable,
)
from dossiers.documents.services import documents_storage
from dossiers.online.forms import ComponentChooseForm, ComponentUploadForm, FilingDetailsForm
from dossiers.online.models import OnlineFiling
from dossiers.online.selectors import citizen_dossier_get, citizen_dossiers, citizen_drafts, citizen_saved_documents
from dossiers.online.services import (
    filing_component_choose,
    filing_component_upload,
    filing_details_update,
    filing_problems,
    filing_start,
    filing_submit,
    saved_document_keep,
    supplement_upload,
)
from dossiers.presentation import public_status_url
from dossiers.public_status import public_status
from dossiers.selectors import load_public_history
from dossiers.slips.pdf import render_pdf
from dossiers.workflow import DossierStatus
from procedures.models import Procedure


@require_GET
@citizen_required
def my_dossiers(request):
    """Hồ sơ của tôi: every dossier of the citizen (online, or received at a counter with their number), the
    drafts they may resume, and their saved documents."""
    citizen = request.citizen
    return render(
        request,
        "dossiers/citizen/my_dossiers.html",
        {
            "dossiers": citizen_dossiers(citizen=citizen),
            "drafts": citizen_drafts(citizen=citizen),
            "saved": citizen_saved_documents(citizen=citizen),
        },
    )


@citizen_required
def my_dossier(request, code: str):
    """One of the citizen's dossiers: its status in plain words, deadline, documents and results."""
    dossier = citizen_dossier_get(citizen=request.citizen, code=code)
    if dossier is None:
        raise Http404
    load_public_history(dossier)
    files = document_applicant_files(dossier=dossier)
    query = urlencode({"secret": dossier.secret})
    feedback = urlencode({"dossier": dossier.code, "secret": dossier.secret})
    return render(
        request,
        "dossiers/citizen/my_dossier.html",
        {
            "s": public_status(dossier),
            "dossier": dossier,
            "files": files,  # downloads through the tracking page's file view (the citizen has the secret)
            "secret_query": query,
            "awaiting_supplement": dossier.status == DossierStatus.AWAITING_SUPPLEMENT,
            "required": dossier.procedure.documents.all(),
            "letters": [(form, count) for form, count in slips.available_slips(dossier) if form.slug in CITIZEN_SLIPS],
            "rate_url": f"{reverse('dossier-rate', args=[dossier.code])}?{query}",
            "feedback_url": f"{reverse('feedback-new')}?{feedback}",
        },
    )


# --- online filing --------------------------------------------------------------------------------


def _filing(request, pk: int) -> OnlineFiling:
    filing = OnlineFiling.objects.select_related("procedure", "citizen").filter(pk=pk, citizen=request.citizen).first()
    if filing is None:
        raise Http404
    return filing


@require_GET
@citizen_required
def filing_start_page(request, code: str):
    """ "Nộp trực tuyến" on a procedure's page: the citizen's draft for it (resumed, or begun now)."""
    procedure = get_object_or_404(Procedure.objects.active(), code=code)
    try:
        filing = filing_start(citizen=request.citizen, procedure=procedure)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("procedure-detail", code=code)
    return redirect("filing-edit", pk=filing.pk)


def _act(request, action) -> bool:
    """Run a service; its refusal becomes a message on the page (nothing changed). True when it succeeded."""
    try:
        action()
    except DomainError as error:
        messages.error(request, error.message)
        return False
    return True


@citizen_required
def filing_edit(request, pk: int):
    """The filing form: the applicant (from the identity), contact and delivery, each required document."""
    filing = _filing(request, pk)
    if not filing.is_draft:
        return redirect("filing-receipt", code=filing.dossier.code)
    details = FilingDetailsForm(
        initial={
            "phone": filing.phone,
            "email": filing.email,
            "address": filing.address,
            "delivery": filing.delivery,
            "delivery_address": filing.delivery_address,
        }
    )
    status = 200
    if request.method == "POST":
        step = request.POST.get("step")
        if step == "details":
            details = FilingDetailsForm(request.POST)
            if details.is_valid() and _act(
                request, lambda: filing_details_update(filing=filing, **details.cleaned_data)
            ):
                return redirect("filing-review", pk=filing.pk)
        elif step == "upload":
            form = ComponentUploadForm(request.POST, request.FILES)
            if form.is_valid() and _act(
                request,
                lambda: filing_component_upload(
                    filing=filing, position=form.cleaned_data["position"], upload=form.cleaned_data["file"]
                ),
            ):
                messages.success(request, _("The file was attached."))
                return redirect("filing-edit", pk=filing.pk)
            for errors in form.errors.values():
                messages.error(request, " ".join(errors))
        elif step == "choose":
            form = ComponentChooseForm(request.POST)
            document = (
                citizen_saved_documents(citizen=request.citizen).filter(pk=form.data.get("document") or 0).first()
                if form.is_valid()
                else None
            )
            if document is None:
                messages.error(request, _("Choose one of your saved documents."))
            elif _act(
                request,
                lambda: filing_component_choose(
                    filing=filing, position=form.cleaned_data["position"], document=document
                ),
            ):
                return redirect("filing-edit", pk=filing.pk)
        status = 400
    chosen = {c.position: c for c in filing.components.select_related("document")}
    return render(
        request,
        "dossiers/citizen/filing_edit.html",
        {
            "filing": filing,
            "details": details,
            "components": [(doc, chosen.get(doc.position)) for doc in filing.procedure.documents.all()],
            "saved": citizen_saved_documents(citizen=request.citizen),
        },
        status=status,
    )


@citizen_required
def filing_review(request, pk: int):
    """The review step: everything as it will be submitted; submit from here."""
    filing = _filing(request, pk)
    if not filing.is_draft:
        return redirect("filing-receipt", code=filing.dossier.code)
    if request.method == "POST":
        submitted = []
        if _act(request, lambda: submitted.append(filing_submit(filing=filing))):
            return redirect(filing_next_step(submitted[0]))
    return render(
        request,
        "dossiers/citizen/filing_review.html",
        {
            "filing": filing,
            "components": filing.components.select_related("document"),
            "problems": filing_problems(filing),
        },
        status=400 if request.method == "POST" else 200,
    )


def filing_next_step(dossier) -> str:
    """Where the citizen goes once the filing is submitted: the receipt of submission.

    The place for online payment (issue 14): a procedure with a fee to pay online sends the citizen to the
    payment step for this dossier first (e.g. `payment_start(dossier=...)` answering the provider's page),
    whose return page then shows this receipt."""
    return reverse("filing-receipt", args=[dossier.code])


@require_GET
@citizen_required
def filing_receipt(request, code: str):
    """The receipt of submission (biên nhận nộp hồ sơ trực tuyến): the code, how to follow the dossier, and
    the files submitted with their SHA-256."""
    dossier = citizen_dossier_get(citizen=request.citizen, code=code)
    if dossier is None or not hasattr(dossier, "online_filing"):
        raise Http404
    return render(
        request,
        "dossiers/citizen/filing_receipt.html",
        {
            "dossier": dossier,
            "filing": dossier.online_filing,
            "files": document_applicant_list(dossier=dossier),
            "tracking_url": public_status_url(dossier),
        },
    )


# --- files: the citizen's own (a dossier's files open through the tracking page's view) ----------------


@require_GET
@citizen_required
def saved_document_file(request, pk: int):
    document = citizen_saved_documents(citizen=request.citizen).filter(pk=pk).first()
    if document is None:
        raise Http404
    response = FileResponse(
        documents_storage().open(document.storage_name, "rb"),
        content_type=document.content_type,
        filename=document.original_name,
    )
    response["Cache-Control"] = "private, no-store"
    return response


@require_POST
@citizen_required
def citizen_document_keep(request, code: str, pk: int):
    """Keep a result (or a filed file) of the dossier in the citizen's saved documents, to reuse later."""
    dossier = citizen_dossier_get(citizen=request.citizen, code=code)
    document = document_applicant_openable(dossier=dossier, document_id=pk) if dossier is not None else None
    if document is None:
        raise Http404
    if _act(request, lambda: saved_document_keep(citizen=request.citizen, document=document)):
        messages.success(request, _("Kept in your saved documents."))
    return redirect("citizen-dossier", code=code)


@require_POST
@citizen_required
def citizen_supplement_upload(request, code: str):
    """A missing document sent online while the dossier waits for supplements."""
    dossier = citizen_dossier_get(citizen=request.citizen, code=code)
    if dossier is None:
        raise Http404
    form = ComponentUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Choose the document and the file to send."))
    elif _act(
        request,
        lambda: supplement_upload(
            citizen=request.citizen,
            dossier=dossier,
            position=form.cleaned_data["position"],
            upload=form.cleaned_data["file"],
        ),
    ):
        messages.success(request, _("Sent. The center will confirm your supplement; the time resumes then."))
    return redirect("citizen-dossier", code=code)


# Letters the citizen receives electronically: the same forms as printed at the counter (Form 01 receipt
# and appointment, 02 supplement request, 03 refusal to receive, 04 apology, 05 stop notice), as PDF.
CITIZEN_SLIPS = frozenset({"tiep-nhan", "bo-sung", "tu-choi", "xin-loi", "dung-xu-ly"})


@require_GET
@citizen_required
def citizen_slip_pdf(request, code: str, slug: str):
    form = slips.FORMS.get(slug) if slug in CITIZEN_SLIPS else None
    dossier = citizen_dossier_get(citizen=request.citizen, code=code) if form else None
    if dossier is None:
        raise Http404
    prefetch_related_objects([dossier], "events", "extensions", "steps__agency", "pauses")
    context = slips.dossier_slip_context(dossier, form, positive_int(request.GET.get("n", "")), pdf=True)
    if context is None:
        raise Http404
    response = HttpResponse(render_pdf("dossiers/slips/pdf.html", context), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{code}-mau-{form.number}.pdf"'
    return response
