"""What the tracking page says: days left or late in working days, what to do, and the timeline."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from freezegun import freeze_time

from center.models import CalendarOverride
from dossiers import services
from dossiers.public_status import deadline_for, public_status
from dossiers.selectors import dossier_public_get
from dossiers.workflow import DossierStatus as S
from tests.dossiers.walk import APPLICANT, MISSING, dossier_in, receive, walk
from tests.factories import AgencyFactory, ProcedureStepFactory

HCM = ZoneInfo("Asia/Ho_Chi_Minh")


def local(y, m, d, hh=9, mm=0):
    return dt.datetime(y, m, d, hh, mm, tzinfo=HCM)


@pytest.fixture
def received(procedure, clerk):
    """Received Monday 16/11/2026 09:00; 3 working days: due Thursday 19/11 09:00."""
    with freeze_time(local(2026, 11, 16, 9)):
        return receive(procedure, clerk)


@pytest.mark.parametrize(
    ("now", "left", "today", "late"),
    [
        (local(2026, 11, 16, 10), 3, False, None),  # Tue, Wed, Thu still to come
        (local(2026, 11, 16, 23), 3, False, None),  # the time of day does not change the count
        (local(2026, 11, 18, 16), 1, False, None),
        (local(2026, 11, 19, 8), None, True, None),  # due today, not yet late
        (local(2026, 11, 19, 10), None, False, 0),  # late since this morning
        (local(2026, 11, 20, 10), None, False, 1),
        (local(2026, 11, 23, 8), None, False, 2),  # the weekend is not counted
    ],
)
def test_days_left_or_late_count_working_days(received, now, left, today, late):
    deadline = deadline_for(received, now=now)
    assert deadline.appointment_at == local(2026, 11, 19, 9)
    assert (deadline.days_left, deadline.due_today, deadline.days_late) == (left, today, late)
    assert deadline.late == (late is not None)


def test_a_day_off_declared_by_the_center_is_not_counted(received):
    CalendarOverride.objects.create(date=dt.date(2026, 11, 17), is_working_day=False, reason="Bầu cử")
    assert deadline_for(received, now=local(2026, 11, 16, 10)).days_left == 2


def test_the_extension_date_is_the_appointment(received, clerk, specialist):
    with freeze_time(local(2026, 11, 16, 10)):
        dossier = walk(received, to=S.IN_PROGRESS, clerk=clerk, specialist=specialist)
        services.dossier_extend(dossier=dossier, by=specialist, new_due_at=local(2026, 11, 25, 9), reason="Xác minh")
    found = dossier_public_get(code=received.code, secret=received.secret)
    deadline = deadline_for(found, now=local(2026, 11, 20, 10))
    assert deadline.appointment_at == local(2026, 11, 25, 9)
    assert deadline.days_left == 3  # Mon 23, Tue 24 (Vietnam Cultural Day, worked) and Wed 25
    status = public_status(found, now=local(2026, 11, 20, 10))
    assert status.extension.reason == "Xác minh"
    assert status.extension.previous_due_at == local(2026, 11, 19, 9)


def test_a_paused_dossier_says_the_clock_stopped_and_lists_what_is_missing(procedure, clerk, specialist):
    dossier = dossier_in(S.AWAITING_SUPPLEMENT, procedure=procedure, clerk=clerk, specialist=specialist)
    status = public_status(dossier_public_get(code=dossier.code, secret=dossier.secret))
    assert status.deadline.paused
    assert status.deadline.days_left is None and not status.deadline.late
    assert status.missing == MISSING
    assert "tạm dừng" in status.meaning


def test_awaiting_payment_says_what_to_pay(procedure, clerk, specialist):
    dossier = dossier_in(S.AWAITING_PAYMENT, procedure=procedure, clerk=clerk, specialist=specialist)
    status = public_status(dossier_public_get(code=dossier.code, secret=dossier.secret))
    assert status.payment == "Nộp lệ phí trước bạ 500.000 đồng tại Kho bạc"
    assert status.missing == []


def test_a_stopped_dossier_gives_the_reason(procedure, clerk, specialist):
    dossier = dossier_in(S.STOPPED, procedure=procedure, clerk=clerk, specialist=specialist)
    status = public_status(dossier_public_get(code=dossier.code, secret=dossier.secret))
    assert status.reason == "Không thuộc thẩm quyền"
    assert status.deadline is None


@pytest.mark.parametrize("target", [S.RESULT_READY, S.RETURNED, S.WITHDRAWN])
def test_finished_dossiers_have_no_countdown(procedure, clerk, specialist, target):
    dossier = dossier_in(target, procedure=procedure, clerk=clerk, specialist=specialist)
    status = public_status(dossier_public_get(code=dossier.code, secret=dossier.secret))
    assert status.deadline is None
    assert status.can_rate == (target == S.RETURNED)


def test_every_status_has_plain_words(procedure, clerk, specialist):
    for target in [S.RECEIVED, S.IN_PROGRESS, S.AWAITING_SUPPLEMENT, S.STOPPED, S.RESULT_READY, S.RETURNED]:
        dossier = dossier_in(target, procedure=procedure, clerk=clerk, specialist=specialist)
        status = public_status(dossier_public_get(code=dossier.code, secret=dossier.secret))
        assert status.meaning and status.next_step and status.your_part
        assert status.status_label == S(target).label


def test_the_timeline_names_the_agency_of_each_step(agency, clerk, specialist):
    """An inter-agency chain: receipt at the center, then each agency in turn."""
    second = AgencyFactory(code="H56.05", name="Sở Xây dựng")
    procedure = ProcedureStepFactory(procedure__agency=agency, position=1, agency=agency).procedure
    ProcedureStepFactory(procedure=procedure, position=2, agency=second)
    dossier = receive(procedure, clerk)
    dossier = services.dossier_transfer(dossier=dossier, by=clerk)
    services.dossier_transfer(dossier=dossier, by=specialist)
    status = public_status(dossier_public_get(code=dossier.code, secret=dossier.secret))
    assert [(entry.agency, entry.status) for entry in status.timeline] == [
        ("Trung tâm Phục vụ hành chính công tỉnh", S.RECEIVED),
        ("Sở Tài chính", S.IN_PROGRESS),
        ("Sở Xây dựng", S.IN_PROGRESS),
    ]
    assert status.timeline[0].text == "Tiếp nhận tại Trung tâm"


def test_the_applicant_is_shown_by_initials_only(received):
    status = public_status(dossier_public_get(code=received.code, secret=received.secret))
    assert status.applicant == "N. V. A."


def test_an_online_filing_waiting_for_the_counter(procedure):
    dossier = services.dossier_submit(procedure=procedure, applicant=APPLICANT)
    status = public_status(dossier_public_get(code=dossier.code, secret=dossier.secret))
    assert status.status == S.SUBMITTED and status.portal_number == 1
    assert status.deadline is None
    assert "chờ Trung tâm kiểm tra" in status.meaning


def test_a_rejected_filing_gives_the_reason(procedure, clerk):
    dossier = services.dossier_submit(procedure=procedure, applicant=APPLICANT)
    services.dossier_reject(dossier=dossier, by=clerk, reason="Thiếu chữ ký số")
    status = public_status(dossier_public_get(code=dossier.code, secret=dossier.secret))
    assert status.reason == "Thiếu chữ ký số"
    assert [entry.text for entry in status.timeline] == ["Nộp trực tuyến hoặc qua bưu chính", "Không được tiếp nhận"]
