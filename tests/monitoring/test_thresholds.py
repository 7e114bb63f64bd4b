"""Threshold moments: near-due and escalation computed once per sweep, consistent with center.workdays."""

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from center import workdays
from monitoring import thresholds
from tests.monitoring.conftest import HCM, NOW, at

CALENDAR = workdays.WorkingCalendar()
moments = st.datetimes(min_value=dt.datetime(2025, 1, 1), max_value=dt.datetime(2027, 12, 31)).map(
    lambda d: d.replace(tzinfo=HCM)
)


def test_wednesday_thresholds(settings):
    settings.DEADLINE_NEAR_DUE_WORKING_DAYS = 1
    settings.DEADLINE_ESCALATE_AFTER_WORKING_DAYS = 2
    t = thresholds.thresholds_at(NOW, CALENDAR)
    assert t.near_due_until == at(19)  # Thursday 10:00
    assert t.escalate_until == at(16)  # Monday 10:00


def test_friday_near_due_reaches_over_the_weekend():
    # Friday 20/11 15:00 + one working day of 24 h -> Monday 23/11 15:00.
    assert thresholds.near_due_until(at(20, 15), CALENDAR) == at(23, 15)


def test_escalation_skips_tet():
    # Tết 2026 (16-20/02 off): on Monday 23/02 09:00, two working days back is Thursday 12/02 09:00.
    assert thresholds.working_moment_before(at(23, 9, month=2), 2 * 86400, CALENDAR) == at(12, 9, month=2)


@settings(max_examples=150, deadline=None)
@given(moment=moments, seconds=st.integers(min_value=0, max_value=10 * 86400))
def test_working_moment_before_is_the_inverse_of_working_time(moment, seconds):
    start = thresholds.working_moment_before(moment, seconds, CALENDAR)
    assert workdays.working_seconds_between(start, moment, CALENDAR) == seconds
    # It is the latest such moment: one second later, less working time is left.
    if seconds:
        assert workdays.working_seconds_between(start + dt.timedelta(seconds=1), moment, CALENDAR) < seconds


@settings(max_examples=100, deadline=None)
@given(moment=moments)
def test_near_due_agrees_with_working_days_left(moment):
    until = thresholds.near_due_until(moment, CALENDAR)
    assert workdays.working_days_left(moment, until, CALENDAR) == 1


def test_days_late_counts_started_working_days():
    assert thresholds.working_days_late(at(17, 16), NOW, CALENDAR) == 1  # 18 h late
    assert thresholds.working_days_late(at(13, 10), NOW, CALENDAR) == 3  # Fri 10:00 -> Wed 10:00
    assert thresholds.working_days_late(at(19), NOW, CALENDAR) == 0
