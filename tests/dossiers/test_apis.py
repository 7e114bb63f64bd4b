"""The dossier API: status codes, permissions, error bodies in the user's language."""

import datetime as dt

import pytest
from django.utils import timezone

from dossiers import services
from dossiers.models import Dossier, DossierEvent
from dossiers.workflow import DossierStatus as S

BODY = {
    "procedure": "1.004227",
    "applicant_name": "Nguyễn Văn An",
    "applicant_id_number": "001203004567",
    "applicant_phone": "0912 345 678",
    "applicant_email": "an@example.vn",
}


def act(client, code: str, action: str, body: dict | None = None):
    """POST an action made from the dossier's current version, as a client that just read it would."""
    version = Dossier.objects.get(code=code).version
    return client.post(f"/api/v1/dossiers/{code}/{action}/", {"version": version, **(body or {})}, format="json")


@pytest.fixture
def dossier(procedure, clerk):
    return services.dossier_receive(
        procedure=procedure,
        applicant=services.Applicant("Nguyễn Văn An", "001203004567", "0912345678"),
        by=clerk,
    )


def test_counter_staff_receive_a_dossier(api_as, clerk, procedure):
    response = api_as(clerk).post("/api/v1/dossiers/", BODY, format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert set(body) == {"code", "secret", "status", "received_at", "due_at"}
    assert body["status"] == "received"
    assert Dossier.objects.get().applicant_phone == "0912345678"


def test_bad_input_is_a_400_with_field_errors_in_vietnamese(api_as, clerk, procedure):
    response = api_as(clerk).post(
        "/api/v1/dossiers/", {**BODY, "applicant_id_number": "12345", "applicant_phone": "12"}, format="json"
    )
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert "applicant_id_number" in errors and "applicant_phone" in errors
    assert "12 chữ số" in errors["applicant_id_number"][0]
    assert not Dossier.objects.exists()


def test_unknown_procedure_is_a_400(api_as, clerk, procedure):
    response = api_as(clerk).post("/api/v1/dossiers/", {**BODY, "procedure": "9.999999"}, format="json")
    assert response.status_code == 400
    assert "procedure" in response.json()["errors"]


@pytest.mark.parametrize("who", ["specialist", "director"])
def test_only_counter_staff_receive(api_as, request, who, procedure):
    response = api_as(request.getfixturevalue(who)).post("/api/v1/dossiers/", BODY, format="json")
    assert response.status_code == 403
    assert not Dossier.objects.exists()


def test_anonymous_gets_401_or_403(api, procedure):
    assert api.post("/api/v1/dossiers/", BODY, format="json").status_code in (401, 403)
    assert api.get("/api/v1/dossiers/").status_code in (401, 403)


def test_actions_walk_the_lifecycle(api_as, dossier, clerk, specialist):
    code = dossier.code
    assert act(api_as(clerk), code, "transfer").status_code == 200
    response = act(api_as(specialist), code, "request-supplement", {"missing": ["Bản vẽ"], "note": "Thiếu"})
    assert response.status_code == 200 and response.json()["status"] == S.AWAITING_SUPPLEMENT
    assert act(api_as(clerk), code, "supplement-received").status_code == 200
    new_date = timezone.localdate(dossier.due_at) + dt.timedelta(days=7)
    while new_date.weekday() >= 5:
        new_date += dt.timedelta(days=1)
    response = act(api_as(specialist), code, "extend", {"new_due_date": new_date.isoformat(), "note": "Xác minh"})
    assert response.status_code == 200, response.content
    assert act(api_as(specialist), code, "resolve").status_code == 200
    response = act(api_as(clerk), code, "return", {"method": "counter"})
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == S.RETURNED and body["returned_to"] == "Nguyễn Văn An"
    assert [e["kind"] for e in body["events"]] == [
        "receive", "transfer", "request_supplement", "supplement_received", "extend", "resolve", "return",
    ]  # fmt: skip


def test_wrong_state_is_a_409_with_a_message(api_as, dossier, clerk):
    response = act(api_as(clerk), dossier.code, "return")
    assert response.status_code == 409
    # The message names both statuses (the old `... or detail` accepted any non-empty text).
    assert response.json()["detail"] == "Hồ sơ đang ở trạng thái “Đã tiếp nhận” không thể chuyển sang “Đã trả kết quả”."
    assert Dossier.objects.get().status == S.RECEIVED


def test_action_without_permission_is_a_403(api_as, dossier, director, clerk):
    act(api_as(clerk), dossier.code, "transfer")
    response = act(api_as(director), dossier.code, "resolve")
    assert response.status_code == 403
    assert DossierEvent.objects.filter(kind="resolve").count() == 0


def test_other_agency_cannot_see_the_dossier(api_as, dossier, other_specialist, specialist):
    assert api_as(other_specialist).get(f"/api/v1/dossiers/{dossier.code}/").status_code == 404
    assert api_as(other_specialist).get("/api/v1/dossiers/").json()["count"] == 0
    assert api_as(specialist).get(f"/api/v1/dossiers/{dossier.code}/").status_code == 200


def test_unknown_action_is_a_404(api_as, dossier, clerk):
    assert api_as(clerk).post(f"/api/v1/dossiers/{dossier.code}/explode/", {}, format="json").status_code == 404


def test_extend_needs_a_valid_date(api_as, dossier, clerk, specialist):
    act(api_as(clerk), dossier.code, "transfer")
    response = act(api_as(specialist), dossier.code, "extend", {"new_due_date": "x"})
    assert response.status_code == 400
    assert "new_due_date" in response.json()["errors"]


def test_public_lookup_needs_code_and_secret_and_masks_the_name(api, dossier):
    response = api.get(f"/api/v1/public/dossiers/{dossier.code}/", {"secret": dossier.secret})
    assert response.status_code == 200
    body = response.json()
    assert body["applicant"] == "N. V. A."
    assert "001203004567" not in response.content.decode()
    assert body["timeline"][0]["to_status"] == "received"
    wrong_secret = api.get(f"/api/v1/public/dossiers/{dossier.code}/", {"secret": "WRONG123"})
    wrong_code = api.get("/api/v1/public/dossiers/H56.01-000000-9999/", {"secret": dossier.secret})
    assert wrong_secret.status_code == wrong_code.status_code == 404
    assert wrong_secret.content == wrong_code.content


def test_list_filters(api_as, dossier, director, procedure):
    client = api_as(director)
    assert client.get("/api/v1/dossiers/", {"status": "received"}).json()["count"] == 1
    assert client.get("/api/v1/dossiers/", {"status": "returned"}).json()["count"] == 0
    assert client.get("/api/v1/dossiers/", {"procedure": "1.004227"}).json()["count"] == 1
    today = timezone.localdate().isoformat()
    assert client.get("/api/v1/dossiers/", {"received_from": today, "received_to": today}).json()["count"] == 1
    assert client.get("/api/v1/dossiers/", {"status": "nonsense"}).status_code == 400


def test_due_date_api(api, db):
    response = api.get("/api/v1/calendar/due-date/", {"start": "2026-11-13T10:00:00+07:00", "days": 1})
    assert response.status_code == 200
    assert response.json() == {"due_at": "2026-11-16T10:00:00+07:00"}
    assert api.get("/api/v1/calendar/due-date/", {"start": "nope", "days": 1}).status_code == 400


def test_procedures_api_is_public_and_searchable_without_accents(api, procedure):
    response = api.get("/api/v1/procedures/", {"q": "dang ky thanh lap"})
    assert response.status_code == 200
    assert [p["code"] for p in response.json()["results"]] == ["1.004227"]
    assert api.get("/api/v1/procedures/", {"agency": "H56.06"}).json()["count"] == 0


# --- every action states the version it was made from -------------------------------------------------


def test_the_detail_carries_the_version_and_its_etag(api_as, dossier, clerk):
    response = api_as(clerk).get(f"/api/v1/dossiers/{dossier.code}/")
    assert response.json()["version"] == 1 and response["ETag"] == '"1"'
    response = act(api_as(clerk), dossier.code, "transfer")
    assert response.json()["version"] == 2 and response["ETag"] == '"2"'  # the answer to act on next


def test_an_action_without_a_version_is_a_400_and_changes_nothing(api_as, dossier, clerk):
    response = api_as(clerk).post(f"/api/v1/dossiers/{dossier.code}/transfer/", {"note": "x"}, format="json")
    assert response.status_code == 400
    assert response.json()["errors"]["version"] == [
        "Hãy cho biết phiên bản của hồ sơ mà bạn thao tác: giá trị “version” trong thông tin chi tiết của hồ sơ "
        "(hoặc ETag của thông tin đó trong If-Match)."
    ]
    assert Dossier.objects.get().status == S.RECEIVED and DossierEvent.objects.count() == 1


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("vi", "Hồ sơ đã thay đổi kể từ khi bạn mở nó (hiện ở trạng thái “Đang xử lý”)."),
        ("en", "This dossier changed since you opened it (it is now “In progress”)."),
    ],
)
def test_a_stale_version_is_a_409_in_the_users_language_and_changes_nothing(api_as, dossier, clerk, language, message):
    client = api_as(clerk)
    url = f"/api/v1/dossiers/{dossier.code}/transfer/"
    assert client.post(url, {"version": 1}, format="json").status_code == 200
    before = Dossier.objects.values().get()

    again = client.post(url, {"version": 1}, format="json", HTTP_ACCEPT_LANGUAGE=language)

    assert again.status_code == 409
    assert again.json()["detail"].startswith(message)
    assert Dossier.objects.values().get() == before
    assert DossierEvent.objects.filter(kind="transfer").count() == 1


def test_if_match_with_the_detail_etag_may_state_the_version(api_as, dossier, clerk):
    client = api_as(clerk)
    etag = client.get(f"/api/v1/dossiers/{dossier.code}/")["ETag"]
    url = f"/api/v1/dossiers/{dossier.code}/transfer/"

    assert client.post(url, {}, format="json", HTTP_IF_MATCH=etag).status_code == 200
    assert client.post(url, {}, format="json", HTTP_IF_MATCH=etag).status_code == 409  # now stale
    assert DossierEvent.objects.filter(kind="transfer").count() == 1


@pytest.mark.parametrize("header", ["*", 'W/"1"', '"1", "2"', "1", '"abc"'])
def test_an_if_match_that_names_no_single_version_is_a_400(api_as, dossier, clerk, header):
    """`*` or a list would let any version through; a weak tag is not for If-Match (RFC 9110)."""
    response = api_as(clerk).post(f"/api/v1/dossiers/{dossier.code}/transfer/", {}, format="json", HTTP_IF_MATCH=header)
    assert response.status_code == 400 and "version" in response.json()["errors"]
    assert Dossier.objects.get().status == S.RECEIVED


def test_a_body_version_and_an_if_match_that_differ_are_a_400(api_as, dossier, clerk):
    response = api_as(clerk).post(
        f"/api/v1/dossiers/{dossier.code}/transfer/", {"version": 1}, format="json", HTTP_IF_MATCH='"2"'
    )
    assert response.status_code == 400
    assert Dossier.objects.get().status == S.RECEIVED


# --- the receipt token: a retry is safe, a reuse is refused --------------------------------------------------


def test_the_same_receipt_token_with_the_same_body_answers_the_same_dossier(api_as, clerk, procedure):
    body = {**BODY, "receipt_token": "6f1c3a52-8a43-4d7e-9a55-0b1d8c1f3e11"}
    first = api_as(clerk).post("/api/v1/dossiers/", body, format="json")
    # The same request, its JSON keys in another order and the phone spaced differently: still the same.
    again = api_as(clerk).post(
        "/api/v1/dossiers/", dict(reversed(list({**body, "applicant_phone": "0912345678"}.items()))), format="json"
    )
    assert (first.status_code, again.status_code) == (201, 201)
    assert first.json() == again.json()
    assert Dossier.objects.count() == 1


@pytest.mark.parametrize(
    "change", [{"applicant_name": "Trần Thị Bình"}, {"applicant_id_number": "079203001234"}, {"channel": "post"}]
)
def test_the_same_receipt_token_with_another_body_is_a_409_and_reveals_nothing(api_as, clerk, procedure, change):
    token = "6f1c3a52-8a43-4d7e-9a55-0b1d8c1f3e11"
    first = api_as(clerk).post("/api/v1/dossiers/", {**BODY, "receipt_token": token}, format="json")

    other = api_as(clerk).post("/api/v1/dossiers/", {**BODY, **change, "receipt_token": token}, format="json")

    assert other.status_code == 409
    assert other.json() == {
        "detail": "Lượt tiếp nhận này đã được dùng cho một hồ sơ có thông tin khác. Hồ sơ chưa được tiếp nhận: "
        "hãy bắt đầu lượt tiếp nhận mới (receipt_token mới) cho hồ sơ mới, hoặc gửi lại đúng yêu cầu trước đó."
    }
    assert first.json()["code"] not in other.content.decode() and first.json()["secret"] not in other.content.decode()
    assert Dossier.objects.count() == 1 and DossierEvent.objects.count() == 1


def test_the_api_receives_a_foreigner_and_an_organisation(api_as, clerk, procedure):
    from monitoring.models import OutboxMessage

    foreigner = {
        **BODY,
        "applicant_name": "John Smith",
        "applicant_id_type": "passport",
        "applicant_id_number": "a1234567",
    }
    assert api_as(clerk).post("/api/v1/dossiers/", foreigner, format="json").status_code == 201
    organisation = {
        **BODY,
        "applicant_organisation": "Công ty TNHH Sao Mai",
        "applicant_tax_code": "0300588569",
        "applicant_phone": "+84 28 3829 1234",
    }
    assert api_as(clerk).post("/api/v1/dossiers/", organisation, format="json").status_code == 201
    stored = list(
        Dossier.objects.order_by("pk").values_list(
            "applicant_id_type", "applicant_id_number", "applicant_tax_code", "applicant_phone"
        )
    )
    assert stored == [
        ("passport", "A1234567", "", "0912345678"),
        ("citizen_id", "001203004567", "0300588569", "02838291234"),
    ]
    sms = OutboxMessage.objects.filter(channel="sms").values_list("recipient", flat=True)
    assert "02838291234" not in sms  # a landline cannot read an SMS: the e-mail carries the news


def test_the_api_names_each_wrong_field_at_once(api_as, clerk, procedure):
    body = {**BODY, "applicant_id_number": "097203004567", "applicant_tax_code": "0100109107", "applicant_phone": "12"}
    response = api_as(clerk).post("/api/v1/dossiers/", {**body, "applicant_organisation": "Sao Mai"}, format="json")
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert set(errors) == {"applicant_id_number", "applicant_tax_code", "applicant_phone"}
    assert "097" in errors["applicant_id_number"][0]
    assert not Dossier.objects.exists()
