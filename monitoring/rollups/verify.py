"""`verify_rollups`: the tables against the dossiers, key by key."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q

from monitoring.rollups.expected import expected_flows, expected_stock, span_range
from monitoring.rollups.maintain import FLOW_KEY, STOCK_KEY
from monitoring.rollups.models import DAY, FLOW_COUNTS, MONTH, YEAR, Flow, OpenStock


@dataclass(frozen=True)
class Difference:
    table: str
    key: tuple
    stored: tuple
    expected: tuple

    def __str__(self) -> str:
        return f"{self.table} {self.key}: stored {self.stored}, expected {self.expected}"


def stored_flows(first: dt.date | None, last: dt.date | None) -> dict[tuple, list[int]]:
    """The rows expected_flows recomputes for first..last (whole months, whole years for yearly rows)."""
    q = Q()
    for span in (DAY, MONTH, YEAR):
        low, high = span_range(span, first, last)
        days = Q(span=span)
        if low is not None:
            days &= Q(day__gte=low)
        if high is not None:
            days &= Q(day__lte=high)
        q |= days
    return {
        tuple(row[:len(FLOW_KEY)]): list(row[len(FLOW_KEY):])
        for row in Flow.objects.filter(q).values_list(*FLOW_KEY, *FLOW_COUNTS)
        if any(row[len(FLOW_KEY):])
    }  # fmt: skip


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
