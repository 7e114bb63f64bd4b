"""Feedback services and selectors: tracking code, due date in working days, who may handle what."""

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
from freezegun import freeze_time

from center import roles
from center.errors import Conflict, InvalidInput, NotAllowed
from monitoring import feedback as fb
from monitoring.models import Feedback, FeedbackStatus
from tests.factories import UserFactory

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
SENDER = {"sender_name": "Trần Thị Bình", "sender_phone": "0987 654 321"}


def submit(**changes):
    values = {
        "topic": "delay",
        "subject": "Hồ sơ chậm",
        "content": "Hồ sơ của tôi đã quá hẹn ba ngày.",
        **SENDER,
        **changes,
    }
    return fb.feedback_submit(**values)


@pytest.fixture
def administrator(db):
    return UserFactory(username="admin1", role=roles.ADMINISTRATOR)


def test_submit_gives_a_random_tracking_code_and_a_working_day_due_date(db, settings):
    settings.FEEDBACK_ANSWER_DAYS = 10
    with freeze_time(dt.datetime(2026, 11, 16, 9, tzinfo=HCM)):  # a Monday
        feedback = submit()
    assert re.fullmatch(r"PA-[A-HJKMNP-Z2-9]{10}", feedback.tracking_code)
    # Ten working days; Tuesday 24/11 (Vietnam Cultural Day) has no legal basis as a day off yet and is
    # worked (center/workdays.py, HOLIDAYS_WITHOUT_LEGAL_BASIS).
    assert feedback.due_at == dt.datetime(2026, 11, 30, 9, tzinfo=HCM)
    assert feedback.status == FeedbackStatus.NEW
    assert feedback.sender_phone == "0987654321"
    assert submit().tracking_code != feedback.tracking_code


def test_the_answer_time_is_a_setting(db, settings):
    settings.FEEDBACK_ANSWER_DAYS = 3
    with freeze_time(dt.datetime(2026, 11, 19, 9, tzinfo=HCM)):  # Thursday: Fri, Mon, Tue
        assert submit().due_at == dt.datetime(2026, 11, 24, 9, tzinfo=HCM)


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"topic": "weather"}, "topic"),
        ({"subject": "  "}, "subject"),
        ({"content": ""}, "content"),
        ({"content": "x" * 5001}, "content"),
        ({"sender_name": ""}, "sender_name"),
        ({"sender_phone": "", "sender_email": ""}, "sender_phone"),
        ({"sender_phone": "12345"}, "sender_phone"),
        ({"sender_phone": "", "sender_email": "not-an-email"}, "sender_email"),
    ],
)
def test_bad_feedback_is_refused_and_nothing_is_written(db, changes, field):
    with pytest.raises(InvalidInput) as error:
        submit(**changes)
    assert error.value.field == field
    assert not Feedback.objects.exists()


def test_an_email_alone_is_enough_to_reach_the_sender(db):
    assert submit(sender_phone="", sender_email="binh@example.vn").sender_email == "binh@example.vn"


def test_the_center_forwards_and_the_agency_answers(db, clerk, specialist, agency):
    feedback = submit()
    feedback = fb.feedback_forward(feedback=feedback, agency=agency, by=clerk)
    assert (feedback.status, feedback.agency) == (FeedbackStatus.FORWARDED, agency)
    feedback = fb.feedback_answer(feedback=feedback, by=specialist, answer="Hồ sơ đã có kết quả hôm nay.")
    assert feedback.status == FeedbackStatus.ANSWERED
    assert feedback.answered_by == specialist and feedback.answered_at is not None
    feedback = fb.feedback_close(feedback=feedback, by=clerk)
    assert feedback.status == FeedbackStatus.CLOSED and feedback.closed_at is not None


def test_an_agency_cannot_forward(db, specialist, other_agency):
    feedback = submit()
    with pytest.raises(NotAllowed):
        fb.feedback_forward(feedback=feedback, agency=other_agency, by=specialist)
    assert Feedback.objects.get().status == FeedbackStatus.NEW


def test_an_agency_answers_only_what_was_forwarded_to_it(db, clerk, specialist, other_specialist, agency):
    feedback = submit()
    with pytest.raises(NotAllowed):
        fb.feedback_answer(feedback=feedback, by=specialist, answer="Trả lời")
    fb.feedback_forward(feedback=feedback, agency=agency, by=clerk)
    with pytest.raises(NotAllowed):
        fb.feedback_answer(feedback=feedback, by=other_specialist, answer="Trả lời")
    assert Feedback.objects.get().answer == ""


def test_the_center_may_answer_directly(db, director):
    feedback = fb.feedback_answer(feedback=submit(), by=director, answer="Đã chấn chỉnh.")
    assert feedback.status == FeedbackStatus.ANSWERED


def test_a_role_without_the_permission_is_refused(db, administrator):
    with pytest.raises(NotAllowed):
        fb.feedback_answer(feedback=submit(), by=administrator, answer="x")
    assert fb.feedback_list(user=administrator).count() == 0


def test_an_empty_answer_is_refused(db, clerk):
    with pytest.raises(InvalidInput):
        fb.feedback_answer(feedback=submit(), by=clerk, answer="   ")
    assert Feedback.objects.get().status == FeedbackStatus.NEW


def test_answered_feedback_cannot_be_answered_or_forwarded_again(db, clerk, agency):
    feedback = fb.feedback_answer(feedback=submit(), by=clerk, answer="Đã xử lý.")
    with pytest.raises(Conflict):
        fb.feedback_answer(feedback=feedback, by=clerk, answer="Lần hai")
    with pytest.raises(Conflict):
        fb.feedback_forward(feedback=feedback, agency=agency, by=clerk)
    assert Feedback.objects.get().answer == "Đã xử lý."


def test_only_answered_feedback_is_closed(db, clerk):
    feedback = submit()
    with pytest.raises(Conflict):
        fb.feedback_close(feedback=feedback, by=clerk)
    fb.feedback_answer(feedback=feedback, by=clerk, answer="Đã xử lý.")
    fb.feedback_close(feedback=feedback, by=clerk)
    with pytest.raises(Conflict):
        fb.feedback_close(feedback=feedback, by=clerk)


def test_the_sender_rates_the_answer_once(db, clerk):
    feedback = submit()
    with pytest.raises(Conflict):
        fb.feedback_rate_answer(feedback=feedback, satisfied=True)
    fb.feedback_answer(feedback=feedback, by=clerk, answer="Đã xử lý.")
    assert fb.feedback_rate_answer(feedback=feedback, satisfied=False).sender_satisfied is False
    with pytest.raises(Conflict):
        fb.feedback_rate_answer(feedback=feedback, satisfied=True)
    assert Feedback.objects.get().sender_satisfied is False


def test_agency_staff_see_only_what_was_forwarded_to_them(db, clerk, specialist, other_specialist, agency):
    kept, forwarded = submit(), submit()
    fb.feedback_forward(feedback=forwarded, agency=agency, by=clerk)
    assert set(fb.feedback_list(user=clerk)) == {kept, forwarded}
    assert list(fb.feedback_list(user=specialist)) == [forwarded]
    assert list(fb.feedback_list(user=other_specialist)) == []


def test_overdue_is_open_and_past_the_due_date(db, clerk, settings):
    settings.FEEDBACK_ANSWER_DAYS = 1
    with freeze_time(dt.datetime(2026, 11, 16, 9, tzinfo=HCM)):
        late, answered = submit(), submit()
        fb.feedback_answer(feedback=answered, by=clerk, answer="Đã xử lý.")
    with freeze_time(dt.datetime(2026, 11, 18, 9, tzinfo=HCM)):
        assert list(fb.feedback_list(user=clerk, overdue=True)) == [late]
        assert fb.is_overdue(late) and not fb.is_overdue(Feedback.objects.get(pk=answered.pk))
        assert fb.feedback_counts(user=clerk) == {"open": 1, "overdue": 1}


def test_public_lookup_tolerates_spaces_and_case(db):
    feedback = submit()
    code = feedback.tracking_code
    assert fb.feedback_public_get(tracking_code=f" {code.lower()} ") == feedback
    assert fb.feedback_public_get(tracking_code=code[3:]) == feedback  # without the PA- prefix
    assert fb.feedback_public_get(tracking_code="PA-AAAAAAAAAA") is None
    assert fb.feedback_public_get(tracking_code="") is None
