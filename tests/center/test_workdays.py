"""Deadlines in working days: weekends, Vietnam's holidays, the center's overrides, pauses."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from center import workdays
from center.models import CalendarOverride
from center.workdays import (
    WorkingCalendar,
    add_working_days,
    add_working_seconds,
    punctuality,
    working_seconds_between,
)

HCM = ZoneInfo("Asia/Ho_Chi_Minh")


def at(y, m, d, hh=9, mm=0):
    return dt.datetime(y, m, d, hh, mm, tzinfo=HCM)


@pytest.fixture
def calendar():
    return WorkingCalendar()


def test_plain_week_keeps_time_of_day(calendar):
    # Monday 16/11/2026 09:00 + 3 working days -> Thursday 19/11 09:00.
    assert add_working_days(at(2026, 11, 16), 3, calendar) == at(2026, 11, 19)


def test_weekend_is_skipped(calendar):
    # Thursday + 2 working days -> Monday (Saturday and Sunday do not count).
    assert add_working_days(at(2026, 11, 12, 14, 30), 2, calendar) == at(2026, 11, 16, 14, 30)


def test_filing_on_a_saturday_counts_from_monday_opening(calendar):
    assert add_working_days(at(2026, 11, 14, 10), 1, calendar) == at(2026, 11, 17, 7, 30)


def test_lunar_new_year_2026_is_skipped(calendar):
    # Tết 2026: 16-20/02 (Mon-Fri) off. Friday 13/02 + 1 working day -> Monday 23/02.
    assert add_working_days(at(2026, 2, 13), 1, calendar) == at(2026, 2, 23)


def test_hung_kings_day_and_reunification_and_labour_day_are_skipped(calendar):
    # 2026: Hùng Kings' day on Sunday 26/04, observed Monday 27/04; 30/04 (Thu) and 01/05 (Fri) off.
    assert add_working_days(at(2026, 4, 24), 1, calendar) == at(2026, 4, 28)
    assert add_working_days(at(2026, 4, 29), 1, calendar) == at(2026, 5, 4)


def test_national_day_and_the_day_next_to_it_are_skipped(calendar):
    # 2026: 31/08 (substituted day off), 01/09 and 02/09 are off.
    assert add_working_days(at(2026, 8, 28), 1, calendar) == at(2026, 9, 3)


def test_government_make_up_saturday_is_a_working_day(calendar):
    # Saturday 22/08/2026 is worked in exchange for Monday 31/08.
    assert calendar.is_working_day(dt.date(2026, 8, 22))
    assert add_working_days(at(2026, 8, 21), 1, calendar) == at(2026, 8, 22)


def test_center_day_off_and_compensatory_working_day():
    calendar = WorkingCalendar(overrides={dt.date(2026, 12, 1): False, dt.date(2026, 12, 5): True})
    # Monday 30/11 + 1 -> Wednesday 2/12 (Tuesday declared off).
    assert add_working_days(at(2026, 11, 30), 1, calendar) == at(2026, 12, 2)
    # Friday 4/12 + 1 -> Saturday 5/12 (declared a working day).
    assert add_working_days(at(2026, 12, 4), 1, calendar) == at(2026, 12, 5)


@pytest.mark.django_db
def test_overrides_are_read_from_the_database():
    CalendarOverride.objects.create(date=dt.date(2026, 12, 1), is_working_day=False, reason="Bầu cử")
    calendar = workdays.load_calendar()
    assert not calendar.is_working_day(dt.date(2026, 12, 1))
    assert add_working_days(at(2026, 11, 30), 1, calendar) == at(2026, 12, 2)


def test_pause_over_a_weekend_counts_only_working_time(calendar):
    # Paused Friday 10:00 -> Monday 10:00: 14 h of Friday + 10 h of Monday = one working day.
    paused = working_seconds_between(at(2026, 11, 13, 10), at(2026, 11, 16, 10), calendar)
    assert paused == 24 * 3600
    # Deadline Wednesday 18/11 09:00 moves one working day later: Thursday 19/11 09:00.
    assert add_working_seconds(at(2026, 11, 18), paused, calendar) == at(2026, 11, 19)


def test_pause_added_across_a_holiday(calendar):
    # Two working days added to Thursday 27/08/2026 09:00 skip the weekend and Monday 31/08 to 02/09.
    assert add_working_seconds(at(2026, 8, 27), 2 * 86400, calendar) == at(2026, 9, 3)


def test_punctuality_early_on_time_late():
    deadline = at(2026, 11, 20, 9)
    assert punctuality(ready_at=at(2026, 11, 19, 16), deadline=deadline) == "early"
    assert punctuality(ready_at=at(2026, 11, 20, 8, 59), deadline=deadline) == "on_time"
    assert punctuality(ready_at=at(2026, 11, 20, 9), deadline=deadline) == "on_time"
    assert punctuality(ready_at=at(2026, 11, 20, 9, 1), deadline=deadline) == "late"


def test_punctuality_is_judged_on_local_dates():
    # 23:30 local on the 19th is 16:30 UTC: still the day before the deadline's local date.
    deadline = at(2026, 11, 20, 9)
    assert punctuality(ready_at=at(2026, 11, 19, 23, 30).astimezone(dt.UTC), deadline=deadline) == "early"


def test_naive_datetimes_are_refused(calendar):
    with pytest.raises(ValueError):
        add_working_days(dt.datetime(2026, 11, 23, 9), 1, calendar)


@pytest.mark.parametrize(
    ("moment", "inside"),
    [
        (dt.datetime(2026, 11, 25, 7, 29, tzinfo=HCM), False),  # before opening
        (dt.datetime(2026, 11, 25, 7, 30, tzinfo=HCM), True),
        (dt.datetime(2026, 11, 25, 11, 30, tzinfo=HCM), True),
        (dt.datetime(2026, 11, 25, 11, 30, 1, tzinfo=HCM), False),  # the lunch break
        (dt.datetime(2026, 11, 25, 13, 0, tzinfo=HCM), True),
        (dt.datetime(2026, 11, 25, 17, 1, tzinfo=HCM), False),  # closed
        (dt.datetime(2026, 11, 25, 2, 0, tzinfo=dt.UTC), True),  # 09:00 in Hanoi
        (dt.datetime(2026, 9, 2, 9, 0, tzinfo=HCM), False),  # National Day, a Wednesday
        (dt.datetime(2026, 11, 28, 9, 0, tzinfo=HCM), False),  # a Saturday
    ],
)
def test_office_time_is_a_session_of_a_working_day(moment, inside):
    assert workdays.is_office_time(moment, workdays.WorkingCalendar()) is inside


def test_office_hours_are_settings(settings):
    settings.OFFICE_LUNCH, settings.OFFICE_CLOSES_AT = "12:00-13:30", "16:30"
    calendar = workdays.WorkingCalendar()
    assert workdays.is_office_time(dt.datetime(2026, 11, 25, 11, 45, tzinfo=HCM), calendar)
    assert not workdays.is_office_time(dt.datetime(2026, 11, 25, 16, 45, tzinfo=HCM), calendar)
