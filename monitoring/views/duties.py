"""The dashboard's section on the center's own duties (hand-over punctuality, late apology letters) and
the two lists behind its numbers."""

from __future__ import annotations

from django.conf import settings
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.translation import gettext as _

from center.db_router import replica_view
from dossiers.handover import HANDOVER_STATE_LABELS
from monitoring.duty_forms import HandoverListForm
from monitoring.selectors import duties as selectors
from monitoring.views.common import dashboard_required, filter_form, filter_params, scope_from, url_with

PAGE_SIZE = 50


def duties_section(scope, params: dict) -> dict:
    """What the dashboard's include (monitoring/includes/duties.html) shows, with a link per number."""
    found = selectors.duties(scope)

    def links(row, by: str) -> dict[str, str]:
        extra = {by: row.key} if by else {}
        return {state: url_with("monitoring-handover", params, state=state, **extra) for state in selectors.STATES}

    def lines(rows, by):
        return [(row, links(row, by)) for row in rows]

    return {
        "cutoff": settings.HANDOVER_CUTOFF,
        "states": [(state, HANDOVER_STATE_LABELS[state]) for state in selectors.STATES],
        "total": (found.totals, links(found.totals, "")),
        "by_counter": lines(found.by_counter, "counter"),
        "by_agency": lines(found.by_agency, "agency"),
        "no_counter": str(selectors.NO_COUNTER),
        "apologies": found.apologies,
        "late_apologies": found.late_apologies,
        "late_apologies_link": url_with("monitoring-late-apologies", params),
    }


@dashboard_required
@replica_view
def handover_list(request):
    """The dossiers behind a hand-over number of the dashboard: same period, filters and definition."""
    form = filter_form(request, HandoverListForm)
    if not form.is_valid():
        return render(request, "monitoring/duty_list.html", {"form": form, "page": None}, status=400)
    scope = scope_from(form, request.user)
    state, counter = form.cleaned_data["state"], form.cleaned_data.get("counter")
    dossiers = selectors.handover_dossiers(scope, state, counter=counter)
    return _duty_list(request, form, scope, dossiers, "handover", HANDOVER_STATE_LABELS[state])


@dashboard_required
@replica_view
def late_apology_list(request):
    """Apology letters (Form 04) issued in the period after the due date they replace."""
    form = filter_form(request)
    scope = scope_from(form, request.user)
    letters = selectors.apologies(scope, late_only=True)
    return _duty_list(request, form, scope, letters, "apology", _("Apology letters issued after the due date"))


def _duty_list(request, form, scope, items, kind: str, title: str):
    """One page of a duty list (monitoring/duty_list.html shows the columns of its `kind`)."""
    page = Paginator(items, PAGE_SIZE).get_page(request.GET.get("page"))
    back = url_with("monitoring-dashboard", filter_params(form))
    return render(request, "monitoring/duty_list.html", {
        "form": form, "scope": scope, "page": page, "kind": kind, "title": title, "back": back,
    })  # fmt: skip
