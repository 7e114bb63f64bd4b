"""Reading the rollups for a scope (monitoring/metrics.Scope): counts per group over a period.

A period is read as its whole years from the yearly rows, the whole months around them from the monthly
rows and the days at either end from the daily rows, so a five-year period reads a few dozen rows per key,
not eighteen hundred. Overdue and near-due
counts at `scope.now` take whole due days from the open stock and the two days where the line falls (today,
and the day of the near-due limit) from the dossiers due on them, by the (status, due_at) index.
"""

from __future__ import annotations

import contextlib
import contextvars
import datetime as dt
from collections import defaultdict

from django.db.models import Count, Q, Sum
from django.db.models.functions import Coalesce

from dossiers.models import Channel, Dossier
from dossiers.workflow import CLOCK_RUNNING
from monitoring.periods import add_months, local_midnight
from monitoring.rollups.maintain import local_day
from monitoring.rollups.models import DAY, FLOW_COUNTS, MONTH, YEAR, Flow, OpenStock
from procedures.models import Procedure

FLOW_SUMS = FLOW_COUNTS
OPEN_SUMS = ["open", "overdue", "near_due"]
# Group names as the callers know them (the dossiers' columns) and as the rollups store them.
STORED = {"agency_id": "agency_id", "procedure_id": "procedure_id", "site_id": "site_key", "channel": "channel",
          "counter_id": "counter_key"}  # fmt: skip


def key_q(scope, *, site_field: str = "site_key") -> Q:
    """The scope's filters on a rollup table."""
    q = Q()
    if scope.agency_id:
        q &= Q(agency_id=scope.agency_id)
    if scope.procedure_id:
        q &= Q(procedure_id=scope.procedure_id)
    if scope.field_id:
        q &= Q(procedure_id__in=Procedure.objects.filter(field_id=scope.field_id).values("pk"))
    if scope.channel:
        q &= Q(channel=scope.channel)
    if scope.site_id:
        q &= Q(**{site_field: scope.site_id})
    return q


def days_q(first: dt.date, last: dt.date) -> Q:
    """The rows that make up the local days first..last: yearly rows for whole years, monthly rows for the
    whole months around them, daily rows for the rest."""
    whole_first = first if (first.month, first.day) == (1, 1) else dt.date(first.year + 1, 1, 1)
    whole_last = dt.date(last.year + 1, 1, 1) if (last.month, last.day) == (12, 31) else dt.date(last.year, 1, 1)
    if whole_first >= whole_last:  # no whole year inside: months and days
        return _months_q(first, last)
    q = Q(span=YEAR, day__gte=whole_first, day__lt=whole_last)
    if first < whole_first:
        q |= _months_q(first, whole_first - dt.timedelta(days=1))
    if whole_last <= last:
        q |= _months_q(whole_last, last)
    return q


def _months_q(first: dt.date, last: dt.date) -> Q:
    """Monthly rows for the whole months of first..last, daily rows for the rest."""
    whole_first = first if first.day == 1 else add_months(first, 1)
    after = last + dt.timedelta(days=1)
    whole_last = after if after.day == 1 else last.replace(day=1)  # exclusive: the month after the last whole one
    if whole_first >= whole_last:
        return Q(span=DAY, day__gte=first, day__lte=last)
    q = Q(span=MONTH, day__gte=whole_first, day__lt=whole_last)
    if first < whole_first:
        q |= Q(span=DAY, day__gte=first, day__lt=whole_first)
    if whole_last <= last:
        q |= Q(span=DAY, day__gte=whole_last, day__lte=last)
    return q


def _zero() -> dict:
    return dict.fromkeys([*FLOW_SUMS, "online", *OPEN_SUMS], 0)


def tallies(scope, by: tuple[str, ...]) -> list[dict]:
    """One dict per group `by` (names of STORED) with every count of the period and of now: the flows
    (received, stopped, resolved and its outcomes, ratings and their score sum, online) and the open
    stock (open, overdue, near_due). Groups with nothing to count are left out."""
    groups: dict[tuple, dict] = defaultdict(_zero)
    for row in flow_sums(scope, by):
        groups[tuple(row[name] for name in by)].update({k: v for k, v in row.items() if k not in by})
    for row in open_sums(scope, by):
        groups[tuple(row[name] for name in by)].update({k: v for k, v in row.items() if k not in by})
    return [{**dict(zip(by, key, strict=True)), **counts} for key, counts in groups.items() if any(counts.values())]


def _grouped(queryset, by: tuple[str, ...], sums: dict) -> list[dict]:
    stored = [STORED[name] for name in by]
    # Annotated as total_<name>: a sum may not take the name of the column it sums.
    rows = queryset.values(*stored).annotate(**{f"total_{k}": v for k, v in sums.items()}).order_by()
    out = []
    for row in rows:
        named = {name: row[STORED[name]] for name in by}
        for name in ("site_id", "counter_id"):
            if name in named:
                named[name] = named[name] or None  # NO_SITE, NO_COUNTER back to "none"
        out.append({**named, **{k: row[f"total_{k}"] or 0 for k in sums}})
    return out


# Inside shared_reads(): the flows of a scope read once, at the finest grain the pages group by, and summed
# in Python for each grouping (the dashboard groups them three ways: a long period's rows are read once).
_shared: contextvars.ContextVar[dict | None] = contextvars.ContextVar("rollup_shared_reads", default=None)
FINEST = ("agency_id", "procedure_id", "site_id", "counter_id")


@contextlib.contextmanager
def shared_reads():
    token = _shared.set({})
    try:
        yield
    finally:
        _shared.reset(token)


def flow_sums(scope, by: tuple[str, ...]) -> list[dict]:
    shared = _shared.get()
    if shared is None or not set(by) <= set(FINEST):
        return _flow_query(scope, by)
    if scope not in shared:
        shared[scope] = _flow_query(scope, FINEST)
    totals: dict[tuple, dict] = {}
    for row in shared[scope]:
        key = tuple(row[name] for name in by)
        into = totals.setdefault(key, {**dict(zip(by, key, strict=True)), **dict.fromkeys([*FLOW_SUMS, "online"], 0)})
        for name in (*FLOW_SUMS, "online"):
            into[name] += row[name]
    return list(totals.values())


def _flow_query(scope, by: tuple[str, ...]) -> list[dict]:
    period = scope.period
    flows = Flow.objects.filter(days_q(period.first, period.last), key_q(scope))
    sums = {name: Sum(name) for name in FLOW_SUMS}
    sums["online"] = Coalesce(Sum("received", filter=Q(channel=Channel.ONLINE)), 0)
    return _grouped(flows, by, sums)


def open_sums(scope, by: tuple[str, ...]) -> list[dict]:
    """Open now, overdue and near due at scope.now, per group."""
    today, limit_day = local_day(scope.now), local_day(scope.near_due_until)
    stock = OpenStock.objects.filter(key_q(scope))
    whole = _grouped(
        stock,
        by,
        {
            "open": Sum("n"),
            "overdue": Sum("n", filter=Q(running=True, due_day__lt=today)),
            "near_due": Sum("n", filter=Q(running=True, due_day__gt=today, due_day__lt=limit_day)),
        },
    )
    edges = _edge_days(scope, by, today, limit_day)
    merged: dict[tuple, dict] = {}
    for row in [*whole, *edges]:
        key = tuple(row[name] for name in by)
        into = merged.setdefault(key, {**{name: row[name] for name in by}, **dict.fromkeys(OPEN_SUMS, 0)})
        for name in OPEN_SUMS:
            into[name] += row.get(name, 0)
    return list(merged.values())


def _edge_days(scope, by: tuple[str, ...], today: dt.date, limit_day: dt.date) -> list[dict]:
    """Overdue and near-due dossiers due on today or on the near-due limit's day, read from the dossiers."""
    from monitoring.metrics import base_q

    def day_q(day: dt.date) -> Q:
        return Q(due_at__gte=local_midnight(day), due_at__lt=local_midnight(day + dt.timedelta(days=1)))

    due = Dossier.objects.filter(base_q(scope), day_q(today) | day_q(limit_day), status__in=CLOCK_RUNNING)
    rows = (
        due.values(*by)
        .annotate(
            overdue=Count("pk", filter=Q(due_at__lt=scope.now)),
            near_due=Count("pk", filter=Q(due_at__gte=scope.now, due_at__lte=scope.near_due_until)),
        )
        .order_by()
    )
    return [dict(row) for row in rows]


def monthly(scope, first_month: dt.date, months: int, names: list[str]) -> dict[dt.date, dict[str, int]]:
    """{first day of month: {name: sum}} for `months` months from first_month, from the monthly rows."""
    rows = (
        Flow.objects.filter(key_q(scope), span=MONTH, day__gte=first_month, day__lt=add_months(first_month, months))
        .values("day")
        .annotate(**{f"total_{name}": Sum(name) for name in names})
        .order_by()
    )
    found = {row["day"]: {name: row[f"total_{name}"] or 0 for name in names} for row in rows}
    return {
        add_months(first_month, i): found.get(add_months(first_month, i), dict.fromkeys(names, 0))
        for i in range(months)
    }
