"""The dossier register (Form 07, sổ theo dõi hồ sơ): every dossier received in the period with the form's
columns, within what the user may print, as a page, one PDF and an Excel file; each showing recorded."""

import datetime as dt
import io
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from freezegun import freeze_time
from pypdf import PdfReader

from center import roles
from center.models import AccessPurpose, PersonalDataAccess
from dossiers import services
from tests.exports import xlsx_table
from tests.factories import CounterFactory, ProcedureFactory, UserFactory

PERIOD = {"from": "2026-11-01", "to": "2026-11-30"}


def local(text: str) -> dt.datetime:
    return timezone.make_aware(dt.datetime.fromisoformat(text))


def receive(moment: str, procedure, by, counter, name="Lê Thị Hồng Nhung"):
    applicant = services.Applicant(name=name, id_number="001203004567", phone="0912345678", address="12 Lê Lợi")
    with freeze_time(local(moment)):
        return services.dossier_receive(procedure=procedure, applicant=applicant, by=by, counter=counter)


@pytest.fixture
def counter_two(other_agency):
    counter = CounterFactory(number=2, name="Quầy 2")
    counter.agencies.add(other_agency)
    return counter


@pytest.fixture
def book(procedure, other_agency, clerk, counter, counter_two, specialist):
    """Three dossiers in November (two at counter 1 for the agency, one at counter 2 for the other agency),
    one in October; the first handed over late and resolved, the second with a supplement request."""
    other_procedure = ProcedureFactory(agency=other_agency, code="2.000001", name="Cấp giấy phép khai thác nước")
    first = receive("2026-11-25 15:30", procedure, clerk, counter, name="Phạm Văn Đức")
    with freeze_time(local("2026-11-26 14:00")):
        first = services.dossier_transfer(dossier=first, by=clerk)
    with freeze_time(local("2026-11-27 10:00")):
        services.dossier_resolve(dossier=first, by=specialist)
    second = receive("2026-11-26 09:00", procedure, clerk, counter)
    with freeze_time(local("2026-11-26 10:00")):
        second = services.dossier_transfer(dossier=second, by=clerk)
    with freeze_time(local("2026-11-27 09:00")):
        services.dossier_request_supplement(dossier=second, by=specialist, missing=["Bản vẽ"], note="")
    third = receive("2026-11-20 08:00", other_procedure, clerk, counter_two)
    receive("2026-10-30 09:00", procedure, clerk, counter)
    return {"first": first, "second": second, "third": third}


def codes_in(page: str) -> list[str]:
    return re.findall(r"H56\.\d\d-\d{6}-\d{4}", page.split('id="register"', 1)[1])


def test_the_register_lists_the_period_in_the_order_received_with_the_form_columns(client, director, book):
    client.force_login(director)
    response = client.get(reverse("dossier-register"), PERIOD)
    assert response.status_code == 200
    page = response.content.decode()
    assert codes_in(page) == [book["third"].code, book["first"].code, book["second"].code]
    for header in [
        "SỔ THEO DÕI HỒ SƠ", "Mẫu số 07", "STT", "Mã hồ sơ", "Tên thủ tục hành chính", "Số lượng hồ sơ (bộ)",
        "Tên cá nhân, tổ chức", "Địa chỉ, số điện thoại", "Cơ quan chủ trì giải quyết", "Ngày, tháng, năm",
        "Nhận hồ sơ", "Ngày hẹn trả kết quả", "Chuyển hồ sơ đến cơ quan giải quyết",
        "Có kết quả giải quyết/yêu cầu bổ sung", "Trả kết quả", "Ký nhận", "Ghi chú",
    ]:  # fmt: skip
        assert header in page, header
    for text in ["Phạm Văn Đức", "12 Lê Lợi, 0912345678", "26/11/2026 14:00", "27/11/2026 10:00", "Bàn giao trễ hạn",
                 "Yêu cầu bổ sung ngày 27/11/2026"]:  # fmt: skip
        assert text in page, text
    assert response["Cache-Control"] and "no-store" in response["Cache-Control"]


def test_filters_narrow_the_register_to_a_counter_and_an_agency(client, director, book, counter_two, agency):
    client.force_login(director)
    page = client.get(reverse("dossier-register"), {**PERIOD, "counter": 2}).content.decode()
    assert codes_in(page) == [book["third"].code]
    page = client.get(reverse("dossier-register"), {**PERIOD, "agency": agency.code}).content.decode()
    assert codes_in(page) == [book["first"].code, book["second"].code]


def test_counter_staff_print_only_their_counter(client, clerk, book):
    client.force_login(clerk)
    page = client.get(reverse("dossier-register"), PERIOD).content.decode()
    assert codes_in(page) == [book["first"].code, book["second"].code]
    shown = PersonalDataAccess.objects.count()
    response = client.get(reverse("dossier-register"), {**PERIOD, "counter": 2})
    assert response.status_code == 400
    assert PersonalDataAccess.objects.count() == shown == 2


def test_a_lead_prints_only_their_agency(client, lead, book, other_agency):
    client.force_login(lead)
    page = client.get(reverse("dossier-register"), PERIOD).content.decode()
    assert codes_in(page) == [book["first"].code, book["second"].code]
    assert client.get(reverse("dossier-register"), {**PERIOD, "agency": other_agency.code}).status_code == 400


@pytest.mark.parametrize("role", [roles.AGENCY_SPECIALIST, roles.ADMINISTRATOR])
def test_other_roles_are_refused(client, book, agency, role):
    client.force_login(UserFactory(role=role, agency=agency))
    for name in ("dossier-register", "dossier-register-pdf", "dossier-register-xlsx"):
        assert client.get(reverse(name), PERIOD).status_code == 403
    assert not PersonalDataAccess.objects.exists()


def test_counter_staff_without_a_counter_are_refused(client, book):
    client.force_login(UserFactory(role=roles.COUNTER_STAFF))
    assert client.get(reverse("dossier-register"), PERIOD).status_code == 403


def test_a_period_ending_before_it_starts_is_refused_with_a_message(client, director, book):
    client.force_login(director)
    response = client.get(reverse("dossier-register"), {"from": "2026-11-30", "to": "2026-11-01"})
    assert response.status_code == 400
    assert "Ngày cuối không được trước ngày đầu." in response.content.decode()
    assert not PersonalDataAccess.objects.exists()


@pytest.mark.parametrize("far", ["9999-12-31", "0001-01-01"])
def test_a_period_outside_the_portals_dates_is_refused_with_a_message(client, director, book, far):
    client.force_login(director)
    response = client.get(reverse("dossier-register"), {"from": "2026-11-01", "to": far})
    assert response.status_code == 400
    assert "Nhập ngày trong khoảng từ 01/01/2000 đến 31/12/2100." in response.content.decode()
    assert not PersonalDataAccess.objects.exists()


def test_each_showing_is_recorded_for_every_dossier_in_it(client, clerk, book):
    client.force_login(clerk)
    client.get(reverse("dossier-register-xlsx"), PERIOD)
    recorded = PersonalDataAccess.objects.filter(user=clerk, purpose=AccessPurpose.REGISTER)
    assert sorted(recorded.values_list("dossier_code", flat=True)) == sorted([book["first"].code, book["second"].code])


def test_the_pdf_is_one_valid_pdf_with_every_row(client, director, book):
    client.force_login(director)
    response = client.get(reverse("dossier-register-pdf"), PERIOD)
    assert response["Content-Type"] == "application/pdf"
    assert "no-store" in response["Cache-Control"]
    assert response.content.startswith(b"%PDF") and response.content.count(b"%PDF-") == 1
    reader = PdfReader(io.BytesIO(response.content))
    width, height = reader.pages[0].mediabox.width, reader.pages[0].mediabox.height
    assert width > height  # A4 landscape
    text = re.sub(r"\s+", " ", " ".join(page.extract_text() for page in reader.pages))
    assert "SỔ THEO DÕI HỒ SƠ" in text and "Phạm Văn Đức" in text
    for dossier in book.values():
        assert dossier.code in text


def test_the_excel_file_has_the_columns_and_one_row_per_dossier(client, director, book):
    client.force_login(director)
    response = client.get(reverse("dossier-register-xlsx"), PERIOD)
    assert "no-store" in response["Cache-Control"]
    heading, rows = xlsx_table(response)
    assert heading["Tiêu đề"] == "Sổ theo dõi hồ sơ" and heading["Kỳ báo cáo"] == "01/11/2026 – 30/11/2026"
    assert tuple(rows[0][:3]) == ("STT", "Mã hồ sơ", "Tên thủ tục hành chính") and rows[0][-1] == "Ghi chú"
    assert [row[1] for row in rows[1:]] == [book["third"].code, book["first"].code, book["second"].code]
    first = rows[2]
    assert first[0] == 2 and first[3] == 1 and first[7] == dt.datetime(2026, 11, 25, 15, 30)
    assert first[9] == dt.datetime(2026, 11, 26, 14, 0) and first[10] == dt.datetime(2026, 11, 27, 10, 0)
    assert "Bàn giao trễ hạn" in first[13]


def test_the_page_costs_the_same_number_of_queries_for_more_dossiers(client, director, book, procedure, clerk, counter):
    client.force_login(director)
    client.get(reverse("dossier-register"), PERIOD)  # warm up (session, permissions)
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("dossier-register"), PERIOD)
    for hour in range(8, 14):
        receive(f"2026-11-24 {hour:02d}:00", procedure, clerk, counter)
    with CaptureQueriesContext(connection) as more:
        page = client.get(reverse("dossier-register"), PERIOD).content.decode()
    assert len(codes_in(page)) == 9
    assert len(more.captured_queries) == len(few.captured_queries)


def test_the_staff_navigation_links_to_the_register(client, clerk, specialist):
    client.force_login(clerk)
    assert reverse("dossier-register") in client.get(reverse("staff-home")).content.decode()
    client.force_login(specialist)
    assert reverse("dossier-register") not in client.get(reverse("staff-home")).content.decode()
