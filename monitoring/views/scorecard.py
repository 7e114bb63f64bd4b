"""The Decision 766 scorecard on the supervision pages: its table (replacing the old "service index"),
the lists behind each number, the ranking of agencies and the monthly trend of the total.

The scorecard is the national one: it is counted per agency and period, so the dashboard's field and
channel filters do not apply to it (the page says so).
"""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _

from center.db_router import replica_view
from monitoring import charts, exports
from monitoring.exports import Percent, Table
from monitoring.models import Feedback
from monitoring.scorecard import Scorecard, load_facts, monthly_trend
from monitoring.scorecard.facts import DOSSIER, FEEDBACK, SETS
from monitoring.views.common import (
    dashboard_required,
    export_about,
    export_links,
    filter_form,
    filter_params,
    scope_from,
    url_with,
    wants_export,
)
from procedures.models import Agency, Procedure

PAGE_SIZE = 50


def drill_link(params: dict, set_name: str) -> str:
    return url_with("monitoring-scorecard-list", params, set=set_name)


def scorecard_rows(card: Scorecard, params: dict) -> list[dict]:
    """The table's lines: one per indicator with its group, value, points and the links behind it."""
    rows = []
    for group in card.groups:
        for index, indicator in enumerate(group.indicators):
            links = [(part.label, part.count, drill_link(params, part.set_name)) for part in indicator.parts]
            rows.append({"group": group if index == 0 else None, "span": len(group.indicators), "i": indicator,
                         "links": links})  # fmt: skip
    return rows


def scorecard_table(card: Scorecard) -> Table:
    """The scorecard as exported: one line per indicator, then the total."""
    columns = [
        _("Group"), _("Group points"), _("Indicator"), _("Numerator"), _("Denominator"), _("Value"), _("Points"),
        _("Maximum"), _("Threshold"), _("Measured"), _("Why not measured"),
    ]  # fmt: skip
    rows = [
        [str(g.name), g.points, str(i.name), i.numerator, i.denominator,
         Percent(i.value) if i.value is not None else None, i.points, i.max_points,
         Percent(i.threshold) if i.threshold else None, _("yes") if i.measured else _("no"), str(i.why_not or "")]
        for g in card.groups for i in g.indicators
    ]  # fmt: skip
    rows.append([_("Total"), card.total_points, "", None, None, None, card.total_points, 100, None, "", ""])
    return Table("scorecard", _("Decision 766 scorecard"), columns, rows)


def ranking_table(ranked) -> Table:
    rows = [[n, a.code, a.name, card.total_points] for n, (a, card) in enumerate(ranked, start=1)]
    return Table("scorecard-ranking", _("Agencies ranked by scorecard total"),
                 [_("Rank"), _("Code"), _("Agency"), _("Points")], rows)  # fmt: skip


def _objects(kind: str, ids: list[int]):
    if kind == DOSSIER:
        from dossiers.models import Dossier

        return Dossier.objects.filter(pk__in=ids).select_related("procedure", "agency").order_by("-received_at", "-id")
    if kind == FEEDBACK:
        return Feedback.objects.filter(pk__in=ids).select_related("agency", "dossier").order_by("-created_at", "-id")
    return Procedure.objects.filter(pk__in=ids).select_related("agency").order_by("code")


def _list_table(kind: str, name: str, objects) -> Table:
    if kind == DOSSIER:
        columns = [_("Code"), _("Procedure"), _("Agency"), _("Status"), _("Received at"), _("Due at"),
                   _("Result ready at")]  # fmt: skip
        rows = ([d.code, d.procedure.name, d.agency.code, d.get_status_display(), d.received_at, d.due_at,
                 d.result_ready_at] for d in objects.iterator(chunk_size=2000))  # fmt: skip
    elif kind == FEEDBACK:
        columns = [_("Tracking code"), _("Subject"), _("Agency"), _("Status"), _("Sent at"), _("Answered at")]
        rows = ([f.tracking_code, f.subject, f.agency.code if f.agency else "", f.get_status_display(),
                 f.created_at, f.answered_at or f.refused_at] for f in objects)  # fmt: skip
    else:
        columns = [_("Code"), _("Procedure"), _("Agency"), _("Online level")]
        rows = ([p.code, p.name, p.agency.code, p.get_online_level_display()] for p in objects)
    return Table(name, name, columns, rows)  # a generator: the CSV streams it (dossiers in chunks)


@dashboard_required
@replica_view
def scorecard_list(request):
    """Exactly the dossiers, feedback or procedures behind one number of the scorecard."""
    set_name = request.GET.get("set", "")
    if set_name not in SETS:
        raise Http404
    form = filter_form(request)
    scope = scope_from(form, request.user)
    facts = load_facts(scope.period)
    kind = SETS[set_name]
    objects = _objects(kind, facts.ids(set_name, scope.agency_id))
    params = {**filter_params(form), "set": set_name}
    wanted = wants_export(request)
    if wanted:
        about = export_about(form, scope)
        return exports.export_response(_list_table(kind, f"scorecard-{set_name}", objects), wanted[1], about)
    page = Paginator(objects, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "monitoring/scorecard_list.html", {
        "form": form, "scope": scope, "page": page, "kind": kind, "set_name": set_name,
        "exports": export_links(request.path, params, f"scorecard-{set_name}"),
        "back": url_with("monitoring-dashboard", filter_params(form)),
    })  # fmt: skip


@dashboard_required
@replica_view
def scorecard_trend(request):
    """The total of each of the last twelve months (each month judged as of its own end)."""
    form = filter_form(request)
    scope = scope_from(form, request.user)
    agency = Agency.objects.filter(pk=scope.agency_id).first() if scope.agency_id else None
    trend = monthly_trend(scope.period, agency=agency)
    table = Table("scorecard-trend", _("Scorecard total per month"), [_("Month"), _("Points")],
                  [[f"{m.first:%m/%Y}", total] for m, total in trend])  # fmt: skip
    wanted = wants_export(request)
    if wanted:
        return exports.export_response(table, wanted[1], export_about(form, scope))
    chart = charts.horizontal_bars(
        title=_("Scorecard total per month (out of 100)"),
        labels=[f"{m.first:%m/%Y}" for m, _t in trend],
        values=[total for _m, total in trend],
        key="on_time",
        links=[url_with("monitoring-dashboard", {"period": "month", "month": f"{m.first:%Y-%m}"}) for m, _t in trend],
    )
    return render(request, "monitoring/scorecard_trend.html", {
        "form": form, "scope": scope, "agency": agency, "trend": trend, "chart": chart,
        "exports": export_links(request.path, filter_params(form), "scorecard-trend"),
    })  # fmt: skip
