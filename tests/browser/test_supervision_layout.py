"""The supervision pages and the public board on a 1366 px office screen and a 360 px phone.

At 1366 px the agency table fits its card without a horizontal scroll bar and every chart label is drawn
at 11 px or more; at 360 px nothing makes the page wider than the screen (the trend table used to make it
464 px) and the public board still shows its % column. Screenshots: tests/artifacts/layout-*.png."""

import datetime as dt

import pytest
from django.utils import timezone

from center import roles
from tests.browser.conftest import login
from tests.factories import AgencyFactory, DossierFactory, ProcedureFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PAGES = {
    "dashboard": "/giam-sat/",
    "scorecard": "/giam-sat/chi-so-766/?set=progress_base",
    "scorecard-trend": "/giam-sat/chi-so-766/xu-huong/",
    "public-board": "/cong-khai/dung-han/",
}

# Widths wider than the viewport, each with the element that causes it (none expected).
OVERFLOW = """() => {
  const page = document.documentElement;
  const culprits = [...document.querySelectorAll('body *')]
    .filter((el) => !el.closest('.table-scroll, .chart-scroll'))
    .filter((el) => el.getBoundingClientRect().right > page.clientWidth + 1)
    .slice(0, 5).map((el) => el.tagName + '.' + el.className + ' ' + Math.round(el.getBoundingClientRect().right));
  return {scroll: page.scrollWidth, client: page.clientWidth, culprits};
}"""

# The smallest chart label as drawn on screen: its font size times the SVG's scale.
SMALLEST_LABEL = """() => Math.min(...[...document.querySelectorAll('svg.chart')].flatMap((svg) => {
  const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
  return [...svg.querySelectorAll('text')].map((t) => parseFloat(t.getAttribute('font-size')) * scale);
}))"""


@pytest.fixture
def data(db):
    now = timezone.now()
    names = [
        ("H56.01", "Sở Tài chính"), ("H56.02", "Sở Nội vụ"), ("H56.03", "Sở Tư pháp"),
        ("H56.04", "Sở Xây dựng"), ("H56.05", "Sở Công Thương"), ("H56.06", "Sở Nông nghiệp và Môi trường"),
        ("H56.07", "Sở Giáo dục và Đào tạo"), ("H56.08", "Sở Văn hóa, Thể thao và Du lịch"),
        ("H56.09", "Sở Khoa học và Công nghệ"), ("H56.10", "Sở Y tế"),
        ("H56.11", "Ban Quản lý các khu kinh tế, khu công nghiệp tỉnh"), ("H56.12", "Thanh tra tỉnh"),
    ]  # fmt: skip
    for i, (code, name) in enumerate(names):
        procedure = ProcedureFactory(agency=AgencyFactory(code=code, name=name), name=f"Thủ tục số {i} có tên rất dài")
        for n in range(3):
            ready = now - dt.timedelta(days=n, hours=1)
            DossierFactory(
                procedure=procedure, status="result_ready", received_at=ready - dt.timedelta(days=5),
                due_at=ready + dt.timedelta(hours=1 if n else -1), result_ready_at=ready,
                outcome="late" if n == 0 else "on_time",
            )  # fmt: skip
        DossierFactory(procedure=procedure, overdue=True)
    UserFactory(username="giamdoc", role=roles.CENTER_DIRECTOR)


@pytest.mark.parametrize("width", [1366, 360])
def test_no_page_is_wider_than_the_screen(page, data, screenshot, width):
    page.set_viewport_size({"width": width, "height": 800})
    login(page, "giamdoc")
    for name, url in PAGES.items():
        page.goto(url)
        measured = page.evaluate(OVERFLOW)
        screenshot(page, f"layout-{name}-{width}", full_page=True)
        assert measured["scroll"] <= measured["client"], (name, measured)


def test_at_1366_the_agency_table_fits_and_chart_labels_are_readable(page, data, screenshot):
    page.set_viewport_size({"width": 1366, "height": 768})
    login(page, "giamdoc")
    page.goto("/giam-sat/")
    box = page.locator("#breakdown").evaluate("(t) => [t.parentNode.scrollWidth, t.parentNode.clientWidth]")
    assert box[0] <= box[1], box
    assert page.evaluate(SMALLEST_LABEL) >= 11
    page.goto("/cong-khai/dung-han/")
    assert page.evaluate(SMALLEST_LABEL) >= 11


def test_at_360_the_public_board_shows_its_percent_column(page, data, screenshot):
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto("/cong-khai/dung-han/")
    cell = page.locator("#punctuality-table tbody tr").first.locator("td").last
    box = cell.bounding_box()
    assert cell.is_visible() and box["x"] >= 0 and box["x"] + box["width"] <= 360, box
    assert cell.inner_text().endswith("%")
    screenshot(page, "layout-public-board-360-table", full_page=True)
