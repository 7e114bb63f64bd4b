"""The live wait estimate: the formula, the counters serving, each site's own queue."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from center import roles
from counters import services
from counters.models import StaffProfile, Ticket, TicketStatus
from counters.waits import estimated_wait_seconds, live_waits, minutes
from tests.factories import CounterFactory, ServiceGroupFactory, SiteFactory, UserFactory


@pytest.mark.parametrize(
    ("ahead", "busy", "counters", "expected"),
    [
        (0, 0, 2, 0),  # a free counter: called at once
        (1, 0, 2, 0),  # one waiting, two free counters
        (0, 2, 2, 300),  # both busy: the next release, on average half a cycle (600 / 2)
        (3, 2, 2, 1200),  # four releases needed, one every 300 s
        (5, 1, 1, 3600),
    ],
)
def test_the_estimate_counts_the_releases_a_newcomer_waits_for(ahead, busy, counters, expected):
    assert estimated_wait_seconds(ahead=ahead, busy=busy, counters=counters, cycle_seconds=600) == expected


def test_no_estimate_without_an_open_counter():
    assert estimated_wait_seconds(ahead=4, busy=0, counters=0, cycle_seconds=600) is None
    assert minutes(None) is None and minutes(61) == 2


def test_the_cycle_time_comes_from_the_groups_recent_tickets(group, counter, clerk):
    now = timezone.now()
    for minutes_long in (4, 6):
        Ticket.objects.create(
            group=group, day=timezone.localdate(), number=minutes_long, status=TicketStatus.DONE,
            issued_at=now - dt.timedelta(hours=1), first_called_at=now - dt.timedelta(minutes=30),
            finished_at=now - dt.timedelta(minutes=30 - minutes_long), counter=counter,
        )  # fmt: skip
    services.ticket_issue(group=group)
    services.ticket_issue(group=group)
    wait = live_waits([group.site_id])[group.site_id][0]
    assert (wait.waiting, wait.counters_open, wait.cycle_seconds) == (2, 1, 300)
    # For a ticket taken now: the free counter calls the first, then a cycle for the second, one for us.
    assert wait.estimated_wait_minutes == 10


def test_a_counter_without_a_seated_clerk_that_called_recently_is_serving(group, counter, clerk):
    services.ticket_issue(group=group)
    services.ticket_call_next(counter=counter, by=clerk)
    StaffProfile.objects.filter(user=clerk).update(counter=None)
    assert live_waits([group.site_id])[group.site_id][0].counters_open == 1


def test_two_sites_queues_never_mix(group, counter, clerk, agency, client):
    branch = SiteFactory(code="cn-bac")
    branch_group = ServiceGroupFactory(site=branch, prefix="A", name="Sở Tài chính", agencies=[agency])
    branch_counter = CounterFactory(site=branch, number=1)
    branch_counter.agencies.add(agency)
    UserFactory(username="branch-clerk", role=roles.COUNTER_STAFF, counter=branch_counter)
    for _ in range(3):
        services.ticket_issue(group=group)
    services.ticket_issue(group=branch_group)
    center_data = client.get(reverse("site-live-data", args=[group.site.code])).json()
    branch_data = client.get(reverse("site-live-data", args=["cn-bac"])).json()
    assert [(g["code"], g["waiting"], g["counters_open"]) for g in center_data["groups"]] == [("A", 3, 1)]
    assert [(g["code"], g["waiting"], g["counters_open"]) for g in branch_data["groups"]] == [("A", 1, 1)]
    board = client.get(reverse("display-board-data"), {"site": "cn-bac"}).json()
    assert board["site"] == "cn-bac" and board["waiting"][0]["next"] == ["A001"] and board["waiting"][0]["count"] == 1


def test_the_ticket_shows_the_estimated_wait(group, counter, clerk, client):
    services.ticket_issue(group=group)
    services.ticket_call_next(counter=counter, by=clerk)
    ticket = services.ticket_issue(group=group)
    page = client.get(reverse("kiosk-ticket", args=[ticket.pk])).content.decode()
    assert 'id="ticket-wait"' in page and "10" in page  # the one counter is busy: a whole cycle


def test_the_live_page_costs_a_fixed_number_of_queries(
    group, other_group, counter, clerk, client, django_assert_max_num_queries
):
    for _ in range(20):
        services.ticket_issue(group=group)
        services.ticket_issue(group=other_group)
    client.get(reverse("site-live-data", args=[group.site.code]))  # the cycle times cached
    with django_assert_max_num_queries(5):
        client.get(reverse("site-live-data", args=[group.site.code]))
