"""Writes of the counter desk: queue tickets through their day, and the slips given when no dossier is
received. Every function locks what it changes, so two counters or a double click never collide."""

from __future__ import annotations

import datetime as dt
import logging
import secrets
import uuid

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Case, DateTimeField, F, Q, Subquery, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _

from center.errors import Conflict, InvalidInput, NotAllowed
from counters.models import (
    Counter,
    CounterSlip,
    KioskDevice,
    ServiceGroup,
    Site,
    SlipKind,
    StaffProfile,
    Ticket,
    TicketStatus,
    default_site,
)
from dossiers.codes import next_number
from dossiers.identity import IdentityDocument, checked_for_service, identity_cleaned
from dossiers.validators import clean_name, clean_text, phone_checked
from monitoring.models import OutboxChannel, OutboxMessage
from monitoring.services.outbox import outbox_enqueue

log = logging.getLogger("counters")

ACTIVE = (TicketStatus.CALLED, TicketStatus.SERVING)


def _seconds(start, end) -> int:
    return max(int((end - start).total_seconds()), 0)


def ticket_sequence_prefix(group: ServiceGroup) -> str:
    """The key of the group's daily numbering in the shared sequence table (apart from dossier codes): per
    site and prefix, so A001 at a branch and A001 at the provincial center are two tickets of two halls."""
    return f"ticket:{group.site_id}:{group.prefix}"


@transaction.atomic
def ticket_issue(
    *, group: ServiceGroup, phone: str = "", priority: tuple[dt.datetime, dt.datetime] | None = None
) -> Ticket:
    """A citizen takes a number at the kiosk: the next of the day for the group, from one atomic upsert.

    `phone` (optional) is texted when few people are ahead; `priority` is an appointment's slot, within
    which the ticket is called before walk-ins (counters/booking.py)."""
    if not group.is_active:
        raise InvalidInput(_("This service group no longer takes tickets."))
    phone = phone_checked(phone, field="phone")
    now = timezone.now()
    day = timezone.localdate(now)
    number = next_number(ticket_sequence_prefix(group), day)
    priority_from, priority_until = priority or (None, None)
    ticket = Ticket.objects.create(
        group=group,
        day=day,
        number=number,
        issued_at=now,
        phone=phone,
        priority_from=priority_from,
        priority_until=priority_until,
    )
    log.info("ticket_issued", extra={"ticket_id": ticket.pk, "group": group.prefix})
    return ticket


@transaction.atomic
def kiosk_device_register(*, name: str, by, site: Site | None = None) -> tuple[KioskDevice, str]:
    """Register the kiosk an administrator stands at (in `site`'s hall, by default the provincial
    center); the token is returned once, for its cookie."""
    name = clean_text(name)
    if not name:
        raise InvalidInput(_("Name this kiosk, e.g. where it stands."), field="name")
    longest = KioskDevice._meta.get_field("name").max_length
    if len(name) > longest:
        raise InvalidInput(_("At most %(max)s characters.") % {"max": longest}, field="name")
    token = secrets.token_urlsafe(32)
    device = KioskDevice.objects.create(
        name=name, token_digest=KioskDevice.digest(token), registered_by=by, site=site or default_site()
    )
    log.info("kiosk_device_registered", extra={"kiosk_device_id": device.pk})
    return device, token


def _lock_counter(counter: Counter) -> Counter:
    """Serialise the actions of one counter (a double click must not call two citizens)."""
    return Counter.objects.select_for_update().get(pk=counter.pk)


def counter_current_ticket(*, counter: Counter) -> Ticket | None:
    return (
        Ticket.objects.select_related("group")
        .filter(counter=counter, status__in=ACTIVE, day=timezone.localdate())
        .order_by("-called_at")
        .first()
    )


def _check_staff(by, counter: Counter) -> None:
    profile = getattr(by, "staff_profile", None)
    if profile is None or profile.counter_id != counter.pk:
        raise NotAllowed(_("You are not seated at counter %(number)s.") % {"number": counter.number})


@transaction.atomic
def ticket_call_next(*, counter: Counter, by) -> Ticket:
    """Call the longest-waiting ticket of a group this counter serves; other counters skip locked rows."""
    counter = _lock_counter(counter)
    _check_staff(by, counter)
    current = counter_current_ticket(counter=counter)
    if current is not None:
        raise Conflict(_("Finish or skip ticket %(ticket)s before calling the next one.") % {"ticket": current.label})
    groups = ServiceGroup.objects.filter(is_active=True, site=counter.site_id, agencies__counters=counter).values("pk")
    now = timezone.now()
    ticket = (
        Ticket.objects.select_for_update(skip_locked=True, of=("self",))
        .select_related("group")
        .filter(day=timezone.localdate(now), status=TicketStatus.WAITING, group_id__in=Subquery(groups))
        .order_by(*call_order(now), "issued_at", "id")
        .first()
    )
    if ticket is None:
        raise Conflict(_("Nobody is waiting for this counter."))
    ticket.status = TicketStatus.CALLED
    ticket.counter = counter
    ticket.served_by = by
    ticket.first_called_at = ticket.called_at = now
    ticket.call_count = 1
    ticket.wait_seconds = _seconds(ticket.issued_at, now)
    ticket.save(
        update_fields=["status", "counter", "served_by", "first_called_at", "called_at", "call_count", "wait_seconds"]
    )
    log.info("ticket_called", extra={"ticket_id": ticket.pk, "counter": counter.number})
    tickets_notify_ahead(group=ticket.group, now=now)
    return ticket


def call_order(now: dt.datetime) -> list:
    """Booked citizens within their slot first (earliest slot first), then everybody by arrival."""
    in_slot = Q(priority_from__lte=now, priority_until__gte=now)
    slot_start = Case(When(in_slot, then=F("priority_from")), default=Value(None), output_field=DateTimeField())
    return [Case(When(in_slot, then=Value(0)), default=Value(1)), slot_start.asc(nulls_last=True)]


def tickets_notify_ahead(*, group: ServiceGroup, now: dt.datetime) -> int:
    """Text the holders who gave a phone once at most QUEUE_SMS_WHEN_AHEAD people are ahead of them (in
    the call order); each at most once (ahead_notified_at, set in the same transaction as the outbox row)."""
    limit = settings.QUEUE_SMS_WHEN_AHEAD
    head = list(
        Ticket.objects.filter(group=group, day=timezone.localdate(now), status=TicketStatus.WAITING)
        .order_by(*call_order(now), "issued_at", "id")
        .values("pk", "number", "phone", "ahead_notified_at")[: limit + 1]
    )
    due = [(place, row) for place, row in enumerate(head) if row["phone"] and row["ahead_notified_at"] is None]
    if not due:
        return 0
    messages = [
        OutboxMessage(
            channel=OutboxChannel.SMS,
            recipient=row["phone"],
            template="queue_ahead",
            body=_("Ticket %(ticket)s: %(n)s people ahead of you. Please come to the hall.")
            % {"ticket": f"{group.prefix}{row['number']:03d}", "n": place},
            dedupe_key=f"ticket:{row['pk']}:ahead",
        )
        for place, row in due
    ]
    Ticket.objects.filter(pk__in=[row["pk"] for _place, row in due]).update(ahead_notified_at=now)
    outbox_enqueue(messages=messages)
    return len(due)


def _lock_ticket(ticket: Ticket, by, allowed: tuple[str, ...]) -> Ticket:
    locked = Ticket.objects.select_for_update(of=("self",)).select_related("group", "counter").get(pk=ticket.pk)
    if locked.counter is None:
        raise Conflict(_("Ticket %(ticket)s has not been called.") % {"ticket": locked.label})
    _check_staff(by, locked.counter)
    if locked.status not in allowed:
        raise Conflict(
            _("Ticket %(ticket)s is “%(status)s”: this is not possible now.")
            % {"ticket": locked.label, "status": locked.get_status_display()}
        )
    return locked


@transaction.atomic
def ticket_recall(*, ticket: Ticket, by) -> Ticket:
    """Call the same number again (the board shows it as the latest call)."""
    ticket = _lock_ticket(ticket, by, (TicketStatus.CALLED,))
    ticket.called_at = timezone.now()
    ticket.call_count += 1
    ticket.save(update_fields=["called_at", "call_count"])
    return ticket


@transaction.atomic
def ticket_skip(*, ticket: Ticket, by) -> Ticket:
    """The citizen did not come to the counter: the ticket is closed as a no-show."""
    ticket = _lock_ticket(ticket, by, (TicketStatus.CALLED,))
    ticket.status = TicketStatus.NO_SHOW
    ticket.finished_at = timezone.now()
    ticket.save(update_fields=["status", "finished_at"])
    log.info("ticket_no_show", extra={"ticket_id": ticket.pk})
    return ticket


@transaction.atomic
def ticket_start_serving(*, ticket: Ticket, by) -> Ticket:
    ticket = _lock_ticket(ticket, by, (TicketStatus.CALLED,))
    ticket.status = TicketStatus.SERVING
    ticket.serving_started_at = timezone.now()
    ticket.served_by = by
    ticket.save(update_fields=["status", "serving_started_at", "served_by"])
    return ticket


@transaction.atomic
def ticket_finish(*, ticket: Ticket, by) -> Ticket:
    """Service ends: its length is recorded for the dashboard."""
    ticket = _lock_ticket(ticket, by, (TicketStatus.SERVING,))
    now = timezone.now()
    ticket.status = TicketStatus.DONE
    ticket.finished_at = now
    ticket.service_seconds = _seconds(ticket.serving_started_at, now)
    ticket.save(update_fields=["status", "finished_at", "service_seconds"])
    log.info("ticket_served", extra={"ticket_id": ticket.pk, "service_seconds": ticket.service_seconds})
    return ticket


def ticket_link_dossier(*, ticket: Ticket, dossier) -> None:
    """Remember which dossiers were received while serving this ticket."""
    ticket.dossiers.add(dossier)


@transaction.atomic
def staff_sit_at_counter(*, user, counter: Counter | None) -> StaffProfile:
    """A counter staff member takes a seat at a counter (or leaves it) for the day."""
    if counter is not None and not counter.is_active:
        raise InvalidInput(_("This counter is closed."))
    profile, _created = StaffProfile.objects.select_for_update().get_or_create(user=user)
    if counter is not None and counter.site_id != profile.site_id:
        raise NotAllowed(_("This counter belongs to another site; an administrator moves you to it first."))
    if counter is None or profile.counter_id != counter.pk:
        busy = profile.counter and counter_current_ticket(counter=profile.counter)
        if busy and busy.served_by_id == user.pk:
            raise Conflict(_("Finish or skip ticket %(ticket)s first.") % {"ticket": busy.label})
    profile.counter = counter
    profile.save(update_fields=["counter"])
    return profile


# --- slips when no dossier is received ---------------------------------------------------------------

SLIP_PREFIX = {SlipKind.GUIDANCE: "HD", SlipKind.REFUSAL: "TC"}


@transaction.atomic
def counter_slip_issue(
    *,
    kind: str,
    procedure,
    applicant_name: str,
    by,
    applicant_id_number: str = "",
    applicant_id_type: str = IdentityDocument.CITIZEN_ID,
    applicant_id_type_name: str = "",
    applicant_phone: str = "",
    applicant_address: str = "",
    missing: list[str] | None = None,
    reason: str = "",
    counter: Counter | None = None,
    ticket: Ticket | None = None,
    token: uuid.UUID | None = None,
) -> CounterSlip:
    """Give a guidance slip (everything missing, once) or a refusal slip (the reason); no dossier.

    A resent form (same token) returns the slip already made.
    """
    if token is not None:
        existing = CounterSlip.objects.filter(token=token).first()
        if existing is not None:
            return existing
    if not by.has_perm("dossiers.receive_dossier"):
        raise NotAllowed(_("Only counter staff can receive dossiers."))
    # Stored as the dossier's fields are (dossiers/validators.py): normalised, numbers in ASCII digits.
    missing = [item for item in map(clean_text, missing or []) if item]
    reason = clean_text(reason, multiline=True)
    applicant_name, applicant_address = clean_name(applicant_name), clean_text(applicant_address)
    applicant_id_type, applicant_id_number, applicant_id_type_name = checked_for_service(
        identity_cleaned, applicant_id_type, applicant_id_number, applicant_id_type_name
    )
    applicant_phone = phone_checked(applicant_phone)
    if kind == SlipKind.GUIDANCE and not missing:
        raise InvalidInput(_("List everything the applicant must add."), field="missing")
    if kind == SlipKind.REFUSAL and not reason:
        raise InvalidInput(_("Give the reason for refusing the dossier."), field="reason")
    if kind not in SlipKind.values:
        raise InvalidInput(_("Choose a kind of slip."))
    if not applicant_name:
        raise InvalidInput(_("This field is required."), field="applicant_name")
    now = timezone.now()
    day = timezone.localdate(now)
    prefix = SLIP_PREFIX[kind]
    number = f"{prefix}-{day:%y%m%d}-{next_number(f'slip:{prefix}', day):04d}"
    slip = CounterSlip(
        kind=kind,
        number=number,
        procedure=procedure,
        applicant_name=applicant_name,
        applicant_id_type=applicant_id_type,
        applicant_id_type_name=applicant_id_type_name,
        applicant_id_number=applicant_id_number,
        applicant_phone=applicant_phone,
        applicant_address=applicant_address,
        missing=missing,
        reason=reason,
        issued_at=now,
        issued_by=by,
        counter=counter,
        ticket=ticket,
        token=token,
    )
    try:
        with transaction.atomic():
            slip.save()
    except IntegrityError:
        if token is not None and CounterSlip.objects.filter(token=token).exists():
            return CounterSlip.objects.get(token=token)
        raise
    log.info("counter_slip_issued", extra={"slip_id": slip.pk, "kind": kind})
    return slip
