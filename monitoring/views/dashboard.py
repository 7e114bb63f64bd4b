"""The directors' dashboard and an agency's page: tiles, tables, charts, the 766 scorecard, exports."""

from __future__ import annotations

import dataclasses

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _

from center import workdays
from center.db_router import replica_view
from monitoring import charts, exports
from monitoring.exports import Percent, Table
from monitoring.metrics import DEFINITIONS, LABELS
from monitoring.periods import CUSTOM
from monitoring.rollups import selectors as rollups
from monitoring.scorecard import build, ranking
from monitoring.scorecard.kept import scorecard_facts
from monitoring.selectors import dashboard as agg
from monitoring.selectors.lists import alert_list, overdue_list
from monitoring.selectors.scope import dashboard_agency_id
from monitoring.thresholds import working_days_late
from monitoring.views import scorecard as sc
from monitoring.views import tables
from monitoring.views.common import (
    dashboard_required,
    export_about,
    export_links,
    filter_form,
    filter_params,
    metric_link,
    scope_from,
    wants_export,
)
from monitoring.views.duties import duties_section
from procedures.models import Agency

PREVIEW = 8


def _tiles(totals: agg.Row, params: dict, wait: dict) -> list[dict]:
    t = totals.tally
    minutes = wait["seconds"] / 60 if wait.get("seconds") is not None else None

    def counted(key, label=None, rate=False):
        kind = "rate" if rate is not False else "count"
        share = rate if kind == "rate" else None
        return {"key": key, "kind": kind, "label": label or LABELS[key], "count": t[key], "rate": share,
                "link": metric_link(params, key)}  # fmt: skip

    return [
        counted("received"),
        counted("resolved"),
        counted("early", rate=t.early_rate),
        counted("on_time", rate=t.on_time_rate),
        counted("late", rate=t.late_rate),
        counted("open"),
        counted("overdue"),
        counted("near_due"),
        {"key": "satisfaction", "kind": "score", "label": _("Average satisfaction"), "score": totals.satisfaction,
         "sub": totals.ratings},
        counted("online", _("Filed online"), t.online_share),
        {"key": "queue_wait", "kind": "minutes", "label": _("Average queue wait"), "minutes": minutes,
         "sub": wait.get("tickets") or 0},
    ]  # fmt: skip


def _trend(aggregate: agg.Aggregate, params: dict) -> tuple[str, Table]:
    months = [month for month, _counts in aggregate.trend]
    labels = [f"{m:%m/%y}" for m in months]
    base = {k: v for k, v in params.items() if k not in ("period", "month", "quarter", "year", "from", "to")}
    series = [
        charts.Series(
            key,
            str(LABELS[key]),
            [counts[key] for _m, counts in aggregate.trend],
            [metric_link(base, key, period="month", month=f"{m:%Y-%m}") for m in months],
        )
        for key in agg.TREND
    ]
    chart = charts.stacked_columns(title=_("Results per month: early, on time, late"), categories=labels, series=series)
    table = Table(
        "trend",
        _("Trend"),
        [_("Month"), *[str(LABELS[k]) for k in agg.TREND], _("Late %")],
        [
            [
                f"{m:%m/%Y}",
                *[c[k] for k in agg.TREND],
                Percent(c["late"] / sum(c.values())) if sum(c.values()) else None,
            ]
            for m, c in aggregate.trend
        ],
    )
    return chart, table


def _top_late(aggregate: agg.Aggregate, params: dict) -> tuple[str, Table, list]:
    top = agg.top_late(aggregate.procedures)
    links = [metric_link(params, "late", procedure=row.code) for row in top]
    chart = charts.horizontal_bars(
        title=_("Procedures with the most late results"),
        labels=[f"{row.code} {row.name}" for row in top],
        values=[row.tally["late"] for row in top],
        links=links,
    )
    table = Table(
        "top-late",
        _("Top procedures by late count"),
        [_("Code"), _("Procedure"), LABELS["late"], LABELS["resolved"], _("Late %")],
        [[r.code, r.name, r.tally["late"], r.tally["resolved"], Percent(r.tally.late_rate or 0)] for r in top],
    )
    return chart, table, list(zip(top, links, strict=True))


def _summary_table(tiles: list[dict]) -> Table:
    rows = []
    for tile in tiles:
        value = tile.get("count")
        rate = tile.get("rate")
        if "score" in tile:
            value = tile["score"]
        if "minutes" in tile:
            value = tile["minutes"]
        rows.append([str(tile["label"]), value, Percent(rate) if rate is not None else None])
    return Table("summary", _("Summary"), [_("Figure"), _("Value"), _("Share")], rows)


def judged_by_the_scorecard(period) -> bool:
    """The national scorecard is judged over a month, a quarter or a year: custom dates longer than a year get
    none (counting it would judge every dossier of those years on each view)."""
    return period.kind != CUSTOM or (period.last - period.first).days < 366


def _page(request, *, agency: Agency | None):
    form = filter_form(request)
    scope = scope_from(form, request.user)
    if agency is not None:
        scope = dataclasses.replace(scope, agency_id=agency.pk)
    params = filter_params(form)
    if agency is not None:
        params["agency"] = agency.code
    procedures = agg.procedure_catalogue()
    agencies = agg.agency_catalogue()
    aggregate = agg.aggregate(scope, procedures=procedures, agencies=agencies)
    sort, descending = request.GET.get("sort", "name"), request.GET.get("dir", "asc") == "desc"
    if agency is None:
        allowed = [a.pk for a in agencies.values() if a.is_active and scope.agency_id in (None, a.pk)]
        rows = agg.empty_rows_for(allowed, agencies, aggregate.agencies)
        level, title, table_name = "agency", _("By agency"), "agencies"
    else:
        rows, level, title, table_name = aggregate.procedures, "procedure", _("By procedure"), "procedures"
    rows = tables.sort_rows(rows, sort, descending)
    breakdown_rows, total_row = tables.breakdown(rows, aggregate.totals, params, level=level)
    waits_by_site = agg.queue_waits_by_site(scope)
    wait = agg.queue_wait(scope, waits_by_site)
    tiles = _tiles(aggregate.totals, params, wait)
    trend_chart, trend_table = _trend(aggregate, params)
    top_chart, top_table, top_rows = _top_late(aggregate, params)
    # The national scorecard, per agency and period only (the field and channel filters do not apply): the
    # counts kept for the period (monitoring/scorecard/kept.py), not its dossiers.
    card, ranked = None, []
    if judged_by_the_scorecard(scope.period):
        facts = scorecard_facts(scope.period, site_id=scope.site_id)
        code = agencies[scope.agency_id].code if scope.agency_id else None
        card = build(facts, agency_id=scope.agency_id, agency_code=code)
        ranked = ranking(facts, [a for a in agencies.values() if a.is_active]) if scope.agency_id is None else []
    available = {
        "summary": lambda: _summary_table(tiles),
        table_name: lambda: tables.breakdown_table(table_name, str(title), rows, aggregate.totals),
        "trend": lambda: trend_table,
        "top-late": lambda: top_table,
    }
    if card is not None:
        available["scorecard"] = lambda: sc.scorecard_table(card)
    if ranked:
        available["scorecard-ranking"] = lambda: sc.ranking_table(ranked)
    export = wants_export(request)
    if export:
        if export[0] not in available:
            raise Http404
        return exports.export_response(available[export[0]](), export[1], export_about(form, scope))
    overdue = list(overdue_list(scope)[:PREVIEW])
    calendar = workdays.load_calendar() if overdue else None
    own = dashboard_agency_id(request.user)
    return render(
        request,
        "monitoring/dashboard.html",
        {
            "form": form,
            "scope": scope,
            "params": params,
            "agency": agency,
            "tiles": tiles,
            "columns": tables.columns(),
            "rows": breakdown_rows,
            "total_row": total_row,
            "level": level,
            "table_title": title,
            "table_export": table_name,
            "sort": sort,
            "descending": descending,
            "trend_chart": trend_chart,
            "trend_rows": aggregate.trend,
            "top_chart": top_chart,
            "top_rows": top_rows,
            "scorecard": card,
            "scorecard_rows": sc.scorecard_rows(card, params) if card else [],
            "ranking": ranked,
            "definitions": [(LABELS[k], DEFINITIONS[k]) for k in DEFINITIONS],
            "alerts": list(alert_list(agency_id=agency.pk if agency else own)[:PREVIEW]),
            "overdue": [(d, working_days_late(d.due_at, scope.now, calendar)) for d in overdue],
            "queue_wait": wait,
            "sites": agg.site_comparison(scope, waits_by_site),
            "duties": duties_section(scope, params),  # monitoring/includes/duties.html
            "exports": {name: export_links(request.path, params, name) for name in available},
            "headers": tables.header_links(request.path, params, sort, descending),
        },
    )


@dashboard_required
@replica_view
def dashboard(request):
    with rollups.shared_reads():
        return _page(request, agency=None)


@dashboard_required
@replica_view
def agency_page(request, code: str):
    agency = Agency.objects.filter(code=code).first()
    if agency is None:
        raise Http404
    own = dashboard_agency_id(request.user)
    if own is not None and own != agency.pk:
        raise PermissionDenied(_("You can only see your own agency."))
    with rollups.shared_reads():
        return _page(request, agency=agency)
