"""The dossier lifecycle: every transition, every forbidden one, who may act, and the audit trail."""

import datetime as dt
import threading
import uuid
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.utils import timezone
from freezegun import freeze_time

from center import roles
from center.errors import Conflict, InvalidInput, NotAllowed
from dossiers import services
from dossiers.models import Dossier, DossierEvent, DossierPause
from dossiers.workflow import ALLOWED, TransitionError
from dossiers.workflow import DossierStatus as S
from tests.factories import AgencyFactory, ProcedureStepFactory, UserFactory

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
APPLICANT = services.Applicant(name="Nguyễn Văn An", id_number="001203004567", phone="0912345678")


def local(y, m, d, hh=9, mm=0):
    return dt.datetime(y, m, d, hh, mm, tzinfo=HCM)


@pytest.fixture
def received(procedure, clerk, counter):
    with freeze_time(local(2026, 11, 16, 9)):
        return services.dossier_receive(procedure=procedure, applicant=APPLICANT, by=clerk, counter=counter)


@pytest.fixture
def in_progress(received, clerk):
    with freeze_time(local(2026, 11, 16, 10)):
        return services.dossier_transfer(dossier=received, by=clerk)


def events(dossier):
    return list(DossierEvent.objects.filter(dossier=dossier).values_list("kind", "from_status", "to_status"))


def test_receive_gives_code_secret_and_working_day_deadline(received, procedure):
    assert received.status == S.RECEIVED
    assert received.code == "H56.01-261116-0001"
    assert len(received.secret) >= 6 and received.secret != received.code
    assert received.due_at == local(2026, 11, 19, 9)  # 3 working days, same time of day
    assert [d["name"] for d in received.documents] == ["Đơn đề nghị", "Bản sao Căn cước"]
    assert events(received) == [("receive", "", S.RECEIVED)]


def test_codes_follow_the_day_sequence(procedure, clerk):
    with freeze_time(local(2026, 11, 16, 9)):
        first = services.dossier_receive(procedure=procedure, applicant=APPLICANT, by=clerk)
        second = services.dossier_receive(procedure=procedure, applicant=APPLICANT, by=clerk)
    with freeze_time(local(2026, 11, 17, 9)):
        next_day = services.dossier_receive(procedure=procedure, applicant=APPLICANT, by=clerk)
    assert [first.code, second.code, next_day.code] == [
        "H56.01-261116-0001",
        "H56.01-261116-0002",
        "H56.01-261117-0001",
    ]


def test_resent_form_returns_the_same_dossier(procedure, clerk):
    token = uuid.uuid4()
    first = services.dossier_receive(procedure=procedure, applicant=APPLICANT, by=clerk, receipt_token=token)
    again = services.dossier_receive(procedure=procedure, applicant=APPLICANT, by=clerk, receipt_token=token)
    assert first.pk == again.pk
    assert Dossier.objects.count() == 1
    assert DossierEvent.objects.count() == 1


def test_a_receipt_token_resent_with_another_request_is_refused(procedure, clerk, counter):
    """The token alone used to find the dossier: another applicant's request got the first one's code and
    secret. Only the same request (same values, same sender) is a resend."""
    token = uuid.uuid4()
    first = services.dossier_receive(procedure=procedure, applicant=APPLICANT, by=clerk, receipt_token=token)
    other_clerk = UserFactory(username="clerk2", role=roles.COUNTER_STAFF, counter=counter)
    others = [
        {"applicant": services.Applicant(name="Trần Thị Bình", id_number="079203001234", phone="0987654321")},
        {"applicant": APPLICANT, "note": "Khác"},
        {"applicant": APPLICANT, "documents": []},
        {"applicant": APPLICANT, "by": other_clerk},
    ]
    for other in others:
        with pytest.raises(Conflict):
            services.dossier_receive(**{"procedure": procedure, "by": clerk, "receipt_token": token, **other})
    assert list(Dossier.objects.values_list("pk", flat=True)) == [first.pk]
    assert DossierEvent.objects.count() == 1


def test_specialist_cannot_receive(procedure, specialist):
    with pytest.raises(NotAllowed):
        services.dossier_receive(procedure=procedure, applicant=APPLICANT, by=specialist)
    assert not Dossier.objects.exists()


def test_transfer_hands_over_to_the_competent_agency(in_progress, agency):
    assert in_progress.status == S.IN_PROGRESS
    assert in_progress.current_agency == agency
    step = in_progress.steps.get()
    assert (step.position, step.agency, step.due_at) == (1, agency, in_progress.due_at)
    assert events(in_progress)[-1] == ("transfer", S.RECEIVED, S.IN_PROGRESS)


def test_inter_agency_chain_moves_step_by_step(procedure, clerk, agency):
    second = AgencyFactory(code="H56.05")
    ProcedureStepFactory(procedure=procedure, position=1, agency=agency, working_days=2)
    ProcedureStepFactory(procedure=procedure, position=2, agency=second, working_days=1)
    with freeze_time(local(2026, 11, 16, 9)):
        dossier = services.dossier_receive(procedure=procedure, applicant=APPLICANT, by=clerk)
        dossier = services.dossier_transfer(dossier=dossier, by=clerk)
    with freeze_time(local(2026, 11, 17, 15)):
        dossier = services.dossier_transfer(dossier=dossier, by=clerk)
    assert dossier.current_agency == second and dossier.current_step == 2
    first_step, second_step = dossier.steps.order_by("position")
    assert first_step.due_at == local(2026, 11, 18, 9) and first_step.outcome == "early"
    assert second_step.due_at == local(2026, 11, 19, 9)
    with pytest.raises(InvalidInput):
        services.dossier_transfer(dossier=dossier, by=clerk)


def test_supplement_pause_pushes_the_deadline_back(in_progress, specialist, clerk):
    assert in_progress.due_at == local(2026, 11, 19, 9)
    with freeze_time(local(2026, 11, 17, 10)):
        paused = services.dossier_request_supplement(
            dossier=in_progress, by=specialist, missing=["Bản vẽ mặt bằng"], note="Thiếu bản vẽ"
        )
    assert paused.status == S.AWAITING_SUPPLEMENT
    assert events(paused)[-1] == ("request_supplement", S.IN_PROGRESS, S.AWAITING_SUPPLEMENT)
    # Supplements arrive Friday 20/11 10:00: paused 3 working days (Tue 10:00 -> Fri 10:00).
    with freeze_time(local(2026, 11, 20, 10)):
        resumed = services.dossier_supplement_received(dossier=paused, by=clerk)
    assert resumed.status == S.IN_PROGRESS
    assert DossierPause.objects.get().working_seconds == 3 * 86400
    # 19/11 09:00 + 3 working days: Fri 20, Mon 23, Tue 24 -> 24/11 09:00 (Vietnam Cultural Day is worked
    # until a law makes it a day off: center/workdays.py).
    assert resumed.due_at == local(2026, 11, 24, 9)
    assert resumed.steps.get().due_at == local(2026, 11, 24, 9)


def test_supplement_request_needs_the_missing_items(in_progress, specialist):
    with pytest.raises(InvalidInput):
        services.dossier_request_supplement(dossier=in_progress, by=specialist, missing=["  "])
    assert Dossier.objects.get().status == S.IN_PROGRESS
    assert len(events(in_progress)) == 2


def test_payment_pause_and_resume(in_progress, specialist):
    with freeze_time(local(2026, 11, 17, 10)):
        waiting = services.dossier_request_payment(dossier=in_progress, by=specialist, note="Nộp lệ phí")
    with freeze_time(local(2026, 11, 17, 16)):
        resumed = services.dossier_payment_received(dossier=waiting, by=specialist)
    assert resumed.status == S.IN_PROGRESS
    assert resumed.due_at == local(2026, 11, 19, 15)


def test_a_pause_of_seconds_leaves_the_printed_appointment_as_it_was(procedure, clerk, specialist):
    """Received at 14:28:58: the receipt says 14:28. A five-second supplement pause used to make it 14:29."""
    with freeze_time(local(2026, 11, 16, 14, 28) + dt.timedelta(seconds=58)):
        received = services.dossier_receive(procedure=procedure, applicant=APPLICANT, by=clerk)
        dossier = services.dossier_transfer(dossier=received, by=clerk)
    with freeze_time(local(2026, 11, 17, 10)):
        dossier = services.dossier_request_supplement(dossier=dossier, by=specialist, missing=["Bản vẽ"])
    with freeze_time(local(2026, 11, 17, 10) + dt.timedelta(seconds=5)):
        dossier = services.dossier_supplement_received(dossier=dossier, by=clerk)
    assert DossierPause.objects.get().working_seconds == 5  # the pause itself is kept exactly
    assert dossier.due_at == received.due_at
    assert f"{timezone.localtime(dossier.due_at):%H:%M %d/%m/%Y}" == "14:28 19/11/2026"
    assert dossier.steps.get().due_at == received.due_at


def test_a_two_hour_pause_in_working_time_moves_the_appointment_two_hours(in_progress, specialist, clerk):
    with freeze_time(local(2026, 11, 17, 10)):
        paused = services.dossier_request_supplement(dossier=in_progress, by=specialist, missing=["Bản vẽ"])
    with freeze_time(local(2026, 11, 17, 12, 0) + dt.timedelta(seconds=40)):
        resumed = services.dossier_supplement_received(dossier=paused, by=clerk)
    assert resumed.due_at == in_progress.due_at + dt.timedelta(hours=2)  # whole minutes: the 40 s are dropped
    assert resumed.due_at == local(2026, 11, 19, 11)


@pytest.mark.parametrize(
    ("ready", "outcome"),
    [((2026, 11, 18, 16), "early"), ((2026, 11, 19, 8, 30), "on_time"), ((2026, 11, 19, 9, 30), "late")],
)
def test_resolve_judges_punctuality(in_progress, specialist, ready, outcome):
    with freeze_time(local(*ready)):
        resolved = services.dossier_resolve(dossier=in_progress, by=specialist)
    assert resolved.status == S.RESULT_READY
    assert resolved.outcome == outcome
    assert resolved.steps.get().outcome == outcome


def test_extension_keeps_the_legal_deadline_for_punctuality(in_progress, specialist):
    with freeze_time(local(2026, 11, 18, 10)):
        extended = services.dossier_extend(
            dossier=in_progress,
            by=specialist,
            new_due_at=local(2026, 11, 25, 9),
            reason="Cần xác minh thực địa",
        )
    assert extended.status == S.IN_PROGRESS
    assert extended.extended_due_at == local(2026, 11, 25, 9)
    assert extended.due_at == local(2026, 11, 19, 9)
    event = extended.events.last()
    assert (event.kind, event.from_status, event.to_status) == ("extend", S.IN_PROGRESS, S.IN_PROGRESS)
    assert event.data["issued_after_deadline"] is False
    with freeze_time(local(2026, 11, 24, 9)):
        resolved = services.dossier_resolve(dossier=extended, by=specialist)
    assert resolved.outcome == "late"


def test_extension_must_move_the_date_forward(in_progress, specialist):
    with pytest.raises(InvalidInput):
        services.dossier_extend(dossier=in_progress, by=specialist, new_due_at=local(2026, 11, 18), reason="x")
    with pytest.raises(InvalidInput):
        services.dossier_extend(dossier=in_progress, by=specialist, new_due_at=local(2026, 11, 25), reason=" ")
    assert not Dossier.objects.get().extended_due_at


@pytest.mark.parametrize("new_due_at", [local(2027, 11, 20), local(9999, 12, 31)])
def test_an_extension_of_more_than_a_year_is_refused_and_writes_nothing(in_progress, specialist, new_due_at):
    # The appointment is 19/11/2026: the same day a year later is the last one allowed.
    with pytest.raises(InvalidInput) as refused:
        services.dossier_extend(dossier=in_progress, by=specialist, new_due_at=new_due_at, reason="Xác minh")
    assert refused.value.field == "new_due_date"
    assert "19/11/2027" in str(refused.value.message)
    assert not Dossier.objects.get().extended_due_at
    assert not in_progress.extensions.exists()
    assert [kind for kind, _from, _to in events(in_progress)] == ["receive", "transfer"]


def test_an_extension_of_exactly_a_year_is_accepted(in_progress, specialist):
    extended = services.dossier_extend(
        dossier=in_progress, by=specialist, new_due_at=local(2027, 11, 19, 17), reason="Chờ kết quả giám định"
    )
    assert extended.extended_due_at == local(2027, 11, 19, 17)


def test_return_records_who_and_how(in_progress, specialist, clerk):
    resolved = services.dossier_resolve(dossier=in_progress, by=specialist)
    returned = services.dossier_return(dossier=resolved, by=clerk, collected_by="Nguyễn Văn An", method="post")
    assert returned.status == S.RETURNED
    assert (returned.returned_to, returned.return_method) == ("Nguyễn Văn An", "post")
    assert returned.returned_at is not None


def test_refuse_and_withdraw_need_their_reasons(in_progress, specialist, clerk):
    with pytest.raises(InvalidInput):
        services.dossier_refuse(dossier=in_progress, by=specialist, reason="")
    refused = services.dossier_refuse(dossier=in_progress, by=specialist, reason="Không thuộc thẩm quyền")
    assert refused.status == S.STOPPED
    assert events(refused)[-1] == ("refuse", S.IN_PROGRESS, S.STOPPED)


def test_withdraw_at_the_applicants_request(received, clerk):
    withdrawn = services.dossier_withdraw(dossier=received, by=clerk, reason="Công dân rút hồ sơ")
    assert withdrawn.status == S.WITHDRAWN


def test_online_filing_is_accepted_or_rejected(procedure, clerk):
    with freeze_time(local(2026, 11, 14, 22)):  # Saturday night
        filing = services.dossier_submit(procedure=procedure, applicant=APPLICANT)
    assert filing.status == S.SUBMITTED and filing.due_at is None
    with freeze_time(local(2026, 11, 16, 8)):
        accepted = services.dossier_accept(dossier=filing, by=clerk)
    assert accepted.status == S.RECEIVED and accepted.due_at == local(2026, 11, 19, 8)
    other = services.dossier_submit(procedure=procedure, applicant=APPLICANT, channel="post")
    rejected = services.dossier_reject(dossier=other, by=clerk, reason="Sai thẩm quyền")
    assert rejected.status == S.NOT_RECEIVED


ACTIONS = {
    S.IN_PROGRESS: lambda d, u: services.dossier_transfer(dossier=d, by=u),
    S.AWAITING_SUPPLEMENT: lambda d, u: services.dossier_request_supplement(dossier=d, by=u, missing=["x"]),
    S.AWAITING_PAYMENT: lambda d, u: services.dossier_request_payment(dossier=d, by=u, note="phí"),
    S.STOPPED: lambda d, u: services.dossier_refuse(dossier=d, by=u, reason="lý do"),
    S.WITHDRAWN: lambda d, u: services.dossier_withdraw(dossier=d, by=u, reason="rút"),
    S.RESULT_READY: lambda d, u: services.dossier_resolve(dossier=d, by=u),
    S.RETURNED: lambda d, u: services.dossier_return(dossier=d, by=u, collected_by="An"),
}


@pytest.mark.parametrize("source", [s for s in S.values if s != S.SUBMITTED])
@pytest.mark.parametrize("target", list(ACTIONS))
def test_every_move_follows_the_table(source, target, procedure, agency, db):
    """Each action from each status: allowed moves write one event; forbidden ones raise and write nothing."""
    from tests.factories import DossierFactory, UserFactory

    superuser = UserFactory(username="root", is_superuser=True)
    dossier = DossierFactory(
        procedure=procedure,
        status=source,
        current_agency=agency,
        current_step=1 if source != S.RECEIVED else 0,
    )
    if source in (S.AWAITING_SUPPLEMENT, S.AWAITING_PAYMENT):
        DossierPause.objects.create(
            dossier=dossier, kind="supplement" if source == S.AWAITING_SUPPLEMENT else "payment",
            started_at=timezone.now(),
        )  # fmt: skip
    allowed = target in ALLOWED[source]
    if target == S.IN_PROGRESS and source == S.IN_PROGRESS:
        allowed = False  # the last (only) step: nothing to hand over to
    if target == S.IN_PROGRESS and source in (S.AWAITING_SUPPLEMENT, S.AWAITING_PAYMENT):
        allowed = False  # resuming is its own action, not a transfer
    before = DossierEvent.objects.count()
    if allowed:
        moved = ACTIONS[target](dossier, superuser)
        assert moved.status == target
        assert DossierEvent.objects.count() == before + 1
    else:
        with pytest.raises((Conflict, InvalidInput)):
            ACTIONS[target](dossier, superuser)
        assert Dossier.objects.get(pk=dossier.pk).status == source
        assert DossierEvent.objects.count() == before


def test_other_agencys_specialist_is_refused_and_nothing_changes(in_progress, other_specialist):
    with pytest.raises(NotAllowed):
        services.dossier_resolve(dossier=in_progress, by=other_specialist)
    assert Dossier.objects.get().status == S.IN_PROGRESS
    assert len(events(in_progress)) == 2


def test_director_cannot_change_dossiers(in_progress, director):
    with pytest.raises(NotAllowed):
        services.dossier_resolve(dossier=in_progress, by=director)


def test_events_are_append_only(received):
    event = received.events.get()
    event.note = "changed"
    with pytest.raises(ValueError):
        event.save()
    with pytest.raises(ValueError):
        event.delete()


@pytest.mark.django_db(transaction=True)
def test_concurrent_receipts_get_distinct_codes(procedure, clerk):
    """Two counters receive at the same instant: the daily sequence never hands out a code twice."""
    assert connection.vendor == "postgresql"
    codes, errors, barrier = [], [], threading.Barrier(8)

    def receive():
        try:
            barrier.wait()
            codes.append(services.dossier_receive(procedure=procedure, applicant=APPLICANT, by=clerk).code)
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=receive) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len(codes) == 8 and len(set(codes)) == 8


@pytest.mark.django_db(transaction=True)
def test_concurrent_transitions_on_one_dossier_let_exactly_one_win(procedure, clerk, specialist):
    dossier = services.dossier_receive(procedure=procedure, applicant=APPLICANT, by=clerk)
    dossier = services.dossier_transfer(dossier=dossier, by=clerk)
    results, barrier = [], threading.Barrier(6)

    def resolve():
        try:
            barrier.wait()
            services.dossier_resolve(dossier=dossier, by=specialist)
            results.append("ok")
        except TransitionError:
            results.append("conflict")
        finally:
            connection.close()

    threads = [threading.Thread(target=resolve) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == ["conflict"] * 5 + ["ok"]
    assert DossierEvent.objects.filter(dossier=dossier, kind="resolve").count() == 1


def test_an_applicant_read_from_a_forms_values_is_the_one_whose_columns_they_are():
    applicant = services.Applicant(
        name="Công ty TNHH An Phát",
        id_number="C1234567",
        phone="02838251234",
        email="an@example.vn",
        address="12 Lê Lợi",
        organisation="Công ty TNHH An Phát",
        id_type="passport",
        id_type_name="",
        tax_code="0100109106",
    )
    assert services.Applicant.from_fields(applicant.fields()) == applicant
