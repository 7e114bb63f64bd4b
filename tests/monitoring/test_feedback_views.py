"""Feedback pages: the public form and tracking, and the staff list, answer, forward and close."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from freezegun import freeze_time

from center import roles
from center.models import PersonalDataAccess
from monitoring import feedback as fb
from monitoring.models import Feedback, FeedbackStatus
from tests.dossiers.walk import receive
from tests.factories import UserFactory

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
FORM = {
    "topic": "conduct",
    "subject": "Thái độ phục vụ",
    "content": "Cán bộ quầy số 3 hướng dẫn rất nhiệt tình.",
    "sender_name": "Trần Thị Bình",
    "sender_phone": "0987654321",
    "sender_email": "",
    "dossier_code": "",
    "dossier_secret": "",
}


@pytest.fixture
def feedback(db):
    return fb.feedback_submit(
        topic="delay", subject="Hồ sơ chậm", content="Quá hẹn.", sender_name="Trần Thị Bình", sender_phone="0987654321"
    )


def test_the_form_has_a_label_for_every_field(client, db):
    html = client.get("/phan-anh/").content.decode()
    for name in FORM:
        assert f'<label for="id_{name}">' in html
    assert "15 ngày làm việc" in html  # the national scorecard's limit (DOMAIN.md), FEEDBACK_ANSWER_DAYS


def test_sending_feedback_gives_a_tracking_code_and_its_page(client, db):
    response = client.post("/phan-anh/", FORM, follow=True)
    feedback = Feedback.objects.get()
    assert response.redirect_chain[-1][0] == f"/phan-anh/{feedback.tracking_code}/"
    html = response.content.decode()
    assert feedback.tracking_code in html
    assert "Đã tiếp nhận" in html
    assert "T. T. B." in html and "0987654321" not in html


def test_a_form_with_errors_says_what_to_fix_and_writes_nothing(client, db):
    response = client.post("/phan-anh/", {**FORM, "sender_phone": "", "content": ""})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Hãy cho biết số điện thoại hoặc địa chỉ thư điện tử" in html
    assert 'aria-invalid="true"' in html
    assert not Feedback.objects.exists()


def test_feedback_about_a_dossier_needs_its_secret(client, procedure, clerk):
    dossier = receive(procedure, clerk)
    missing = client.post("/phan-anh/", {**FORM, "dossier_code": dossier.code})
    assert missing.status_code == 400
    wrong = client.post("/phan-anh/", {**FORM, "dossier_code": dossier.code, "dossier_secret": "WRONGONE"})
    assert wrong.status_code == 400
    assert "Không tìm thấy hồ sơ" in wrong.content.decode()
    assert not Feedback.objects.exists()
    right = client.post("/phan-anh/", {**FORM, "dossier_code": dossier.code.lower(), "dossier_secret": dossier.secret})
    assert right.status_code == 302
    assert Feedback.objects.get().dossier == dossier


def test_others_wrong_lookups_from_the_same_address_do_not_refuse_a_right_feedback(client, procedure, clerk):
    """Issue 11: after wrong lookups from the hall's address, a feedback about a dossier with its right code
    and secret got 429. The wrong lookups were someone else's, at another code."""
    mine, theirs = receive(procedure, clerk), receive(procedure, clerk)
    for _ in range(12):
        client.get(f"/tra-cuu/{theirs.code}/?secret=WRONGONE")
    right = client.post("/phan-anh/", {**FORM, "dossier_code": mine.code, "dossier_secret": mine.secret})
    assert right.status_code == 302
    assert Feedback.objects.get().dossier == mine


def test_the_tracking_page_links_feedback_prefilled(client, procedure, clerk):
    dossier = receive(procedure, clerk)
    html = client.get("/phan-anh/", {"dossier": dossier.code, "secret": dossier.secret}).content.decode()
    assert f'value="{dossier.code}"' in html and f'value="{dossier.secret}"' in html


def test_the_sender_reads_the_answer_and_gives_an_opinion_once(client, feedback, clerk):
    fb.feedback_answer(feedback=feedback, by=clerk, answer="Hồ sơ của bà đã có kết quả.")
    response = client.post("/phan-anh/tra-cuu/", {"code": feedback.tracking_code.lower()})
    assert response.status_code == 302
    html = client.get(response["Location"]).content.decode()
    assert "Hồ sơ của bà đã có kết quả." in html
    assert "Đã trả lời" in html
    response = client.post(f"/phan-anh/{feedback.tracking_code}/y-kien/", {"satisfied": "yes"})
    assert response.status_code == 302
    assert Feedback.objects.get().sender_satisfied is True
    again = client.post(f"/phan-anh/{feedback.tracking_code}/y-kien/", {"satisfied": "no"})
    assert again.status_code == 409
    assert Feedback.objects.get().sender_satisfied is True


def test_an_unknown_tracking_code_is_a_404_and_counts_towards_the_addresss_limit(client, feedback, settings):
    settings.PUBLIC_LOOKUP_ADDRESS_BLOCK_AFTER = 2
    assert client.get("/phan-anh/PA-AAAAAAAAAA/").status_code == 404
    response = client.post("/phan-anh/tra-cuu/", {"code": "PA-BBBBBBBBBB"})
    assert response.status_code == 404
    assert "Không tìm thấy phản ánh" in response.content.decode()
    limited = client.get(f"/phan-anh/{feedback.tracking_code}/")
    assert limited.status_code == 429


# --- staff ---------------------------------------------------------------------------------------


def test_staff_pages_need_a_login(client, feedback):
    response = client.get("/can-bo/phan-anh/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_a_role_without_feedback_permission_is_refused(client, feedback):
    client.force_login(UserFactory(username="admin1", role=roles.ADMINISTRATOR))
    assert client.get("/can-bo/phan-anh/").status_code == 403
    assert client.get(f"/can-bo/phan-anh/{feedback.pk}/").status_code == 403
    assert client.post(f"/can-bo/phan-anh/{feedback.pk}/answer/", {"answer": "x"}).status_code == 403
    assert Feedback.objects.get().status == FeedbackStatus.NEW


def test_the_center_lists_forwards_answers_and_closes(client, feedback, clerk, agency):
    client.force_login(clerk)
    listing = client.get("/can-bo/phan-anh/").content.decode()
    assert feedback.tracking_code in listing
    assert "1 phản ánh đang chờ trả lời" in listing
    response = client.post(f"/can-bo/phan-anh/{feedback.pk}/forward/", {"agency": agency.pk})
    assert response.status_code == 302
    assert Feedback.objects.get().agency == agency
    response = client.post(f"/can-bo/phan-anh/{feedback.pk}/answer/", {"answer": "Đã có kết quả."})
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "Đã có kết quả." in page and "Đóng phản ánh" in page
    client.post(f"/can-bo/phan-anh/{feedback.pk}/close/")
    assert Feedback.objects.get().status == FeedbackStatus.CLOSED


def test_an_agency_sees_only_forwarded_feedback(client, feedback, clerk, specialist, agency):
    client.force_login(specialist)
    assert client.get(f"/can-bo/phan-anh/{feedback.pk}/").status_code == 404
    assert feedback.tracking_code not in client.get("/can-bo/phan-anh/").content.decode()
    fb.feedback_forward(feedback=feedback, agency=agency, by=clerk)
    page = client.get(f"/can-bo/phan-anh/{feedback.pk}/").content.decode()
    assert "Trả lời người gửi" in page
    assert "Chuyển cơ quan giải quyết" not in page  # only the center forwards
    assert client.post(f"/can-bo/phan-anh/{feedback.pk}/forward/", {"agency": agency.pk}).status_code == 403


def test_an_empty_answer_shows_an_error_and_changes_nothing(client, feedback, clerk):
    client.force_login(clerk)
    response = client.post(f"/can-bo/phan-anh/{feedback.pk}/answer/", {"answer": ""})
    assert response.status_code == 400
    assert "Trường này là bắt buộc." in response.content.decode()
    assert Feedback.objects.get().status == FeedbackStatus.NEW


def test_closing_an_unanswered_feedback_is_a_409(client, feedback, clerk):
    client.force_login(clerk)
    response = client.post(f"/can-bo/phan-anh/{feedback.pk}/close/")
    assert response.status_code == 409
    assert "Chỉ đóng được phản ánh đã trả lời" in response.content.decode()


def test_the_staff_list_filters_by_status(client, feedback, clerk):
    client.force_login(clerk)
    assert feedback.tracking_code in client.get("/can-bo/phan-anh/", {"status": "new"}).content.decode()
    assert feedback.tracking_code not in client.get("/can-bo/phan-anh/", {"status": "closed"}).content.decode()


# --- the sender's personal data on the staff page is recorded (Law 91/2025/QH15) -------------------


@pytest.mark.parametrize(("who", "purpose"), [("clerk", "feedback_handling"), ("director", "supervision")])
def test_the_staff_page_records_who_saw_the_sender_and_why(request, client, feedback, who, purpose):
    user = request.getfixturevalue(who)
    client.force_login(user)
    page = client.get(f"/can-bo/phan-anh/{feedback.pk}/").content.decode()

    assert "0987654321" in page
    access = PersonalDataAccess.objects.get()
    assert (access.user, access.feedback_id, access.purpose) == (user, feedback.pk, purpose)
    assert (access.dossier_id, access.view_name) == (None, "feedback-staff-detail")


def test_the_page_shown_again_with_an_error_is_recorded_again(client, feedback, clerk):
    client.force_login(clerk)
    assert client.post(f"/can-bo/phan-anh/{feedback.pk}/answer/", {"answer": ""}).status_code == 400
    assert PersonalDataAccess.objects.get().feedback_id == feedback.pk


def test_the_staff_list_shows_no_sender_and_records_nothing(client, feedback, clerk):
    client.force_login(clerk)
    page = client.get("/can-bo/phan-anh/").content.decode()
    assert feedback.tracking_code in page and "0987654321" not in page and "Trần Thị Bình" not in page
    assert not PersonalDataAccess.objects.exists()


def test_a_refused_reader_records_nothing(client, feedback, specialist):
    client.force_login(specialist)
    assert client.get(f"/can-bo/phan-anh/{feedback.pk}/").status_code == 404
    assert not PersonalDataAccess.objects.exists()


# --- refusing, asking the sender for more, recording what arrived (DOMAIN.md, "Feedback and complaints") ----


def handled_state():
    return list(
        Feedback.objects.values_list(
            "status", "answer", "answered_by", "refused_at", "info_requested_at", "info_received_at", "due_at"
        )
    )


def test_the_center_refuses_with_a_reason_the_sender_reads(client, feedback, clerk):
    client.force_login(clerk)
    page = client.get(f"/can-bo/phan-anh/{feedback.pk}/").content.decode()
    assert "Từ chối phản ánh, kiến nghị này" in page and "Lý do từ chối" in page
    response = client.post(f"/can-bo/phan-anh/{feedback.pk}/refuse/", {"reason": "Nội dung đã được giải quyết."})
    assert response.status_code == 302
    refused = Feedback.objects.get()
    assert (refused.status, refused.answer, refused.answered_by) == ("refused", "Nội dung đã được giải quyết.", clerk)
    assert refused.refused_at is not None
    staff_page = client.get(response["Location"]).content.decode()
    assert "Từ chối lúc" in staff_page and "Đúng hạn" in staff_page
    assert "Gửi câu trả lời" not in staff_page and "Từ chối phản ánh, kiến nghị này" not in staff_page

    public = client.get(f"/phan-anh/{feedback.tracking_code}/").content.decode()
    assert "Trung tâm từ chối xử lý phản ánh, kiến nghị của bạn" in public
    assert "Lý do từ chối phản ánh, kiến nghị" in public and "Nội dung đã được giải quyết." in public
    assert "Hạn trả lời" not in public  # nothing is due any more


def test_a_refusal_without_a_reason_is_a_400_and_changes_nothing(client, feedback, clerk):
    client.force_login(clerk)
    before = handled_state()
    response = client.post(f"/can-bo/phan-anh/{feedback.pk}/refuse/", {"reason": "   "})
    assert response.status_code == 400
    assert "Trường này là bắt buộc." in response.content.decode()
    assert handled_state() == before


def test_refusing_an_answered_feedback_is_a_409_and_changes_nothing(client, feedback, clerk):
    fb.feedback_answer(feedback=feedback, by=clerk, answer="Đã có kết quả.")
    client.force_login(clerk)
    before = handled_state()
    response = client.post(f"/can-bo/phan-anh/{feedback.pk}/refuse/", {"reason": "Không thuộc thẩm quyền."})
    assert response.status_code == 409
    assert "Phản ánh, kiến nghị này đã được trả lời." in response.content.decode()
    assert handled_state() == before


def test_the_center_asks_the_sender_for_more_and_the_sender_reads_the_question(client, feedback, clerk):
    client.force_login(clerk)
    response = client.post(f"/can-bo/phan-anh/{feedback.pk}/ask/", {"question": "Hồ sơ của bà nộp ngày nào?"})
    assert response.status_code == 302
    asked = Feedback.objects.get()
    assert (asked.status, asked.answer, asked.answered_by) == ("awaiting_info", "Hồ sơ của bà nộp ngày nào?", clerk)
    staff_page = client.get(response["Location"]).content.decode()
    assert "Yêu cầu người gửi bổ sung thông tin" in staff_page and "Hồ sơ của bà nộp ngày nào?" in staff_page
    assert "Đã nhận thông tin bổ sung" in staff_page  # the next step is offered
    assert "Gửi câu trả lời" not in staff_page and "Gửi đề nghị bổ sung" not in staff_page

    public = client.get(f"/phan-anh/{feedback.tracking_code}/").content.decode()
    assert "Chờ người gửi bổ sung thông tin" in public
    assert "chúng tôi đã đề nghị bạn bổ sung thông tin:" in public and "Hồ sơ của bà nộp ngày nào?" in public
    assert "Hạn trả lời" not in public and "Gửi ý kiến" not in public


def test_asking_about_a_refused_feedback_is_a_409_and_changes_nothing(client, feedback, clerk):
    fb.feedback_refuse(feedback=feedback, by=clerk, reason="Không thuộc thẩm quyền.")
    client.force_login(clerk)
    before = handled_state()
    response = client.post(f"/can-bo/phan-anh/{feedback.pk}/ask/", {"question": "Bà ở đâu?"})
    assert response.status_code == 409
    assert handled_state() == before


def test_the_information_received_restarts_the_answer_clock(client, feedback, clerk, agency):
    fb.feedback_forward(feedback=feedback, agency=agency, by=clerk)
    fb.feedback_request_info(feedback=feedback, by=clerk, question="Hồ sơ của bà nộp ngày nào?")
    client.force_login(clerk)
    response = client.post(f"/can-bo/phan-anh/{feedback.pk}/info-received/", {"note": "Nộp ngày 02/11/2026."})
    assert response.status_code == 302
    back = Feedback.objects.get()
    assert back.status == "forwarded" and back.content.endswith("Nộp ngày 02/11/2026.")
    assert back.due_at == fb.answer_due(back.info_received_at)
    staff_page = client.get(response["Location"]).content.decode()
    assert "Gửi câu trả lời" in staff_page and "đã nhận bổ sung lúc" in staff_page

    public = client.get(f"/phan-anh/{feedback.tracking_code}/").content.decode()
    assert "Trung tâm đã nhận thông tin bổ sung của bạn" in public and "Hạn trả lời" in public
    assert "Hồ sơ của bà nộp ngày nào?" in public  # the question stays readable until the answer comes
    fb.feedback_answer(feedback=back, by=clerk, answer="Hồ sơ đã có kết quả.")
    public = client.get(f"/phan-anh/{feedback.tracking_code}/").content.decode()
    assert "Hồ sơ đã có kết quả." in public and "Hồ sơ của bà nộp ngày nào?" not in public


def test_information_for_a_feedback_not_waiting_for_it_is_a_409_and_changes_nothing(client, feedback, clerk):
    client.force_login(clerk)
    before = handled_state()
    response = client.post(f"/can-bo/phan-anh/{feedback.pk}/info-received/", {"note": "Thêm"})
    assert response.status_code == 409
    assert "không ở trạng thái chờ bổ sung thông tin" in response.content.decode()
    assert handled_state() == before


@pytest.mark.parametrize(
    ("action", "data"),
    [("refuse", {"reason": "Không rõ"}), ("ask", {"question": "Ở đâu?"}), ("info-received", {"note": "x"})],
)
@pytest.mark.parametrize(
    ("who", "refusal"),
    [("administrator", 403), ("specialist", 404)],  # no feedback permission; an agency before forwarding
)
def test_refused_roles_cannot_refuse_ask_or_record(request, client, feedback, clerk, action, data, who, refusal):
    if action == "info-received":
        fb.feedback_request_info(feedback=feedback, by=clerk, question="Hồ sơ nào?")
    before = handled_state()
    user = UserFactory(username="admin1", role=roles.ADMINISTRATOR) if who == "administrator" else None
    client.force_login(user or request.getfixturevalue(who))
    assert client.post(f"/can-bo/phan-anh/{feedback.pk}/{action}/", data).status_code == refusal
    assert handled_state() == before


def test_an_agency_refuses_and_asks_about_what_was_forwarded_to_it(client, feedback, clerk, specialist, agency):
    fb.feedback_forward(feedback=feedback, agency=agency, by=clerk)
    client.force_login(specialist)
    page = client.get(f"/can-bo/phan-anh/{feedback.pk}/").content.decode()
    assert "Gửi đề nghị bổ sung" in page and "Từ chối phản ánh, kiến nghị này" in page
    assert client.post(f"/can-bo/phan-anh/{feedback.pk}/ask/", {"question": "Ở đâu?"}).status_code == 302
    assert client.post(f"/can-bo/phan-anh/{feedback.pk}/info-received/", {"note": ""}).status_code == 302
    assert client.post(f"/can-bo/phan-anh/{feedback.pk}/refuse/", {"reason": "Đã giải quyết"}).status_code == 302
    assert Feedback.objects.get().status == "refused"


def test_an_unknown_action_is_a_404(client, feedback, clerk):
    client.force_login(clerk)
    assert client.post(f"/can-bo/phan-anh/{feedback.pk}/delete/").status_code == 404
    assert Feedback.objects.get().status == "new"


# --- the handling deadline: refuse within 2 working days, ask within 5, answer within 15 ----------------


MONDAY = dt.datetime(2026, 11, 2, 9, tzinfo=HCM)


def test_the_staff_pages_show_each_deadline_and_when_it_is_late(client, clerk):
    with freeze_time(MONDAY):
        item = fb.feedback_submit(topic="other", subject="s", content="c", sender_name="An", sender_phone="0912345678")
    client.force_login(clerk)
    with freeze_time(MONDAY + dt.timedelta(days=1)):
        page = client.get(f"/can-bo/phan-anh/{item.pk}/").content.decode()
        listing = client.get("/can-bo/phan-anh/").content.decode()
    assert "Hạn từ chối (nếu từ chối)" in page and "trước 04/11/2026 09:00" in page
    assert "Hạn đề nghị bổ sung thông tin" in page and "trước 09/11/2026 09:00" in page
    assert "23/11/2026 09:00" in page and "Quá hạn" not in page
    assert "23/11/2026" in listing and "Quá hạn" not in listing
    with freeze_time(dt.datetime(2026, 11, 23, 10, tzinfo=HCM)):
        page = client.get(f"/can-bo/phan-anh/{item.pk}/").content.decode()
        listing = client.get("/can-bo/phan-anh/").content.decode()
    assert "Quá hạn" in page and "Quá hạn" in listing and "(đã qua)" in page


@pytest.mark.parametrize(("refused_on", "verdict"), [(4, "Đúng hạn"), (5, "Trễ hạn")])  # answered: late, not overdue
def test_a_refusal_after_two_working_days_shows_late(client, clerk, refused_on, verdict):
    with freeze_time(MONDAY):
        item = fb.feedback_submit(topic="other", subject="s", content="c", sender_name="An", sender_phone="0912345678")
    with freeze_time(dt.datetime(2026, 11, refused_on, 8, tzinfo=HCM)):
        fb.feedback_refuse(feedback=item, by=clerk, reason="Không thuộc thẩm quyền.")
    client.force_login(clerk)
    page = client.get(f"/can-bo/phan-anh/{item.pk}/").content.decode()
    assert 'hạn 04/11/2026 09:00 <span class="badge' in page and verdict in page
    assert (verdict == "Trễ hạn") == ("Trễ hạn" in client.get("/can-bo/phan-anh/").content.decode())


def test_the_answer_is_published_to_the_sender_at_once(client, feedback, clerk):
    fb.feedback_answer(feedback=feedback, by=clerk, answer="Đã có kết quả.")
    client.force_login(clerk)
    page = client.get(f"/can-bo/phan-anh/{feedback.pk}/").content.decode()
    assert "Đã công khai ngay cho người gửi lúc" in page and "trong vòng 02 ngày làm việc" in page
