"""The dashboard's numbers, from the rollups (monitoring/rollups), rolled up in Python.

The counts of the period (and the open stock of now) come grouped by agency and procedure, each defined
as monitoring/metrics.py defines it on dossiers (the drill-down lists filter the dossiers with the same
definitions; `verify_rollups` checks that the two agree). Agencies, totals and the top procedures by late
count are sums of those rows, so they always agree with each other. Neither the number of queries nor
their cost depends on how many dossiers the province keeps.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from monitoring.metrics import Scope
from monitoring.rollups import selectors as rollups
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
    """One row per (agency, procedure) with every count of the period (and of now), from the rollups."""
    return rollups.tallies(scope, by=("agency_id", "procedure_id"))


def trend_rows(scope: Scope) -> dict[dt.date, dict[str, int]]:
    """Early, on-time and late results per month over the twelve months ending with the period."""
    months = scope.period.trend_months()
    return rollups.monthly(scope, months[0], len(months), TREND)


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
            row.ratings += data["ratings"]
            row.score_sum += data["score_sum"]
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


def queue_waits_by_site(scope: Scope) -> dict:
    """{site id (None: a group without a site): {"tickets", "seconds"}} for tickets of the period, of the
    scope's agency (closed days from the kept daily counts, today live: counters/rollups.py). The queue-wait
    tile and the sites' comparison both read it: one set of queries per page."""
    from counters.rollups import ticket_waits

    return ticket_waits(first=scope.period.first, last=scope.period.last, agency_id=scope.agency_id)


def queue_wait(scope: Scope, by_site: dict | None = None) -> dict:
    """Average wait from taking a queue ticket to its first call, for tickets of the period in the scope's
    agency and site."""
    from counters.rollups import mean_seconds

    by_site = queue_waits_by_site(scope) if by_site is None else by_site
    waits = [wait for site, wait in by_site.items() if scope.site_id in (None, site)]
    total = {"tickets": sum(w["tickets"] for w in waits), "seconds": sum(w["seconds"] for w in waits)}
    return {"tickets": total["tickets"], "seconds": mean_seconds(total)}


SITE_KEYS = COMPLIANCE_KEYS


def site_comparison(scope: Scope, by_site: dict | None = None) -> list[dict]:
    """The sites side by side for the period: dossiers received there and how they fared, and the queue's
    average wait (`by_site`: queue_waits_by_site's answer, when the caller has it). A few grouped queries,
    whatever the number of sites or the length of the period."""
    from counters.models import Site
    from counters.rollups import mean_seconds

    per_site = {row["site_id"]: row for row in rollups.tallies(scope, by=("site_id",)) if row["site_id"]}
    waits = queue_waits_by_site(scope) if by_site is None else by_site
    sites = Site.objects.filter(is_active=True)
    if scope.site_id:
        sites = sites.filter(pk=scope.site_id)
    rows = []
    for site in sites:
        tally = Tally.empty()
        tally.add(per_site.get(site.pk, {}))
        wait = waits.get(site.pk, {})
        seconds = mean_seconds(wait)
        rows.append({"site": site, "tally": tally, "tickets": wait.get("tickets", 0),
                     "wait_minutes": seconds / 60 if seconds is not None else None})  # fmt: skip
    return rows
