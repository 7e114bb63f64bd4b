"""Which rollup rows add up to a period of local days, reading as few rows as possible.

A whole year is its yearly rows, a whole month its monthly rows, other days their daily rows. Where a
year or a month is nearly whole, the whole of it minus what lies outside the period reads fewer rows:
five years from 4 December are 4 yearly sets, December's monthly rows minus its first three days, and this
year's yearly rows minus the months and days still to come, not 28 + 3 daily sets and 11 monthly ones.
Each term is (sign, span, first, last): the rows of `span` whose day lies in first..last, added or
subtracted; the terms of a period never overlap, so a row's sign is that of the one term it belongs to.
"""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

from django.db.models import Case, Q, Value, When

from monitoring.periods import add_months
from monitoring.rollups.models import DAY, MONTH, YEAR

# What a term costs, in rows read: at full volume a year and a month each hold every key once (about the
# same number of rows), a day a little over half as many.
COST = {YEAR: 1.0, MONTH: 1.0, DAY: 0.6}
ONE_DAY = dt.timedelta(days=1)


class Term(NamedTuple):
    sign: int
    span: str
    first: dt.date
    last: dt.date

    @property
    def cost(self) -> float:
        return COST[self.span] * ((self.last - self.first).days + 1 if self.span == DAY else 1)

    def q(self) -> Q:
        return Q(span=self.span, day__gte=self.first, day__lte=self.last)


def period_terms(first: dt.date, last: dt.date) -> list[Term]:
    """The signed sets of rows whose sum is the local days first..last."""
    terms: list[Term] = []
    for year in range(first.year, last.year + 1):
        terms += _year_part(max(first, dt.date(year, 1, 1)), min(last, dt.date(year, 12, 31)))
    return _merged(terms)


def signed(terms: list[Term]) -> tuple[Q, Case | None]:
    """The filter of all the terms' rows and the sign of a row (None when nothing is subtracted)."""
    rows = Q()
    for term in terms:
        rows |= term.q()
    minus = [term.q() for term in terms if term.sign < 0]
    if not minus:
        return rows, None
    subtracted = Q()
    for q in minus:
        subtracted |= q
    return rows, Case(When(subtracted, then=Value(-1)), default=Value(1))


def _cost(terms: list[Term]) -> float:
    return sum(term.cost for term in terms)


def _negated(terms: list[Term]) -> list[Term]:
    return [term._replace(sign=-term.sign) for term in terms]


def _year_part(a: dt.date, b: dt.date) -> list[Term]:
    """a..b inside one calendar year."""
    start, end = dt.date(a.year, 1, 1), dt.date(a.year, 12, 31)
    whole = [Term(1, YEAR, start, start)]
    if (a, b) == (start, end):
        return whole
    outside = (_months(start, a - ONE_DAY) if a > start else []) + (_months(b + ONE_DAY, end) if b < end else [])
    return min(_months(a, b), whole + _negated(outside), key=_cost)


def _months(a: dt.date, b: dt.date) -> list[Term]:
    """a..b inside one calendar year, month by month."""
    terms: list[Term] = []
    month = a.replace(day=1)
    while month <= b:
        after = add_months(month, 1)
        terms += _month_part(max(a, month), min(b, after - ONE_DAY))
        month = after
    return terms


def _month_part(c: dt.date, d: dt.date) -> list[Term]:
    """c..d inside one month."""
    start, end = c.replace(day=1), add_months(c.replace(day=1), 1) - ONE_DAY
    whole = [Term(1, MONTH, start, start)]
    if (c, d) == (start, end):
        return whole
    outside = ([Term(-1, DAY, start, c - ONE_DAY)] if c > start else []) + (
        [Term(-1, DAY, d + ONE_DAY, end)] if d < end else []
    )
    return min([Term(1, DAY, c, d)], whole + outside, key=_cost)


def _next_day(term: Term) -> dt.date:
    """The `day` of the first row after the term's last, in its span."""
    if term.span == YEAR:
        return term.last.replace(year=term.last.year + 1)
    if term.span == MONTH:
        return add_months(term.last, 1)
    return term.last + ONE_DAY


def _merged(terms: list[Term]) -> list[Term]:
    """Neighbouring terms of the same sign and span as one (ten whole years: one range of yearly rows)."""
    out: list[Term] = []
    for term in sorted(terms, key=lambda t: (t.span, t.first)):
        if out and (out[-1].sign, out[-1].span) == (term.sign, term.span) and _next_day(out[-1]) == term.first:
            out[-1] = out[-1]._replace(last=term.last)
        else:
            out.append(term)
    return out
