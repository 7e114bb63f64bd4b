"""Receiving a dossier at the counter: find the procedure, tick its documents, enter the applicant.

Complete: the dossier is received (dossiers.services.dossier_receive) and its receipt opens. Incomplete:
a guidance slip listing everything missing, or a refusal slip with the reason; no dossier either way.
The hidden receipt token makes a double click or a resent form land on what was made the first time.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from center.errors import DomainError
from center.models import AccessPurpose
from center.params import positive_int
from center.privacy import personal_data_shown
from counters import services as counter_services
from counters.models import CounterSlip, SlipKind, Ticket, TicketStatus
from dossiers import services, slips
from dossiers.documents import services as document_services
from dossiers.documents.views import upload_outcome_message
from dossiers.forms import Decision, DossierReceiveForm
from dossiers.slips.pdf import render_pdf
from procedures.selectors import procedure_detail, procedure_list

RESULTS_SHOWN = 20


def _profile(user):
    return getattr(user, "staff_profile", None)


def _serving_ticket(user, ticket_id: int | None) -> Ticket | None:
    """The ticket this counter is serving now, if the form came from the counter desk."""
    profile = _profile(user)
    if not ticket_id or profile is None or profile.counter_id is None:
        return None
    return (
        Ticket.objects.select_related("group")
        .filter(pk=ticket_id, counter_id=profile.counter_id, status=TicketStatus.SERVING)
        .first()
    )


@login_required
@permission_required("dossiers.receive_dossier", raise_exception=True)
def dossier_receive(request):
    source = request.POST if request.method == "POST" else request.GET
    code = source.get("procedure", "").strip()
    ticket = _serving_ticket(request.user, positive_int(source.get("ticket", "")))
    procedure = procedure_detail(code=code) if code else None
    if procedure is None:
        q = request.GET.get("q", "").strip()[:200]
        results = list(procedure_list(q=q).order_by("name")[:RESULTS_SHOWN]) if q else []
        if code:
            messages.error(request, _("No procedure in force has the code %(code)s.") % {"code": code})
        return render(request, "dossiers/receive_search.html", {"q": q, "results": results, "ticket": ticket})

    if request.method != "POST":
        form = DossierReceiveForm(
            procedure=procedure,
            initial={"receipt_token": DossierReceiveForm.new_token(), "ticket": ticket.pk if ticket else None},
        )
        return render(request, "dossiers/receive.html", {"form": form, "procedure": procedure, "ticket": ticket})

    form = DossierReceiveForm(request.POST, request.FILES, procedure=procedure)
    if form.is_valid():
        try:
            return _decide(request, form, procedure, ticket)
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, str(exc.message))
    return render(
        request, "dossiers/receive.html", {"form": form, "procedure": procedure, "ticket": ticket}, status=400
    )


def _attach_scans(request, dossier, scans) -> None:
    """The scans made at the counter, attached to the dossier just received (digitisation, scorecard 4.2).
    A resent form (the same receipt token) finds them already there, by component and hash."""
    for doc, upload in scans:
        sha256 = document_services.upload_sha256(upload)
        if dossier.files.filter(component=str(doc.position), sha256=sha256).exists():
            continue
        try:
            document = document_services.document_upload(
                dossier=dossier, component=str(doc.position), upload=upload, by=request.user
            )
        except DomainError as error:
            messages.error(request, f"{doc.name}: {error.message}")
        else:
            level, text = upload_outcome_message(document)
            if level != messages.SUCCESS:
                messages.add_message(request, level, text)


def _decide(request, form: DossierReceiveForm, procedure, ticket):
    data = form.cleaned_data
    profile = _profile(request.user)
    counter = profile.counter if profile else None
    if data["decision"] == Decision.RECEIVE:
        dossier = services.dossier_receive(
            procedure=procedure,
            applicant=services.Applicant.from_fields(data),
            by=request.user,
            counter=counter,
            documents=form.received_documents(),
            receipt_token=data["receipt_token"],
        )
        if ticket is not None:
            counter_services.ticket_link_dossier(ticket=ticket, dossier=dossier)
        messages.success(request, _("Dossier %(code)s received.") % {"code": dossier.code})
        _attach_scans(request, dossier, form.scans())
        return redirect("dossier-slip", code=dossier.code, slug="tiep-nhan")
    guidance = data["decision"] == Decision.GUIDE
    slip = counter_services.counter_slip_issue(
        kind=SlipKind.GUIDANCE if guidance else SlipKind.REFUSAL,
        procedure=procedure,
        applicant_name=data["applicant_name"],
        applicant_id_type=data["applicant_id_type"],
        applicant_id_type_name=data["applicant_id_type_name"],
        applicant_id_number=data["applicant_id_number"],
        applicant_phone=data["applicant_phone"],
        applicant_address=data["applicant_address"],
        missing=form.missing_items() if guidance else [],
        reason="" if guidance else data["refusal_reason"],
        by=request.user,
        counter=counter,
        ticket=ticket,
        token=data["receipt_token"],
    )
    return redirect("counter-slip", number=slip.number)


def _counter_slip(request, number: str) -> CounterSlip:
    """The slip to print; it shows the applicant's ID number and phone, so the showing is recorded."""
    slip = CounterSlip.objects.select_related("procedure__agency", "issued_by", "counter").filter(number=number).first()
    if slip is None:
        raise Http404
    # Only counter staff (dossiers.receive_dossier) come here: the purpose is always the printing.
    personal_data_shown(user=request.user, purpose=AccessPurpose.SLIP_PRINTING, request=request, counter_slips=[slip])
    return slip


@login_required
@permission_required("dossiers.receive_dossier", raise_exception=True)
def counter_slip(request, number: str):
    slip = _counter_slip(request, number)
    context = slips.counter_slip_context(slip)
    context.update(
        pdf_url=reverse("counter-slip-pdf", args=[slip.number]),
        back_url=reverse("dossier-receive"),
        back_label=_("Receive another dossier"),
    )
    return render(request, "dossiers/slips/page.html", context)


@login_required
@permission_required("dossiers.receive_dossier", raise_exception=True)
def counter_slip_pdf(request, number: str):
    slip = _counter_slip(request, number)
    pdf = render_pdf("dossiers/slips/pdf.html", slips.counter_slip_context(slip, pdf=True))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{slip.number}.pdf"'
    return response
