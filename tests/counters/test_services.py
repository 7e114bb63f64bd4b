"""Queue tickets: daily numbering per group (also under concurrent presses), calling, times recorded."""

import datetime as dt
import threading
import uuid
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from freezegun import freeze_time

from center.errors import Conflict, InvalidInput, NotAllowed
from counters import services
from counters.models import CounterSlip, SlipKind, Ticket, TicketStatus

HCM = ZoneInfo("Asia/Ho_Chi_Minh")


def local(y, m, d, hh=9, mm=0, ss=0):
    return dt.datetime(y, m, d, hh, mm, ss, tzinfo=HCM)


def test_numbers_run_per_group_and_restart_each_day(group, other_group):
    with freeze_time(local(2026, 11, 16, 7, 30)):
        first, second = services.ticket_issue(group=group), services.ticket_issue(group=group)
        other = services.ticket_issue(group=other_group)
    with freeze_time(local(2026, 11, 17, 7, 30)):
        next_day = services.ticket_issue(group=group)
    assert [first.label, second.label, other.label, next_day.label] == ["A001", "A002", "B001", "A001"]
    assert next_day.day == dt.date(2026, 11, 17)


def test_a_ticket_taken_just_after_midnight_local_time_belongs_to_the_new_day(group):
    with freeze_time(local(2026, 11, 16, 23, 59)):
        services.ticket_issue(group=group)
    with freeze_time(local(2026, 11, 17, 0, 1)):
        ticket = services.ticket_issue(group=group)
    assert (ticket.day, ticket.number) == (dt.date(2026, 11, 17), 1)


def test_a_closed_group_gives_no_ticket(group):
    group.is_active = False
    group.save()
    with pytest.raises(InvalidInput):
        services.ticket_issue(group=group)
    assert not Ticket.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_concurrent_presses_never_share_a_number(group):
    """Twelve kiosk presses at the same instant get twelve different numbers, 1 to 12."""
    assert connection.vendor == "postgresql"
    numbers, errors, barrier = [], [], threading.Barrier(12)

    def press():
        try:
            barrier.wait()
            numbers.append(services.ticket_issue(group=group).number)
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=press) for _ in range(12)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sorted(numbers) == list(range(1, 13))


@pytest.mark.django_db(transaction=True)
def test_two_counters_calling_at_once_never_get_the_same_ticket(group, clerk, counter, second_clerk, second_counter):
    for _ in range(2):
        services.ticket_issue(group=group)
    called, errors, barrier = [], [], threading.Barrier(2)

    def call(user, desk):
        try:
            barrier.wait()
            called.append(services.ticket_call_next(counter=desk, by=user).label)
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=call, args=(clerk, counter)),
        threading.Thread(target=call, args=(second_clerk, second_counter)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sorted(called) == ["A001", "A002"]


def test_call_next_takes_the_longest_waiting_ticket_of_a_served_group(group, other_group, clerk, counter):
    with freeze_time(local(2026, 11, 16, 8, 0)):
        services.ticket_issue(group=other_group)  # counter 1 does not serve group B
        first = services.ticket_issue(group=group)
        services.ticket_issue(group=group)
    with freeze_time(local(2026, 11, 16, 8, 12, 30)):
        ticket = services.ticket_call_next(counter=counter, by=clerk)
    assert ticket.pk == first.pk
    assert ticket.status == TicketStatus.CALLED
    assert (ticket.counter, ticket.served_by, ticket.call_count) == (counter, clerk, 1)
    assert ticket.wait_seconds == 12 * 60 + 30


def test_a_counter_calls_one_ticket_at_a_time(group, clerk, counter):
    services.ticket_issue(group=group)
    services.ticket_issue(group=group)
    current = services.ticket_call_next(counter=counter, by=clerk)
    with pytest.raises(Conflict) as refused:
        services.ticket_call_next(counter=counter, by=clerk)
    assert "A001" in str(refused.value.message)
    assert Ticket.objects.filter(status=TicketStatus.CALLED).get() == current


def test_nobody_waiting_is_said_plainly(group, clerk, counter):
    with pytest.raises(Conflict) as refused:
        services.ticket_call_next(counter=counter, by=clerk)
    assert str(refused.value.message) == "Không có ai đang chờ quầy này."


def test_only_the_staff_seated_at_the_counter_call_there(group, second_clerk, counter):
    services.ticket_issue(group=group)
    with pytest.raises(NotAllowed):
        services.ticket_call_next(counter=counter, by=second_clerk)
    assert Ticket.objects.get().status == TicketStatus.WAITING


def test_recall_serve_and_finish_record_the_times(group, clerk, counter):
    with freeze_time(local(2026, 11, 16, 8, 0)):
        ticket = services.ticket_issue(group=group)
    with freeze_time(local(2026, 11, 16, 8, 5)):
        ticket = services.ticket_call_next(counter=counter, by=clerk)
    with freeze_time(local(2026, 11, 16, 8, 6)):
        ticket = services.ticket_recall(ticket=ticket, by=clerk)
        ticket = services.ticket_start_serving(ticket=ticket, by=clerk)
    with freeze_time(local(2026, 11, 16, 8, 19, 45)):
        ticket = services.ticket_finish(ticket=ticket, by=clerk)
    ticket.refresh_from_db()
    assert ticket.status == TicketStatus.DONE
    assert ticket.call_count == 2
    assert ticket.first_called_at == local(2026, 11, 16, 8, 5)
    assert ticket.wait_seconds == 300
    assert ticket.service_seconds == 13 * 60 + 45


def test_skip_closes_a_no_show_and_frees_the_counter(group, clerk, counter):
    services.ticket_issue(group=group)
    services.ticket_issue(group=group)
    first = services.ticket_call_next(counter=counter, by=clerk)
    skipped = services.ticket_skip(ticket=first, by=clerk)
    assert skipped.status == TicketStatus.NO_SHOW and skipped.finished_at is not None
    assert services.ticket_call_next(counter=counter, by=clerk).label == "A002"


def test_finishing_a_ticket_not_being_served_is_refused(group, clerk, counter):
    services.ticket_issue(group=group)
    ticket = services.ticket_call_next(counter=counter, by=clerk)
    with pytest.raises(Conflict):
        services.ticket_finish(ticket=ticket, by=clerk)
    ticket.refresh_from_db()
    assert ticket.status == TicketStatus.CALLED and ticket.finished_at is None


def test_moving_seat_with_a_ticket_in_hand_is_refused(group, clerk, counter, second_counter):
    services.ticket_issue(group=group)
    services.ticket_call_next(counter=counter, by=clerk)
    with pytest.raises(Conflict):
        services.staff_sit_at_counter(user=clerk, counter=second_counter)
    clerk.staff_profile.refresh_from_db()
    assert clerk.staff_profile.counter == counter


def test_guidance_slip_lists_what_is_missing_and_makes_no_dossier(procedure, clerk, counter):
    token = uuid.uuid4()
    with freeze_time(local(2026, 11, 16, 9)):
        slip = services.counter_slip_issue(
            kind=SlipKind.GUIDANCE,
            procedure=procedure,
            applicant_name="Trần Thị Bình",
            missing=["Bản sao Căn cước", "  "],
            by=clerk,
            counter=counter,
            token=token,
        )
        again = services.counter_slip_issue(
            kind=SlipKind.GUIDANCE,
            procedure=procedure,
            applicant_name="Trần Thị Bình",
            missing=["x"],
            by=clerk,
            token=token,
        )
    assert slip.number == "HD-261116-0001"
    assert slip.missing == ["Bản sao Căn cước"]
    assert again.pk == slip.pk and CounterSlip.objects.count() == 1


def test_slips_need_their_content(procedure, clerk):
    with pytest.raises(InvalidInput):
        services.counter_slip_issue(
            kind=SlipKind.GUIDANCE, procedure=procedure, applicant_name="An", missing=[], by=clerk
        )
    with pytest.raises(InvalidInput):
        services.counter_slip_issue(
            kind=SlipKind.REFUSAL, procedure=procedure, applicant_name="An", reason=" ", by=clerk
        )
    assert not CounterSlip.objects.exists()


def test_only_counter_staff_give_slips(procedure, specialist):
    with pytest.raises(NotAllowed):
        services.counter_slip_issue(
            kind=SlipKind.REFUSAL, procedure=procedure, applicant_name="An", reason="Ngoài thẩm quyền", by=specialist
        )
