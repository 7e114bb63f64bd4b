"""The live wait at each site: people waiting, counters open, and how long a newcomer will wait.

The estimate (`estimated_wait_seconds`) is the one the public site page, the API, the hall board and the
ticket show, and the one bench/wait_estimate.py measures against the demo history. Counters serve a
group's queue first come, first served; with `c` counters open, `busy` of them serving, `ahead` people
waiting and a mean counter cycle of `S` seconds (from one call to the next: walking up, being served,
leaving), a newcomer is called after the `ahead + busy - c + 1`-th next release of a counter, and the
counters release one every S / c seconds on average (M/M/c's conditional wait).

The cycle time is the mean over the group's last RECENT_TICKETS finished tickets of the last
RECENT_DAYS days at that site (a no-show costs its call too); with none, DEFAULT_CYCLE_SECONDS.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, DurationField, ExpressionWrapper, F, Q, Window
from django.db.models.functions import RowNumber
from django.utils import timezone

from center.cache import remembered
from counters.models import ServiceGroup, Site, StaffProfile, Ticket, TicketStatus
from counters.sites import sites_open

RECENT_TICKETS = 30
RECENT_DAYS = 14
DEFAULT_CYCLE_SECONDS = 600
CYCLE_CACHE_SECONDS = 60
ACTIVE = (TicketStatus.CALLED, TicketStatus.SERVING)
OPEN_IF_CALLED_WITHIN = dt.timedelta(minutes=30)


def estimated_wait_seconds(*, ahead: int, busy: int, counters: int, cycle_seconds: float) -> float | None:
    """Expected seconds until a newcomer (or a ticket with `ahead` people before it) is called; None when
    no counter is open (nobody can say)."""
    if counters <= 0:
        return None
    releases_needed = ahead + min(busy, counters) - counters + 1
    return max(releases_needed, 0) * cycle_seconds / counters


def minutes(seconds: float | None) -> int | None:
    """Shown in whole minutes, rounded up (a citizen prefers being early); None stays None."""
    if seconds is None:
        return None
    return int(-(-seconds // 60))


def cycle_seconds_by_group(group_ids: list[int], *, now: dt.datetime | None = None) -> dict[int, float]:
    """Mean call-to-call time of each group's last RECENT_TICKETS finished tickets (one query)."""
    now = now or timezone.now()
    cycle = ExpressionWrapper(F("finished_at") - F("first_called_at"), output_field=DurationField())
    rows = (
        Ticket.objects.filter(
            group_id__in=group_ids,
            status__in=[TicketStatus.DONE, TicketStatus.NO_SHOW],
            finished_at__isnull=False,
            first_called_at__isnull=False,
            finished_at__lte=now,
            day__gte=timezone.localdate(now) - dt.timedelta(days=RECENT_DAYS),
        )
        .annotate(cycle=cycle, place=Window(RowNumber(), partition_by=F("group_id"), order_by=F("finished_at").desc()))
        .values_list("group_id", "cycle", "place")
    )
    sums: dict[int, list[float]] = defaultdict(list)
    for group_id, length, place in rows:
        if place <= RECENT_TICKETS:
            sums[group_id].append(length.total_seconds())
    return {pk: sum(values) / len(values) for pk, values in sums.items()}


def _cycles(group_ids: list[int]) -> dict[int, float]:
    """Cached a minute: the live pages poll every few seconds, and the mean moves slowly."""
    key = "counters:cycles:" + ",".join(map(str, sorted(group_ids)))
    return remembered(key, CYCLE_CACHE_SECONDS, lambda: cycle_seconds_by_group(group_ids))


@dataclass
class GroupWait:
    group: ServiceGroup
    waiting: int
    busy: int
    counters_open: int
    cycle_seconds: float

    @property
    def estimated_wait_seconds(self) -> float | None:
        return estimated_wait_seconds(
            ahead=self.waiting, busy=self.busy, counters=self.counters_open, cycle_seconds=self.cycle_seconds
        )

    @property
    def estimated_wait_minutes(self) -> int | None:
        return minutes(self.estimated_wait_seconds)

    def as_dict(self) -> dict:
        return {
            "code": self.group.prefix,
            "name": self.group.name,
            "waiting": self.waiting,
            "counters_open": self.counters_open,
            "estimated_wait_minutes": self.estimated_wait_minutes,
        }


def open_counters_by_group(site_ids: list[int], *, now: dt.datetime | None = None) -> dict[int, set[int]]:
    """The counters actually serving each group now: active, at the group's site, serving one of its
    agencies, and either with a staff member seated or having called a ticket in the last OPEN_IF_CALLED_
    WITHIN (a counter at work whose clerk never chose a seat still serves). One query."""
    now = now or timezone.now()
    seated = StaffProfile.objects.filter(counter__isnull=False).values("counter_id")
    calling = Ticket.objects.filter(
        day=timezone.localdate(now), called_at__gte=now - OPEN_IF_CALLED_WITHIN, counter__isnull=False
    ).values("counter_id")
    pairs = (
        ServiceGroup.objects.filter(
            Q(agencies__counters__in=seated) | Q(agencies__counters__in=calling),
            site__in=site_ids,
            is_active=True,
            agencies__counters__is_active=True,
            agencies__counters__site=F("site"),
        )
        .values_list("pk", "agencies__counters")
        .distinct()
    )
    result: dict[int, set[int]] = defaultdict(set)
    for group_id, counter_id in pairs:
        result[group_id].add(counter_id)
    return result


def live_waits(site_ids: list[int]) -> dict[int, list[GroupWait]]:
    """Each site's groups with their queue now (four queries, the cycle times cached a minute)."""
    today = timezone.localdate()
    groups = list(ServiceGroup.objects.filter(site__in=site_ids, is_active=True).order_by("site", "position", "prefix"))
    # Today's open tickets only (index ticket_day_status): a join from the groups counted their whole history.
    waiting: dict[int, int] = defaultdict(int)
    busy: dict[int, int] = defaultdict(int)
    for group_id, status, n in (
        Ticket.objects.filter(day=today, status__in=[TicketStatus.WAITING, *ACTIVE], group__site__in=site_ids)
        .values_list("group_id", "status")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        (waiting if status == TicketStatus.WAITING else busy)[group_id] += n
    open_counters = open_counters_by_group(site_ids)
    cycles = _cycles([g.pk for g in groups]) if groups else {}
    result: dict[int, list[GroupWait]] = defaultdict(list)
    for group in groups:
        result[group.site_id].append(
            GroupWait(
                group=group,
                waiting=waiting[group.pk],
                busy=busy[group.pk],
                counters_open=len(open_counters.get(group.pk, ())),
                cycle_seconds=cycles.get(group.pk, DEFAULT_CYCLE_SECONDS),
            )
        )
    return result


def site_live(site: Site) -> dict:
    """What the site's public page polls: its groups' queues, the time, whether it is open."""
    return {
        "site": site.code,
        "updated_at": timezone.now().isoformat(),
        "open_now": site_is_open(site),
        "groups": [w.as_dict() for w in live_waits([site.pk]).get(site.pk, [])],
    }


def ticket_wait(ticket: Ticket, *, ahead: int) -> int | None:
    """Minutes the ticket's holder should still expect to wait (None: no counter of the group is open)."""
    group = ticket.group
    busy = Ticket.objects.filter(group=group, day=ticket.day, status__in=ACTIVE).count()
    counters_open = len(open_counters_by_group([group.site_id]).get(group.pk, ()))
    cycle = _cycles([group.pk]).get(group.pk, DEFAULT_CYCLE_SECONDS)
    return minutes(estimated_wait_seconds(ahead=ahead, busy=busy, counters=counters_open, cycle_seconds=cycle))


def site_is_open(site: Site, moment: dt.datetime | None = None) -> bool:
    return sites_open([site], moment)[site.pk]
