"""The kept daily queue waits (counters/rollups.py) give the dashboard exactly what counting the tickets gives."""

import datetime as dt
import random

import pytest
from django.db.models import Avg, Count
from django.utils import timezone

from counters.models import Ticket, TicketDay
from counters.rollups import ticket_days_keep
from counters.tasks import ticket_days_keep_task
from monitoring.metrics import Scope
from monitoring.periods import CUSTOM, Period
from monitoring.selectors.dashboard import queue_wait, site_comparison
from tests.factories import ServiceGroupFactory, SiteFactory

pytestmark = pytest.mark.django_db

DAYS = 60


@pytest.fixture
def hall(agency, other_agency):
    """Three groups at two sites, one of them shared by both agencies, with two months of tickets and today's."""
    branch = SiteFactory()
    groups = [
        ServiceGroupFactory(prefix="A", agencies=[agency]),
        ServiceGroupFactory(prefix="B", agencies=[other_agency]),
        ServiceGroupFactory(prefix="A", site=branch, agencies=[agency, other_agency]),
    ]
    rng = random.Random(17)
    today = timezone.localdate()
    rows = []
    for back in range(DAYS, -1, -1):
        day = today - dt.timedelta(days=back)
        if day.weekday() == 6:
            continue  # a Sunday: nobody comes
        issued = timezone.make_aware(dt.datetime.combine(day, dt.time(8)))
        for group in groups:
            for number in range(1, rng.randint(0, 12) + 1):
                wait = None if rng.random() < 0.15 else rng.randint(0, 5400)  # some never called
                rows.append(Ticket(group=group, day=day, number=number, issued_at=issued, wait_seconds=wait))
    Ticket.objects.bulk_create(rows)
    return {"branch": branch, "agencies": [agency, other_agency], "today": today}


def direct_tickets(scope: Scope, *, by_site: bool = False):
    """What the dashboard counted before the rollup: every called ticket of the period (the sites' comparison
    filtered by agency only, the site choosing its row)."""
    tickets = Ticket.objects.filter(day__gte=scope.period.first, day__lte=scope.period.last, wait_seconds__isnull=False)
    if scope.agency_id:
        tickets = tickets.filter(group__agencies=scope.agency_id)
    if scope.site_id and not by_site:
        tickets = tickets.filter(group__site=scope.site_id)
    return tickets


def direct_queue_wait(scope: Scope) -> dict:
    return direct_tickets(scope).aggregate(tickets=Count("pk"), seconds=Avg("wait_seconds"))


def direct_site_waits(scope: Scope) -> dict:
    rows = (
        direct_tickets(scope, by_site=True)
        .values("group__site")
        .annotate(tickets=Count("pk"), seconds=Avg("wait_seconds"))
    )
    return {row["group__site"]: (row["tickets"], row["seconds"] / 60) for row in rows.order_by()}


def same(got: float | None, expected: float | None) -> bool:
    """Equal to the second decimal (or both missing)."""
    return got is expected is None or (None not in (got, expected) and round(got, 2) == round(expected, 2))


def scopes(hall):
    today = hall["today"]
    now = timezone.now()
    spans = [
        (today - dt.timedelta(days=DAYS + 30), today),  # everything
        (today - dt.timedelta(days=6), today),  # the last week, today included
        (today - dt.timedelta(days=40), today - dt.timedelta(days=20)),  # closed days only
        (today, today),  # today only
        (today - dt.timedelta(days=1), today - dt.timedelta(days=1)),  # yesterday only
        (today - dt.timedelta(days=400), today - dt.timedelta(days=300)),  # before any ticket
    ]
    filters = [{}, {"site_id": hall["branch"].pk}]
    filters += [{"agency_id": a.pk} for a in hall["agencies"]]
    filters += [{"agency_id": a.pk, "site_id": hall["branch"].pk} for a in hall["agencies"]]
    for first, last in spans:
        for chosen in filters:
            yield Scope(period=Period(CUSTOM, first, last), now=now, near_due_until=now, **chosen)


def assert_same_as_direct(hall) -> int:
    compared = 0
    for scope in scopes(hall):
        got, expected = queue_wait(scope), direct_queue_wait(scope)
        assert got["tickets"] == expected["tickets"], scope
        assert same(got["seconds"], expected["seconds"]), scope
        direct = direct_site_waits(scope)
        for row in site_comparison(scope):
            tickets, minutes = direct.get(row["site"].pk, (0, None))
            assert row["tickets"] == tickets and same(row["wait_minutes"], minutes), (scope, row["site"])
        compared += expected["tickets"]
    return compared


def test_kept_days_and_live_today_agree_with_the_tickets(hall):
    ticket_days_keep()
    assert TicketDay.objects.exists() and not TicketDay.objects.filter(day__gte=hall["today"]).exists()
    assert assert_same_as_direct(hall) > 0


@pytest.mark.parametrize("lag", [0, 1, 10, DAYS + 5])
def test_days_not_kept_yet_are_read_live(hall, lag):
    """A night or more without the task (or before its first run) changes nothing but the cost."""
    if lag <= DAYS:
        ticket_days_keep(today=hall["today"] - dt.timedelta(days=lag))
    assert assert_same_as_direct(hall) > 0


def test_keeping_twice_changes_nothing_and_rebuild_agrees(hall):
    first = ticket_days_keep_task()
    kept = set(TicketDay.objects.values_list("day", "group_id", "tickets", "wait_seconds"))
    again = ticket_days_keep_task()
    assert set(TicketDay.objects.values_list("day", "group_id", "tickets", "wait_seconds")) == kept
    assert first["rows"] == len(kept) and again["days"] in (2, 3)  # only the last kept days are counted again
    ticket_days_keep(rebuild=True)
    assert set(TicketDay.objects.values_list("day", "group_id", "tickets", "wait_seconds")) == kept


def test_the_next_run_recounts_a_call_committed_after_midnight(hall):
    """A call that began a moment before midnight may commit after the night's count: the last kept days are
    counted again."""
    yesterday = hall["today"] - dt.timedelta(days=1)
    ticket_days_keep()
    late = Ticket.objects.filter(day=yesterday, wait_seconds__isnull=True).first() or Ticket.objects.create(
        group=TicketDay.objects.first().group, day=yesterday, number=99, issued_at=timezone.now()
    )
    Ticket.objects.filter(pk=late.pk).update(wait_seconds=1234)
    ticket_days_keep()
    row = TicketDay.objects.get(day=yesterday, group=late.group)
    called = Ticket.objects.filter(day=yesterday, group=late.group, wait_seconds__isnull=False)
    assert row.tickets == called.count() and row.wait_seconds == sum(t.wait_seconds for t in called)
    assert_same_as_direct(hall)


def test_today_is_never_kept(hall):
    ticket_days_keep()
    ticket_days_keep()
    assert not TicketDay.objects.filter(day=hall["today"]).exists()
    assert ticket_days_keep(today=hall["today"] - dt.timedelta(days=DAYS + 10)) == {"days": 0, "rows": 0}


def test_beat_keeps_the_days_every_night_after_midnight(settings):
    from celery.schedules import crontab

    from center.celery import app

    app.loader.import_default_modules()
    entry = settings.CELERY_BEAT_SCHEDULE["ticket-days"]
    assert entry["task"] in app.tasks
    assert isinstance(entry["schedule"], crontab) and entry["schedule"].hour == {0}
