"""Staffing hints for directors: arrivals forecast per site, group, weekday and hour from the ticket
history, and the counters needed to keep the mean wait under a target (Erlang C).

Forecast: the mean number of tickets taken in that hour on that weekday over the last FORECAST_WEEKS
weeks that the site was open that weekday (days it was closed do not pull the mean down).

Erlang C (M/M/c): with arrivals λ per hour and mean counter cycle S (so offered load a = λS, in
counters), the probability that a newcomer must wait is
    C(c, a) = (a^c / c!) · c/(c − a) / (Σ_{k<c} a^k/k! + (a^c/c!) · c/(c − a)),   for c > a,
and the mean wait is W = C(c, a) · S / (c − a). The counters needed are the smallest c with W ≤ target.
The library on the package registry that names Erlang C (erlangccmath) sends every computation to its
vendor's web service, so the formula is here (computed with the stable Erlang B recursion).
bench/staffing_forecast.py measures the forecast on held-out weeks of the demo history.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count
from django.db.models.functions import ExtractHour
from django.utils import timezone

from counters.models import Counter, ServiceGroup, Site, Ticket
from counters.waits import DEFAULT_CYCLE_SECONDS, cycle_seconds_by_group

FORECAST_WEEKS = 8
MAX_COUNTERS = 50


def erlang_c(counters: int, load: float) -> float:
    """Probability of waiting in M/M/c with `counters` servers and offered load `load` (erlangs)."""
    if load <= 0:
        return 0.0
    if counters <= load:
        return 1.0
    blocking = 1.0  # Erlang B by recursion: B(0) = 1, B(k) = a·B(k−1) / (k + a·B(k−1))
    for k in range(1, counters + 1):
        blocking = load * blocking / (k + load * blocking)
    return counters * blocking / (counters - load * (1 - blocking))


def mean_wait_seconds(counters: int, arrivals_per_hour: float, cycle_seconds: float) -> float:
    """Mean wait in the queue (seconds); infinite when the counters cannot keep up."""
    load = arrivals_per_hour * cycle_seconds / 3600
    if arrivals_per_hour <= 0:
        return 0.0
    if counters <= load:
        return float("inf")
    return erlang_c(counters, load) * cycle_seconds / (counters - load)


def counters_needed(arrivals_per_hour: float, cycle_seconds: float, target_seconds: float) -> int:
    """The fewest counters keeping the mean wait at or under the target (0 when nobody comes)."""
    if arrivals_per_hour <= 0:
        return 0
    for counters in range(1, MAX_COUNTERS + 1):
        if mean_wait_seconds(counters, arrivals_per_hour, cycle_seconds) <= target_seconds:
            return counters
    return MAX_COUNTERS


def hourly_counts(*, site_ids: list[int] | None, first: dt.date, last: dt.date) -> dict[tuple, int]:
    """Tickets taken per (group, day, local hour) between the days (one grouped query)."""
    tickets = Ticket.objects.filter(day__range=(first, last))
    if site_ids is not None:
        tickets = tickets.filter(group__site__in=site_ids)
    rows = (
        tickets.annotate(hour=ExtractHour("issued_at", tzinfo=timezone.get_current_timezone()))
        .values_list("group_id", "day", "hour")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {(group_id, day, hour): n for group_id, day, hour, n in rows}


def forecast_from_counts(counts: dict[tuple, int], *, days: list[dt.date]) -> dict[tuple[int, int, int], float]:
    """Mean tickets per (group, weekday, hour) over the given open days (each weekday's own days)."""
    per_weekday: dict[int, int] = defaultdict(int)
    for day in days:
        per_weekday[day.weekday()] += 1
    wanted = set(days)
    totals: dict[tuple[int, int, int], int] = defaultdict(int)
    for (group_id, day, hour), n in counts.items():
        if day in wanted:
            totals[(group_id, day.weekday(), hour)] += n
    return {key: total / per_weekday[key[1]] for key, total in totals.items()}


def open_days(counts: dict[tuple, int], first: dt.date, last: dt.date) -> list[dt.date]:
    """The days of the range on which the hall took tickets (closed days carry no information)."""
    seen = {day for (_g, day, _h) in counts}
    return sorted(day for day in seen if first <= day <= last)


@dataclass
class HourHint:
    hour: int
    arrivals: float
    needed: int
    staffed: int


def staffing_hints(
    *, site: Site, weekday: int, target_minutes: float, today: dt.date | None = None
) -> list[tuple[ServiceGroup, float, list[HourHint]]]:
    """Per group of the site: its cycle time and, per opening hour, forecast arrivals, counters needed for
    the target mean wait, and counters staffed (those serving the group at the site)."""
    today = today or timezone.localdate()
    first = today - dt.timedelta(weeks=FORECAST_WEEKS)
    last = today - dt.timedelta(days=1)
    counts = hourly_counts(site_ids=[site.pk], first=first, last=last)
    forecast = forecast_from_counts(counts, days=open_days(counts, first, last))
    groups = list(ServiceGroup.objects.filter(site=site, is_active=True).prefetch_related("agencies"))
    cycles = cycle_seconds_by_group([g.pk for g in groups])
    staffed = _staffed(site, groups)
    hours = sorted({h for (_g, _w, h) in forecast} | set(range(site.opens_at.hour, site.closes_at.hour)))
    result = []
    for group in groups:
        cycle = cycles.get(group.pk, DEFAULT_CYCLE_SECONDS)
        rows = []
        for hour in hours:
            arrivals = forecast.get((group.pk, weekday, hour), 0.0)
            needed = counters_needed(arrivals, cycle, target_minutes * 60)
            rows.append(HourHint(hour, arrivals, needed, staffed.get(group.pk, 0)))
        result.append((group, cycle, rows))
    return result


def _staffed(site: Site, groups: list[ServiceGroup]) -> dict[int, int]:
    counters = Counter.objects.filter(site=site, is_active=True).prefetch_related("agencies")
    served = {c.pk: {a.pk for a in c.agencies.all()} for c in counters}
    return {g.pk: sum(1 for agencies in served.values() if agencies & {a.pk for a in g.agencies.all()}) for g in groups}
