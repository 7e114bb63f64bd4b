"""The forecast on staff pages: the dossier page's prediction with its reasons and the drafted Form 04,
which the specialist confirms (edited or not) or discards."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from center.errors import DomainError
from center.params import positive_int
from dossiers.forms import ExtendForm
from dossiers.permissions import can_act
from dossiers.selectors import dossier_list
from monitoring.forecasts.selectors import forecast_basis, forecast_of, pending_draft
from monitoring.forecasts.services import extension_draft_confirm, extension_draft_discard

DRAFT_PREFIX = "draft"


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
