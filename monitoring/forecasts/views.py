"""The forecast on staff pages: the dossier page's prediction with its reasons and the drafted Form 04,
which the specialist confirms (edited or not) or discards."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from center.errors import DomainError
from center.params import positive_int
from dossiers.forms import ExtendForm
from dossiers.permissions import can_act
from dossiers.selectors import dossier_list
from monitoring.forecasts.chains import chain_stalls, slowest_handoffs
from monitoring.forecasts.priorities import close_first
from monitoring.forecasts.selectors import forecast_basis, forecast_of, pending_draft
from monitoring.forecasts.services import extension_draft_confirm, extension_draft_discard
from monitoring.forecasts.supplements import supplement_summary
from monitoring.selectors.scope import dashboard_agency_id
from monitoring.views.common import dashboard_required
from procedures.models import Agency, Procedure

DRAFT_PREFIX = "draft"
SUPPLEMENT_WINDOW = dt.timedelta(days=365)


def dossier_foresight(user, dossier) -> dict:
    """What the dossier page shows of the forecast, and the draft letter to a user who may issue it."""
    forecast = forecast_of(dossier)
    draft = pending_draft(dossier)
    if draft is not None and not can_act(user, dossier, "extend"):
        draft = None
    form = None
    if draft is not None:
        form = ExtendForm(
            prefix=DRAFT_PREFIX, initial={"new_due_date": timezone.localtime(draft.proposed_due_at).date()}
        )
    return {
        "forecast": forecast,
        "basis": forecast_basis(forecast) if forecast else "",
        "risk_percent": round(forecast.overdue_risk * 100) if forecast else None,
        "draft": draft,
        "draft_form": form,
    }


def _dossier_and_draft(request, code):
    dossier = dossier_list(user=request.user).filter(code=code).first()
    draft = pending_draft(dossier) if dossier is not None else None
    if draft is None:
        raise Http404
    return dossier, draft


@require_POST
@login_required
def draft_confirm(request, code: str):
    """Issue the drafted letter with the date and reason the specialist settled on."""
    from dossiers.apis import extension_due_at

    dossier, draft = _dossier_and_draft(request, code)
    form = ExtendForm(request.POST, prefix=DRAFT_PREFIX)
    detail = reverse("dossier-detail", args=[dossier.code])
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
        return redirect(detail)
    try:
        extension_draft_confirm(
            draft=draft,
            by=request.user,
            new_due_at=extension_due_at(dossier, form.cleaned_data["new_due_date"]),
            reason=form.cleaned_data["reason"],
            version=positive_int(request.POST.get("version", "")) or 0,
        )
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect(detail)
    messages.success(request, _("The apology and extension letter (Form 04) was issued."))
    return redirect(detail + "?slip=xin-loi")


@require_POST
@login_required
def draft_discard(request, code: str):
    dossier, draft = _dossier_and_draft(request, code)
    try:
        extension_draft_discard(draft=draft, by=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The drafted letter was discarded."))
    return redirect(reverse("dossier-detail", args=[dossier.code]))


# --- supervision pages: what to close first, where chains stall, supplement requests ---------------------


def _agency_for(request):
    """The lead's own agency, or the one a director asks for with ?agency= (None: all); another agency
    asked by a lead is refused."""
    own = dashboard_agency_id(request.user)
    code = request.GET.get("agency", "").strip()
    if own is not None:
        if code and not Agency.objects.filter(pk=own, code=code).exists():
            raise PermissionDenied(_("You can only see your own agency."))
        return Agency.objects.get(pk=own)
    return Agency.objects.filter(code=code).first() if code else None


def _agency_choices(request):
    return Agency.objects.order_by("code") if dashboard_agency_id(request.user) is None else []


@dashboard_required
def close_first_page(request):
    agency = _agency_for(request)
    # Codes, procedures and dates only: no applicant's personal data on this page.
    found = close_first(agency_id=agency.pk if agency else None)
    return render(
        request,
        "monitoring/forecasts/close_first.html",
        {"found": found, "agency": agency, "agencies": _agency_choices(request)},
    )


@dashboard_required
def chains_page(request):
    agency = _agency_for(request)
    chains = chain_stalls(agency_id=agency.pk if agency else None)
    return render(
        request,
        "monitoring/forecasts/chains.html",
        {"chains": chains, "slowest": slowest_handoffs(chains), "agency": agency, "agencies": _agency_choices(request)},
    )


@dashboard_required
def supplements_page(request):
    agency = _agency_for(request)
    now = timezone.now()
    procedure = None
    code = request.GET.get("procedure", "").strip()
    if code:
        procedure = Procedure.objects.filter(code=code).first()
        if procedure is None:
            raise Http404
    rows = supplement_summary(
        start=now - SUPPLEMENT_WINDOW,
        end=now,
        agency_id=agency.pk if agency else None,
        procedure_id=procedure.pk if procedure else None,
    )
    return render(
        request,
        "monitoring/forecasts/supplements.html",
        {"rows": rows, "procedure": procedure, "agency": agency, "agencies": _agency_choices(request)},
    )
