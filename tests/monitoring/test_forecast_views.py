"""The forecast on the pages: the dossier page's prediction and its reasons, the drafted Form 04 issued or
discarded from it, worklists sorted by risk, and the citizen's clock on the tracking page."""

import re

import pytest
from django.core.cache import caches
from django.urls import reverse

from center import roles
from dossiers.models import DossierExtension, DossierPause
from dossiers.presentation import public_status_url
from monitoring.forecasts.models import DraftStatus, ExtensionDraft
from monitoring.forecasts.services import forecast_refresh
from tests.factories import UserFactory


@pytest.fixture
def cv(agency):
    return UserFactory(username="cv", role=roles.AGENCY_SPECIALIST, agency=agency)


def test_dossier_page_shows_the_forecast_and_what_it_rests_on(client, cv, late_habit, slow_procedure, open_dossier):
    now, calendar = late_habit
    dossier = open_dossier(slow_procedure, used_days=6, calendar=calendar, now=now)
    forecast_refresh(now=now)
    client.force_login(cv)
    page = client.get(reverse("dossier-detail", args=[dossier.code])).content.decode()
    assert re.search(r'id="forecast-risk"><span class="badge late">100 %</span>', page)
    # The basis: the number of comparable dossiers (the 30 late ones, and itself) and the time used.
    basis = re.search(r'id="forecast-basis">([^<]*)<', page).group(1)
    assert "31" in basis and "6.0" in basis


def test_the_drafted_letter_is_issued_from_the_page_with_the_specialists_reason(
    client, cv, late_habit, slow_procedure, open_dossier, agency
):
    now, calendar = late_habit
    dossier = open_dossier(slow_procedure, used_days=8, calendar=calendar, now=now, current_agency=agency)
    forecast_refresh(now=now)
    draft = ExtensionDraft.objects.get(dossier=dossier)
    client.force_login(cv)
    page = client.get(reverse("dossier-detail", args=[dossier.code])).content.decode()
    proposed = draft.proposed_due_at.astimezone(calendar_zone()).date()
    assert 'id="draft-letter"' in page and f'value="{proposed:%d/%m/%Y}"' in page  # typed day first
    response = client.post(
        reverse("forecast-draft-confirm", args=[dossier.code]),
        {"draft-new_due_date": f"{proposed:%d/%m/%Y}", "draft-reason": "Chờ kết quả xác minh", "version": 1},
    )
    assert response.status_code == 302 and response["Location"].endswith("?slip=xin-loi")
    assert DossierExtension.objects.get(dossier=dossier).reason == "Chờ kết quả xác minh"
    assert ExtensionDraft.objects.get(dossier=dossier).status == DraftStatus.CONFIRMED


def test_a_draft_without_a_reason_is_not_issued(client, cv, late_habit, slow_procedure, open_dossier, agency):
    now, calendar = late_habit
    dossier = open_dossier(slow_procedure, used_days=8, calendar=calendar, now=now, current_agency=agency)
    forecast_refresh(now=now)
    client.force_login(cv)
    client.post(
        reverse("forecast-draft-confirm", args=[dossier.code]),
        {"draft-new_due_date": "", "draft-reason": "", "version": 1},
    )
    assert not DossierExtension.objects.filter(dossier=dossier).exists()
    assert ExtensionDraft.objects.get(dossier=dossier).status == DraftStatus.PENDING


def test_the_lead_of_another_agency_cannot_discard_the_draft(
    client, late_habit, slow_procedure, open_dossier, other_agency, agency
):
    now, calendar = late_habit
    dossier = open_dossier(slow_procedure, used_days=8, calendar=calendar, now=now, current_agency=agency)
    forecast_refresh(now=now)
    client.force_login(UserFactory(username="x", role=roles.AGENCY_SPECIALIST, agency=other_agency))
    response = client.post(reverse("forecast-draft-discard", args=[dossier.code]))
    assert response.status_code == 404
    assert ExtensionDraft.objects.get(dossier=dossier).status == DraftStatus.PENDING


def test_worklist_sorts_by_risk_highest_first(client, cv, late_habit, slow_procedure, open_dossier, agency):
    now, calendar = late_habit
    calm = open_dossier(slow_procedure, used_days=0.5, calendar=calendar, now=now, current_agency=agency)
    risky = open_dossier(slow_procedure, used_days=6, calendar=calendar, now=now, current_agency=agency)
    forecast_refresh(now=now)
    client.force_login(cv)
    page = client.get(reverse("staff-home"), {"list": "dang-xu-ly", "ordering": "-risk"}).content.decode()
    assert page.index(risky.code) < page.index(calm.code)
    page = client.get(reverse("staff-home"), {"list": "dang-xu-ly", "ordering": "due_at"}).content.decode()
    assert page.index(risky.code) < page.index(calm.code)  # due earlier too; and by receipt the other way:
    page = client.get(reverse("staff-home"), {"list": "dang-xu-ly", "ordering": "-received_at"}).content.decode()
    assert page.index(calm.code) < page.index(risky.code)


def test_tracking_page_shows_the_clock_with_pauses_and_the_expected_date_once_confident(
    client, late_habit, slow_procedure, open_dossier, settings
):
    now, calendar = late_habit
    # Nine working days since receipt, the first three paused: six used, as far as the late ones went.
    dossier = open_dossier(slow_procedure, used_days=9, calendar=calendar, now=now)
    DossierPause.objects.create(
        dossier=dossier,
        kind="supplement",
        started_at=dossier.received_at,
        ended_at=dossier.received_at + (now - dossier.received_at) / 3,
        items=["Bản sao chứng thực giấy tờ đất"],
    )
    forecast_refresh(now=now)
    settings.FORECAST_CONFIDENT_COMPARABLE = 1000  # not confident: no expected date
    page = client.get(public_status_url(dossier)).content.decode()
    assert 'id="clock"' in page and "Bản sao chứng thực giấy tờ đất" in page
    assert 'id="expected-date"' not in page
    settings.FORECAST_CONFIDENT_COMPARABLE = 5
    caches["default"].clear()  # the page was kept ready as it was
    page = client.get(public_status_url(dossier)).content.decode()
    assert 'id="expected-date"' in page


def calendar_zone():
    from center import workdays

    return workdays.local_zone()
