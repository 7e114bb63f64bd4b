"""Keeping the rollups in step with every dossier, in the transaction that changes it.

A dossier's *contribution* is what it adds to the tables (models.py) in its present state. Saving it
applies new contribution − old contribution: most transitions (received → in progress, a hand-over) move
nothing; receiving a dossier is one upsert per table, written by the dossier's own INSERT statement on
PostgreSQL (counted_by_insert). The old state is the row as stored, read under a
row lock in the saving transaction (not what the instance was loaded with: another transaction may have
changed the row since); a save whose `update_fields` hold no counted field reads and writes nothing.

Bulk writes that bypass `save()` (the demo's and the bench's loaders, a migration) rebuild the tables
afterwards (services.rollups_rebuild); `manage.py verify_rollups` finds any row that disagrees.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
from collections import defaultdict
from typing import NamedTuple

from django.conf import settings
from django.db import connections, router

from center.workdays import local_zone
from dossiers.models import Outcome, SatisfactionRating
from dossiers.workflow import CLOCK_RUNNING, OPEN
from dossiers.workflow import DossierStatus as S
from monitoring.rollups.models import DAY, FLOW_COUNTS, MONTH, NO_COUNTER, NO_DUE_DAY, NO_SITE, YEAR, Flow, OpenStock

STOPPED_STATUSES = (S.STOPPED, S.WITHDRAWN)
OUTCOMES = (Outcome.EARLY, Outcome.ON_TIME, Outcome.LATE)
_COLUMN = {name: index for index, name in enumerate(FLOW_COUNTS)}


class State(NamedTuple):
    """The fields of a dossier the rollups count by (attribute names)."""

    received_at: dt.datetime | None
    result_ready_at: dt.datetime | None
    status: str
    outcome: str
    site_id: int | None
    agency_id: int
    procedure_id: int
    channel: str
    due_at: dt.datetime | None
    counter_id: int | None
    handed_over_at: dt.datetime | None
    handover_due_at: dt.datetime | None


FIELDS = State._fields


def state_of(dossier) -> State:
    return State(*(getattr(dossier, name) for name in FIELDS))


def local_day(moment: dt.datetime) -> dt.date:
    return moment.astimezone(local_zone()).date()


def _flow_keys(state: State, moment: dt.datetime) -> list[tuple]:
    day = local_day(moment)
    rest = (
        state.site_id or NO_SITE,
        state.agency_id,
        state.procedure_id,
        state.channel,
        state.counter_id or NO_COUNTER,
    )
    return [(DAY, day, *rest), (MONTH, day.replace(day=1), *rest), (YEAR, day.replace(month=1, day=1), *rest)]


def resolved_keys(state: State | None) -> list[tuple]:
    """Where the dossier's result (and so its rating) is counted; none before its result is ready."""
    if state is None or state.result_ready_at is None:
        return []
    return _flow_keys(state, state.result_ready_at)


def contribution(state: State | None) -> tuple[dict[tuple, list[int]], dict[tuple, int]]:
    """(flows, open stock) that one dossier in `state` adds."""
    flows: dict[tuple, list[int]] = defaultdict(lambda: [0] * len(FLOW_COUNTS))
    stock: dict[tuple, int] = {}
    if state is None:
        return flows, stock
    if state.received_at is not None:
        for key in _flow_keys(state, state.received_at):
            flows[key][_COLUMN["received"]] += 1
            if state.status in STOPPED_STATUSES:
                flows[key][_COLUMN["stopped"]] += 1
            if state.handed_over_at is not None and state.handover_due_at is not None:
                # As dossiers/handover.handover_states_q judges it.
                late = state.handed_over_at > state.handover_due_at
                flows[key][_COLUMN["handed_late" if late else "handed_on_time"]] += 1
    for key in resolved_keys(state):
        flows[key][_COLUMN["resolved"]] += 1
        if state.outcome in OUTCOMES:
            flows[key][_COLUMN[state.outcome]] += 1
    if state.status in OPEN:
        due_day = local_day(state.due_at) if state.due_at is not None else NO_DUE_DAY
        running = state.status in CLOCK_RUNNING
        stock[(due_day, running, state.site_id or NO_SITE, state.agency_id, state.procedure_id, state.channel)] = 1
    return flows, stock


def rating_flows(keys: list[tuple], score: int, sign: int) -> dict[tuple, list[int]]:
    flows: dict[tuple, list[int]] = defaultdict(lambda: [0] * len(FLOW_COUNTS))
    for key in keys:
        flows[key][_COLUMN["ratings"]] += sign
        flows[key][_COLUMN["score_sum"]] += sign * score
    return flows


UNCOUNTED = object()  # a save that changes no count


def _attnames(model, update_fields) -> set[str]:
    return {model._meta.get_field(name).attname for name in update_fields}


def stored_state(dossier, update_fields=None):
    """Before a save: the row's counted fields as stored (None for a new dossier), or UNCOUNTED."""
    if not settings.ROLLUPS_MAINTAINED:
        return UNCOUNTED
    if update_fields is not None and not _attnames(type(dossier), update_fields) & set(FIELDS):
        return UNCOUNTED
    if dossier._state.adding or dossier.pk is None:
        return None
    row = type(dossier)._base_manager.select_for_update().filter(pk=dossier.pk).values_list(*FIELDS).first()
    return State(*row) if row else None


def dossier_saved(dossier, old, update_fields=None) -> None:
    """After the save: count the change from `old` (stored_state's answer) to what was saved."""
    if old is UNCOUNTED:
        return
    if update_fields is None or old is None:
        new = state_of(dossier)
    else:
        saved = _attnames(type(dossier), update_fields) & set(FIELDS)
        new = old._replace(**{name: getattr(dossier, name) for name in saved})
    dossier_changed(old, new, dossier_pk=dossier.pk)


def stored_score(rating) -> int | None:
    """Before a rating's save or deletion: its stored score (None for a new one)."""
    if not settings.ROLLUPS_MAINTAINED or rating._state.adding or rating.pk is None:
        return None
    row = (
        type(rating)
        ._base_manager.select_for_update()
        .filter(pk=rating.pk)
        .values_list(*SatisfactionRating.CRITERIA)
        .first()
    )
    return sum(row) if row else None


def score_of(rating) -> int:
    return sum(getattr(rating, name) for name in SatisfactionRating.CRITERIA)


def dossier_changed(old: State | None, new: State | None, *, dossier_pk: int | None) -> None:
    """Apply new − old. A rated dossier whose result moves to another key takes its rating along."""
    if not settings.ROLLUPS_MAINTAINED or old == new:
        return
    old_flows, old_stock = contribution(old)
    new_flows, new_stock = contribution(new)
    flows = _difference(new_flows, old_flows)
    stock = {key: new_stock.get(key, 0) - old_stock.get(key, 0) for key in {*old_stock, *new_stock}}
    before, after = resolved_keys(old), resolved_keys(new)
    if before != after and dossier_pk is not None:
        score = rating_score(dossier_pk)
        if score is not None:
            _add(flows, rating_flows(before, score, -1))
            _add(flows, rating_flows(after, score, +1))
    apply(flows, stock)


def rating_score(dossier_pk: int) -> int | None:
    row = SatisfactionRating.objects.filter(dossier_id=dossier_pk).values_list(*SatisfactionRating.CRITERIA).first()
    return sum(row) if row else None


def rating_changed(dossier_pk: int, old_score: int | None, new_score: int | None) -> None:
    """A rating given, changed or removed: counted where its dossier's result is."""
    if not settings.ROLLUPS_MAINTAINED or old_score == new_score:
        return
    from dossiers.models import Dossier

    dossier = Dossier.objects.filter(pk=dossier_pk).values(*FIELDS).first()
    keys = resolved_keys(State(**dossier)) if dossier else []
    flows = rating_flows(keys, old_score, -1) if old_score is not None else {}
    if new_score is not None:
        flows = _add(dict(flows), rating_flows(keys, new_score, +1))
    apply(flows, {})


def _difference(new: dict, old: dict) -> dict[tuple, list[int]]:
    keys = {*new, *old}
    zero = [0] * len(FLOW_COUNTS)
    return {key: [a - b for a, b in zip(new.get(key, zero), old.get(key, zero), strict=True)] for key in keys}


def _add(into: dict, more: dict) -> dict:
    zero = [0] * len(FLOW_COUNTS)
    for key, counts in more.items():
        into[key] = [a + b for a, b in zip(into.get(key, zero), counts, strict=True)]
    return into


FLOW_KEY = ["span", "day", "site_key", "agency_id", "procedure_id", "channel", "counter_key"]
STOCK_KEY = ["due_day", "running", "site_key", "agency_id", "procedure_id", "channel"]


def apply(flows: dict[tuple, list[int]], stock: dict[tuple, int]) -> None:
    """The keys whose counts move, upserted in key order (two transactions that touch the same keys lock
    them in the same order): one statement for both tables on PostgreSQL (a data-modifying WITH), one per
    table elsewhere."""
    alias = router.db_for_write(Flow)
    statements = _upserts(alias, flows, stock)
    if not statements:
        return
    connection = connections[alias]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(*_joined(statements[:-1], *statements[-1]))
        else:
            for sql, params in statements:
                cursor.execute(sql, params)


def _upserts(alias: str, flows: dict, stock: dict) -> list[tuple[str, list]]:
    statements = []
    flow_rows = sorted((*key, *counts) for key, counts in flows.items() if any(counts))
    stock_rows = sorted((*key, n) for key, n in stock.items() if n)
    if flow_rows:
        statements.append((_upsert_sql(alias, Flow, len(flow_rows)), [v for row in flow_rows for v in row]))
    if stock_rows:
        statements.append((_upsert_sql(alias, OpenStock, len(stock_rows)), [v for row in stock_rows for v in row]))
    return statements


def _joined(before: list[tuple[str, list]], sql: str, params) -> tuple[str, list]:
    """`sql` with the statements `before` as data-modifying WITH queries: one statement, one round trip."""
    if not before:
        return sql, list(params)
    queries = ", ".join(f"moved_{i} AS ({query})" for i, (query, _params) in enumerate(before))
    return f"WITH {queries} {sql}", [*(v for _query, values in before for v in values), *params]


@contextlib.contextmanager
def counted_by_insert(dossier, old):
    """A new dossier counted by its own INSERT on PostgreSQL (the upserts as WITH queries of that statement):
    every receipt makes one statement and one round trip fewer. Yields a list that holds True once that is
    done; otherwise (another database, a save that is not a new row) the caller counts after the save."""
    done: list[bool] = []
    alias = router.db_for_write(Flow)
    connection = connections[alias]
    if old is not None or connection.vendor != "postgresql" or alias != router.db_for_write(type(dossier)):
        yield done
        return
    insert = f"INSERT INTO {connection.ops.quote_name(type(dossier)._meta.db_table)} "

    def ride(execute, sql, params, many, context):
        if done or many or not sql.startswith(insert):
            return execute(sql, params, many, context)
        flows, stock = contribution(state_of(dossier))  # as saved: pre_save has run
        result = execute(*_joined(_upserts(alias, flows, stock), sql, params), many, context)
        done.append(True)
        return result

    with connection.execute_wrapper(ride):
        yield done


UPSERTED = {Flow: (FLOW_KEY, FLOW_COUNTS), OpenStock: (STOCK_KEY, ["n"])}


@functools.lru_cache(maxsize=64)
def _upsert_sql(alias: str, model, rows: int) -> str:
    """INSERT … ON CONFLICT (key) DO UPDATE SET c = c + excluded.c for `rows` rows: the same statement in
    PostgreSQL and SQLite, atomic against concurrent writers of the same key. Kept once written (a receipt
    writes the same few shapes over and over)."""
    key, counts = UPSERTED[model]
    quote = connections[alias].ops.quote_name
    table = quote(model._meta.db_table)
    columns = [*key, *counts]
    one_row = "(" + ", ".join(["%s"] * len(columns)) + ")"
    moves = ", ".join(f"{quote(c)} = {table}.{quote(c)} + excluded.{quote(c)}" for c in counts)
    return (
        f"INSERT INTO {table} ({', '.join(quote(c) for c in columns)}) VALUES {', '.join([one_row] * rows)} "
        f"ON CONFLICT ({', '.join(quote(c) for c in key)}) DO UPDATE SET {moves}"
    )
