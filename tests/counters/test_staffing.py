"""Staffing hints: Erlang C, counters needed for a target wait, the arrivals forecast from history."""

import datetime as dt

import pytest

from counters import staffing


def test_erlang_c_matches_the_textbook_value():
    # 3 counters, 2 erlangs offered: a newcomer waits with probability 4/9.
    assert staffing.erlang_c(3, 2.0) == pytest.approx(4 / 9)
    assert staffing.erlang_c(2, 2.0) == 1.0  # no spare capacity: everybody waits


def test_counters_needed_keep_the_mean_wait_under_the_target():
    # 20 citizens an hour, 10 minutes each: 3.33 erlangs.
    needed = staffing.counters_needed(20, 600, 15 * 60)
    assert staffing.mean_wait_seconds(needed, 20, 600) <= 15 * 60 < staffing.mean_wait_seconds(needed - 1, 20, 600)
    assert needed == 4
    assert staffing.counters_needed(20, 600, 60) > needed
    assert staffing.counters_needed(0, 600, 60) == 0


def test_the_forecast_is_the_mean_of_the_same_weekday_and_hour_over_open_days():
    monday1, monday2, tuesday = dt.date(2026, 11, 2), dt.date(2026, 11, 9), dt.date(2026, 11, 3)
    counts = {(1, monday1, 9): 10, (1, monday2, 9): 20, (1, tuesday, 9): 7, (1, monday1, 14): 4}
    forecast = staffing.forecast_from_counts(counts, days=staffing.open_days(counts, monday1, monday2))
    assert forecast[(1, 0, 9)] == 15
    assert forecast[(1, 0, 14)] == 2  # one Monday with 4, one with none
    assert forecast[(1, 1, 9)] == 7
