"""Reads for the kiosk, the counter desk and the hall's display board (a few queries each)."""

from __future__ import annotations

from collections import defaultdict

from django.db.models import Count, F, Prefetch, Q, QuerySet, Window
from django.db.models.functions import RowNumber
from django.utils import timezone

from counters.announce import call_clips
from counters.models import Counter, KioskDevice, ServiceGroup, StaffProfile, Ticket, TicketStatus

ACTIVE = (TicketStatus.CALLED, TicketStatus.SERVING)


def service_group_list() -> QuerySet[ServiceGroup]:
    """Groups offered at the kiosk, each with the active counters that serve it and today's queue."""
    today = timezone.localdate()
    return (
        ServiceGroup.objects.filter(is_active=True)
        .annotate(waiting=Count("tickets", filter=Q(tickets__day=today, tickets__status=TicketStatus.WAITING)))
        .prefetch_related(
            Prefetch("agencies__counters", queryset=Counter.objects.filter(is_active=True).order_by("number"))
        )
    )


def group_counters(group: ServiceGroup) -> list[Counter]:
    """Counters serving the group, from prefetched agencies (no query when service_group_list was used)."""
    seen: dict[int, Counter] = {}
    for agency in group.agencies.all():
        for counter in agency.counters.all():
            if counter.is_active:
                seen[counter.pk] = counter
    return sorted(seen.values(), key=lambda c: c.number)


def ticket_get(*, pk: int) -> Ticket | None:
    return Ticket.objects.select_related("group", "counter").filter(pk=pk).first()


def tickets_ahead(ticket: Ticket) -> int:
    """How many of the group's tickets of the day are still waiting before this one."""
    return Ticket.objects.filter(
        group=ticket.group_id, day=ticket.day, status=TicketStatus.WAITING, number__lt=ticket.number
    ).count()


def counter_groups(counter: Counter) -> QuerySet[ServiceGroup]:
    today = timezone.localdate()
    return (
        ServiceGroup.objects.filter(is_active=True, agencies__counters=counter)
        .distinct()
        .annotate(waiting=Count("tickets", filter=Q(tickets__day=today, tickets__status=TicketStatus.WAITING)))
    )


def counter_served_today(counter: Counter, limit: int = 10) -> list[Ticket]:
    return list(
        Ticket.objects.select_related("group")
        .filter(counter=counter, day=timezone.localdate(), status__in=[TicketStatus.DONE, TicketStatus.NO_SHOW])
        .order_by("-finished_at")[:limit]
    )


def board_data(*, waiting_shown: int = 5) -> dict:
    """What the hall's TV shows: the number at each counter, the next few waiting per group, the latest call.

    Ticket numbers only: nothing personal is on the board. Three queries whatever the queue length, reading
    the active tickets and at most `waiting_shown` waiting ones per group.
    """
    today = timezone.localdate()
    counters = list(Counter.objects.filter(is_active=True).order_by("number"))
    active = {
        ticket.counter_id: ticket
        for ticket in Ticket.objects.select_related("group")
        .filter(day=today, status__in=ACTIVE, counter__is_active=True)
        .order_by("called_at")
    }
    # Only the first `waiting_shown` tickets of each group are read, each carrying its group's queue
    # length: a TV polls this every two seconds, and a busy hall's queue runs to hundreds.
    in_group = {"partition_by": F("group_id")}
    waiting: dict[int, list[Ticket]] = defaultdict(list)
    for ticket in (
        Ticket.objects.select_related("group")
        .filter(day=today, status=TicketStatus.WAITING, group__is_active=True)
        .annotate(place=Window(RowNumber(), order_by=F("number").asc(), **in_group))
        .annotate(queued=Window(Count("pk"), **in_group))
        .filter(place__lte=waiting_shown)
        .order_by("group__position", "group__prefix", "number")
    ):
        waiting[ticket.group_id].append(ticket)
    latest = max(active.values(), key=lambda t: t.called_at, default=None)
    number_of = {counter.pk: counter.number for counter in counters}
    return {
        "updated_at": timezone.now().isoformat(),
        "counters": [
            {
                "number": counter.number,
                "name": counter.name,
                "ticket": active[counter.pk].label if counter.pk in active else None,
                "status": active[counter.pk].status if counter.pk in active else None,
            }
            for counter in counters
        ],
        "waiting": [
            {
                "prefix": tickets[0].group.prefix,
                "name": tickets[0].group.name,
                "count": tickets[0].queued,
                "next": [t.label for t in tickets],
            }
            for tickets in waiting.values()
        ],
        # Tickets called and not yet served, oldest call first: the board announces each call it has not
        # seen (a recall is a new call), even when two counters call between two polls.
        "calls": [
            {
                "ticket": ticket.label,
                "counter": number_of[ticket.counter_id],
                "called_at": ticket.called_at.isoformat(),
                "clips": call_clips(ticket=ticket.label, counter=number_of[ticket.counter_id]),
            }
            for ticket in active.values()
            if ticket.status == TicketStatus.CALLED
        ],
        "latest": (
            {
                "ticket": latest.label,
                "counter": number_of[latest.counter_id],
                "called_at": latest.called_at.isoformat(),
                "calls": latest.call_count,
            }
            if latest
            else None
        ),
    }


def kiosk_device_for_token(token: str) -> KioskDevice | None:
    """The active kiosk whose cookie holds `token` (None: no such kiosk, or switched off)."""
    if not token:
        return None
    return KioskDevice.objects.filter(token_digest=KioskDevice.digest(token), is_active=True).first()


def counter_colleagues(*, counter, user) -> list:
    """The other staff seated at `counter` (their profiles name it): a counter has one clerk at a time."""
    profiles = StaffProfile.objects.filter(counter=counter).exclude(user=user).select_related("user")
    return [profile.user for profile in profiles]
