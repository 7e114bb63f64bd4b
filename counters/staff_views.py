"""Staff pages about sites: today's bookings of the staff member's site (counter staff), booking use and
no-shows, and staffing hints (directors; a site head sees their own site)."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from center.params import positive_int
from counters import booking, staffing
from counters.models import Site, default_site
from monitoring.selectors.scope import dashboard_site_id
from monitoring.views.common import dashboard_required

WEEKDAYS = [
    gettext_lazy("Monday"),
    gettext_lazy("Tuesday"),
    gettext_lazy("Wednesday"),
    gettext_lazy("Thursday"),
    gettext_lazy("Friday"),
    gettext_lazy("Saturday"),
    gettext_lazy("Sunday"),
]


def _own_site(user) -> Site:
    profile = getattr(user, "staff_profile", None)
    return profile.site if profile is not None else default_site()


def _chosen_site(request) -> tuple[Site, list[Site]]:
    """The site asked for (?site=), limited to their own for a site head (another is refused)."""
    own = dashboard_site_id(request.user)
    sites = list(Site.objects.filter(is_active=True, **({"pk": own} if own is not None else {})))
    wanted = request.GET.get("site", "")
    site = next((s for s in sites if s.code == wanted), None)
    if wanted and site is None:
        raise PermissionDenied(_("You can only see your own site."))
    return site or (sites[0] if sites else default_site()), sites


@login_required
@permission_required("counters.view_appointment", raise_exception=True)
def appointments_today(request):
    """Who is expected today at the staff member's site, per service group and time."""
    site = _own_site(request.user)
    rows = list(booking.appointments_of_day(site=site, day=timezone.localdate()))
    return render(request, "counters/appointments_today.html", {"site": site, "rows": rows})


@dashboard_required
@permission_required("counters.view_appointment", raise_exception=True)
def booking_use(request):
    """Bookings over the last N days (default 30) per site and group: came, did not come, cancelled."""
    days = min(positive_int(request.GET.get("days")) or 30, 366)
    last = timezone.localdate()
    first = last - dt.timedelta(days=days - 1)
    own = dashboard_site_id(request.user)
    rows = booking.booking_use(first=first, last=last, site_id=own)
    return render(request, "counters/booking_use.html", {"rows": rows, "first": first, "last": last, "days": days})


@dashboard_required
def staffing_page(request):
    """Forecast arrivals per hour for a weekday and the counters needed for a target wait, beside the
    counters the site has for each group."""
    site, sites = _chosen_site(request)
    today = timezone.localdate()
    weekday = positive_int(request.GET.get("weekday"))
    weekday = weekday - 1 if weekday and 1 <= weekday <= 7 else today.weekday()
    target = min(positive_int(request.GET.get("target")) or 15, 240)
    hints = staffing.staffing_hints(site=site, weekday=weekday, target_minutes=target, today=today)
    return render(
        request,
        "counters/staffing.html",
        {
            "site": site,
            "sites": sites,
            "weekday": weekday,
            "weekdays": list(enumerate(WEEKDAYS, start=1)),
            "target": target,
            "hints": hints,
            "weeks": staffing.FORECAST_WEEKS,
        },
    )
