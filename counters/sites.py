"""Reads about sites: their calendars (the province's with their own days off), whether they are open,
and the distance from a citizen who shared their location (the site chooser)."""

from __future__ import annotations

import datetime as dt
import math

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


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(a))
