"""The printed slips (Circular 03/2025/TT-VPCP): header, code, contents, a QR code that reads back to the
public status address, and a PDF copy whose text keeps its Vietnamese diacritics."""

import base64
import datetime as dt
import io
import re

import pytest
import zxingcpp
from django.urls import reverse
from django.utils import timezone
from PIL import Image
from pypdf import PdfReader

from dossiers import services, slips
from dossiers.presentation import public_status_url
from dossiers.selectors import dossier_get

APPLICANT = services.Applicant(name="Nguyễn Thị Ánh Tuyết", id_number="001203004567", phone="0912345678")


@pytest.fixture
def received(procedure, clerk, counter):
    return services.dossier_receive(procedure=procedure, applicant=APPLICANT, by=clerk, counter=counter)


@pytest.fixture
def staff(client, clerk):
    client.force_login(clerk)
    return client


def read_qr(data_uri: str) -> str:
    image = Image.open(io.BytesIO(base64.b64decode(data_uri.split(",", 1)[1])))
    results = zxingcpp.read_barcodes(image)
    assert len(results) == 1
    return results[0].text


def test_receipt_has_the_header_code_documents_and_appointment(staff, received, settings):
    page = staff.get(reverse("dossier-slip", args=[received.code, "tiep-nhan"])).content.decode()
    for text in [
        settings.CENTER_PARENT.upper(),
        settings.CENTER_NAME.upper(),
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ",
        "Mẫu số 01",
        received.code,
        received.secret,
        "Nguyễn Thị Ánh Tuyết",
        "Đơn đề nghị",
        "Người tiếp nhận hồ sơ".upper(),
    ]:
        assert text in page, text
    assert f"{timezone.localtime(received.due_at):%H:%M}, ngày {timezone.localtime(received.due_at):%d/%m/%Y}" in page
    assert 'src="data:image/svg+xml' in page


def test_the_qr_code_reads_back_to_the_public_status_address(received, clerk):
    dossier = dossier_get(user=clerk, code=received.code)
    context = slips.dossier_slip_context(dossier, slips.FORMS["tiep-nhan"], pdf=True)
    assert read_qr(context["qr"]) == public_status_url(dossier)
    assert f"/tra-cuu/{dossier.code}/?secret={dossier.secret}" in public_status_url(dossier)


def test_the_pdf_keeps_vietnamese_text(staff, received):
    response = staff.get(reverse("dossier-slip-pdf", args=[received.code, "tiep-nhan"]))
    assert response["Content-Type"] == "application/pdf"
    assert f'filename="{received.code}-mau-01.pdf"' in response["Content-Disposition"]
    text = PdfReader(io.BytesIO(response.content)).pages[0].extract_text()
    text = re.sub(r"\s+", " ", text)
    assert "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ" in text
    assert "Nguyễn Thị Ánh Tuyết" in text
    assert received.code in text


def test_every_stage_has_its_slip_and_nothing_else(staff, received, clerk, specialist):
    def available(d):
        return [(form.slug, count) for form, count in slips.available_slips(dossier_get(user=clerk, code=d.code))]

    assert available(received) == [("tiep-nhan", 1), ("kiem-soat", 1)]
    assert staff.get(reverse("dossier-slip", args=[received.code, "bo-sung"])).status_code == 404
    dossier = services.dossier_transfer(dossier=received, by=clerk)
    dossier = services.dossier_request_supplement(dossier=dossier, by=specialist, missing=["Bản vẽ"], note="")
    dossier = services.dossier_supplement_received(dossier=dossier, by=clerk)
    dossier = services.dossier_request_supplement(dossier=dossier, by=specialist, missing=["Ảnh 4x6"], note="")
    assert ("bo-sung", 2) in available(dossier)
    first = staff.get(reverse("dossier-slip", args=[dossier.code, "bo-sung"]), {"n": 1}).content.decode()
    latest = staff.get(reverse("dossier-slip", args=[dossier.code, "bo-sung"])).content.decode()
    assert "Bản vẽ" in first and "Ảnh 4x6" not in first and "Ảnh 4x6" in latest


def test_apology_letter_shows_the_old_and_new_dates(staff, received, clerk, specialist):
    dossier = services.dossier_transfer(dossier=received, by=clerk)
    new_due = dossier.due_at + dt.timedelta(days=7)
    services.dossier_extend(dossier=dossier, by=specialist, new_due_at=new_due, reason="Chờ ý kiến Sở Xây dựng")
    page = staff.get(reverse("dossier-slip", args=[dossier.code, "xin-loi"])).content.decode()
    assert "VĂN BẢN XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN" in page and "Chờ ý kiến Sở Xây dựng" in page
    assert f"{timezone.localtime(new_due):%d/%m/%Y}" in page


@pytest.mark.parametrize("n", ["²", "٣", "abc", str(10**30)])
def test_a_copy_number_that_is_not_a_number_shows_the_latest_slip(staff, received, clerk, specialist, n):
    # Two supplement requests, so that the latest copy differs from the first (with one copy, any answer
    # that is not a crash passed).
    dossier = services.dossier_transfer(dossier=received, by=clerk)
    dossier = services.dossier_request_supplement(dossier=dossier, by=specialist, missing=["Bản vẽ"], note="")
    dossier = services.dossier_supplement_received(dossier=dossier, by=clerk)
    services.dossier_request_supplement(dossier=dossier, by=specialist, missing=["Ảnh 4x6"], note="")
    page = staff.get(reverse("dossier-slip", args=[received.code, "bo-sung"]), {"n": n})
    assert page.status_code == 200
    assert "Ảnh 4x6" in page.content.decode() and "Bản vẽ" not in page.content.decode()
    pdf = staff.get(reverse("dossier-slip-pdf", args=[received.code, "bo-sung"]), {"n": n})
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    text = " ".join(sheet.extract_text() for sheet in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Ảnh 4x6" in text and "Bản vẽ" not in text


def test_refusal_at_the_counter_is_form_03_and_at_the_agency_form_05(staff, procedure, clerk, specialist, received):
    services.dossier_refuse(dossier=received, by=specialist, reason="Không thuộc thẩm quyền")
    page = staff.get(reverse("dossier-slip", args=[received.code, "tu-choi"])).content.decode()
    assert "PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ" in page and "Không thuộc thẩm quyền" in page
    assert staff.get(reverse("dossier-slip", args=[received.code, "dung-xu-ly"])).status_code == 404
    other = services.dossier_receive(procedure=procedure, applicant=APPLICANT, by=clerk)
    other = services.dossier_transfer(dossier=other, by=clerk)
    services.dossier_refuse(dossier=other, by=specialist, reason="Quy hoạch không cho phép")
    page = staff.get(reverse("dossier-slip", args=[other.code, "dung-xu-ly"])).content.decode()
    assert "THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ" in page and "Quy hoạch không cho phép" in page
    assert staff.get(reverse("dossier-slip", args=[other.code, "tu-choi"])).status_code == 404


def test_control_slip_lists_each_hand_over(staff, received, clerk, specialist):
    dossier = services.dossier_transfer(dossier=received, by=clerk)
    services.dossier_resolve(dossier=dossier, by=specialist)
    page = staff.get(reverse("dossier-slip", args=[dossier.code, "kiem-soat"])).content.decode()
    assert "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ" in page
    for text in ["Tiếp nhận hồ sơ", "Bàn giao (bước 1)", "Chuyển kết quả về Bộ phận Một cửa", "Trước hạn"]:
        assert text in page, text


def test_another_agency_cannot_print_the_slips(client, other_specialist, received):
    client.force_login(other_specialist)
    assert client.get(reverse("dossier-slip", args=[received.code, "tiep-nhan"])).status_code == 404
    assert client.get(reverse("dossier-slip-pdf", args=[received.code, "tiep-nhan"])).status_code == 404


def head_left(page: str) -> str:
    """The letterhead: who issues the slip (superior body, then the issuer), as printed."""
    match = re.search(r'<td class="slip-head-left">(.*?)</td>', page, re.S)
    return re.sub(r"<[^>]+>|\s+", " ", match.group(1))


def test_every_form_is_numbered_by_circular_03_2025_and_only_form_06_names_its_old_number(
    staff, received, clerk, specialist
):
    services.dossier_resolve(dossier=services.dossier_transfer(dossier=received, by=clerk), by=specialist)
    for slug, number in [("tiep-nhan", "01"), ("kiem-soat", "06")]:
        page = staff.get(reverse("dossier-slip", args=[received.code, slug])).content.decode()
        assert f"Mẫu số {number} – Phụ lục I Thông tư 03/2025/TT-VPCP" in page
        assert ("(trước đây là Mẫu số 05 Thông tư 01/2018/TT-VPCP)" in page) is (number == "06")
        assert "Thông tư 01/2018)" not in page and f"Mẫu số {number} (Mẫu số" not in page


def test_letters_an_agency_issues_carry_its_letterhead(staff, procedure, received, clerk, specialist, settings):
    agency = procedure.agency
    agency.letterhead_parent = "UBND tỉnh Quảng Trị"
    agency.save()
    dossier = services.dossier_transfer(dossier=received, by=clerk)
    dossier = services.dossier_request_supplement(dossier=dossier, by=specialist, missing=["Bản vẽ"])
    dossier = services.dossier_supplement_received(dossier=dossier, by=clerk)
    services.dossier_extend(
        dossier=dossier, by=specialist, new_due_at=dossier.due_at + dt.timedelta(days=7), reason="Chờ ý kiến"
    )
    services.dossier_refuse(dossier=dossier, by=specialist, reason="Quy hoạch không cho phép")
    for slug in ["bo-sung", "xin-loi", "dung-xu-ly"]:
        head = head_left(staff.get(reverse("dossier-slip", args=[received.code, slug])).content.decode())
        assert "UBND TỈNH QUẢNG TRỊ" in head and "SỞ TÀI CHÍNH" in head, slug
        assert settings.CENTER_NAME.upper() not in head, slug
    # The center's own slips keep the center's letterhead.
    head = head_left(staff.get(reverse("dossier-slip", args=[received.code, "tiep-nhan"])).content.decode())
    assert settings.CENTER_NAME.upper() in head and "SỞ TÀI CHÍNH" not in head


def test_an_agency_without_a_superior_body_set_falls_back_to_the_province(staff, received, clerk, specialist, settings):
    dossier = services.dossier_transfer(dossier=received, by=clerk)
    services.dossier_refuse(dossier=dossier, by=specialist, reason="Quy hoạch không cho phép")
    head = head_left(staff.get(reverse("dossier-slip", args=[received.code, "dung-xu-ly"])).content.decode())
    assert settings.CENTER_PARENT.upper() in head and "SỞ TÀI CHÍNH" in head


def test_the_refusal_slip_is_signed_by_the_receiving_officer(staff, received, specialist):
    services.dossier_refuse(dossier=received, by=specialist, reason="Không thuộc thẩm quyền")
    page = staff.get(reverse("dossier-slip", args=[received.code, "tu-choi"])).content.decode()
    sign = page[page.index('class="slip-sign"') :]
    assert "NGƯỜI TIẾP NHẬN HỒ SƠ" in sign and "NGƯỜI HƯỚNG DẪN" not in sign
