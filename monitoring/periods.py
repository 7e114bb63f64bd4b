"""Reporting periods of the supervision pages: a month, a quarter, a year or custom dates (local)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _

MONTH, QUARTER, YEAR, CUSTOM = "month", "quarter", "year", "custom"


def local_midnight(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(0)))


def add_months(day: dt.date, months: int) -> dt.date:
    """The first day of the month `months` after (or before) day's month."""
    index = day.year * 12 + day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


@dataclass(frozen=True)
class Period:
    kind: str
    first: dt.date  # first local day, inclusive
    last: dt.date  # last local day, inclusive

    @property
    def start(self) -> dt.datetime:
        return local_midnight(self.first)

    @property
    def end(self) -> dt.datetime:
        """Exclusive: midnight after the last day."""
        return local_midnight(self.last + dt.timedelta(days=1))

    @property
    def label(self) -> str:
        if self.kind == MONTH:
            return self.first.strftime("%m/%Y")
        if self.kind == QUARTER:
            return _("Quarter %(q)s/%(y)s") % {"q": quarter_of(self.first), "y": self.first.year}
        if self.kind == YEAR:
            return str(self.first.year)
        return f"{self.first:%d/%m/%Y} – {self.last:%d/%m/%Y}"

    @property
    def slug(self) -> str:
        """The period in a file name: 2026-11, 2026-q4, 2026, 20261104-20261113."""
        if self.kind == MONTH:
            return f"{self.first:%Y-%m}"
        if self.kind == QUARTER:
            return f"{self.first.year}-q{quarter_of(self.first)}"
        if self.kind == YEAR:
            return str(self.first.year)
        return f"{self.first:%Y%m%d}-{self.last:%Y%m%d}"

    def params(self) -> dict[str, str]:
        """Query-string parameters that select this period again (for links and exports)."""
        if self.kind == MONTH:
            return {"period": MONTH, "month": self.first.strftime("%Y-%m")}
        if self.kind == QUARTER:
            return {"period": QUARTER, "year": str(self.first.year), "quarter": str(quarter_of(self.first))}
        if self.kind == YEAR:
            return {"period": YEAR, "year": str(self.first.year)}
        return {"period": CUSTOM, "from": self.first.isoformat(), "to": self.last.isoformat()}

    def trend_months(self) -> list[dt.date]:
        """The twelve months ending with the period's last month (first days)."""
        last_month = self.last.replace(day=1)
        return [add_months(last_month, offset) for offset in range(-11, 1)]


def month_period(first_day: dt.date) -> Period:
    first = first_day.replace(day=1)
    return Period(MONTH, first, add_months(first, 1) - dt.timedelta(days=1))


def quarter_of(day: dt.date) -> int:
    """1 to 4."""
    return (day.month - 1) // 3 + 1


def quarter_period_of(day: dt.date) -> Period:
    """The quarter `day` is in."""
    return quarter_period(day.year, quarter_of(day))


def quarter_period(year: int, quarter: int) -> Period:
    first = dt.date(year, 3 * (quarter - 1) + 1, 1)
    return Period(QUARTER, first, add_months(first, 3) - dt.timedelta(days=1))


def year_period(year: int) -> Period:
    return Period(YEAR, dt.date(year, 1, 1), dt.date(year, 12, 31))


def custom_period(first: dt.date, last: dt.date) -> Period:
    return Period(CUSTOM, first, last)


def last_twelve_months(today: dt.date) -> Period:
    """From the same day a year ago (exclusive) to today: the public board's window."""
    return custom_period(today - dt.timedelta(days=365) + dt.timedelta(days=1), today)
