"""What to close first, where chains stall, supplement requests: the selectors and their pages."""

import datetime as dt

import pytest
from django.urls import reverse
from freezegun import freeze_time

from center import roles
from dossiers.models import DossierPause, DossierStep
from dossiers.workflow import DossierStatus as S
from monitoring.forecasts.chains import chain_stalls, slowest_handoffs
from monitoring.forecasts.priorities import close_first
from monitoring.forecasts.services import forecast_refresh
from monitoring.forecasts.supplements import supplement_summary
from tests.factories import DossierFactory, ProcedureFactory, ProcedureStepFactory, UserFactory
from tests.monitoring.conftest import HCM


@pytest.fixture
def mid_november():
    with freeze_time(dt.datetime(2026, 11, 11, 10, 0, tzinfo=HCM)):
        yield


def test_close_first_counts_what_finishing_the_at_risk_dossier_in_time_keeps(
    mid_november, late_habit, slow_procedure, open_dossier, agency
):
    now, calendar = late_habit
    risky = open_dossier(slow_procedure, used_days=6, calendar=calendar, now=now)
    calm = open_dossier(slow_procedure, used_days=0.5, calendar=calendar, now=now)
    forecast_refresh(now=now)
    found = close_first(agency_id=agency.pk, now=now)
    outlook = found.agencies[0]
    # The month's base: the two open dossiers (within their time, so on time as it stands).
    assert (outlook.base, outlook.on_time_now) == (2, 2)
    assert [item.forecast.dossier for item in found.ranked] == [risky]
    assert found.ranked[0].points == pytest.approx(10.0)  # 20 points ÷ 2 dossiers
    assert outlook.now == 1.0 and outlook.if_late == 0.5 and outlook.if_in_time == 1.0
    assert calm.pk not in {item.forecast.dossier_id for item in found.ranked}


@pytest.fixture
def chain(agency, other_agency):
    procedure = ProcedureFactory(agency=agency, processing_days=10)
    ProcedureStepFactory(procedure=procedure, position=1, agency=agency, working_days=6)
    ProcedureStepFactory(procedure=procedure, position=2, agency=other_agency, working_days=4)
    return procedure


def _chain_dossier(procedure, agency, other_agency, *, received, first_days, second_days, gap_hours=0):
    ready = received + dt.timedelta(days=first_days + second_days, hours=gap_hours + 1)
    dossier = DossierFactory(
        procedure=procedure, status=S.RESULT_READY, received_at=received, result_ready_at=ready,
        due_at=received + dt.timedelta(days=14),
    )  # fmt: skip
    handed = received + dt.timedelta(hours=1)
    done = handed + dt.timedelta(days=first_days)
    second = done + dt.timedelta(hours=gap_hours)
    DossierStep.objects.create(dossier=dossier, position=1, agency=agency, started_at=handed, due_at=ready,
                               completed_at=done)  # fmt: skip
    DossierStep.objects.create(dossier=dossier, position=2, agency=other_agency, started_at=second, due_at=ready,
                               completed_at=second + dt.timedelta(days=second_days))  # fmt: skip
    return dossier


def test_chain_times_each_agency_and_hand_off_and_finds_the_slowest(chain, agency, other_agency):
    # Received on Mondays, so that whole calendar days are whole working days within the week.
    monday = dt.datetime(2026, 11, 2, 8, 0, tzinfo=HCM)
    for week in range(5):
        _chain_dossier(chain, agency, other_agency, received=monday - dt.timedelta(weeks=week), first_days=2,
                       second_days=1, gap_hours=24 if week < 3 else 0)  # fmt: skip
    [found] = chain_stalls(now=dt.datetime(2026, 11, 20, tzinfo=HCM))
    assert found.dossiers == 5
    handover, first, handoff, second = found.segments
    assert first.median == pytest.approx(2.0) and second.median == pytest.approx(1.0)
    assert handoff.median == pytest.approx(1.0) and handoff.p90 == pytest.approx(1.0)
    assert handover.median == pytest.approx(1 / 24)
    assert slowest_handoffs([found])[0][1] is handoff


def test_supplements_count_requests_missing_documents_and_second_contacts(procedure):
    now = dt.datetime(2026, 11, 20, tzinfo=HCM)
    twice = DossierFactory(procedure=procedure, received_at=now - dt.timedelta(days=30))
    once = DossierFactory(procedure=procedure, received_at=now - dt.timedelta(days=20))
    DossierFactory(procedure=procedure, received_at=now - dt.timedelta(days=10))
    for dossier, days, items in [
        (twice, 28, ["Bản vẽ mặt bằng", "Văn bản ủy quyền"]),
        (twice, 20, ["Bản vẽ mặt bằng"]),
        (once, 15, ["Bản vẽ mặt bằng "]),
    ]:
        started = now - dt.timedelta(days=days)
        DossierPause.objects.create(dossier=dossier, kind="supplement", started_at=started,
                                    ended_at=started + dt.timedelta(days=2), items=items)  # fmt: skip
    [row] = supplement_summary(start=now - dt.timedelta(days=365), end=now)
    assert (row.dossiers, row.requests, row.dossiers_asked, row.asked_more_than_once) == (3, 3, 2, 1)
    assert row.missing[0] == ("Bản vẽ mặt bằng", 3)


@pytest.mark.parametrize("name", ["forecast-close-first", "forecast-chains", "forecast-supplements"])
def test_supervision_pages_refuse_specialists_and_show_leads_their_agency(client, agency, other_agency, name):
    client.force_login(UserFactory(username="cv", role=roles.AGENCY_SPECIALIST, agency=agency))
    assert client.get(reverse(name)).status_code == 403
    client.force_login(UserFactory(username="ld", role=roles.AGENCY_LEAD, agency=agency))
    assert client.get(reverse(name)).status_code == 200
    assert client.get(reverse(name), {"agency": other_agency.code}).status_code == 403


def test_procedure_admin_links_to_its_supplement_requests(client, procedure):
    client.force_login(UserFactory(username="root", is_superuser=True, is_staff=True))
    page = client.get(reverse("admin:procedures_procedure_change", args=[procedure.pk])).content.decode()
    assert f"{reverse('forecast-supplements')}?procedure={procedure.code}" in page
    client.force_login(UserFactory(username="gd", role=roles.CENTER_DIRECTOR))
    listed = client.get(reverse("forecast-supplements"), {"procedure": procedure.code})
    assert listed.status_code == 200 and procedure.name in listed.content.decode()
