"""The deadline thresholds of supervision, turned into moments that a query compares with `due_at`.

DOMAIN.md ("Punctuality"): an open dossier is overdue when now > due_at and near-due when at most one
working day is left. Both depend on the working-day calendar, so instead of computing "working days
left" for every dossier, each sweep and each dashboard computes the threshold moments once, with
center.workdays, and the query stays a plain indexed comparison:

    near-due   ⇔  now < due_at ≤ near_due_until(now)     (working time left ≤ NEAR_DUE days)
    overdue    ⇔  due_at < now
    escalated  ⇔  due_at ≤ escalate_until(now)          (working time late ≥ ESCALATE days)

Working time is counted as center.workdays counts it (working days of 24 h, days off 0), so these
agree with `workdays.working_days_left`.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

from django.conf import settings

from center import workdays

DAY_SECONDS = 86400


@dataclass(frozen=True)
class Thresholds:
    now: dt.datetime
    near_due_until: dt.datetime
    escalate_until: dt.datetime


def near_due_until(now: dt.datetime, calendar: workdays.WorkingCalendar) -> dt.datetime:
    seconds = int(settings.DEADLINE_NEAR_DUE_WORKING_DAYS * DAY_SECONDS)
    return workdays.add_working_seconds(now, seconds, calendar)


def working_moment_before(moment: dt.datetime, seconds: int, calendar: workdays.WorkingCalendar) -> dt.datetime:
    """The latest moment t with working_seconds_between(t, moment) >= seconds: the inverse of
    workdays.add_working_seconds, walking back over the same calendar."""
    zone = workdays.local_zone()
    end = moment.astimezone(zone)
    day = end.date()
    remaining = dt.timedelta(seconds=seconds)
    while True:
        start = dt.datetime.combine(day, dt.time(0), tzinfo=zone)
        if calendar.is_working_day(day):
            available = end - start
            if remaining <= available:
                return end - remaining
            remaining -= available
        day -= workdays.DAY
        end = start


def escalate_until(now: dt.datetime, calendar: workdays.WorkingCalendar) -> dt.datetime:
    seconds = int(settings.DEADLINE_ESCALATE_AFTER_WORKING_DAYS * DAY_SECONDS)
    return working_moment_before(now, seconds, calendar)


def thresholds_at(now: dt.datetime, calendar: workdays.WorkingCalendar | None = None) -> Thresholds:
    calendar = calendar or workdays.load_calendar()
    return Thresholds(
        now=now, near_due_until=near_due_until(now, calendar), escalate_until=escalate_until(now, calendar)
    )


def working_days_late(due_at: dt.datetime, now: dt.datetime, calendar: workdays.WorkingCalendar) -> int:
    """Working days since the deadline, any part of a working day counting as one (0 if not late)."""
    if now <= due_at:
        return 0
    return math.ceil(workdays.working_seconds_between(due_at, now, calendar) / DAY_SECONDS)
