"""Staff are named in full, in Vietnamese order (family, middle, given name), wherever people read it."""

import pytest
from django.contrib.auth.models import User
from django.urls import reverse
from django.utils import timezone

from center import roles
from center.people import full_name
from monitoring import feedback as fb
from tests.dossiers.walk import receive
from tests.factories import AlertFactory, UserFactory

pytestmark = pytest.mark.django_db

FULL = "Lê Hoàng Phúc"  # tests.factories.UserFactory: last_name "Lê Hoàng", first_name "Phúc"
WESTERN = "Phúc Lê Hoàng"  # what Django's get_full_name() gives


def test_full_name_puts_family_and_middle_names_first():
    assert full_name(User(username="giamdoc", first_name="Giám", last_name="Trần Thị")) == "Trần Thị Giám"
    assert full_name(User(username="giamdoc", first_name=" Giám ", last_name="")) == "Giám"
    assert full_name(User(username="giamdoc")) == "giamdoc"  # no name entered: who it is, all the same
    assert full_name(None) == ""


def test_the_admin_welcomes_staff_by_their_full_name(client):
    client.force_login(UserFactory(username="quantri", role=roles.ADMINISTRATOR, is_staff=True))
    page = client.get(reverse("admin:index")).content.decode()
    assert f"Chào mừng bạn, <strong>{FULL}</strong>." in page
    assert "<strong>Phúc</strong>" not in page


def test_the_header_names_who_is_signed_in(client, clerk):
    client.force_login(clerk)
    assert f"Đăng xuất ({FULL})" in client.get(reverse("staff-home")).content.decode()


def test_the_dossier_page_names_the_receiver_and_each_actor(client, procedure, clerk, director):
    dossier = receive(procedure, clerk)
    client.force_login(director)
    page = client.get(reverse("dossier-detail", args=[dossier.code])).content.decode()
    assert page.count(FULL) >= 2 and WESTERN not in page  # "Received at … — name" and the event's actor


def test_the_feedback_page_names_who_answered(client, clerk):
    feedback = fb.feedback_submit(
        topic="delay", subject="Hồ sơ chậm", content="Quá hẹn.", sender_name="Trần Thị Bình", sender_phone="0987654321"
    )
    fb.feedback_answer(feedback=feedback, by=clerk, answer="Hồ sơ của bà đã có kết quả.")
    client.force_login(clerk)
    page = client.get(reverse("feedback-staff-detail", args=[feedback.pk])).content.decode()
    assert f"người trả lời: {FULL}" in page and WESTERN not in page


def test_the_alerts_page_and_export_name_who_acknowledged(client, director):
    AlertFactory(acknowledged_by=director, acknowledged_at=timezone.now())
    client.force_login(director)
    page = client.get(reverse("monitoring-alerts"), {"state": "done"}).content.decode()
    assert FULL in page and WESTERN not in page
    export = client.get(reverse("monitoring-alerts"), {"state": "done", "export": "alerts", "format": "csv"})
    text = b"".join(export.streaming_content).decode("utf-8-sig") if export.streaming else export.content.decode()
    assert FULL in text and WESTERN not in text


def test_the_staff_profile_is_named_in_full(clerk):
    assert str(clerk.staff_profile) == FULL
