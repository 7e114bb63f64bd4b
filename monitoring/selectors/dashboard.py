"""The dashboard's numbers: one grouped query over dossiers, rolled up in Python.

The query groups the dossiers relevant to the period (received or resolved in it, or open now) by
agency and procedure, with one filtered count per metric (monitoring/metrics.py). Agencies, totals and
the top procedures by late count are sums of those rows, so they always agree with each other. The
monthly trend is a second grouped query (grouping both by month made PostgreSQL misjudge the number of
groups and sort on disk). The number of queries does not depend on the amount of data.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Avg, Count, F, Q, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone

from dossiers.models import Dossier, SatisfactionRating
from dossiers.workflow import OPEN
from monitoring.metrics import Scope, _between, base_q, metric_q
from procedures.models import Agency, Procedure

AGGREGATED = ["received", "resolved", "early", "on_time", "late", "stopped", "open", "overdue", "near_due", "online"]
TREND = ["early", "on_time", "late"]


class Tally(dict):
    """Counts of one row (an agency, a procedure, the total) and the rates derived from them."""

    @classmethod
    def empty(cls) -> Tally:
        return cls(dict.fromkeys(AGGREGATED, 0))

    def add(self, other: dict) -> None:
        for key in self:
            self[key] += other.get(key, 0)

    @staticmethod
    def _share(part: int, whole: int) -> float | None:
        return None if not whole else part / whole

    @property
    def early_rate(self):
        return self._share(self["early"], self["resolved"])

    @property
    def on_time_rate(self):
        return self._share(self["on_time"], self["resolved"])

    @property
    def late_rate(self):
        return self._share(self["late"], self["resolved"])

    @property
    def punctual_rate(self):
        """Early or on time, over resolved."""
        return self._share(self["early"] + self["on_time"], self["resolved"])

    @property
    def online_share(self):
        return self._share(self["online"], self["received"])


@dataclass
class Row:
    """A line of a table: an agency or a procedure, with its counts and satisfaction."""

    pk: int
    code: str
    name: str
    tally: Tally = field(default_factory=Tally.empty)
    ratings: int = 0
    score_sum: int = 0

    @property
    def satisfaction(self) -> float | None:
        """Mean of the five criteria over the ratings of dossiers resolved in the period (3 very satisfied,
        2 satisfied, 1 unsatisfied)."""
        return self.score_sum / (5 * self.ratings) if self.ratings else None


@dataclass
class Aggregate:
    totals: Row
    agencies: list[Row]
    procedures: list[Row]
    trend: list[tuple[dt.date, dict[str, int]]]


def aggregate_rows(scope: Scope) -> list[dict]:
    """The grouped query: one row per (agency, procedure) with a filtered count per metric."""
    where = metric_q("received", scope) | metric_q("resolved", scope) | Q(status__in=OPEN)
    counts = {name: Count("pk", filter=metric_q(name, scope)) for name in AGGREGATED}
    return list(
        Dossier.objects.filter(base_q(scope))
        .filter(where)
        .values("agency_id", "procedure_id")
        .annotate(**counts)
        .order_by()
    )


def trend_rows(scope: Scope) -> dict[dt.date, dict[str, int]]:
    """Early, on-time and late results per month over the twelve months ending with the period."""
    trend = {month: dict.fromkeys(TREND, 0) for month in scope.period.trend_months()}
    rows = (
        Dossier.objects.filter(base_q(scope), _between("result_ready_at", scope.trend_start, scope.trend_end))
        .annotate(month=TruncMonth("result_ready_at"))
        .values("month")
        .annotate(**{name: Count("pk", filter=Q(outcome=name)) for name in TREND})
        .order_by()
    )
    for row in rows:
        month = timezone.localtime(row["month"]).date()
        if month in trend:
            trend[month] = {name: row[name] for name in TREND}
    return trend


def satisfaction_rows(scope: Scope) -> list[dict]:
    """Ratings of the dossiers resolved in the period, per (agency, procedure): how many and the sum of all
    criteria."""
    score = F("reception") + F("attitude") + F("timeliness") + F("clarity") + F("result")
    return list(
        SatisfactionRating.objects.filter(base_q(scope, "dossier__"))
        .filter(_between("dossier__result_ready_at", scope.period.start, scope.period.end))
        .values("dossier__agency_id", "dossier__procedure_id")
        .annotate(n=Count("pk"), total=Sum(score))
        .order_by()
    )


def aggregate(scope: Scope, *, procedures: dict[int, dict], agencies: dict[int, Agency]) -> Aggregate:
    """Roll the grouped rows up into procedures, agencies, totals and the monthly trend."""
    by_procedure: dict[int, Row] = {}
    by_agency: dict[int, Row] = {}
    totals = Row(0, "", "")
    for data in aggregate_rows(scope):
        meta = procedures[data["procedure_id"]]
        agency = agencies[data["agency_id"]]
        tally = {name: data[name] for name in AGGREGATED}
        proc_row = by_procedure.setdefault(meta["pk"], Row(meta["pk"], meta["code"], meta["name"]))
        agency_row = by_agency.setdefault(agency.pk, Row(agency.pk, agency.code, agency.name))
        for row in (proc_row, agency_row, totals):
            row.tally.add(tally)
    for data in satisfaction_rows(scope):
        meta = procedures[data["dossier__procedure_id"]]
        agency = agencies[data["dossier__agency_id"]]
        proc_row = by_procedure.setdefault(meta["pk"], Row(meta["pk"], meta["code"], meta["name"]))
        agency_row = by_agency.setdefault(agency.pk, Row(agency.pk, agency.code, agency.name))
        for row in (proc_row, agency_row, totals):
            row.ratings += data["n"]
            row.score_sum += data["total"] or 0
    return Aggregate(
        totals=totals,
        agencies=sorted(by_agency.values(), key=lambda r: r.name),
        procedures=sorted(by_procedure.values(), key=lambda r: r.code),
        trend=list(trend_rows(scope).items()),
    )


def top_late(procedures: list[Row], limit: int = 10) -> list[Row]:
    return sorted((r for r in procedures if r.tally["late"]), key=lambda r: (-r.tally["late"], r.code))[:limit]


def procedure_catalogue() -> dict[int, dict]:
    """Every procedure's id, code and name (a few hundred rows, one query)."""
    return {p["pk"]: p for p in Procedure.objects.values("pk", "code", "name")}


def agency_catalogue() -> dict[int, Agency]:
    return {a.pk: a for a in Agency.objects.all()}


def empty_rows_for(agency_ids: list[int], agencies: dict[int, Agency], rows: list[Row]) -> list[Row]:
    """Agencies with nothing to count still get a line of zeros (directors expect every agency)."""
    present = {r.pk for r in rows}
    extra = [Row(pk, agencies[pk].code, agencies[pk].name) for pk in agency_ids if pk not in present]
    return sorted([*rows, *extra], key=lambda r: r.name)


COMPLIANCE_KEYS = ["received", "resolved", "early", "on_time", "late", "open", "overdue"]


def compliance(scope: Scope, agencies: list[Agency]) -> dict:
    """The compliance report of the API: totals and one entry per agency (zeros included), by code."""
    per_agency = {agency.pk: Tally.empty() for agency in agencies}
    totals = Tally.empty()
    for data in aggregate_rows(scope):
        if data["agency_id"] in per_agency:
            per_agency[data["agency_id"]].add(data)
            totals.add(data)
    return {
        "totals": {key: totals[key] for key in COMPLIANCE_KEYS},
        "by_agency": [
            {"agency": agency.code, **{key: per_agency[agency.pk][key] for key in COMPLIANCE_KEYS}}
            for agency in sorted(agencies, key=lambda a: a.code)
        ],
    }


def queue_wait(scope: Scope) -> dict:
    """Average wait from taking a queue ticket to its first call, for tickets of the period."""
    from counters.models import Ticket

    tickets = Ticket.objects.filter(day__gte=scope.period.first, day__lte=scope.period.last, wait_seconds__isnull=False)
    if scope.agency_id:
        tickets = tickets.filter(group__agencies=scope.agency_id)
    if scope.site_id:
        tickets = tickets.filter(group__site=scope.site_id)
    return tickets.aggregate(tickets=Count("pk"), seconds=Avg("wait_seconds"))


SITE_KEYS = COMPLIANCE_KEYS


def site_comparison(scope: Scope) -> list[dict]:
    """The sites side by side for the period: dossiers received there and how they fared, and the queue's
    average wait. Two grouped queries, whatever the number of sites."""
    from counters.models import Site, Ticket

    where = metric_q("received", scope) | metric_q("resolved", scope) | Q(status__in=OPEN)
    counts = {name: Count("pk", filter=metric_q(name, scope)) for name in SITE_KEYS}
    per_site = {
        row["site_id"]: row
        for row in Dossier.objects.filter(base_q(scope), where, site__isnull=False)
        .values("site_id")
        .annotate(**counts)
        .order_by()
    }
    tickets = Ticket.objects.filter(day__gte=scope.period.first, day__lte=scope.period.last, wait_seconds__isnull=False)
    if scope.agency_id:
        tickets = tickets.filter(group__agencies=scope.agency_id)
    waits = {
        row["group__site"]: row
        for row in tickets.values("group__site").annotate(tickets=Count("pk"), seconds=Avg("wait_seconds")).order_by()
    }
    sites = Site.objects.filter(is_active=True)
    if scope.site_id:
        sites = sites.filter(pk=scope.site_id)
    rows = []
    for site in sites:
        tally = Tally.empty()
        tally.add(per_site.get(site.pk, {}))
        wait = waits.get(site.pk, {})
        seconds = wait.get("seconds")
        rows.append({"site": site, "tally": tally, "tickets": wait.get("tickets", 0),
                     "wait_minutes": seconds / 60 if seconds is not None else None})  # fmt: skip
    return rows
