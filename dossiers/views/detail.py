"""The dossier page: its facts, timeline and slips, and a button for each action allowed now.

Only actions that the user may take (dossiers.permissions.can_act) and the workflow table allows
(dossiers.workflow.can) are offered; a forced one is refused by the service, with its message.
"""

from __future__ import annotations

from dataclasses import dataclass

from django import forms as django_forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from center.errors import DomainError
from center.models import AccessPurpose
from center.params import next_url, positive_int
from center.privacy import personal_data_access_record, reading_purpose
from dossiers import apis, slips
from dossiers.documents.selectors import document_panel
from dossiers.forms import (
    ExtendForm,
    NoteForm,
    OptionalReasonForm,
    ReasonForm,
    RequiredNoteForm,
    ReturnForm,
    SupplementForm,
)
from dossiers.handover import handover_is_late
from dossiers.payments.presentation import PAYMENT_EVENT_LABELS
from dossiers.payments.views import fees_panel
from dossiers.permissions import can_act
from dossiers.selectors import dossier_get, dossier_list
from dossiers.workflow import OPEN
from dossiers.workflow import DossierStatus as S
from dossiers.workflow import can as workflow_can
from monitoring.forecasts.views import dossier_foresight


@dataclass(frozen=True)
class Action:
    """A button of the page. The service it calls is in the API's table (dossiers.apis.ACTIONS), one for both."""

    slug: str  # in the URL
    label: str
    target: str | None  # None: not a status change (extension)
    form: type[django_forms.Form]
    style: str = ""
    slip: str = ""  # the slip to print afterwards
    sources: tuple[str, ...] = ()  # the statuses it starts from, when the target alone does not say

    @property
    def name(self) -> str:
        """Its name in dossiers.permissions.ACTION_PERMISSION and in the audit events."""
        return self.slug.replace("-", "_")


ACTIONS = [
    Action("accept", gettext_lazy("Receive (complete)"), S.RECEIVED, NoteForm, slip="tiep-nhan"),
    Action("reject", gettext_lazy("Do not receive"), S.NOT_RECEIVED, ReasonForm, "danger", "tu-choi"),
    Action("transfer", gettext_lazy("Transfer"), S.IN_PROGRESS, NoteForm, slip="kiem-soat",
           sources=(S.RECEIVED, S.IN_PROGRESS)),
    Action("request-supplement", gettext_lazy("Request supplements"), S.AWAITING_SUPPLEMENT,
           SupplementForm, "secondary", "bo-sung"),
    Action("supplement-received", gettext_lazy("Supplements received"), S.IN_PROGRESS,
           NoteForm, sources=(S.AWAITING_SUPPLEMENT,)),
    Action("request-payment", gettext_lazy("Request payment"), S.AWAITING_PAYMENT,
           RequiredNoteForm, "secondary"),
    Action("payment-received", gettext_lazy("Payment received"), S.IN_PROGRESS, NoteForm,
           sources=(S.AWAITING_PAYMENT,)),
    Action("extend", gettext_lazy("Extend with an apology"), None, ExtendForm, "secondary", "xin-loi"),
    Action("resolve", gettext_lazy("Resolve (result ready)"), S.RESULT_READY, NoteForm),
    Action("return", gettext_lazy("Return the result"), S.RETURNED, ReturnForm),
    Action("refuse", gettext_lazy("Refuse / stop processing"), S.STOPPED, ReasonForm, "danger"),
    Action("withdraw", gettext_lazy("Withdraw at the applicant's request"), S.WITHDRAWN,
           OptionalReasonForm, "danger"),
]  # fmt: skip
ACTIONS_BY_SLUG = {action.slug: action for action in ACTIONS}
# What each audit event was, for the timeline.
KIND_LABELS = {
    "receive": gettext_lazy("Received at the counter"),
    "submit": gettext_lazy("Filed online or by post"),
    "deadline_recomputed": gettext_lazy("Due date recomputed after a calendar change"),
    **PAYMENT_EVENT_LABELS,
    **{action.name: action.label for action in ACTIONS},
}


def _has_next_step(dossier) -> bool:
    chain = len(dossier.procedure.steps.all())
    return dossier.current_step < max(chain, 1)


def allowed_actions(user, dossier) -> list[Action]:
    """The actions to offer now: permitted to this user on this dossier and allowed from its status."""
    offered = []
    for action in ACTIONS:
        if not can_act(user, dossier, action.name):
            continue
        if action.target is None:
            if dossier.status not in OPEN:
                continue
        elif not workflow_can(dossier.status, action.target):
            continue
        if action.sources and dossier.status not in action.sources:
            continue
        if action.slug == "transfer" and not _has_next_step(dossier):
            continue
        if action.slug == "return" and dossier.status != S.RESULT_READY:
            continue
        offered.append(action)
    return offered


def _initial(action: Action, dossier) -> dict:
    if action.slug == "return":
        return {"collected_by": dossier.applicant_name}
    return {}


def render_detail(request, dossier, *, bound: tuple[Action, django_forms.Form] | None = None, status=200):
    purpose = reading_purpose(request.user, AccessPurpose.DOSSIER_PROCESSING)
    personal_data_access_record(user=request.user, dossier=dossier, purpose=purpose, request=request)
    actions = allowed_actions(request.user, dossier)
    available = slips.available_slips(dossier)
    panels = []
    for action in actions:
        if bound and bound[0].slug == action.slug:
            panels.append((action, bound[1], True))
        else:
            panels.append((action, action.form(initial=_initial(action, dossier), prefix=action.slug), False))
    context = {
        "dossier": dossier,
        "panels": panels,
        "slips": available,
        "events": [(event, KIND_LABELS.get(event.kind, event.kind)) for event in dossier.events.all()],
        "steps": list(dossier.steps.all()),
        "handover_late": handover_is_late(handed_over_at=dossier.handed_over_at, deadline=dossier.handover_due_at),
        "now": timezone.now(),
        "print_now": next((f for f, _count in available if f.slug == request.GET.get("slip")), None),
        "foresight": dossier_foresight(request.user, dossier),
        "fees": fees_panel(request.user, dossier),
        "files": document_panel(user=request.user, dossier=dossier),
    }
    return render(request, "dossiers/detail.html", context, status=status)


def _get_detail(user, code):
    dossier = dossier_get(user=user, code=code)
    if dossier is None:
        raise Http404
    return dossier


@login_required
@permission_required("dossiers.view_dossier", raise_exception=True)
def dossier_detail(request, code: str):
    dossier = dossier_get(user=request.user, code=code)
    if dossier is None:  # moved to the archive (dossiers/archive): say so, and how to get it back
        from dossiers.archive.selectors import archived_get

        archived = archived_get(user=request.user, code=code)
        if archived is None:
            raise Http404
        return render(request, "dossiers/archived.html", {"archived": archived}, status=410)
    return render_detail(request, dossier)


def _posted_version(request) -> int:
    """The version of the dossier the page showed (a hidden field of every action form). A form without one
    (a page older than versions, a hand-made request) counts as made from no version at all: 0, which the
    service finds stale, so it changes nothing and the user gets the fresh page."""
    return positive_int(request.POST.get("version", "")) or 0


@require_POST
@login_required
@permission_required("dossiers.view_dossier", raise_exception=True)
def dossier_action(request, code: str, action: str):
    spec = ACTIONS_BY_SLUG.get(action)
    dossier = dossier_list(user=request.user).filter(code=code).first()
    if spec is None or dossier is None:
        raise Http404
    form = spec.form(request.POST, prefix=spec.slug)
    detail_url = reverse("dossier-detail", args=[dossier.code])
    if not form.is_valid():
        messages.error(request, _("Please correct the errors below."))
        return render_detail(request, _get_detail(request.user, code), bound=(spec, form), status=400)
    try:
        _input, call = apis.ACTIONS[spec.slug]
        # A form holds only the fields its action asks for; the call reads `note` and `reason` with defaults.
        values = {"note": "", "reason": "", **form.cleaned_data, "version": _posted_version(request)}
        call(dossier, request.user, values)
    except DomainError as exc:
        if exc.field and exc.field in form.fields:
            form.add_error(exc.field, str(exc.message))
            return render_detail(request, _get_detail(request.user, code), bound=(spec, form), status=400)
        messages.error(request, exc.message)
        return redirect(next_url(request, detail_url))
    dossier = _get_detail(request.user, code)
    messages.success(
        request,
        _("Done: %(action)s. The dossier is now “%(status)s”.")
        % {"action": spec.label, "status": dossier.get_status_display()},
    )
    if spec.slip:
        detail_url += f"?slip={spec.slip}"
    return redirect(next_url(request, detail_url))
