"""`verify_rollups`: the tables against the dossiers, key by key."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from monitoring.rollups.expected import expected_flows, expected_stock
from monitoring.rollups.maintain import FLOW_KEY, STOCK_KEY
from monitoring.rollups.models import FLOW_COUNTS, Flow, OpenStock


@dataclass(frozen=True)
class Difference:
    table: str
    key: tuple
    stored: tuple
    expected: tuple

    def __str__(self) -> str:
        return f"{self.table} {self.key}: stored {self.stored}, expected {self.expected}"


def stored_flows(first: dt.date | None, last: dt.date | None) -> dict[tuple, list[int]]:
    rows = Flow.objects.all()
    if first is not None:  # whole months, as expected_flows counts them
        rows = rows.filter(day__gte=first.replace(day=1))
    if last is not None:
        rows = rows.filter(day__lte=_month_end(last))
    return {
        tuple(row[:len(FLOW_KEY)]): list(row[len(FLOW_KEY):])
        for row in rows.values_list(*FLOW_KEY, *FLOW_COUNTS)
        if any(row[len(FLOW_KEY):])
    }  # fmt: skip


def _month_end(day: dt.date) -> dt.date:
    return (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)


def differences(first: dt.date | None = None, last: dt.date | None = None) -> list[Difference]:
    """Every key whose stored counts differ from the dossiers' (flows of the months around first..last, all
    when None; the open stock always whole)."""
    found = []
    expected, stored = expected_flows(first, last), stored_flows(first, last)
    zero = (0,) * len(FLOW_COUNTS)
    for key in sorted({*expected, *stored}, key=repr):
        want, have = tuple(expected.get(key, zero)), tuple(stored.get(key, zero))
        if want != have:
            found.append(Difference("flow", key, have, want))
    expected_open = expected_stock()
    stored_open = {tuple(r[:-1]): r[-1] for r in OpenStock.objects.exclude(n=0).values_list(*STOCK_KEY, "n")}
    for key in sorted({*expected_open, *stored_open}, key=repr):
        if expected_open.get(key, 0) != stored_open.get(key, 0):
            found.append(Difference("open_stock", key, (stored_open.get(key, 0),), (expected_open.get(key, 0),)))
    return found
