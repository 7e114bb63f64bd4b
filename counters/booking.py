"""Appointments (lịch hẹn): free slots, booking, cancelling or moving, check-in at the kiosk, release.

A site's day is cut into APPOINTMENT_SLOT_MINUTES slots within its sessions, on its working days (the
province's calendar with the site's own days off). A slot of a group offers APPOINTMENT_SHARE of what
the counters staffed for the group can serve in it: counters x slot length / the group's recent counter
cycle (counters/waits.py); the rest is for walk-ins. Bookings for one day are limited per identity number
and per phone (APPOINTMENTS_PER_PERSON_PER_DAY). Booking locks the group's row, so two citizens never
take the last place of a slot twice.

Checked in at the kiosk with its code (typed, or its QR read by the kiosk's scanner), an appointment
becomes a ticket of the group that counters call before walk-ins from the slot's start to its end
(counters.services.ticket_call_next). Not checked in APPOINTMENT_RELEASE_AFTER_MINUTES after the start,
it is released as a no-show (counters/tasks.py).
"""

from __future__ import annotations

import datetime as dt
import logging
import math
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from center.errors import Conflict, InvalidInput, NotFound
from counters.models import Appointment, AppointmentStatus, Counter, ServiceGroup, Site, Ticket
from counters.sites import site_calendar
from counters.waits import DEFAULT_CYCLE_SECONDS, cycle_seconds_by_group
from dossiers.codes import new_secret
from dossiers.identity import IdentityDocument, checked_for_service, identity_cleaned
from dossiers.validators import clean_name, phone_checked
from monitoring.models import OutboxChannel, OutboxMessage
from monitoring.services.outbox import outbox_enqueue

log = logging.getLogger("counters")

HOLDING = (AppointmentStatus.BOOKED, AppointmentStatus.CHECKED_IN)


@dataclass(frozen=True)
class Slot:
    start: dt.datetime
    end: dt.datetime
    capacity: int
    booked: int

    @property
    def remaining(self) -> int:
        return max(self.capacity - self.booked, 0)


def staffed_counters(group: ServiceGroup) -> int:
    """Counters of the group's site that serve one of its agencies (its roster: who may be called)."""
    return Counter.objects.filter(site=group.site_id, is_active=True, agencies__service_groups=group).distinct().count()


def slot_capacity(*, counters: int, cycle_seconds: float, slot_minutes: int, share: float) -> int:
    """Bookings one slot takes: the share of what the counters serve in it (at least one when staffed)."""
    if counters <= 0:
        return 0
    return max(math.floor(counters * slot_minutes * 60 / cycle_seconds * share), 1)


def _local(day: dt.date, clock: dt.time) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, clock))


def slot_list(*, site: Site, group: ServiceGroup, day: dt.date, now: dt.datetime | None = None) -> list[Slot]:
    """Every slot of the day at the site for the group with its capacity and bookings (free or not); none
    on the site's days off, in the past, or beyond APPOINTMENT_DAYS_AHEAD."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    if group.site_id != site.pk or not group.is_active or not site.is_active:
        return []
    if not today <= day <= today + dt.timedelta(days=settings.APPOINTMENT_DAYS_AHEAD):
        return []
    if not site_calendar(site).is_working_day(day):
        return []
    length = dt.timedelta(minutes=settings.APPOINTMENT_SLOT_MINUTES)
    cycle = cycle_seconds_by_group([group.pk], now=now).get(group.pk, DEFAULT_CYCLE_SECONDS)
    capacity = slot_capacity(
        counters=staffed_counters(group),
        cycle_seconds=cycle,
        slot_minutes=settings.APPOINTMENT_SLOT_MINUTES,
        share=settings.APPOINTMENT_SHARE,
    )
    booked = dict(
        Appointment.objects.filter(group=group, day=day, status__in=HOLDING)
        .values_list("start")
        .annotate(n=Count("pk"))
        .order_by()
    )
    slots = []
    for opens, closes in site.sessions():
        start, session_end = _local(day, opens), _local(day, closes)
        while start + length <= session_end:
            if start > now:
                slots.append(Slot(start, start + length, capacity, booked.get(start, 0)))
            start += length
    return slots


def group_for_procedure(*, site: Site, code: str):
    """(group, procedure): the site's first group serving the procedure's agency, for a booking by procedure."""
    from procedures.models import Procedure

    procedure = Procedure.objects.filter(code=(code or "").strip(), is_active=True).first()
    group = (
        ServiceGroup.objects.filter(site=site, is_active=True, agencies=procedure.agency_id)
        .order_by("position")
        .first()
        if procedure
        else None
    )
    if group is None:
        raise InvalidInput(_("This procedure is not received at this site."), field="procedure")
    return group, procedure


def free_slots(*, site: Site, group: ServiceGroup, day: dt.date) -> list[Slot]:
    return [slot for slot in slot_list(site=site, group=group, day=day) if slot.remaining > 0]


def _check_hoarding(*, day: dt.date, id_number: str, phone: str, exclude: int | None = None) -> None:
    held = Appointment.objects.filter(day=day, status__in=HOLDING).exclude(pk=exclude)
    limit = settings.APPOINTMENTS_PER_PERSON_PER_DAY
    if held.filter(applicant_id_number=id_number).count() >= limit:
        raise InvalidInput(
            _("This identity number already holds %(n)s appointments on that day.") % {"n": limit},
            field="applicant_id_number",
        )
    if held.filter(applicant_phone=phone).count() >= limit:
        raise InvalidInput(
            _("This phone number already holds %(n)s appointments on that day.") % {"n": limit}, field="applicant_phone"
        )


def _slot_checked(site: Site, group: ServiceGroup, start: dt.datetime) -> Slot:
    day = timezone.localdate(start)
    for slot in slot_list(site=site, group=group, day=day):
        if slot.start == start:
            if slot.remaining <= 0:
                raise Conflict(_("This time is fully booked; choose another."))
            return slot
    raise InvalidInput(_("This is not a free time of this site; choose one from the list."), field="start")


def _notify(appointment: Appointment, template: str, text: str) -> None:
    """SMS (and e-mail when given) through the outbox, in the same transaction: never lost, sent once."""
    messages = [
        OutboxMessage(
            channel=OutboxChannel.SMS,
            recipient=appointment.applicant_phone,
            template=template,
            body=text,
            dedupe_key=f"appointment:{appointment.code}:{template}:{appointment.start.isoformat()}:sms",
        )
    ]
    if appointment.applicant_email:
        messages.append(
            OutboxMessage(
                channel=OutboxChannel.EMAIL,
                recipient=appointment.applicant_email,
                template=template,
                subject=_("Your appointment %(code)s") % {"code": appointment.code},
                body=text,
                dedupe_key=f"appointment:{appointment.code}:{template}:{appointment.start.isoformat()}:email",
            )
        )
    outbox_enqueue(messages=messages)


def _confirmation_text(appointment: Appointment) -> str:
    start = timezone.localtime(appointment.start)
    return _(
        "Appointment %(code)s at %(site)s, %(group)s, %(time)s %(date)s. At the kiosk enter the code or show "
        "the QR: %(link)s"
    ) % {
        "code": appointment.code,
        "site": appointment.site.name,
        "group": appointment.group.name,
        "time": f"{start:%H:%M}",
        "date": f"{start:%d/%m/%Y}",
        "link": f"{settings.PUBLIC_BASE_URL.rstrip('/')}/dat-lich/hen/{appointment.code}/",
    }


@transaction.atomic
def appointment_book(
    *,
    site: Site,
    group: ServiceGroup,
    start: dt.datetime,
    applicant_name: str,
    applicant_phone: str,
    applicant_id_number: str,
    applicant_email: str = "",
    procedure=None,
) -> Appointment:
    """Book a free slot (for a group, or a procedure the group serves); the confirmation goes out by SMS
    (and e-mail) with the code."""
    name = clean_name(applicant_name)
    if not name:
        raise InvalidInput(_("This field is required."), field="applicant_name")
    phone = phone_checked(applicant_phone)
    if not phone:
        raise InvalidInput(_("This field is required."), field="applicant_phone")
    _kind, id_number, _type_name = checked_for_service(
        identity_cleaned, IdentityDocument.CITIZEN_ID, applicant_id_number, ""
    )
    if not id_number:
        raise InvalidInput(_("This field is required."), field="applicant_id_number")
    if group.site_id != site.pk:
        raise InvalidInput(_("This service is not offered at this site."), field="group")
    ServiceGroup.objects.select_for_update().get(pk=group.pk)  # one booking of the group at a time
    slot = _slot_checked(site, group, start)
    day = timezone.localdate(slot.start)
    _check_hoarding(day=day, id_number=id_number, phone=phone)
    for _attempt in range(5):
        appointment = Appointment(
            code=new_secret(),
            site=site,
            group=group,
            start=slot.start,
            end=slot.end,
            day=day,
            applicant_name=name,
            applicant_phone=phone,
            applicant_id_number=id_number,
            applicant_email=applicant_email.strip(),
            procedure=procedure,
            created_at=timezone.now(),
        )
        try:
            with transaction.atomic():
                appointment.save()
            break
        except IntegrityError:  # the code was taken (one in 31^8): draw another
            continue
    _notify(appointment, "appointment_booked", _confirmation_text(appointment))
    log.info("appointment_booked", extra={"appointment_id": appointment.pk, "group": group.prefix})
    return appointment


def _holder_lock(code: str, phone: str) -> Appointment:
    """The appointment of this code booked with this phone, locked; anything else looks like no such code."""
    phone = phone_checked(phone or "")
    found = (
        Appointment.objects.select_for_update()
        .select_related("site", "group")
        .filter(code=(code or "").strip().upper(), applicant_phone=phone)
        .first()
        if phone
        else None
    )
    if found is None:
        raise NotFound(_("No appointment matches this code and phone number."))
    return found


@transaction.atomic
def appointment_cancel(*, code: str, phone: str) -> Appointment:
    appointment = _holder_lock(code, phone)
    if appointment.status != AppointmentStatus.BOOKED:
        raise Conflict(_("This appointment can no longer be cancelled."))
    appointment.status = AppointmentStatus.CANCELLED
    appointment.cancelled_at = timezone.now()
    appointment.save(update_fields=["status", "cancelled_at"])
    log.info("appointment_cancelled", extra={"appointment_id": appointment.pk})
    return appointment


@transaction.atomic
def appointment_move(*, code: str, phone: str, start: dt.datetime) -> Appointment:
    """Move a booking to another free slot of the same site and group; the new time is sent again."""
    appointment = _holder_lock(code, phone)
    if appointment.status != AppointmentStatus.BOOKED:
        raise Conflict(_("This appointment can no longer be moved."))
    ServiceGroup.objects.select_for_update().get(pk=appointment.group_id)
    slot = _slot_checked(appointment.site, appointment.group, start)
    day = timezone.localdate(slot.start)
    _check_hoarding(
        day=day, id_number=appointment.applicant_id_number, phone=appointment.applicant_phone, exclude=appointment.pk
    )
    appointment.start, appointment.end, appointment.day = slot.start, slot.end, day
    appointment.save(update_fields=["start", "end", "day"])
    _notify(appointment, "appointment_moved", _confirmation_text(appointment))
    return appointment


@transaction.atomic
def appointment_check_in(*, code: str, site: Site) -> Ticket:
    """At the kiosk: the booking's ticket, called before walk-ins within its slot."""
    from counters.services import ticket_issue

    appointment = (
        Appointment.objects.select_for_update()
        .select_related("group")
        .filter(code=(code or "").strip().upper(), site=site)
        .first()
    )
    if appointment is None:
        raise NotFound(_("No appointment at this site has this code."))
    now = timezone.now()
    if appointment.status == AppointmentStatus.CHECKED_IN:
        raise Conflict(_("This appointment has already been checked in."))
    if appointment.status != AppointmentStatus.BOOKED:
        raise Conflict(_("This appointment was cancelled or released; please take a ticket."))
    if appointment.day != timezone.localdate(now):
        raise InvalidInput(
            _("This appointment is for %(date)s.") % {"date": f"{timezone.localtime(appointment.start):%d/%m/%Y}"}
        )
    if now > release_time(appointment):
        raise Conflict(_("This appointment was released; please take a ticket."))
    ticket = ticket_issue(group=appointment.group, priority=(appointment.start, appointment.end))
    appointment.status = AppointmentStatus.CHECKED_IN
    appointment.checked_in_at = now
    appointment.ticket = ticket
    appointment.save(update_fields=["status", "checked_in_at", "ticket"])
    log.info("appointment_checked_in", extra={"appointment_id": appointment.pk, "ticket_id": ticket.pk})
    return ticket


def release_time(appointment: Appointment) -> dt.datetime:
    return appointment.start + dt.timedelta(minutes=settings.APPOINTMENT_RELEASE_AFTER_MINUTES)


@transaction.atomic
def appointment_release_no_shows(*, now: dt.datetime | None = None) -> int:
    """Bookings not checked in by their release time become no-shows (safe to run again: only BOOKED)."""
    now = now or timezone.now()
    late = now - dt.timedelta(minutes=settings.APPOINTMENT_RELEASE_AFTER_MINUTES)
    released = Appointment.objects.filter(status=AppointmentStatus.BOOKED, start__lt=late).update(
        status=AppointmentStatus.NO_SHOW, released_at=now
    )
    if released:
        log.info("appointments_released", extra={"count": released})
    return released


# --- reads ---------------------------------------------------------------------------------------------


def appointments_of_day(*, site: Site, day: dt.date):
    """A site's bookings of a day, per group and time (staff: who is expected)."""
    return (
        Appointment.objects.filter(site=site, day=day)
        .exclude(status=AppointmentStatus.CANCELLED)
        .select_related("group", "ticket")
        .order_by("group__position", "group__prefix", "start", "pk")
    )


def booking_use(*, first: dt.date, last: dt.date, site_id: int | None = None) -> list[dict]:
    """Per site and group over the days: booked, checked in, no-shows, cancelled, and the share that came."""
    rows = Appointment.objects.filter(day__range=(first, last))
    if site_id:
        rows = rows.filter(site_id=site_id)
    counts = (
        rows.values("site__name", "group__prefix", "group__name")
        .annotate(
            booked=Count("pk", filter=~Q(status=AppointmentStatus.CANCELLED)),
            checked_in=Count("pk", filter=Q(status=AppointmentStatus.CHECKED_IN)),
            no_show=Count("pk", filter=Q(status=AppointmentStatus.NO_SHOW)),
            cancelled=Count("pk", filter=Q(status=AppointmentStatus.CANCELLED)),
        )
        .order_by("site__name", "group__prefix")
    )
    result = []
    for row in counts:
        judged = row["checked_in"] + row["no_show"]
        result.append({**row, "show_rate": row["checked_in"] / judged if judged else None})
    return result
