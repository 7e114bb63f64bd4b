"""When the working-day calendar changes, open dossiers' deadlines follow (issue 12, section 4)."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from freezegun import freeze_time

from center import roles
from center.models import CalendarOverride, NationalDayChange
from dossiers import services
from dossiers.deadlines import calendar_change
from dossiers.models import Dossier, DossierEvent
from monitoring.models import Alert, DeadlineRecheck
from monitoring.services.sweep import deadline_sweep
from tests.factories import AgencyFactory, ProcedureStepFactory, UserFactory

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
APPLICANT = services.Applicant(name="Nguyễn Văn An", id_number="001203004567", phone="0912345678")
WEDNESDAY = dt.date(2026, 11, 18)


def local(y, m, d, hh=9, mm=0):
    return dt.datetime(y, m, d, hh, mm, tzinfo=HCM)


@pytest.fixture
def received(procedure, clerk, counter):
    """Received Monday 16/11/2026 09:00, three working days: due Thursday 19/11 09:00."""
    with freeze_time(local(2026, 11, 16)):
        return services.dossier_receive(procedure=procedure, applicant=APPLICANT, by=clerk, counter=counter)


@pytest.fixture
def administrator(db):
    return UserFactory(username="quantri", role=roles.ADMINISTRATOR, is_staff=True)


def decision_form(**changes):
    """The admin's form for a national decision: Wednesday 18/11/2026 off (a made-up decision)."""
    return {
        "date": "2026-11-18",
        "kind": "extra_day_off",
        "is_working_day": "",
        "document_number": "999/VPCP-KGVX",
        "document_date": "2026-11-10",
        "issuer": "Văn phòng Chính phủ",
        "note": "",
        **changes,
    }


def recomputed(dossier):
    return list(DossierEvent.objects.filter(dossier=dossier, kind="deadline_recomputed"))


def declare_day_off(day, reason="Nghỉ theo quyết định của UBND tỉnh"):
    with calendar_change(dates={day}, reason=reason) as result:
        CalendarOverride.objects.create(date=day, is_working_day=False, reason=reason)
    return result


def test_a_day_off_added_moves_an_open_dossier_one_working_day_with_one_event(received):
    assert received.due_at == local(2026, 11, 19)
    result = declare_day_off(WEDNESDAY, "Bầu cử")
    dossier = Dossier.objects.get(pk=received.pk)
    assert dossier.due_at == local(2026, 11, 20)
    assert result.moved == [received.code] and result.unexplained == []
    [event] = recomputed(dossier)
    assert event.note == "Bầu cử"
    assert (event.from_status, event.to_status) == ("received", "received")
    assert event.data == {
        "previous_due_at": local(2026, 11, 19).isoformat(),
        "new_due_at": local(2026, 11, 20).isoformat(),
    }


def test_removing_the_day_off_moves_it_back(received):
    declare_day_off(WEDNESDAY)
    with calendar_change(dates={WEDNESDAY}, reason="Hủy ngày nghỉ") as result:
        CalendarOverride.objects.filter(date=WEDNESDAY).delete()
    assert result.moved == [received.code]
    assert Dossier.objects.get(pk=received.pk).due_at == local(2026, 11, 19)
    assert [e.data["new_due_at"] for e in recomputed(received)] == [
        local(2026, 11, 20).isoformat(),
        local(2026, 11, 19).isoformat(),
    ]


def test_a_closed_dossier_keeps_its_deadline(received, clerk, specialist):
    with freeze_time(local(2026, 11, 16, 10)):
        services.dossier_transfer(dossier=received, by=clerk)
        resolved = services.dossier_resolve(dossier=received, by=specialist)
    result = declare_day_off(WEDNESDAY)
    assert result.moved == []
    assert Dossier.objects.get(pk=resolved.pk).due_at == local(2026, 11, 19)
    assert recomputed(resolved) == []


def test_a_day_outside_the_window_touches_nothing(received):
    assert declare_day_off(dt.date(2026, 11, 20)).moved == []  # the day after the deadline
    assert declare_day_off(dt.date(2026, 11, 13)).moved == []  # the Friday before receipt
    assert Dossier.objects.get(pk=received.pk).due_at == local(2026, 11, 19)
    assert recomputed(received) == []


def test_a_national_decision_moves_the_open_step_and_the_dossier(agency, clerk, counter):
    from tests.factories import ProcedureFactory

    chained = ProcedureFactory(agency=agency, code="2.000001", processing_days=3)
    ProcedureStepFactory(procedure=chained, position=1, agency=agency, working_days=1)
    ProcedureStepFactory(procedure=chained, position=2, agency=AgencyFactory(code="H56.09"), working_days=2)
    with freeze_time(local(2026, 11, 16)):
        dossier = services.dossier_receive(procedure=chained, applicant=APPLICANT, by=clerk, counter=counter)
    with freeze_time(local(2026, 11, 16, 10)):
        services.dossier_transfer(dossier=dossier, by=clerk)
    assert dossier.steps.get().due_at == local(2026, 11, 17)
    with calendar_change(dates={dt.date(2026, 11, 17)}, reason="Quyết định hoán đổi (thử)"):
        NationalDayChange.objects.create(
            date=dt.date(2026, 11, 17),
            is_working_day=False,
            kind="swapped_day_off",
            document_number="1/TEST",
            document_date=dt.date(2026, 11, 1),
            issuer="Văn phòng Chính phủ",
        )
    dossier.refresh_from_db()
    assert dossier.due_at == local(2026, 11, 20)
    step = dossier.steps.get()
    assert step.due_at == local(2026, 11, 18)
    [event] = recomputed(dossier)
    assert event.data["steps"] == {str(step.pk): [local(2026, 11, 17).isoformat(), local(2026, 11, 18).isoformat()]}


def test_a_day_off_inside_a_finished_pause_shortens_the_pause_not_the_deadline(received, clerk, specialist):
    with freeze_time(local(2026, 11, 16, 10)):
        services.dossier_transfer(dossier=received, by=clerk)
    with freeze_time(local(2026, 11, 17, 10)):
        services.dossier_request_supplement(dossier=received, by=specialist, missing=["Bản sao Căn cước"])
    with freeze_time(local(2026, 11, 19, 10)):
        services.dossier_supplement_received(dossier=received, by=specialist)
    pause = received.pauses.get()
    assert pause.working_seconds == 2 * 86400
    assert Dossier.objects.get(pk=received.pk).due_at == local(2026, 11, 23)
    declare_day_off(WEDNESDAY)
    pause.refresh_from_db()
    assert pause.working_seconds == 86400  # the clock stood still that day anyway
    assert Dossier.objects.get(pk=received.pk).due_at == local(2026, 11, 23)
    assert recomputed(received) == []


def test_a_pause_of_seconds_is_replayed_in_whole_minutes_as_the_service_added_it(received, clerk, specialist):
    """The service adds a pause back in whole minutes (dossier_supplement_received): the replay must too, or a
    dossier paused 90 seconds would be 'unexplained' and its deadline never follow the calendar."""
    with freeze_time(local(2026, 11, 16, 10)):
        services.dossier_transfer(dossier=received, by=clerk)
        services.dossier_request_supplement(dossier=received, by=specialist, missing=["Bản sao Căn cước"])
    with freeze_time(local(2026, 11, 16, 10) + dt.timedelta(seconds=90)):
        services.dossier_supplement_received(dossier=received, by=specialist)
    assert received.pauses.get().working_seconds == 90
    assert Dossier.objects.get(pk=received.pk).due_at == local(2026, 11, 19, 9, 1)
    result = declare_day_off(WEDNESDAY)
    assert result.moved == [received.code] and result.unexplained == []
    assert Dossier.objects.get(pk=received.pk).due_at == local(2026, 11, 20, 9, 1)
    assert received.steps.get().due_at == local(2026, 11, 20, 9, 1)


def test_a_dossier_whose_procedure_time_changed_since_receipt_is_left_for_a_person(received, procedure):
    procedure.processing_days = 5
    procedure.save()
    result = declare_day_off(WEDNESDAY)
    assert result.unexplained == [received.code] and result.moved == []
    assert Dossier.objects.get(pk=received.pk).due_at == local(2026, 11, 19)


def test_the_sweep_judges_a_deadline_moved_into_a_window_already_swept(procedure, clerk, counter):
    CalendarOverride.objects.create(date=WEDNESDAY, is_working_day=False, reason="Bầu cử")
    with freeze_time(local(2026, 11, 16)):
        dossier = services.dossier_receive(procedure=procedure, applicant=APPLICANT, by=clerk, counter=counter)
    assert dossier.due_at == local(2026, 11, 20)
    deadline_sweep(now=local(2026, 11, 19, 10))  # due tomorrow 09:00: near due, not overdue
    assert set(Alert.objects.values_list("kind", flat=True)) == {"near_due"}
    with calendar_change(dates={WEDNESDAY}, reason="Hủy ngày nghỉ"):
        CalendarOverride.objects.filter(date=WEDNESDAY).delete()
    assert Dossier.objects.get(pk=dossier.pk).due_at == local(2026, 11, 19)  # an hour ago
    assert DeadlineRecheck.objects.filter(dossier=dossier).exists()
    deadline_sweep(now=local(2026, 11, 19, 10, 5))
    assert set(Alert.objects.values_list("kind", flat=True)) == {"near_due", "overdue"}


def test_the_tracking_page_shows_the_new_appointment(api, received):
    url = f"/api/v1/public/dossiers/{received.code}/"
    assert api.get(url, {"secret": received.secret}).json()["due_at"].startswith("2026-11-19")
    declare_day_off(WEDNESDAY)
    answer = api.get(url, {"secret": received.secret}).json()
    assert answer["due_at"].startswith("2026-11-20")
    assert answer["timeline"][-1]["kind"] == "deadline_recomputed"


def test_the_admin_save_and_delete_recompute_in_the_same_request(client, administrator, received):
    client.force_login(administrator)
    response = client.post(
        "/admin/center/calendaroverride/add/",
        {"date": "2026-11-18", "is_working_day": "", "reason": "Nghỉ theo quyết định của UBND tỉnh"},
        follow=True,
    )
    assert response.status_code == 200
    assert received.code in response.content.decode()  # the message names the dossiers moved
    assert Dossier.objects.get(pk=received.pk).due_at == local(2026, 11, 20)
    [event] = recomputed(received)
    assert event.actor == administrator and "18/11/2026" in event.note
    override = CalendarOverride.objects.get()
    response = client.post(f"/admin/center/calendaroverride/{override.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert Dossier.objects.get(pk=received.pk).due_at == local(2026, 11, 19)
    assert len(recomputed(received)) == 2


def test_the_admin_adds_next_years_national_decision(client, administrator, received):
    client.force_login(administrator)
    response = client.post("/admin/center/nationaldaychange/add/", decision_form())
    assert response.status_code == 302, response.content.decode()[:3000]
    assert Dossier.objects.get(pk=received.pk).due_at == local(2026, 11, 20)
    assert "999/VPCP-KGVX" in recomputed(received)[0].note


def test_the_admin_refuses_a_make_up_day_marked_off_and_changes_nothing(client, administrator, received):
    client.force_login(administrator)
    response = client.post(
        "/admin/center/nationaldaychange/add/", decision_form(date="2026-11-21", kind="makeup_working_day")
    )
    assert response.status_code == 200
    assert "ngày làm bù" in response.content.decode().lower()
    assert not NationalDayChange.objects.filter(date=dt.date(2026, 11, 21)).exists()
    assert recomputed(received) == []


def test_the_override_page_explains_how_to_switch_on_a_holiday_without_legal_basis(client, administrator):
    client.force_login(administrator)
    page = client.get("/admin/center/calendaroverride/add/").content.decode()
    assert "80-NQ/TW" in page and "24/11" in page


def test_after_the_deploy_the_command_moves_deadlines_counted_with_the_package_alone(received):
    """A dossier stored before the national table: its deadline counted Tuesday 24/11/2026 as a holiday."""
    from io import StringIO

    from django.core.management import call_command

    from center import workdays

    before = workdays.WorkingCalendar(without_legal_basis=frozenset())
    with freeze_time(local(2026, 11, 23)):
        dossier = services.dossier_receive(procedure=received.procedure, applicant=APPLICANT, by=received.received_by)
    Dossier.objects.filter(pk=dossier.pk).update(due_at=workdays.add_working_days(local(2026, 11, 23), 3, before))
    assert Dossier.objects.get(pk=dossier.pk).due_at == local(2026, 11, 27)
    out = StringIO()
    call_command("recompute_deadlines", stdout=out)
    assert Dossier.objects.get(pk=dossier.pk).due_at == local(2026, 11, 26)
    [event] = recomputed(dossier)
    assert "24/11/2026" in event.note
    assert recomputed(received) == []  # received 16/11, due 19/11: the window does not hold 24/11
    call_command("recompute_deadlines", stdout=StringIO())  # again: nothing moves twice
    assert len(recomputed(dossier)) == 1
