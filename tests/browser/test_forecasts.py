"""The forecast's views in headless Chromium: the dossier page's prediction and drafted Form 04 issued from
it, the worklist sorted by risk, the supervision pages (what to close first, where chains stall, supplement
requests) and the citizen's clock on the tracking page.

Screenshots: tests/artifacts/forecast-dossier.png, forecast-close-first.png, forecast-chains.png,
forecast-supplements.png, forecast-tracking.png."""

import datetime as dt
from urllib.parse import urlsplit

import pytest

from center import roles
from dossiers.models import DossierExtension, DossierPause, DossierStep
from dossiers.presentation import public_status_url
from dossiers.workflow import DossierStatus as S
from monitoring.forecasts.services import forecast_refresh
from tests.browser.conftest import login
from tests.factories import DossierFactory, ProcedureStepFactory, UserFactory
from tests.monitoring.conftest import late_habit, open_dossier, slow_procedure  # noqa: F401 (fixtures)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def risky(late_habit, slow_procedure, open_dossier, agency):  # noqa: F811
    """An open dossier with 8 of its 10 working days used, when its kind mostly ended late; predicted."""
    now, calendar = late_habit
    dossier = open_dossier(slow_procedure, used_days=8, calendar=calendar, now=now, current_agency=agency)
    calm = open_dossier(slow_procedure, used_days=0.5, calendar=calendar, now=now, current_agency=agency)
    forecast_refresh(now=now)
    return dossier, calm


def test_specialist_sees_the_forecast_and_issues_the_drafted_letter(page, risky, agency, screenshot):
    dossier, _calm = risky
    UserFactory(username="cv", role=roles.AGENCY_SPECIALIST, agency=agency)
    login(page, "cv")
    page.goto(f"/can-bo/ho-so/{dossier.code}/")
    assert page.locator("#forecast-risk").inner_text() == "100 %"
    assert "30" in page.locator("#forecast-basis").inner_text()  # the 30 late ones had used as much
    assert page.locator("#id_draft-new_due_date").input_value()  # the proposed date, from the forecast
    page.fill("#id_draft-reason", "Chờ kết quả xác minh thực địa")
    screenshot(page, "forecast-dossier", full_page=True)
    with page.expect_navigation():
        page.click("#draft-confirm")
    assert "Văn bản" in page.content() or "Form 04" in page.content()
    assert page.locator("#apologies").is_visible()
    assert DossierExtension.objects.get(dossier=dossier).reason == "Chờ kết quả xác minh thực địa"
    assert page.locator("#draft-letter").count() == 0


def test_worklist_sorted_by_risk(page, risky, agency):
    dossier, calm = risky
    UserFactory(username="cv", role=roles.AGENCY_SPECIALIST, agency=agency)
    login(page, "cv")
    page.goto("/can-bo/?list=dang-xu-ly&ordering=-received_at")
    codes = [code for code in page.locator("tbody td:first-child").all_inner_texts() if code.strip()]
    assert codes.index(calm.code) < codes.index(dossier.code)
    page.select_option("#id_ordering", "-risk")
    with page.expect_navigation():
        page.click("form .filter-buttons button[type=submit]")
    codes = [code for code in page.locator("tbody td:first-child").all_inner_texts() if code.strip()]
    assert codes.index(dossier.code) < codes.index(calm.code)


def test_lead_pages_close_first_chains_and_supplements(page, risky, agency, other_agency, screenshot):
    dossier, _calm = risky
    procedure = dossier.procedure
    ProcedureStepFactory(procedure=procedure, position=1, agency=agency, working_days=6)
    ProcedureStepFactory(procedure=procedure, position=2, agency=other_agency, working_days=4)
    received = dossier.received_at - dt.timedelta(days=40)
    day = dt.timedelta(days=1)
    done = DossierFactory(
        procedure=procedure, status=S.RESULT_READY, received_at=received, result_ready_at=received + 9 * day,
        due_at=received + 14 * day,
    )  # fmt: skip
    for position, holder, start, end in [(1, agency, 0.1, 5), (2, other_agency, 6, 9)]:
        DossierStep.objects.create(
            dossier=done, position=position, agency=holder, started_at=received + start * day, due_at=done.due_at,
            completed_at=received + end * day,
        )  # fmt: skip
    DossierPause.objects.create(
        dossier=dossier, kind="supplement", started_at=dossier.received_at,
        ended_at=dossier.received_at + dt.timedelta(hours=3), items=["Bản vẽ mặt bằng"],
    )  # fmt: skip
    UserFactory(username="ld", role=roles.AGENCY_LEAD, agency=agency)
    login(page, "ld")
    page.goto("/giam-sat/uu-tien/")
    assert page.locator("#close-first-agencies tbody tr").count() == 1
    screenshot(page, "forecast-close-first", full_page=True)
    page.goto("/giam-sat/lien-thong/")
    segments = page.locator(f'.chain[data-procedure="{procedure.code}"] .segment')
    assert segments.count() == 4  # counter → agency, agency, hand-off, agency
    assert page.locator("#slowest-handoffs li").count() >= 1
    screenshot(page, "forecast-chains", full_page=True)
    page.goto("/giam-sat/bo-sung/")
    assert "Bản vẽ mặt bằng (1)" in page.locator("#supplements").inner_text()
    screenshot(page, "forecast-supplements", full_page=True)


def test_citizen_sees_the_clock_and_the_expected_date(page, late_habit, slow_procedure, open_dossier, screenshot):  # noqa: F811
    now, calendar = late_habit
    dossier = open_dossier(slow_procedure, used_days=6, calendar=calendar, now=now)
    forecast_refresh(now=now)
    parts = urlsplit(public_status_url(dossier))
    page.goto(f"{parts.path}?{parts.query}")
    clock = page.locator("#clock")
    assert clock.is_visible()
    assert "10" in clock.inner_text()  # the working days allowed
    assert page.locator("#expected-date").is_visible()
    screenshot(page, "forecast-tracking", full_page=True)
