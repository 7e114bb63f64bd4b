"""Feedback pages: the public form and tracking, and the staff list, answer, forward and close."""

import pytest

from center import roles
from center.models import PersonalDataAccess
from monitoring import feedback as fb
from monitoring.models import Feedback, FeedbackStatus
from tests.dossiers.walk import receive
from tests.factories import UserFactory

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
