"""Figures of the dashboard beside the national scorecard (which is monitoring/scorecard/)."""

from __future__ import annotations

from django.db.models import Avg, Count

from monitoring.metrics import Scope


def queue_wait(scope: Scope) -> dict:
    """Average wait from taking a queue ticket to its first call, for tickets of the period."""
    from counters.models import Ticket

    tickets = Ticket.objects.filter(day__gte=scope.period.first, day__lte=scope.period.last, wait_seconds__isnull=False)
    if scope.agency_id:
        tickets = tickets.filter(group__agencies=scope.agency_id)
    return tickets.aggregate(tickets=Count("pk"), seconds=Avg("wait_seconds"))
