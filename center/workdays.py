"""The working-day calendar: the one place where deadlines are counted.

Rules (DOMAIN.md, "Counting deadlines"): processing time is in working days; Saturdays, Sundays and
Vietnam's public holidays are off. Three layers decide a date, the first that knows it wins:
1. the center's own overrides (center.models.CalendarOverride);
2. the government's yearly decisions, kept as data with their document numbers
   (center.models.NationalDayChange): the package misses some announced swaps (2/1/2026 off, Saturday
   10/1/2026 worked) and its older versions miss more;
3. the `holidays` package (lunar Tết, Hùng Kings' day, observed days), less the days it lists without a
   legal basis yet (HOLIDAYS_WITHOUT_LEGAL_BASIS).
All arithmetic is done on local dates (Asia/Ho_Chi_Minh); callers pass and get aware datetimes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

import holidays
from django.conf import settings

DAY = dt.timedelta(days=1)


def local_zone() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


def clock_time(value: str) -> dt.time:
    """A setting's local time of day, "HH:MM"."""
    hours, minutes = value.strip().split(":")
    return dt.time(int(hours), int(minutes))


# Days the package lists that no law makes a day off yet. "Vietnam Cultural Day" (24/11, from 2026) comes
# from the Politburo's Resolution 80-NQ/TW (January 2026); the Labour Code 2019, art. 112, still lists
# eleven days, and the Government's Resolution 30/NQ-CP (February 2026) only tasks the ministries with
# amending it. Until a law or a decision makes it a day off, it is a working day here; a center that is told
# otherwise declares it off as a CalendarOverride (or adds the decision as a NationalDayChange).
# Names as the package gives them in English (the language the calendar asks it for).
HOLIDAYS_WITHOUT_LEGAL_BASIS = frozenset({"Vietnam Cultural Day"})


def office_opening_time() -> dt.time:
    return clock_time(settings.OFFICE_OPENS_AT)


def office_sessions() -> tuple[tuple[dt.time, dt.time], ...]:
    """The morning and afternoon sessions of a working day (OFFICE_OPENS_AT, OFFICE_LUNCH, OFFICE_CLOSES_AT)."""
    lunch_starts, lunch_ends = settings.OFFICE_LUNCH.split("-")
    return (
        (office_opening_time(), clock_time(lunch_starts)),
        (clock_time(lunch_ends), clock_time(settings.OFFICE_CLOSES_AT)),
    )


def is_office_time(moment: dt.datetime, calendar: WorkingCalendar) -> bool:
    """Whether `moment` falls in a session of a working day (local time, both ends included)."""
    local = _local(moment)
    clock = local.time().replace(tzinfo=None)
    in_session = any(opens <= clock <= closes for opens, closes in office_sessions())
    return in_session and calendar.is_working_day(local.date())


@dataclass
class WorkingCalendar:
    """Vietnam's calendar: the center's overrides over the national decisions over the package."""

    overrides: dict[dt.date, bool] = field(default_factory=dict)
    national: dict[dt.date, bool] = field(default_factory=dict)
    # The package's holidays to ignore; empty gives the package's own calendar (recompute_deadlines).
    without_legal_basis: frozenset[str] = HOLIDAYS_WITHOUT_LEGAL_BASIS

    def __post_init__(self):
        self._package = holidays.country_holidays("VN", language="en_US")

    def is_working_day(self, day: dt.date) -> bool:
        if day in self.overrides:
            return self.overrides[day]
        if day in self.national:
            return self.national[day]
        return self.package_is_working_day(day)

    def package_is_working_day(self, day: dt.date) -> bool:
        """What the package alone says, less its days without a legal basis."""
        names = self._package.get_list(day)
        if names and all(name in self.without_legal_basis for name in names):
            return day.weekday() < 5
        return self._package.is_working_day(day)

    def holiday_name(self, day: dt.date) -> str | None:
        names = [name for name in self._package.get_list(day) if name not in self.without_legal_basis]
        return "; ".join(names) or None

    def next_working_day(self, day: dt.date) -> dt.date:
        day += DAY
        while not self.is_working_day(day):
            day += DAY
        return day

    def working_days(self, start: dt.date, end: dt.date) -> Iterable[dt.date]:
        day = start
        while day <= end:
            if self.is_working_day(day):
                yield day
            day += DAY


def load_calendar() -> WorkingCalendar:
    """The calendar with the national decisions and the center's overrides (one small query: both tables
    in one UNION, so pages that count their queries pay nothing for the second table)."""
    from django.db.models import Value

    from center.models import CalendarOverride, NationalDayChange

    # Each part unordered: SQLite (make run) refuses an ORDER BY inside a UNION's parts (the models order by date).
    center = CalendarOverride.objects.order_by().values_list("date", "is_working_day", Value(True))
    national = NationalDayChange.objects.order_by().values_list("date", "is_working_day", Value(False))
    overrides, decisions = {}, {}
    for day, working, is_center in center.union(national, all=True).order_by():
        (overrides if is_center else decisions)[day] = working
    return WorkingCalendar(overrides=overrides, national=decisions)


def _local(moment: dt.datetime) -> dt.datetime:
    if moment.tzinfo is None:
        raise ValueError("naive datetime: working-day arithmetic needs aware datetimes")
    return moment.astimezone(local_zone())


def clock_start(moment: dt.datetime, calendar: WorkingCalendar) -> dt.datetime:
    """When the clock starts for a filing at `moment`: at once on a working day, else at opening time
    of the next working day (a filing on Saturday counts from Monday morning)."""
    local = _local(moment)
    if calendar.is_working_day(local.date()):
        return local
    day = calendar.next_working_day(local.date())
    return dt.datetime.combine(day, office_opening_time(), tzinfo=local_zone())


def add_working_days(start: dt.datetime, days: int, calendar: WorkingCalendar) -> dt.datetime:
    """The deadline `days` working days after `start`, at the same time of day."""
    if days < 0:
        raise ValueError("days must not be negative")
    begin = clock_start(start, calendar)
    day = begin.date()
    for _ in range(days):
        day = calendar.next_working_day(day)
    return dt.datetime.combine(day, begin.timetz())


def working_seconds_between(start: dt.datetime, end: dt.datetime, calendar: WorkingCalendar) -> int:
    """Seconds of working days between two moments (whole working days count 24 h, days off 0)."""
    start, end = _local(start), _local(end)
    if end <= start:
        return 0
    # Summed as timedeltas (exact to the microsecond): summing float seconds lost a second to rounding
    # when the moments had microseconds, so a pause added back to a deadline came out a second short.
    total = dt.timedelta(0)
    for day in calendar.working_days(start.date(), end.date()):
        day_start = dt.datetime.combine(day, dt.time(0), tzinfo=local_zone())
        overlap = min(end, day_start + DAY) - max(start, day_start)
        total += max(overlap, dt.timedelta(0))
    return int(total.total_seconds())


def add_working_seconds(moment: dt.datetime, seconds: int, calendar: WorkingCalendar) -> dt.datetime:
    """Move `moment` forward by `seconds` of working time, skipping days off."""
    current = _local(moment)
    remaining = dt.timedelta(seconds=seconds)
    while True:
        day_end = dt.datetime.combine(current.date() + DAY, dt.time(0), tzinfo=local_zone())
        if calendar.is_working_day(current.date()):
            available = day_end - current
            if remaining <= available:
                return current + remaining
            remaining -= available
        current = day_end


def working_days_left(now: dt.datetime, deadline: dt.datetime, calendar: WorkingCalendar) -> float:
    """Working days from now to the deadline; negative when the deadline has passed."""
    if deadline >= now:
        return working_seconds_between(now, deadline, calendar) / 86400
    return -working_seconds_between(deadline, now, calendar) / 86400


def punctuality(*, ready_at: dt.datetime, deadline: dt.datetime) -> str:
    """early / on_time / late, judged in local time (DOMAIN.md, "Punctuality")."""
    if ready_at > deadline:
        return "late"
    if _local(ready_at).date() < _local(deadline).date():
        return "early"
    return "on_time"
