"""Receiving at the counter through the page: checklist, Vietnamese inline errors, double submit,
guidance and refusal slips without a dossier."""

import uuid

import pytest
from django.urls import reverse

from counters import services as counter_services
from counters.models import CounterSlip, SlipKind
from dossiers.models import Dossier
from tests.factories import ProcedureFactory, ServiceGroupFactory

URL = "/can-bo/tiep-nhan/"


@pytest.fixture
def desk(client, clerk):
    client.force_login(clerk)
    return client


def form_data(procedure, **overrides):
    data = {
        "procedure": procedure.code,
        "receipt_token": str(uuid.uuid4()),
        "documents": [str(doc.pk) for doc in procedure.documents.all()],
        "applicant_name": "  Nguyễn   Văn An ",
        "applicant_id_number": "001203004567",
        "applicant_phone": "0912 345 678",
        "applicant_email": "",
        "applicant_address": "12 Lê Lợi, phường Thạch Thang",
        "applicant_organisation": "",
        "decision": "receive",
    }
    data.update(overrides)
    return data


def test_procedure_search_ignores_accents(desk, procedure):
    ProcedureFactory(name="Cấp giấy phép xây dựng")
    page = desk.get(URL, {"q": "dang ky thanh lap"}).content.decode()
    assert "Đăng ký thành lập doanh nghiệp tư nhân" in page
    assert "Cấp giấy phép xây dựng" not in page
    assert desk.get(URL, {"q": "1.004227"}).content.decode().count("procedure-choice") == 1


def test_form_shows_the_checklist_and_a_fresh_token(desk, procedure):
    page = desk.get(URL, {"procedure": procedure.code}).content.decode()
    assert "Đơn đề nghị" in page and "Bản sao Căn cước" in page
    assert 'name="receipt_token"' in page
    assert desk.get(URL, {"procedure": "9.999999"}, follow=True).status_code == 200
    assert (
        "Không có thủ tục nào đang có hiệu lực với mã 9.999999."
        in desk.get(URL, {"procedure": "9.999999"}).content.decode()
    )


def test_complete_dossier_is_received_and_the_receipt_opens(desk, procedure, clerk, counter):
    response = desk.post(URL, form_data(procedure))
    dossier = Dossier.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("dossier-slip", args=[dossier.code, "tiep-nhan"])
    assert dossier.applicant_name == "Nguyễn Văn An"
    assert dossier.applicant_phone == "0912345678"
    assert dossier.counter == counter and dossier.received_by == clerk
    assert [d["name"] for d in dossier.documents] == ["Đơn đề nghị", "Bản sao Căn cước"]
    receipt = desk.get(response["Location"]).content.decode()
    assert dossier.code in receipt and dossier.secret in receipt


def test_double_submit_makes_one_dossier(desk, procedure):
    data = form_data(procedure)
    first = desk.post(URL, data)
    second = desk.post(URL, data)
    assert Dossier.objects.count() == 1
    assert first["Location"] == second["Location"]


def test_bad_applicant_details_get_inline_errors_in_vietnamese(desk, procedure):
    data = form_data(
        procedure, applicant_id_number="12345", applicant_phone="0123", applicant_email="an@", applicant_name=" "
    )
    response = desk.post(URL, data)
    page = response.content.decode()
    assert response.status_code == 400
    assert "Số căn cước gồm đúng 12 chữ số." in page
    assert "Hãy nhập số điện thoại Việt Nam: số di động (0912345678) hoặc số cố định kèm mã vùng" in page
    assert "Địa chỉ thư điện tử không hợp lệ; ví dụ đúng: ten@example.vn." in page
    assert "Trường này là bắt buộc." in page
    assert not Dossier.objects.exists()
    assert data["receipt_token"] in page  # the same form, the same token


def test_incomplete_checklist_is_not_received(desk, procedure):
    first_doc = procedure.documents.first()
    response = desk.post(URL, form_data(procedure, documents=[str(first_doc.pk)]))
    assert response.status_code == 400
    assert "Hồ sơ chưa đầy đủ (Bản sao Căn cước)" in response.content.decode()
    assert not Dossier.objects.exists()


def test_guidance_slip_lists_every_missing_item_and_makes_no_dossier(desk, procedure):
    first_doc = procedure.documents.first()
    data = form_data(
        procedure,
        documents=[str(first_doc.pk)],
        decision="guide",
        missing_other="Ảnh 4x6\n\nBản vẽ",
        applicant_phone="",
    )
    response = desk.post(URL, data)
    slip = CounterSlip.objects.get()
    assert response["Location"] == reverse("counter-slip", args=[slip.number])
    assert slip.kind == SlipKind.GUIDANCE
    assert slip.missing == ["Bản sao Căn cước", "Ảnh 4x6", "Bản vẽ"]
    assert not Dossier.objects.exists()
    page = desk.get(response["Location"]).content.decode()
    assert "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ" in page and "Ảnh 4x6" in page
    desk.post(URL, data)
    assert CounterSlip.objects.count() == 1
    pdf = desk.get(reverse("counter-slip-pdf", args=[slip.number]))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")


def test_guidance_with_nothing_missing_is_refused(desk, procedure):
    response = desk.post(URL, form_data(procedure, decision="guide"))
    assert response.status_code == 400
    assert "Hãy liệt kê mọi thứ người nộp cần bổ sung." in response.content.decode()
    assert not CounterSlip.objects.exists()


def test_refusal_needs_a_reason_and_prints_form_03(desk, procedure):
    assert desk.post(URL, form_data(procedure, decision="refuse")).status_code == 400
    response = desk.post(URL, form_data(procedure, decision="refuse", refusal_reason="Không thuộc thẩm quyền"))
    slip = CounterSlip.objects.get()
    assert slip.kind == SlipKind.REFUSAL and slip.reason == "Không thuộc thẩm quyền"
    page = desk.get(response["Location"]).content.decode()
    assert "PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ" in page and "Không thuộc thẩm quyền" in page
    assert not Dossier.objects.exists()


def test_a_dossier_received_while_serving_a_ticket_is_linked_to_it(desk, procedure, clerk, counter, agency):
    group = ServiceGroupFactory(prefix="A", agencies=[agency])
    counter_services.ticket_issue(group=group)
    ticket = counter_services.ticket_call_next(counter=counter, by=clerk)
    ticket = counter_services.ticket_start_serving(ticket=ticket, by=clerk)
    page = desk.get(URL, {"procedure": procedure.code, "ticket": ticket.pk}).content.decode()
    assert "Tiếp nhận hồ sơ — số A001" in page
    desk.post(URL, form_data(procedure, ticket=ticket.pk))
    assert list(ticket.dossiers.all()) == [Dossier.objects.get()]


@pytest.mark.parametrize("ticket", ["abc", "²", ""])
def test_a_ticket_that_is_not_a_number_is_ignored(desk, procedure, ticket):
    page = desk.get(URL, {"procedure": procedure.code, "ticket": ticket})
    assert page.status_code == 200
    assert "Tiếp nhận hồ sơ — số" not in page.content.decode()
    response = desk.post(URL, form_data(procedure, ticket=ticket))
    assert response.status_code in (200, 302, 400)
    assert Dossier.objects.count() == (1 if response.status_code == 302 else 0)


@pytest.mark.parametrize("who", ["specialist", "director"])
def test_other_roles_cannot_receive(client, request, who, procedure):
    client.force_login(request.getfixturevalue(who))
    assert client.get(URL).status_code == 403
    assert client.post(URL, form_data(procedure)).status_code == 403
    assert not Dossier.objects.exists()


# --- foreigners and organisations (issue 11, item 7) -----------------------------------------------------


def test_the_form_offers_the_identity_documents_and_a_tax_code(desk, procedure):
    page = desk.get(URL, {"procedure": procedure.code}).content.decode()
    assert 'name="applicant_id_type"' in page and "Hộ chiếu" in page and "Giấy tờ tùy thân khác" in page
    assert 'name="applicant_tax_code"' in page and "Số điện thoại (di động hoặc cố định)" in page


def test_a_foreigner_is_received_with_a_passport(desk, procedure):
    data = form_data(
        procedure,
        applicant_name="Kim Min-jun",
        applicant_id_type="passport",
        applicant_id_number="m 1234 5678",
        applicant_organisation="Văn phòng đại diện Samsung C&T Corporation",
    )
    response = desk.post(URL, data)
    assert response.status_code == 302, response.content.decode()
    dossier = Dossier.objects.get()
    assert (dossier.applicant_id_type, dossier.applicant_id_number) == ("passport", "M12345678")
    receipt = desk.get(response["Location"]).content.decode()
    assert "Hộ chiếu:" in receipt and "M12345678" in receipt
    detail = desk.get(reverse("dossier-detail", args=[dossier.code])).content.decode()
    assert "<dt>Hộ chiếu</dt><dd>M12345678</dd>" in detail


def test_an_organisation_is_received_with_its_tax_code_and_a_landline(desk, procedure):
    data = form_data(
        procedure,
        applicant_organisation="Công ty TNHH Sao Mai",
        applicant_tax_code="0100109106 - 001",
        applicant_phone="024 3825 1234",
    )
    response = desk.post(URL, data)
    assert response.status_code == 302, response.content.decode()
    dossier = Dossier.objects.get()
    assert (dossier.applicant_tax_code, dossier.applicant_phone) == ("0100109106-001", "02438251234")
    assert "mã số thuế 0100109106-001" in desk.get(response["Location"]).content.decode()


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"applicant_id_number": "003203004567"}, "003 không phải là mã tỉnh"),
        ({"applicant_id_number": "001503004567"}, "Chữ số thứ 4 đến thứ 6"),
        ({"applicant_id_type": "passport", "applicant_id_number": "M12"}, "Số hộ chiếu gồm 6 đến 9"),
        ({"applicant_id_type": "other", "applicant_id_number": "TT-0123"}, "Vui lòng ghi tên loại giấy tờ"),
        ({"applicant_organisation": "Công ty TNHH Sao Mai", "applicant_tax_code": "0100109107"}, "Chữ số kiểm tra"),
        ({"applicant_tax_code": "0100109106"}, "Vui lòng nhập tên tổ chức"),
    ],
)
def test_a_wrong_document_or_tax_code_is_shown_on_the_form_and_writes_nothing(desk, procedure, overrides, message):
    response = desk.post(URL, form_data(procedure, **overrides))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Dossier.objects.exists()


def test_a_foreigner_gets_a_guidance_slip_naming_the_passport(desk, procedure):
    data = form_data(
        procedure,
        documents=[],
        decision="guide",
        applicant_name="Tanaka Hiroshi",
        applicant_id_type="passport",
        applicant_id_number="TK1234567",
    )
    response = desk.post(URL, data)
    slip = CounterSlip.objects.get()
    assert (slip.applicant_id_type, slip.applicant_id_number) == ("passport", "TK1234567")
    assert "Hộ chiếu:" in desk.get(response["Location"]).content.decode()
