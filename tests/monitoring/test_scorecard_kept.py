"""The scorecard's kept counts (monitoring/scorecard/kept.py, services.py): equal to the live sets' counts,
final once a period has closed, at most SCORECARD_OPEN_MAX_AGE_MINUTES old for an open one, kept by tasks
that are safe to run twice."""

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from freezegun import freeze_time

from counters.models import Site
from monitoring.models import KeptScorecard
from monitoring.periods import custom_period, month_period, quarter_period, year_period
from monitoring.scorecard import build, load_facts, monthly_trend, scorecard
from monitoring.scorecard.facts import SETS
from monitoring.scorecard.kept import counted_facts, kept_period, scorecard_facts
from monitoring.scorecard.services import scorecard_keep, scorecards_keep_closed
from monitoring.tasks import scorecards_keep_closed_task, scorecards_refresh_open_task
from tests.factories import ProcedureFactory, SiteFactory
from tests.monitoring.test_scorecard import AFTER_NOVEMBER, NOVEMBER, at, feedback, history

DECEMBER = month_period(dt.date(2026, 12, 1))


def dossiers_read(queries) -> int:
    return sum('FROM "dossiers_dossier"' in q["sql"] for q in queries.captured_queries)


@pytest.fixture
def month_of_work(procedure, other_agency, agency):
    """November and December 2026 at two sites: on time, late, open, a feedback without an agency."""
    branch = SiteFactory()
    other = ProcedureFactory(agency=other_agency, processing_days=3)
    with freeze_time(AFTER_NOVEMBER):
        made = [
            history(procedure, at(11, 2), ("resolve", at(11, 4))),
            history(procedure, at(11, 2), ("resolve", at(11, 9))),
            history(other, at(11, 3), ("transfer", at(11, 3, 10))),
            history(other, at(11, 20), ("request_supplement", at(11, 21))),
            history(procedure, at(12, 1), ("resolve", at(12, 2))),
            history(other, at(12, 2), ("transfer", at(12, 2, 10))),
        ]
        for dossier in made[::2]:
            dossier.site = branch
            dossier.save()
        feedback(agency, at(11, 2), answered_at=at(11, 5), status="answered")
        feedback(None, at(11, 10), status="new")
    return branch


def assert_same_counts(kept, live, agencies):
    for name in SETS:
        for agency_id in (None, *agencies):
            assert kept.count(name, agency_id) == live.count(name, agency_id), (name, agency_id)


@freeze_time(AFTER_NOVEMBER)
@pytest.mark.parametrize(
    "period", [NOVEMBER, DECEMBER, quarter_period(2026, 4), year_period(2026)], ids=["closed", "open", "q", "y"]
)
def test_kept_counts_equal_the_live_counts_for_every_site(month_of_work, period, agency, other_agency):
    from monitoring.scorecard.facts import catalogue_sets

    rows = scorecard_keep(period=period, site_ids=[None, month_of_work.pk])
    assert rows[None].final == (period.end <= AFTER_NOVEMBER)
    for site_id, row in rows.items():
        live = load_facts(period, site_id=site_id)
        kept = counted_facts(row, period, catalogue_sets())
        assert_same_counts(kept, live, [agency.pk, other_agency.pk])
        for agency_id in (None, agency.pk, other_agency.pk):
            assert build(kept, agency_id=agency_id).as_dict() == build(live, agency_id=agency_id).as_dict()
    assert rows[None].counts["progress_base"] != rows[month_of_work.pk].counts["progress_base"]


@freeze_time(AFTER_NOVEMBER)
def test_the_scorecard_api_reads_a_kept_period_without_reading_dossiers(api_as, director, month_of_work):
    live = scorecard(NOVEMBER).as_dict()  # nothing kept yet: counted live, as before
    scorecards_keep_closed_task()
    client = api_as(director)
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/api/v1/monitoring/scorecard/", {"from": "2026-11-01", "to": "2026-11-30"})
    assert response.status_code == 200 and response.json() == live
    assert dossiers_read(queries) == 0 and len(queries) <= 8
    with CaptureQueriesContext(connection) as queries:
        ranking = client.get("/api/v1/monitoring/scorecard/ranking/", {"from": "2026-11-01", "to": "2026-11-30"})
    assert ranking.status_code == 200
    assert dossiers_read(queries) == 0


@freeze_time(AFTER_NOVEMBER)
def test_custom_dates_are_kept_only_when_they_are_a_whole_month_quarter_or_year():
    assert kept_period(custom_period(dt.date(2026, 11, 1), dt.date(2026, 11, 30))) == NOVEMBER
    assert kept_period(custom_period(dt.date(2026, 10, 1), dt.date(2026, 12, 31))) == quarter_period(2026, 4)
    assert kept_period(custom_period(dt.date(2026, 1, 1), dt.date(2026, 12, 31))) == year_period(2026)
    assert kept_period(custom_period(dt.date(2026, 11, 2), dt.date(2026, 11, 30))) is None


def test_a_closed_periods_kept_figures_do_not_change_when_its_dossiers_change_later(month_of_work, procedure):
    with freeze_time(AFTER_NOVEMBER):
        assert scorecards_keep_closed_task() > 0
        row = KeptScorecard.objects.get(kind="month", first=NOVEMBER.first, site=None)
        before = scorecard(NOVEMBER).as_dict()
    with freeze_time(at(12, 20)):
        # A late correction: a dossier received in November entered afterwards.
        history(procedure, at(11, 16), ("resolve", at(11, 30)))
        assert scorecards_keep_closed_task() == 0  # nothing newly closed: nothing written
        assert scorecard(NOVEMBER).as_dict() == before
        again = KeptScorecard.objects.get(pk=row.pk)
        assert (again.counts, again.computed_at) == (row.counts, row.computed_at)
        assert load_facts(NOVEMBER).count("progress_base") == sum(row.counts["progress_base"].values()) + 1
        # Written again only when asked explicitly.
        out = io.StringIO()
        call_command("keep_scorecards", "--since", "2026-11", "--recompute", stdout=out)
        assert (
            sum(KeptScorecard.objects.get(pk=row.pk).counts["progress_base"].values())
            == sum(row.counts["progress_base"].values()) + 1
        )


def test_the_open_period_is_at_most_the_bound_old_and_refreshed_by_the_task(month_of_work, procedure, settings):
    settings.SCORECARD_OPEN_MAX_AGE_MINUTES = 10
    start = at(12, 10, 10)
    with freeze_time(start):
        assert scorecards_refresh_open_task() > 0
        shown = scorecard(DECEMBER).total_points
        base = load_facts(DECEMBER).count("progress_base")
        history(procedure, at(12, 3), ("resolve", at(12, 9)))  # late: the figures go down
        assert load_facts(DECEMBER).count("progress_base") == base + 1
    with freeze_time(start + dt.timedelta(minutes=9)):
        with CaptureQueriesContext(connection) as queries:
            assert scorecard(DECEMBER).total_points == shown  # kept, 9 minutes old
        assert dossiers_read(queries) == 0
    with freeze_time(start + dt.timedelta(minutes=11)):
        fresh = scorecard(DECEMBER)  # older than the bound: counted live
        assert fresh.total_points < shown
        scorecards_refresh_open_task()
        row = KeptScorecard.objects.get(kind="month", first=DECEMBER.first, site=None)
        assert row.computed_at == start + dt.timedelta(minutes=11) and not row.final
        with CaptureQueriesContext(connection) as queries:
            assert scorecard(DECEMBER).as_dict() == fresh.as_dict()
        assert dossiers_read(queries) == 0


def test_the_tasks_are_idempotent(month_of_work):
    with freeze_time(AFTER_NOVEMBER):
        first = scorecards_keep_closed_task()
        rows = {r.pk: (r.counts, r.computed_at) for r in KeptScorecard.objects.filter(final=True)}
        assert first == len(rows) > 0
        assert scorecards_keep_closed_task() == 0
        assert {r.pk: (r.counts, r.computed_at) for r in KeptScorecard.objects.filter(final=True)} == rows
        scorecards_refresh_open_task()
        open_rows = {(r.kind, r.first, r.site_id): r.counts for r in KeptScorecard.objects.filter(final=False)}
        scorecards_refresh_open_task()
        assert {(r.kind, r.first, r.site_id): r.counts for r in KeptScorecard.objects.filter(final=False)} == open_rows
        # Month, quarter and year still open, for all sites and each site.
        assert len(open_rows) == 3 * (1 + Site.objects.count())


@freeze_time(AFTER_NOVEMBER)
def test_the_trend_reads_twelve_kept_months_in_one_query(month_of_work):
    live = monthly_trend(NOVEMBER)
    call_command("keep_scorecards", "--since", "2025-12", stdout=io.StringIO())
    with CaptureQueriesContext(connection) as queries:
        assert monthly_trend(NOVEMBER) == live
    assert dossiers_read(queries) == 0 and len(queries) <= 3


@freeze_time(AFTER_NOVEMBER)
def test_keep_scorecards_says_what_it_kept_and_keeps_a_site_alone(month_of_work):
    out = io.StringIO()
    call_command("keep_scorecards", "--since", "2026-10", "--site", month_of_work.code, stdout=out)
    assert "Kept 2 scorecard count row(s) for 2 closed period(s) since 2026-10" in out.getvalue()
    assert set(KeptScorecard.objects.values_list("site_id", flat=True)) == {month_of_work.pk}
    out = io.StringIO()
    call_command("keep_scorecards", "--since", "2026-10", stdout=out)
    assert "for 2 closed period(s)" in out.getvalue()
    call_command("keep_scorecards", "--since", "2026-10", stdout=(out := io.StringIO()))
    assert "Kept 0 scorecard count row(s)" in out.getvalue()


@freeze_time(AFTER_NOVEMBER)
def test_the_dashboard_shows_the_kept_counts(client, director, month_of_work):
    client.force_login(director)
    live = client.get("/giam-sat/", {"period": "month", "month": "2026-11"}).context
    scorecards_keep_closed(since=dt.date(2026, 11, 1))
    kept = client.get("/giam-sat/", {"period": "month", "month": "2026-11"}).context
    assert kept["scorecard"].as_dict() == live["scorecard"].as_dict()
    assert [(a.code, c.total_points) for a, c in kept["ranking"]] == [
        (a.code, c.total_points) for a, c in live["ranking"]
    ]
    assert scorecard_facts(NOVEMBER).tallies  # the counts-only form


def test_beat_keeps_closed_periods_after_midnight_and_refreshes_open_ones_twice_per_bound(settings):
    from celery.schedules import crontab

    from center.celery import app

    app.loader.import_default_modules()
    closed = settings.CELERY_BEAT_SCHEDULE["scorecards-keep-closed"]
    refresh = settings.CELERY_BEAT_SCHEDULE["scorecards-refresh-open"]
    assert closed["task"] in app.tasks and refresh["task"] in app.tasks
    assert isinstance(closed["schedule"], crontab) and closed["schedule"].hour == {0}
    assert refresh["schedule"] == settings.SCORECARD_OPEN_MAX_AGE_MINUTES * 60 / 2


@freeze_time(AFTER_NOVEMBER)
def test_a_slow_recount_widens_the_bound_to_three_times_its_duration(settings):
    from monitoring.scorecard.kept import usable

    settings.SCORECARD_OPEN_MAX_AGE_MINUTES = 10
    now = at(12, 10, 10)
    quick = KeptScorecard(computed_at=now - dt.timedelta(minutes=11), duration_ms=60_000, final=False)
    slow = KeptScorecard(computed_at=now - dt.timedelta(minutes=25), duration_ms=600_000, final=False)
    assert not usable(quick, DECEMBER, now)
    assert usable(slow, DECEMBER, now)
    slow.computed_at = now - dt.timedelta(minutes=31)
    assert not usable(slow, DECEMBER, now)
    assert not usable(KeptScorecard(computed_at=now, final=False), NOVEMBER, now)  # closed since: recount
