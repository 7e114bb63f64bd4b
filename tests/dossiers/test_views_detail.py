"""The dossier page: only allowed actions are offered; each asks what the rules need; forced ones are refused."""

import datetime as dt

import pytest
from django.urls import reverse

from dossiers import services
from dossiers.models import Dossier, DossierEvent
from dossiers.workflow import DossierStatus as S

APPLICANT = services.Applicant(name="Nguyễn Văn An", id_number="001203004567", phone="0912345678")


@pytest.fixture
def dossier(procedure, clerk, counter):
    return services.dossier_receive(procedure=procedure, applicant=APPLICANT, by=clerk, counter=counter)


def offered(client, dossier):
    page = client.get(reverse("dossier-detail", args=[dossier.code])).content.decode()
    return page, {slug for slug in ["accept", "reject", "transfer", "request-supplement", "supplement-received",
                                     "request-payment", "payment-received", "extend", "resolve", "return", "refuse",
                                     "withdraw"] if f'data-action="{slug}"' in page}  # fmt: skip


def test_counter_staff_are_offered_what_a_received_dossier_allows(client, clerk, dossier):
    client.force_login(clerk)
    page, actions = offered(client, dossier)
    assert actions == {"transfer", "withdraw"}
    assert dossier.code in page and "Nguyễn Văn An" in page and "Đã tiếp nhận" in page


def test_specialist_is_offered_processing_actions_once_transferred(client, clerk, specialist, dossier):
    services.dossier_transfer(dossier=dossier, by=clerk)
    client.force_login(specialist)
    _page, actions = offered(client, dossier)
    assert actions == {"request-supplement", "request-payment", "extend", "resolve", "refuse"}


def test_transfer_through_the_page(client, clerk, dossier):
    client.force_login(clerk)
    response = client.post(reverse("dossier-action", args=[dossier.code, "transfer"]), {"transfer-note": "Chuyển STC"})
    assert response.status_code == 302
    assert response["Location"] == reverse("dossier-detail", args=[dossier.code]) + "?slip=kiem-soat"
    dossier.refresh_from_db()
    assert dossier.status == S.IN_PROGRESS
    page = client.get(response["Location"]).content.decode()
    assert "Đã thực hiện: Chuyển xử lý. Hồ sơ hiện ở trạng thái “Đang xử lý”." in page
    assert "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ" in page
    assert reverse("dossier-slip", args=[dossier.code, "kiem-soat"]) in page


def test_a_forced_invalid_action_is_refused_with_a_message(client, clerk, dossier):
    client.force_login(clerk)
    response = client.post(
        reverse("dossier-action", args=[dossier.code, "return"]),
        {"return-collected_by": "An", "return-method": "counter"},
        follow=True,
    )
    page = response.content.decode()
    assert "Hồ sơ đang ở trạng thái “Đã tiếp nhận” không thể chuyển sang “Đã trả kết quả”." in page
    dossier.refresh_from_db()
    assert dossier.status == S.RECEIVED
    assert DossierEvent.objects.filter(dossier=dossier).count() == 1


def test_an_action_without_the_permission_is_refused(client, clerk, dossier):
    services.dossier_transfer(dossier=dossier, by=clerk)
    client.force_login(clerk)
    page = client.post(reverse("dossier-action", args=[dossier.code, "resolve"]), follow=True).content.decode()
    assert f"Bạn không có quyền thực hiện thao tác này trên hồ sơ {dossier.code}." in page
    assert Dossier.objects.get().status == S.IN_PROGRESS


def test_supplement_request_needs_the_missing_items_then_prints_form_02(client, clerk, specialist, dossier):
    services.dossier_transfer(dossier=dossier, by=clerk)
    client.force_login(specialist)
    url = reverse("dossier-action", args=[dossier.code, "request-supplement"])
    response = client.post(url, {"request-supplement-missing": "  \n "})
    assert response.status_code == 400
    assert "Trường này là bắt buộc." in response.content.decode()
    assert Dossier.objects.get().status == S.IN_PROGRESS
    response = client.post(
        url, {"request-supplement-missing": "Bản vẽ mặt bằng\nẢnh 4x6", "request-supplement-note": ""}
    )
    assert response["Location"].endswith("?slip=bo-sung")
    assert Dossier.objects.get().status == S.AWAITING_SUPPLEMENT
    slip = client.get(reverse("dossier-slip", args=[dossier.code, "bo-sung"])).content.decode()
    assert "Bản vẽ mặt bằng" in slip and "Ảnh 4x6" in slip


def test_extend_asks_for_a_working_day(client, clerk, specialist, dossier):
    services.dossier_transfer(dossier=dossier, by=clerk)
    client.force_login(specialist)
    url = reverse("dossier-action", args=[dossier.code, "extend"])
    sunday = dossier.due_at.date() + dt.timedelta(days=(6 - dossier.due_at.weekday()) % 7 or 7)
    response = client.post(url, {"extend-new_due_date": sunday.isoformat(), "extend-reason": "Chờ ý kiến sở khác"})
    assert response.status_code == 400
    assert "Ngày hẹn mới phải là ngày làm việc." in response.content.decode()
    monday = sunday + dt.timedelta(days=8)
    response = client.post(url, {"extend-new_due_date": monday.isoformat(), "extend-reason": "Chờ ý kiến sở khác"})
    assert response.status_code == 302
    assert Dossier.objects.get().extended_due_at.date() == monday


def test_another_agency_cannot_open_the_dossier(client, other_specialist, dossier):
    client.force_login(other_specialist)
    assert client.get(reverse("dossier-detail", args=[dossier.code])).status_code == 404
    assert client.post(reverse("dossier-action", args=[dossier.code, "resolve"])).status_code == 404


def test_anonymous_is_sent_to_login(client, dossier):
    response = client.get(reverse("dossier-detail", args=[dossier.code]))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
