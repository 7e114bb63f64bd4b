"""Reads about sites: their calendars (the province's with their own days off), whether they are open,
and the distance from a citizen who shared their location (the site chooser)."""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict

from django.utils import timezone

from center import workdays
from center.cache import remembered
from counters.models import Site, SiteDayOff

EARTH_RADIUS_KM = 6371.0


def site_calendar(site: Site, *, base: workdays.WorkingCalendar | None = None) -> workdays.WorkingCalendar:
    """The province's working calendar (center/workdays.py) with the site's own days off on top. For opening
    hours and bookings only: deadlines run on the province's calendar (the agency resolves the dossier)."""
    base = base or workdays.load_calendar()
    days_off = dict.fromkeys(SiteDayOff.objects.filter(site=site).values_list("date", flat=True), False)
    return workdays.WorkingCalendar(overrides={**base.overrides, **days_off}, national=base.national)


def province_works(day: dt.date) -> bool:
    """Whether the province works that day; cached five minutes (building the calendar costs ~25 ms, and
    the live pages poll every few seconds). A calendar change shows within five minutes."""
    return remembered(
        f"counters:province-works:{day.isoformat()}", 300, lambda: workdays.load_calendar().is_working_day(day)
    )


def sites_open(sites: list[Site], moment: dt.datetime | None = None) -> dict[int, bool]:
    """Whether each site is in one of its sessions on one of its working days (two queries for all)."""
    local = timezone.localtime(moment or timezone.now())
    working = province_works(local.date())
    closed_today = set(SiteDayOff.objects.filter(site__in=sites, date=local.date()).values_list("site_id", flat=True))
    clock = local.time()
    return {
        site.pk: working
        and site.pk not in closed_today
        and any(opens <= clock < closes for opens, closes in site.sessions())
        for site in sites
    }


def days_off_by_site(sites: list[Site], first: dt.date, last: dt.date) -> dict[int, set[dt.date]]:
    result: dict[int, set[dt.date]] = defaultdict(set)
    for site_id, day in SiteDayOff.objects.filter(site__in=sites, date__range=(first, last)).values_list(
        "site_id", "date"
    ):
        result[site_id].add(day)
    return result


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(a))


def sites_by_distance(sites: list[Site], lat: float | None, lon: float | None) -> list[tuple[Site, float | None]]:
    """The sites nearest first when a location is known (sites without coordinates last), else as listed."""
    if lat is None or lon is None:
        return [(site, None) for site in sites]
    placed = [
        (
            site,
            distance_km(lat, lon, float(site.latitude), float(site.longitude)) if site.latitude is not None else None,
        )
        for site in sites
    ]
    return sorted(placed, key=lambda pair: (pair[1] is None, pair[1] or 0))


def active_sites() -> list[Site]:
    return list(Site.objects.filter(is_active=True))
