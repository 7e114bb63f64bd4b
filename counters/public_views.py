"""Public pages of the sites: the chooser (nearest first when the browser shares a location), a site's live
wait, and booking an appointment (choose, confirm with QR, cancel or move with the phone)."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from center.dates import DateInRangeField
from center.errors import DomainError
from counters import booking
from counters.apis import site_rows
from counters.models import Appointment, AppointmentStatus, ServiceGroup, Site
from counters.waits import site_live
from dossiers.slips.qr import qr_svg_data_uri

LIVE_POLL_MS = 5000  # the issue asks for at most 10 s between refreshes


def site_chooser(request):
    """Every site with its queue now; the page's script sorts them by distance if the browser tells where
    it is (the location stays in the browser)."""
    sites = list(Site.objects.filter(is_active=True))
    return render(request, "counters/sites.html", {"rows": site_rows(sites)})


def _site_or_404(code: str) -> Site:
    site = Site.objects.filter(code=code, is_active=True).first()
    if site is None:
        raise Http404
    return site


def site_live_page(request, code: str):
    site = _site_or_404(code)
    return render(request, "counters/site_live.html", {"site": site, "live": site_live(site), "poll_ms": LIVE_POLL_MS})


@never_cache
def site_live_data(request, code: str):
    return JsonResponse(site_live(_site_or_404(code)))


def _day(value: str, default: dt.date) -> dt.date:
    """A typed day (dd/mm/yyyy or ISO), or `default` when empty or not a date."""
    try:
        return DateInRangeField(required=False).clean(value) or default
    except ValidationError:
        return default


def _aware(value: str) -> dt.datetime | None:
    moment = parse_datetime(value or "")
    if moment is None:
        return None
    return moment if timezone.is_aware(moment) else timezone.make_aware(moment)


@require_http_methods(["GET", "POST"])
def book(request):
    """Choose a site, a service and a day, then a free time, then give name, phone and identity number."""
    sites = list(Site.objects.filter(is_active=True))
    site = next((s for s in sites if s.code == request.GET.get("site", request.POST.get("site"))), None)
    groups = list(ServiceGroup.objects.filter(site=site, is_active=True)) if site else []
    group = next((g for g in groups if g.prefix == request.GET.get("group", request.POST.get("group"))), None)
    today = timezone.localdate()
    day = _day(request.GET.get("date", ""), today)
    context = {"sites": sites, "site": site, "groups": groups, "group": group, "day": day, "today": today}
    if request.method == "POST" and site and group:
        try:
            appointment = booking.appointment_book(
                site=site,
                group=group,
                start=_aware(request.POST.get("start", "")) or timezone.now(),
                applicant_name=request.POST.get("applicant_name", ""),
                applicant_phone=request.POST.get("applicant_phone", ""),
                applicant_id_number=request.POST.get("applicant_id_number", ""),
                applicant_email=request.POST.get("applicant_email", ""),
            )
        except DomainError as error:
            context["error"] = error.message
            context["posted"] = request.POST
            day = timezone.localdate(_aware(request.POST.get("start", "")) or timezone.now())
            context["day"] = day
        else:
            return redirect("appointment", code=appointment.code)
    if site and group:
        context["slots"] = booking.free_slots(site=site, group=group, day=day)
    status = 400 if "error" in context else 200
    return render(request, "counters/book.html", context, status=status)


def _appointment_or_404(code: str) -> Appointment:
    appointment = Appointment.objects.select_related("site", "group").filter(code=code.upper()).first()
    if appointment is None:
        raise Http404
    return appointment


def appointment_page(request, code: str):
    """The confirmation: code, QR (the kiosk's scanner reads the code), site, service, time; cancel or move.
    Nothing personal beyond the masked name: the code is its only key."""
    appointment = _appointment_or_404(code)
    slots = []
    if appointment.status == AppointmentStatus.BOOKED:
        day = _day(request.GET.get("date", ""), appointment.day)
        slots = booking.free_slots(site=appointment.site, group=appointment.group, day=day)
    return render(
        request,
        "counters/appointment.html",
        {
            "appointment": appointment,
            "qr": qr_svg_data_uri(appointment.code),
            "slots": slots,
            "can_change": appointment.status == AppointmentStatus.BOOKED,
        },
    )


@require_POST
def appointment_change(request, code: str):
    """Cancel (no `start`) or move (a new `start`) with the phone number it was booked with."""
    appointment = _appointment_or_404(code)
    try:
        if request.POST.get("start"):
            booking.appointment_move(
                code=appointment.code,
                phone=request.POST.get("phone", ""),
                start=_aware(request.POST["start"]) or timezone.now(),
            )
            messages.success(request, _("Your appointment has been moved."))
        else:
            booking.appointment_cancel(code=appointment.code, phone=request.POST.get("phone", ""))
            messages.success(request, _("Your appointment has been cancelled."))
    except DomainError as error:
        messages.error(request, error.message)
    return redirect(reverse("appointment", args=[appointment.code]))
