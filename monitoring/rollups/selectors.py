"""Reading the rollups for a scope (monitoring/metrics.Scope): counts per group over a period.

A period is read from the fewest rows that add up to it (terms.py: yearly, monthly and daily rows, a nearly
whole year or month as the whole minus what lies outside), so a five-year period reads a few sets of rows
per key, not eighteen hundred. The groupings of one dashboard page come from one statement per table
(GROUPING SETS on PostgreSQL): what Python receives is bounded by the catalogue, not by the dossiers. Overdue
and near-due counts at `scope.now` take whole due days from the open stock and the two days where the line
falls (today, and the day of the near-due limit) from the dossiers due on them, by the (status, due_at) index.
"""

from __future__ import annotations

import contextlib
import contextvars
import datetime as dt
from collections import defaultdict

from django.db import connections
from django.db.models import Case, F, Q, Sum, Value, When

from dossiers.models import Channel, Dossier
from dossiers.workflow import CLOCK_RUNNING
from monitoring.periods import add_months, local_midnight
from monitoring.rollups.maintain import local_day
from monitoring.rollups.models import FLOW_COUNTS, MONTH, Flow, OpenStock
from monitoring.rollups.terms import period_terms, signed
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


def _grouped(queryset, by: tuple[str, ...], per_row: dict, stored: dict = STORED) -> list[dict]:
    """Sums of the `per_row` expressions ({name: expression of one row}) per group `by`."""
    # Annotated as total_<name>: a sum may not take the name of the column it sums.
    rows = queryset.values(*[stored[name] for name in by])
    rows = rows.annotate(**{f"total_{k}": Sum(v) for k, v in per_row.items()}).order_by()
    return [_named(row, by, per_row, stored) for row in rows]


def _named(row: dict, by: tuple[str, ...], sums, stored: dict) -> dict:
    named = {name: row[stored[name]] for name in by}
    for name in ("site_id", "counter_id"):
        if name in named:
            named[name] = named[name] or None  # NO_SITE, NO_COUNTER back to "none"
    return {**named, **{k: row[f"total_{k}"] or 0 for k in sums}}


def _grouped_sets(queryset, groupings: tuple[tuple[str, ...], ...], per_row: dict, stored: dict = STORED) -> dict:
    """{grouping: _grouped(…)} for each of `groupings`, in one statement on PostgreSQL (GROUPING SETS): the
    rows are read once and summed in the database, so what comes back is bounded by the catalogue
    (agencies, procedures, sites, counters), not by how many dossiers the rows count."""
    connection = connections[queryset.db]
    if connection.vendor != "postgresql" or len(groupings) == 1:
        return {by: _grouped(queryset, by, per_row, stored) for by in groupings}
    columns = sorted({stored[name] for by in groupings for name in by})
    # Django writes the filtered rows with their per-row values; the outer query sums them per set (PostgreSQL
    # pulls the inner query up: one scan, one hash per set).
    inner = queryset.values(*columns, **{f"row_{k}": v for k, v in per_row.items()}).order_by()
    inner_sql, params = inner.query.sql_with_params()
    quote = connection.ops.quote_name
    listed = ", ".join(quote(c) for c in columns)
    sets = ", ".join("(" + ", ".join(quote(stored[n]) for n in by) + ")" for by in groupings)
    # As bigint, whatever the row values' type (PostgreSQL sums bigints into numeric: Decimal in Python).
    totals = ", ".join(f"SUM({quote('row_' + k)})::bigint AS {quote('total_' + k)}" for k in per_row)
    sql = f"SELECT {listed}, GROUPING({listed}) AS grouping_mask, {totals} FROM ({inner_sql}) AS fine " \
          f"GROUP BY GROUPING SETS ({sets})"  # fmt: skip
    # GROUPING() has a bit set, leftmost column highest, for each column summed over in that row's set.
    masks = {
        sum(1 << (len(columns) - 1 - i) for i, c in enumerate(columns) if c not in {stored[n] for n in by}): by
        for by in groupings
    }
    found: dict[tuple, list[dict]] = {by: [] for by in groupings}
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        names = [d[0] for d in cursor.description]
        for values in cursor.fetchall():
            row = dict(zip(names, values, strict=True))
            by = masks[row["grouping_mask"]]
            found[by].append(_named(row, by, per_row, stored))
    return found


def _when(q: Q, then) -> Case:
    return Case(When(q, then=then), default=Value(0))


# Inside shared_reads(): the groupings one dashboard page reads (its agency and procedure tables, the sites'
# comparison, the hand-over duties per counter) come from one statement per table and scope.
_shared: contextvars.ContextVar[dict | None] = contextvars.ContextVar("rollup_shared_reads", default=None)
PAGE_GROUPINGS = (("agency_id", "procedure_id"), ("site_id",), ("counter_id", "agency_id"))
STOCK_GROUPINGS = tuple(by for by in PAGE_GROUPINGS if "counter_id" not in by)  # the stock has no counter


@contextlib.contextmanager
def shared_reads():
    token = _shared.set({})
    try:
        yield
    finally:
        _shared.reset(token)


def _read_shared(name: str, scope, by: tuple[str, ...], groupings, read_sets, read_one) -> list[dict]:
    shared = _shared.get()
    if shared is None or by not in groupings:
        return read_one(scope, by)
    if (name, scope) not in shared:
        shared[(name, scope)] = read_sets(scope, groupings)
    return shared[(name, scope)][by]


def flow_sums(scope, by: tuple[str, ...]) -> list[dict]:
    return _read_shared("flows", scope, by, PAGE_GROUPINGS, _flow_sets, lambda s, b: _flow_sets(s, (b,))[b])


def _flow_sets(scope, groupings) -> dict[tuple, list[dict]]:
    period = scope.period
    rows, sign = signed(period_terms(period.first, period.last))
    per_row = {name: F(name) for name in FLOW_SUMS}
    per_row["online"] = _when(Q(channel=Channel.ONLINE), F("received"))
    if sign is not None:  # a month or year minus what lies outside the period
        per_row = {name: value * sign for name, value in per_row.items()}
    return _grouped_sets(Flow.objects.filter(rows, key_q(scope)), groupings, per_row)


def open_sums(scope, by: tuple[str, ...]) -> list[dict]:
    """Open now, overdue and near due at scope.now, per group."""
    return _read_shared("stock", scope, by, STOCK_GROUPINGS, _open_sets, lambda s, b: _open_sets(s, (b,))[b])


def _open_sets(scope, groupings) -> dict[tuple, list[dict]]:
    today, limit_day = local_day(scope.now), local_day(scope.near_due_until)
    whole = _grouped_sets(
        OpenStock.objects.filter(key_q(scope)),
        groupings,
        {
            "open": F("n"),
            "overdue": _when(Q(running=True, due_day__lt=today), F("n")),
            "near_due": _when(Q(running=True, due_day__gt=today, due_day__lt=limit_day), F("n")),
        },
    )
    edges = _edge_days(scope, groupings, today, limit_day)
    found = {}
    for by in groupings:
        merged: dict[tuple, dict] = {}
        for row in [*whole[by], *edges[by]]:
            key = tuple(row[name] for name in by)
            into = merged.setdefault(key, {**{name: row[name] for name in by}, **dict.fromkeys(OPEN_SUMS, 0)})
            for name in OPEN_SUMS:
                into[name] += row.get(name, 0)
        found[by] = list(merged.values())
    return found


AS_ON_DOSSIERS = {name: name for name in STORED}


def _edge_days(scope, groupings, today: dt.date, limit_day: dt.date) -> dict[tuple, list[dict]]:
    """Overdue and near-due dossiers due on today or on the near-due limit's day, read from the dossiers."""
    from monitoring.metrics import base_q

    def day_q(day: dt.date) -> Q:
        return Q(due_at__gte=local_midnight(day), due_at__lt=local_midnight(day + dt.timedelta(days=1)))

    due = Dossier.objects.filter(base_q(scope), day_q(today) | day_q(limit_day), status__in=CLOCK_RUNNING)
    counts = {
        "overdue": _when(Q(due_at__lt=scope.now), Value(1)),
        "near_due": _when(Q(due_at__gte=scope.now, due_at__lte=scope.near_due_until), Value(1)),
    }
    return _grouped_sets(due, groupings, counts, AS_ON_DOSSIERS)


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
