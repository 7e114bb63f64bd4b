"""The public catalogue: accent-insensitive search, browsing by agency and field, the procedure page."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from freezegun import freeze_time

from procedures.models import RequiredDocument
from procedures.selectors import agency_catalogue, catalogue_totals, field_catalogue, procedure_list
from tests.factories import AgencyFactory, CounterFactory, FieldFactory, ProcedureFactory, ProcedureStepFactory

HCM = ZoneInfo("Asia/Ho_Chi_Minh")


@pytest.fixture
def catalogue(agency, other_agency):
    business = FieldFactory(code="LVDN", name="Thành lập và hoạt động doanh nghiệp")
    land = FieldFactory(code="LVDD", name="Đất đai")
    return {
        "business": ProcedureFactory(
            agency=agency, field=business, code="1.001612", name="Đăng ký kinh doanh hộ gia đình"
        ),
        "company": ProcedureFactory(
            agency=agency, field=business, code="1.004227", name="Đăng ký thành lập doanh nghiệp tư nhân"
        ),
        "land": ProcedureFactory(
            agency=other_agency, field=land, code="1.003003", name="Cấp giấy chứng nhận quyền sử dụng đất"
        ),
        "retired": ProcedureFactory(agency=agency, field=land, code="1.000001", name="Đăng ký cũ", is_active=False),
    }


def names(response) -> list[str]:
    return [p.name for p in response.context["page"]]


@pytest.mark.parametrize(
    "query", ["dang ky kinh doanh", "Đăng ký kinh doanh", "ĐĂNG KÝ KINH DOANH", "kinh  doanh dang"]
)
def test_search_ignores_accents_case_and_word_order(client, catalogue, query):
    response = client.get("/", {"q": query})
    assert names(response) == ["Đăng ký kinh doanh hộ gia đình"]


def test_search_by_national_code(client, catalogue):
    assert names(client.get("/", {"q": "1.003003"})) == ["Cấp giấy chứng nhận quyền sử dụng đất"]


def test_inactive_procedures_are_not_listed(client, catalogue):
    assert "Đăng ký cũ" not in names(client.get("/", {"q": "dang ky"}))


def test_no_match_says_so_and_suggests_what_to_do(client, catalogue):
    html = client.get("/", {"q": "xyz khong co"}).content.decode()
    assert "Không có thủ tục nào phù hợp." in html
    assert "0 thủ tục" in html


def test_the_home_page_offers_browsing_by_agency_and_field(client, catalogue):
    html = client.get("/").content.decode()
    assert "Tìm thủ tục hành chính" in html
    assert "?agency=H56.01" in html and "?agency=H56.06" in html
    assert "?field=LVDN" in html and "?field=LVDD" in html
    assert "Trung tâm tiếp nhận 3 trên tổng số 3 thủ tục" in html


def test_browse_by_agency_then_narrow_by_field(client, catalogue):
    response = client.get("/", {"agency": "H56.01"})
    assert names(response) == ["Đăng ký kinh doanh hộ gia đình", "Đăng ký thành lập doanh nghiệp tư nhân"]
    html = response.content.decode()
    assert "Sở Tài chính" in html
    assert "agency=H56.01&amp;field=LVDN" in html
    assert names(client.get("/", {"agency": "H56.01", "field": "LVDD"})) == []


def test_browse_by_field(client, catalogue):
    assert names(client.get("/", {"field": "LVDD"})) == ["Cấp giấy chứng nhận quyền sử dụng đất"]


def test_search_within_an_agency(client, catalogue):
    assert names(client.get("/", {"agency": "H56.06", "q": "dang ky"})) == []
    assert names(client.get("/", {"agency": "H56.01", "q": "doanh nghiep"})) == [
        "Đăng ký thành lập doanh nghiệp tư nhân"
    ]


def test_the_results_page_costs_a_constant_number_of_queries(client, catalogue, django_assert_max_num_queries):
    for n in range(30):
        ProcedureFactory(agency=catalogue["business"].agency, name=f"Đăng ký thử {n}")
    with django_assert_max_num_queries(6):
        client.get("/", {"q": "dang ky"})
    with django_assert_max_num_queries(6):
        client.get("/")


def test_selectors_count_only_active_procedures(catalogue, agency):
    assert {a.code: a.procedure_count for a in agency_catalogue()} == {"H56.01": 2, "H56.06": 1}
    assert {f.code: f.procedure_count for f in field_catalogue(agency=agency)} == {"LVDN": 2}
    assert catalogue_totals() == {"total": 3, "at_center": 3}
    assert procedure_list(q="").count() == 3


# --- the procedure page --------------------------------------------------------------------------


def test_the_procedure_page_shows_what_a_citizen_needs(client, catalogue, agency, counter):
    procedure = catalogue["company"]
    procedure.legal_basis = "Luật Doanh nghiệp 2020\nNghị định 168/2025/NĐ-CP"
    procedure.save()
    RequiredDocument.objects.create(procedure=procedure, position=3, name="Giấy ủy quyền", copies=2, is_optional=True)
    closed = CounterFactory(number=9, name="Quầy đã đóng", is_active=False)
    closed.agencies.add(agency)
    html = client.get(f"/thu-tuc/{procedure.code}/").content.decode()
    assert "<h1>Đăng ký thành lập doanh nghiệp tư nhân</h1>" in html
    assert "Đơn đề nghị" in html and "1 bản chính" in html
    assert "Giấy ủy quyền" in html and "2 bản sao" in html and "nếu có" in html
    assert "50.000 đồng" in html
    assert "3 ngày làm việc" in html
    assert "Sở Tài chính" in html
    assert "Quầy 01 — Quầy 1" in html and "Quầy đã đóng" not in html
    assert "Trực tuyến toàn trình" in html
    assert "Luật Doanh nghiệp 2020<br>Nghị định 168/2025/NĐ-CP" in html


def test_the_page_says_when_the_result_is_due_if_filed_today(client, catalogue):
    with freeze_time(dt.datetime(2026, 11, 20, 10, tzinfo=HCM)):  # Friday; 3 working days: Mon, Tue, Wed
        html = client.get("/thu-tuc/1.004227/").content.decode()
    assert "Nộp hôm nay (20/11/2026), ngày hẹn trả kết quả là" in html
    # Tuesday 24/11 (Vietnam Cultural Day) is worked: no law makes it a day off yet.
    assert "25/11/2026" in html


def test_on_a_day_off_the_page_says_the_time_starts_on_the_next_working_day(client, catalogue):
    with freeze_time(dt.datetime(2026, 11, 21, 10, tzinfo=HCM)):  # Saturday: counts from Monday 07:30
        html = client.get("/thu-tuc/1.004227/").content.decode()
    assert "không phải ngày làm việc" in html
    assert "26/11/2026" in html  # from Mon 23: Tue 24 (worked: no law makes it a day off yet), Wed, Thu


def test_the_deadline_skips_public_holidays(client, agency):
    ProcedureFactory(agency=agency, code="1.000002", processing_days=1)
    with freeze_time(dt.datetime(2026, 4, 29, 10, tzinfo=HCM)):  # Wed; 30/4 and 1/5 are holidays
        html = client.get("/thu-tuc/1.000002/").content.decode()
    assert "04/05/2026" in html


def test_an_inter_agency_procedure_lists_the_agencies_involved(client, agency):
    step = ProcedureStepFactory(procedure__agency=agency, agency=AgencyFactory(name="Cục Thuế tỉnh"), position=1)
    html = client.get(f"/thu-tuc/{step.procedure.code}/").content.decode()
    assert "Các cơ quan phối hợp giải quyết" in html and "Cục Thuế tỉnh" in html


def test_a_procedure_not_received_at_the_center_says_where_to_go(client, agency):
    ProcedureFactory(agency=agency, code="1.000003", handled_at_center=False)
    html = client.get("/thu-tuc/1.000003/").content.decode()
    assert "không tiếp nhận tại Trung tâm" in html


@pytest.mark.parametrize("code", ["9.999999", "1.000001"])
def test_unknown_or_retired_procedures_are_404(client, catalogue, code):
    assert client.get(f"/thu-tuc/{code}/").status_code == 404


def test_the_catalogue_switches_to_english(client, catalogue):
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    html = client.get("/").content.decode()
    assert "Find an administrative procedure" in html and "Browse by agency" in html
