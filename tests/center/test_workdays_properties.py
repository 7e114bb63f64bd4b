"""Properties of the working-day calendar that must hold for any start, any count and any set of the
center's own overrides (Hypothesis looks for a counter-example)."""

import datetime as dt
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from center.workdays import (
    WorkingCalendar,
    add_working_days,
    add_working_seconds,
    clock_start,
    punctuality,
    working_seconds_between,
)

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
DAY = 86_400

# Bounded so the suite stays fast: each property tries this many cases (no example database in the tree).
examples = settings(max_examples=75, deadline=None, database=None)

moments = st.datetimes(min_value=dt.datetime(2024, 1, 1), max_value=dt.datetime(2030, 12, 31), timezones=st.just(HCM))
day_counts = st.integers(min_value=0, max_value=60)
# The center's own days off and make-up working days (admin → calendar overrides).
calendars = st.dictionaries(
    st.dates(min_value=dt.date(2024, 1, 1), max_value=dt.date(2031, 6, 30)), st.booleans(), max_size=12
).map(lambda overrides: WorkingCalendar(overrides=overrides))


@examples
@given(start=moments, days=day_counts, calendar=calendars)
def test_the_due_date_is_a_working_day_never_before_the_start(start, days, calendar):
    due = add_working_days(start, days, calendar)
    assert due >= start
    assert calendar.is_working_day(due.astimezone(HCM).date())
    assert due.astimezone(HCM).time() == clock_start(start, calendar).time()


@examples
@given(start=moments, days=day_counts, calendar=calendars)
def test_exactly_the_given_number_of_working_days_are_counted(start, days, calendar):
    begin = clock_start(start, calendar).date()
    due = add_working_days(start, days, calendar).astimezone(HCM).date()
    assert len(list(calendar.working_days(begin + dt.timedelta(days=1), due))) == days


@examples
@given(start=moments, days=day_counts, calendar=calendars)
def test_one_more_day_is_always_later(start, days, calendar):
    assert add_working_days(start, days, calendar) < add_working_days(start, days + 1, calendar)


@examples
@given(start=moments, first=day_counts, then=day_counts, calendar=calendars)
def test_adding_in_two_goes_lands_on_the_same_day(start, first, then, calendar):
    """A deadline recomputed from an intermediate deadline agrees with the one computed at once."""
    in_two = add_working_days(add_working_days(start, first, calendar), then, calendar)
    assert in_two == add_working_days(start, first + then, calendar)


@examples
@given(start=moments, seconds=st.integers(min_value=0, max_value=30 * DAY), calendar=calendars)
def test_adding_working_seconds_is_undone_by_measuring_them(start, seconds, calendar):
    """A pause's working time added back to a deadline (dossier_supplement_received) is exactly the pause."""
    later = add_working_seconds(start, seconds, calendar)
    assert later >= start
    assert working_seconds_between(start, later, calendar) == seconds


@examples
@given(a=moments, b=moments, c=moments, calendar=calendars)
def test_working_time_adds_up_over_consecutive_stretches(a, b, c, calendar):
    a, b, c = sorted([a, b, c])
    whole = working_seconds_between(a, c, calendar)
    assert 0 <= whole <= (c - a).total_seconds()
    assert abs(whole - (working_seconds_between(a, b, calendar) + working_seconds_between(b, c, calendar))) <= 1


@examples
@given(ready=moments, deadline=moments)
def test_a_result_is_late_exactly_when_ready_after_the_deadline(ready, deadline):
    outcome = punctuality(ready_at=ready, deadline=deadline)
    assert (outcome == "late") == (ready > deadline)
    if outcome == "early":
        assert ready.astimezone(HCM).date() < deadline.astimezone(HCM).date()
