"""The 15:00 hand-over rule (Decree 61/2018 art. 19(1)(b)): received by 15:00, handed to the agency the
same working day; later, the next working morning. The deadline is stored at receipt, the first transfer
stores when it happened, and the control slip (Form 06) marks a late one."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone
from freezegun import freeze_time

from center.models import CalendarOverride
from dossiers import services
from dossiers.handover import handover_states_q
from dossiers.models import Dossier

APPLICANT = services.Applicant(name="Trần Thị Bích Ngọc", id_number="001203004567", phone="0912345678")


def local(text: str) -> dt.datetime:
    return timezone.make_aware(dt.datetime.fromisoformat(text))


def receive_at(moment: str, procedure, clerk, counter) -> Dossier:
    with freeze_time(local(moment)):
        return services.dossier_receive(procedure=procedure, applicant=APPLICANT, by=clerk, counter=counter)


def transfer_at(moment: str, dossier, clerk) -> Dossier:
    with freeze_time(local(moment)):
        return services.dossier_transfer(dossier=dossier, by=clerk)


@pytest.mark.django_db
def test_received_before_the_cutoff_is_due_by_the_end_of_the_same_working_day(procedure, clerk, counter):
    dossier = receive_at("2026-11-25 14:59", procedure, clerk, counter)  # a Wednesday
    assert timezone.localtime(dossier.handover_due_at).replace(microsecond=0) == local("2026-11-25 23:59:59")
    assert dossier.handed_over_at is None


@pytest.mark.django_db
def test_received_after_the_cutoff_is_due_the_next_working_morning(procedure, clerk, counter, settings):
    dossier = receive_at("2026-11-25 15:01", procedure, clerk, counter)
    assert dossier.handover_due_at == local("2026-11-26 11:30")
    settings.HANDOVER_NEXT_DAY_BY = "08:30"  # a stricter reading of "đầu giờ" is one setting away
    assert receive_at("2026-11-25 16:40", procedure, clerk, counter).handover_due_at == local("2026-11-26 08:30")


@pytest.mark.django_db
def test_friday_after_the_cutoff_goes_on_monday_or_the_next_working_day_of_the_calendar(procedure, clerk, counter):
    assert receive_at("2026-11-27 15:30", procedure, clerk, counter).handover_due_at == local("2026-11-30 11:30")
    CalendarOverride.objects.create(date=dt.date(2026, 11, 30), is_working_day=False, reason="Nghỉ bù")
    assert receive_at("2026-11-27 16:10", procedure, clerk, counter).handover_due_at == local("2026-12-01 11:30")


@pytest.mark.django_db
def test_the_first_transfer_records_the_hand_over_and_later_steps_do_not(procedure, clerk, counter):
    dossier = receive_at("2026-11-25 15:30", procedure, clerk, counter)
    dossier = transfer_at("2026-11-26 09:10", dossier, clerk)
    assert dossier.handed_over_at == local("2026-11-26 09:10")
    assert Dossier.objects.filter(handover_states_q(timezone.now())["on_time"], pk=dossier.pk).exists()


@pytest.mark.django_db
def test_the_states_tell_on_time_late_overdue_and_pending_apart(procedure, clerk, counter):
    on_time = transfer_at("2026-11-25 16:00", receive_at("2026-11-25 10:00", procedure, clerk, counter), clerk)
    late = transfer_at("2026-11-26 14:00", receive_at("2026-11-25 15:30", procedure, clerk, counter), clerk)
    overdue = receive_at("2026-11-25 11:00", procedure, clerk, counter)
    pending = receive_at("2026-11-26 15:20", procedure, clerk, counter)
    states = handover_states_q(local("2026-11-26 16:00"))
    found = {name: set(Dossier.objects.filter(q).values_list("pk", flat=True)) for name, q in states.items()}
    assert found == {"on_time": {on_time.pk}, "late": {late.pk}, "overdue": {overdue.pk}, "pending": {pending.pk}}


@pytest.mark.django_db
def test_the_control_slip_marks_a_late_hand_over(client, procedure, clerk, counter):
    late = transfer_at("2026-11-26 14:00", receive_at("2026-11-25 15:30", procedure, clerk, counter), clerk)
    on_time = transfer_at("2026-11-25 16:00", receive_at("2026-11-25 10:00", procedure, clerk, counter), clerk)
    client.force_login(clerk)
    page = client.get(reverse("dossier-slip", args=[late.code, "kiem-soat"])).content.decode()
    assert "Bàn giao trễ hạn" in page
    assert "Hạn bàn giao 11:30 26/11/2026" in page
    page = client.get(reverse("dossier-slip", args=[on_time.code, "kiem-soat"])).content.decode()
    assert "Bàn giao trễ hạn" not in page and "Hạn bàn giao 23:59 25/11/2026" in page
