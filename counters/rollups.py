"""Queue waits per day and service group (TicketDay), so that the dashboard's average wait over five years
costs what it costs over a week.

Why a nightly count is enough, and exact: a ticket belongs to the local day it was taken (`ticket_issue`)
and only a ticket of today can be called (`ticket_call_next` looks at today's only), which is when its
wait is set; the admin cannot change tickets and nothing deletes them. So once a day is over its tickets
are final. `ticket_days_keep` counts every closed day after the last one kept, and counts again the last
RECOUNT_DAYS kept days (a call that began a moment before midnight may commit after it). The reads take the
kept days from the table and every later day (today, and any day the task has not reached yet) live from
the tickets: the figures are exact whatever the task's delay, which only decides how many days are read
live (normally today alone: the beat runs every night after midnight, CELERY_BEAT_SCHEDULE["ticket-days"]).

Rows are keyed by service group, not by site or agency: a group's site and agencies are joined when
reading, as the live query does, so moving a group changes both alike.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.db import transaction
from django.db.models import Count, Max, Min, Q, Sum
from django.utils import timezone

from counters.models import Ticket, TicketDay

log = logging.getLogger(__name__)

RECOUNT_DAYS = 2


def kept_through() -> dt.date | None:
    """The last day counted into TicketDay: every day up to it is there (days without a call have no row)."""
    return TicketDay.objects.aggregate(last=Max("day"))["last"]


@transaction.atomic
def ticket_days_keep(*, today: dt.date | None = None, rebuild: bool = False) -> dict[str, int]:
    """Count the closed days not yet kept (and the last RECOUNT_DAYS kept again) into TicketDay; with
    `rebuild`, every day from the first ticket's (after a bulk load of past tickets: the demo, the bench).

    Safe to run twice or side by side: the days are replaced, under a table lock, by counts of final tickets.
    """
    _lock_table()
    yesterday = (today or timezone.localdate()) - dt.timedelta(days=1)
    last_kept = None if rebuild else kept_through()
    if last_kept is not None:
        first = last_kept - dt.timedelta(days=RECOUNT_DAYS - 1)
    else:
        first = Ticket.objects.aggregate(first=Min("day"))["first"]
    if rebuild:
        TicketDay.objects.all().delete()
    if first is None or first > yesterday:
        return {"days": 0, "rows": 0}
    span = Q(day__gte=first, day__lte=yesterday)
    TicketDay.objects.filter(span).delete()
    counted = (
        Ticket.objects.filter(span, wait_seconds__isnull=False)
        .values("day", "group_id")
        .annotate(tickets=Count("pk"), seconds=Sum("wait_seconds"))
        .order_by()
    )
    rows = [
        TicketDay(day=row["day"], group_id=row["group_id"], tickets=row["tickets"], wait_seconds=row["seconds"])
        for row in counted
    ]
    TicketDay.objects.bulk_create(rows, batch_size=5000)
    days = (yesterday - first).days + 1
    log.info("ticket_days_kept", extra={"first": str(first), "last": str(yesterday), "rows": len(rows)})
    return {"days": days, "rows": len(rows)}


def _lock_table() -> None:
    """One keeper at a time (a second waits, then finds the days already kept and recounts them alike)."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"LOCK TABLE {connection.ops.quote_name(TicketDay._meta.db_table)} IN EXCLUSIVE MODE")


def ticket_waits(*, first: dt.date, last: dt.date, agency_id: int | None = None) -> dict:
    """Tickets called and their summed wait over [first, last], for the groups of an agency (or all), per
    site of the group: {site id or None: {"tickets", "seconds"}} (seconds: the sum). Three queries: the
    last kept day, the kept days' rows, the later days' tickets (read with that same day, so a keeper
    committing in between cannot make a day counted twice or missed).
    """
    kept = kept_through()
    parts = []
    if kept is not None and first <= kept:
        parts.append((TicketDay.objects.filter(day__gte=first, day__lte=min(last, kept)), Sum("tickets")))
    if kept is None or last > kept:
        since = first if kept is None else max(first, kept + dt.timedelta(days=1))
        live = Ticket.objects.filter(day__gte=since, day__lte=last, wait_seconds__isnull=False)
        parts.append((live, Count("pk")))
    totals: dict = {}
    for queryset, tickets in parts:
        if agency_id:
            queryset = queryset.filter(group__agencies=agency_id)
        sums = {"tickets": tickets, "seconds": Sum("wait_seconds")}
        for row in queryset.values("group__site").annotate(**sums).order_by():
            total = totals.setdefault(row["group__site"], {"tickets": 0, "seconds": 0})
            total["tickets"] += row["tickets"] or 0
            total["seconds"] += row["seconds"] or 0
    return totals


def mean_seconds(waits: dict) -> float | None:
    """The average wait of {"tickets", "seconds"} (None when no ticket was called)."""
    return waits["seconds"] / waits["tickets"] if waits.get("tickets") else None
