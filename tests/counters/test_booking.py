"""Appointments: slots from the counters and the recent cycle time, hoarding limits, cancel and move with
the phone, check-in at the kiosk giving a ticket called before walk-ins within its slot, release of
no-shows; and the SMS when few people are ahead."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from freezegun import freeze_time

from center.errors import Conflict, InvalidInput, NotFound
from counters import booking, services
from counters.models import Appointment, AppointmentStatus, SiteDayOff, Ticket, TicketStatus
from monitoring.models import OutboxMessage

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
MONDAY = dt.date(2026, 11, 16)
TUESDAY = dt.date(2026, 11, 17)


def local(day, hh, mm=0):
    return dt.datetime.combine(day, dt.time(hh, mm), tzinfo=HCM)


@pytest.fixture
def site(group):
    return group.site


def book(site, group, start, *, id_number="001203004567", phone="0912345678"):
    return booking.appointment_book(
        site=site,
        group=group,
        start=start,
        applicant_name="Trần Thị Bình",
        applicant_phone=phone,
        applicant_id_number=id_number,
    )


def test_slot_capacity_is_a_share_of_what_the_counters_serve():
    # 2 counters x 30 minutes / 10-minute cycles = 6 citizens; half of it offered to bookings.
    assert booking.slot_capacity(counters=2, cycle_seconds=600, slot_minutes=30, share=0.5) == 3
    assert booking.slot_capacity(counters=1, cycle_seconds=3600, slot_minutes=30, share=0.5) == 1
    assert booking.slot_capacity(counters=0, cycle_seconds=600, slot_minutes=30, share=0.5) == 0


@freeze_time(local(MONDAY, 8))
def test_slots_of_a_day_cover_the_sessions_and_skip_the_past(site, group, counter):
    tomorrow = booking.slot_list(site=site, group=group, day=TUESDAY)
    assert [f"{s.start.astimezone(HCM):%H:%M}" for s in tomorrow][:3] == ["07:30", "08:00", "08:30"]
    assert len(tomorrow) == 8 + 8  # 07:30-11:30 and 13:00-17:00 in half hours
    today = booking.slot_list(site=site, group=group, day=MONDAY)
    assert f"{today[0].start.astimezone(HCM):%H:%M}" == "08:30"
    # One counter, no history (10-minute cycle): 3 citizens a slot, half of them by appointment.
    assert {s.capacity for s in tomorrow} == {1}


@freeze_time(local(MONDAY, 8))
def test_no_slots_on_the_sites_own_day_off_nor_beyond_the_booking_horizon(site, group, counter, settings):
    SiteDayOff.objects.create(site=site, date=TUESDAY, reason="Sửa chữa hội trường")
    assert booking.slot_list(site=site, group=group, day=TUESDAY) == []
    far = MONDAY + dt.timedelta(days=settings.APPOINTMENT_DAYS_AHEAD + 1)
    assert booking.slot_list(site=site, group=group, day=far) == []


@freeze_time(local(MONDAY, 8))
def test_booking_gives_a_code_and_sends_it_by_sms(site, group, counter):
    appointment = book(site, group, local(TUESDAY, 9))
    assert len(appointment.code) == 8 and appointment.status == AppointmentStatus.BOOKED
    sms = OutboxMessage.objects.get(template="appointment_booked")
    assert sms.recipient == "0912345678" and appointment.code in sms.body
    assert "09:00" in sms.body and "17/11/2026" in sms.body


@freeze_time(local(MONDAY, 8))
def test_a_full_slot_is_refused_and_leaves_the_list(site, group, counter):
    book(site, group, local(TUESDAY, 9))
    with pytest.raises(Conflict):
        book(site, group, local(TUESDAY, 9), id_number="079203001234", phone="0987654321")
    assert Appointment.objects.count() == 1
    free = [s.start for s in booking.free_slots(site=site, group=group, day=TUESDAY)]
    assert local(TUESDAY, 9) not in free and local(TUESDAY, 9, 30) in free


@freeze_time(local(MONDAY, 8))
def test_one_identity_number_or_phone_cannot_hoard_a_days_slots(site, group, counter, settings):
    settings.APPOINTMENTS_PER_PERSON_PER_DAY = 2
    book(site, group, local(TUESDAY, 8))
    book(site, group, local(TUESDAY, 9), phone="0987654321")
    with pytest.raises(InvalidInput) as by_id:
        book(site, group, local(TUESDAY, 10), phone="0911111111")
    assert by_id.value.field == "applicant_id_number"
    book(site, group, local(TUESDAY, 10), id_number="079203001234")  # 0912345678's second
    with pytest.raises(InvalidInput) as by_phone:
        book(site, group, local(TUESDAY, 11), id_number="036203009876")
    assert by_phone.value.field == "applicant_phone"
    assert Appointment.objects.count() == 3


@freeze_time(local(MONDAY, 8))
def test_a_time_that_is_not_a_slot_is_refused(site, group, counter):
    with pytest.raises(InvalidInput):
        book(site, group, local(TUESDAY, 9, 10))
    with pytest.raises(InvalidInput):
        book(site, group, local(TUESDAY, 12))  # lunch
    assert not Appointment.objects.exists()


@freeze_time(local(MONDAY, 8))
def test_cancel_needs_the_phone_it_was_booked_with(site, group, counter):
    appointment = book(site, group, local(TUESDAY, 9))
    with pytest.raises(NotFound):
        booking.appointment_cancel(code=appointment.code, phone="0987654321")
    assert Appointment.objects.get().status == AppointmentStatus.BOOKED
    booking.appointment_cancel(code=appointment.code.lower(), phone="0912 345 678")
    assert Appointment.objects.get().status == AppointmentStatus.CANCELLED
    assert local(TUESDAY, 9) in [s.start for s in booking.free_slots(site=site, group=group, day=TUESDAY)]


@freeze_time(local(MONDAY, 8))
def test_moving_takes_another_free_slot(site, group, counter):
    appointment = book(site, group, local(TUESDAY, 9))
    moved = booking.appointment_move(code=appointment.code, phone="0912345678", start=local(TUESDAY, 14))
    assert moved.start == local(TUESDAY, 14) and moved.end == local(TUESDAY, 14, 30)
    assert OutboxMessage.objects.filter(template="appointment_moved").count() == 1


def test_a_checked_in_booking_is_called_before_walk_ins_within_its_slot(site, group, counter, clerk):
    with freeze_time(local(MONDAY, 8)):
        appointment = book(site, group, local(MONDAY, 9))
    with freeze_time(local(MONDAY, 8, 40)):
        early_walk_in = services.ticket_issue(group=group)
        booked_ticket = booking.appointment_check_in(code=appointment.code, site=site)
        later_walk_in = services.ticket_issue(group=group)
    with freeze_time(local(MONDAY, 8, 50)):  # before the slot: arrival order
        assert services.ticket_call_next(counter=counter, by=clerk) == early_walk_in
        services.ticket_skip(ticket=early_walk_in, by=clerk)
    with freeze_time(local(MONDAY, 9, 5)):  # within the slot: the booking first
        assert services.ticket_call_next(counter=counter, by=clerk) == booked_ticket
        services.ticket_skip(ticket=booked_ticket, by=clerk)
        assert services.ticket_call_next(counter=counter, by=clerk) == later_walk_in
    assert Appointment.objects.get().status == AppointmentStatus.CHECKED_IN


def test_a_booking_checks_in_once_and_only_at_its_site_on_its_day(site, group, counter):
    with freeze_time(local(MONDAY, 8)):
        appointment = book(site, group, local(TUESDAY, 9))
        with pytest.raises(InvalidInput):
            booking.appointment_check_in(code=appointment.code, site=site)
    with freeze_time(local(TUESDAY, 8, 50)):
        booking.appointment_check_in(code=appointment.code, site=site)
        with pytest.raises(Conflict):
            booking.appointment_check_in(code=appointment.code, site=site)
    assert Ticket.objects.count() == 1


def test_a_no_show_is_released_after_the_set_time_once(site, group, counter, settings):
    settings.APPOINTMENT_RELEASE_AFTER_MINUTES = 15
    with freeze_time(local(MONDAY, 8)):
        appointment = book(site, group, local(MONDAY, 9))
    assert booking.appointment_release_no_shows(now=local(MONDAY, 9, 14)) == 0
    assert booking.appointment_release_no_shows(now=local(MONDAY, 9, 16)) == 1
    assert booking.appointment_release_no_shows(now=local(MONDAY, 9, 20)) == 0
    appointment.refresh_from_db()
    assert appointment.status == AppointmentStatus.NO_SHOW
    with freeze_time(local(MONDAY, 9, 20)), pytest.raises(Conflict):
        booking.appointment_check_in(code=appointment.code, site=site)


def test_a_ticket_holder_is_texted_once_when_few_are_ahead(group, counter, clerk, settings):
    settings.QUEUE_SMS_WHEN_AHEAD = 1
    first = services.ticket_issue(group=group)
    services.ticket_issue(group=group)
    third = services.ticket_issue(group=group, phone="0912345678")
    services.ticket_call_next(counter=counter, by=clerk)  # A001 called: A003 has one ahead
    assert OutboxMessage.objects.filter(template="queue_ahead").count() == 1
    sms = OutboxMessage.objects.get(template="queue_ahead")
    assert sms.recipient == "0912345678" and third.label in sms.body
    services.ticket_skip(ticket=first, by=clerk)
    services.ticket_call_next(counter=counter, by=clerk)
    assert OutboxMessage.objects.filter(template="queue_ahead").count() == 1
    assert Ticket.objects.get(pk=third.pk).status == TicketStatus.WAITING
