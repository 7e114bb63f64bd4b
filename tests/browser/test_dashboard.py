"""The directors' dashboard in headless Chromium: its charts render, and a drill-down adds up.

Screenshots: tests/artifacts/dashboard.png, tests/artifacts/dashboard-drilldown.png; the dashboard
printed on A4: tests/artifacts/dashboard-a4.pdf."""

import datetime as dt

import pytest
from django.utils import timezone

from center import roles
from tests.browser.conftest import ARTIFACTS, login
from tests.factories import DossierFactory, ProcedureFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def data(procedure, other_agency):
    now = timezone.now()
    other = ProcedureFactory(agency=other_agency, name="Cấp giấy phép xây dựng")

    def resolved(proc, outcome, hours_ago):
        ready = now - dt.timedelta(hours=hours_ago)
        return DossierFactory(
            procedure=proc, status="result_ready", received_at=ready - dt.timedelta(hours=30), due_at=ready,
            result_ready_at=ready, outcome=outcome,
        )  # fmt: skip

    for hours, outcome in [(1, "early"), (2, "early"), (3, "early"), (4, "on_time"), (5, "on_time"), (6, "late")]:
        resolved(procedure, outcome, hours)
    for hours in (1, 2, 3):
        resolved(other, "late", hours)
    for _ in range(2):
        DossierFactory(procedure=other, overdue=True)
    return {"procedure": procedure, "other": other}


def test_dashboard_renders_its_charts_and_a_drill_down_adds_up(page, live_server, data, screenshot):
    UserFactory(username="giamdoc", role=roles.CENTER_DIRECTOR)
    login(page, "giamdoc")
    page.goto("/giam-sat/")
    assert page.locator("h1").first.inner_text().startswith("Giám sát giải quyết hồ sơ")

    # Only the inputs of the chosen kind of period are shown.
    assert page.locator(".sup-field-month").is_visible() and not page.locator(".sup-field-from").is_visible()
    page.select_option("#id_period", "custom")
    assert page.locator(".sup-field-from").is_visible() and not page.locator(".sup-field-month").is_visible()

    trend_bars = page.locator("#trend-chart svg rect.bar")
    assert trend_bars.count() >= 3  # this month's early, on time and late segments
    assert page.locator("#trend-chart svg").bounding_box()["width"] > 300
    top_bars = page.locator("#top-late-chart svg rect.bar")
    assert top_bars.count() == 2  # the two procedures with late results
    assert sorted(int(top_bars.nth(i).get_attribute("data-value")) for i in range(2)) == [1, 3]
    screenshot(page, "dashboard", full_page=True)

    # The other agency's "late" number, then the list behind it: the count and the rows match.
    other_code = data["other"].agency.code
    row = page.locator(f'#breakdown tr[data-code="{other_code}"]')
    late_link = row.locator('a[href*="metric=late"]')
    number = int(late_link.get_attribute("data-count"))
    assert number == 3
    late_link.click()
    page.wait_for_load_state()
    assert int(page.locator("#total-count").get_attribute("data-count")) == number
    assert page.locator("table.data tbody tr").count() == number
    screenshot(page, "dashboard-drilldown")

    # A bar of the chart is a link too: the late bar of this month lists every late result (3 + 1).
    page.goto("/giam-sat/")
    page.locator("#trend-chart svg a:has(rect.bar-late)").last.click()
    page.wait_for_load_state()
    assert int(page.locator("#total-count").get_attribute("data-count")) == 4

    # Printed on A4: the charts are vectors, kept whole.
    page.goto("/giam-sat/")
    page.emulate_media(media="print")
    ARTIFACTS.mkdir(exist_ok=True)
    page.pdf(path=str(ARTIFACTS / "dashboard-a4.pdf"), format="A4", print_background=True)
    assert (ARTIFACTS / "dashboard-a4.pdf").stat().st_size > 10_000
