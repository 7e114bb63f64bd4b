"""The rows a period reads (monitoring/rollups/terms.py): they add up to exactly its days, never overlap,
and a long period reads few of them."""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter

import pytest

from monitoring.periods import add_months
from monitoring.rollups.models import DAY, MONTH, YEAR
from monitoring.rollups.terms import period_terms, signed

ONE_DAY = dt.timedelta(days=1)


def _row_days(span: str, day: dt.date) -> list[dt.date]:
    """The local days one rollup row of `span` keyed on `day` counts."""
    after = {MONTH: lambda: add_months(day, 1), DAY: lambda: day + ONE_DAY}
    end = after.get(span, lambda: day.replace(year=day.year + 1))()
    return [day + dt.timedelta(days=i) for i in range((end - day).days)]


def _rows(term) -> list[tuple[str, dt.date]]:
    """The (span, day) keys of the rows a term reads."""
    keys, day = [], term.first
    while day <= term.last:
        keys.append((term.span, day))
        day = _row_days(term.span, day)[-1] + ONE_DAY
    return keys


def _net_days(terms) -> Counter:
    net: Counter = Counter()
    for term in terms:
        for span, day in _rows(term):
            for covered in _row_days(span, day):
                net[covered] += term.sign
    return Counter({day: n for day, n in net.items() if n})  # days at zero dropped, any negative kept


def _check(first: dt.date, last: dt.date) -> list:
    terms = period_terms(first, last)
    rows = [row for term in terms for row in _rows(term)]
    assert len(rows) == len(set(rows)), (first, last, terms)  # no row in two terms: one sign per row
    net = _net_days(terms)
    expected = Counter(first + dt.timedelta(days=i) for i in range((last - first).days + 1))
    assert net == expected, (first, last, terms)
    return terms


def test_every_period_adds_up_to_exactly_its_days():
    rng = random.Random(2026)
    start = dt.date(2016, 1, 1)
    for _ in range(1500):
        first = start + dt.timedelta(days=rng.randrange(365 * 10))
        last = first + dt.timedelta(days=rng.choice([0, 1, 2, 27, 30, 45, 364, 365, rng.randrange(3660)]))
        _check(first, last)
    edges = [(dt.date(2024, 2, 1), dt.date(2024, 2, 29)), (dt.date(2025, 1, 1), dt.date(2025, 12, 31)),
             (dt.date(2025, 12, 31), dt.date(2026, 1, 1)), (dt.date(2024, 2, 29), dt.date(2024, 2, 29))]  # fmt: skip
    for first, last in edges:
        _check(first, last)


def test_whole_months_and_years_read_their_own_rows_only():
    assert period_terms(dt.date(2026, 11, 1), dt.date(2026, 11, 30)) == [(1, MONTH, dt.date(2026, 11, 1),
                                                                            dt.date(2026, 11, 1))]  # fmt: skip
    assert period_terms(dt.date(2016, 1, 1), dt.date(2025, 12, 31)) == [(1, YEAR, dt.date(2016, 1, 1),
                                                                         dt.date(2025, 1, 1))]  # fmt: skip


def test_five_years_to_a_december_day_read_a_few_sets_of_rows_not_hundreds():
    terms = _check(dt.date(2021, 12, 4), dt.date(2026, 12, 3))
    assert sorted(terms) == sorted([
        (1, MONTH, dt.date(2021, 12, 1), dt.date(2021, 12, 1)),  # December 2021 …
        (-1, DAY, dt.date(2021, 12, 1), dt.date(2021, 12, 3)),  # … but its first three days
        (1, YEAR, dt.date(2022, 1, 1), dt.date(2026, 1, 1)),  # 2022–2026 …
        (-1, MONTH, dt.date(2026, 12, 1), dt.date(2026, 12, 1)),  # … but December 2026 …
        (1, DAY, dt.date(2026, 12, 1), dt.date(2026, 12, 3)),  # … of which its first three days
    ])  # fmt: skip


@pytest.mark.parametrize("first,last", [(dt.date(2026, 3, 1), dt.date(2026, 3, 9)),
                                        (dt.date(2026, 1, 1), dt.date(2026, 12, 31))])  # fmt: skip
def test_a_period_with_nothing_subtracted_has_no_sign(first, last):
    _rows_q, sign = signed(period_terms(first, last))
    assert sign is None


def test_a_period_with_something_subtracted_marks_those_rows():
    rows_q, sign = signed(period_terms(dt.date(2026, 3, 2), dt.date(2026, 3, 31)))
    assert sign is not None and "D" in str(rows_q) and "M" in str(rows_q)
