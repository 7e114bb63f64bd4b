"""The dossier page: only allowed actions are offered; each asks what the rules need; forced ones are refused."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from dossiers import services
from dossiers.models import Dossier, DossierEvent
from dossiers.workflow import DossierStatus as S

APPLICANT = services.Applicant(name="Nguyễn Văn An", id_number="001203004567", phone="0912345678")


@pytest.fixture
def dossier(procedure, clerk, counter):
    return services.dossier_receive(procedure=procedure, applicant=APPLICANT, by=clerk, counter=counter)


def seen(dossier) -> dict:
    """The hidden field every action form carries: the version of the dossier the page showed."""
    return {"version": Dossier.objects.get(pk=dossier.pk).version}


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
    url = reverse("dossier-action", args=[dossier.code, "transfer"])
    response = client.post(url, {"transfer-note": "Chuyển STC", **seen(dossier)})
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
        {"return-collected_by": "An", "return-method": "counter", **seen(dossier)},
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
    page = client.post(
        reverse("dossier-action", args=[dossier.code, "resolve"]), seen(dossier), follow=True
    ).content.decode()
    assert f"Bạn không có quyền thực hiện thao tác này trên hồ sơ {dossier.code}." in page
    assert Dossier.objects.get().status == S.IN_PROGRESS


def test_supplement_request_needs_the_missing_items_then_prints_form_02(client, clerk, specialist, dossier):
    services.dossier_transfer(dossier=dossier, by=clerk)
    client.force_login(specialist)
    url = reverse("dossier-action", args=[dossier.code, "request-supplement"])
    response = client.post(url, {"request-supplement-missing": "  \n ", **seen(dossier)})
    assert response.status_code == 400
    assert "Trường này là bắt buộc." in response.content.decode()
    assert Dossier.objects.get().status == S.IN_PROGRESS
    response = client.post(
        url, {"request-supplement-missing": "Bản vẽ mặt bằng\nẢnh 4x6", "request-supplement-note": "", **seen(dossier)}
    )
    assert response["Location"].endswith("?slip=bo-sung")
    assert Dossier.objects.get().status == S.AWAITING_SUPPLEMENT
    slip = client.get(reverse("dossier-slip", args=[dossier.code, "bo-sung"])).content.decode()
    assert "Bản vẽ mặt bằng" in slip and "Ảnh 4x6" in slip


def test_extend_asks_for_a_working_day(client, clerk, specialist, dossier):
    services.dossier_transfer(dossier=dossier, by=clerk)
    client.force_login(specialist)
    url = reverse("dossier-action", args=[dossier.code, "extend"])
    due_day = timezone.localdate(dossier.due_at)  # the local day: in UTC it is the day before until 07:00
    sunday = due_day + dt.timedelta(days=(6 - due_day.weekday()) % 7 or 7)
    body = {"extend-new_due_date": sunday.isoformat(), "extend-reason": "Chờ ý kiến sở khác", **seen(dossier)}
    response = client.post(url, body)
    assert response.status_code == 400
    assert "Ngày hẹn mới phải là ngày làm việc." in response.content.decode()
    monday = sunday + dt.timedelta(days=8)
    response = client.post(url, {**body, "extend-new_due_date": monday.isoformat()})
    assert response.status_code == 302
    assert timezone.localdate(Dossier.objects.get().extended_due_at) == monday


def test_another_agency_cannot_open_the_dossier(client, other_specialist, dossier):
    client.force_login(other_specialist)
    assert client.get(reverse("dossier-detail", args=[dossier.code])).status_code == 404
    assert client.post(reverse("dossier-action", args=[dossier.code, "resolve"])).status_code == 404


def test_anonymous_is_sent_to_login(client, dossier):
    response = client.get(reverse("dossier-detail", args=[dossier.code]))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_every_action_form_carries_the_version_the_page_shows(client, clerk, specialist, dossier):
    services.dossier_transfer(dossier=dossier, by=clerk)  # version 2
    client.force_login(specialist)
    page = client.get(reverse("dossier-detail", args=[dossier.code])).content.decode()
    forms = re.findall(r'<form [^>]*class="action-form".*?</form>', page, re.S)
    assert len(forms) == 5  # request supplements, request payment, extend, resolve, refuse
    assert all('<input type="hidden" name="version" value="2">' in form for form in forms)


def test_a_page_post_from_an_older_version_shows_the_message_and_the_fresh_page(client, clerk, dossier):
    client.force_login(clerk)
    url = reverse("dossier-action", args=[dossier.code, "withdraw"])
    shown = seen(dossier)  # the clerk opened the page at version 1...
    services.dossier_transfer(dossier=dossier, by=clerk)  # ...and a colleague handed it over meanwhile
    before = Dossier.objects.values().get()

    response = client.post(url, {"withdraw-reason": "Công dân xin rút", **shown}, follow=True)

    page = response.content.decode()
    assert response.redirect_chain == [(reverse("dossier-detail", args=[dossier.code]), 302)]
    assert "Hồ sơ đã thay đổi kể từ khi bạn mở nó (hiện ở trạng thái “Đang xử lý”)." in page
    assert '<input type="hidden" name="version" value="2">' in page  # the fresh page, to act from now
    assert Dossier.objects.values().get() == before
    assert not DossierEvent.objects.filter(kind="withdraw").exists()


def test_a_page_post_without_a_version_changes_nothing(client, clerk, dossier):
    client.force_login(clerk)
    for version in [None, "", "abc", "²", "1" * 40]:
        body = {"transfer-note": ""} | ({} if version is None else {"version": version})
        page = client.post(
            reverse("dossier-action", args=[dossier.code, "transfer"]), body, follow=True
        ).content.decode()
        assert "Hồ sơ đã thay đổi kể từ khi bạn mở nó" in page
    assert Dossier.objects.get().status == S.RECEIVED and DossierEvent.objects.count() == 1


def test_every_button_of_the_page_calls_the_apis_service_for_it():
    """The page and the API share one table of service calls (dossiers.apis.ACTIONS)."""
    from dossiers import apis
    from dossiers.views.detail import ACTIONS_BY_SLUG

    assert set(ACTIONS_BY_SLUG) == set(apis.ACTIONS)


def test_a_withdrawal_from_the_page_may_leave_the_reason_empty(client, clerk, dossier):
    client.force_login(clerk)
    url = reverse("dossier-action", args=[dossier.code, "withdraw"])
    response = client.post(url, {"withdraw-reason": "", **seen(dossier)})
    assert response.status_code == 302
    assert Dossier.objects.get(pk=dossier.pk).status == S.WITHDRAWN
    assert list(DossierEvent.objects.filter(dossier=dossier).values_list("kind", "note")) == [
        ("receive", ""),
        ("withdraw", ""),
    ]
