"""The forecast (monitoring/forecasts): the estimator, the backtest against legal time, the stored
predictions and their refresh, the "at risk" alert, the drafted Form 04 and the APIs."""

import datetime as dt
import random

import pytest
from django.core.management import call_command
from django.utils import timezone

from center import roles
from center.demo_users import seed_demo_users
from center.errors import Conflict, NotAllowed
from dossiers.demo import generate_dossiers
from dossiers.models import DossierExtension
from dossiers.workflow import DossierStatus as S
from monitoring.forecasts.evaluation import forecast_evaluate
from monitoring.forecasts.models import DossierForecast, DraftStatus, ExtensionDraft
from monitoring.forecasts.services import extension_draft_confirm, extension_draft_discard, forecast_refresh
from monitoring.forecasts.survival import kaplan_meier
from monitoring.models import Alert, AlertKind, OutboxMessage
from monitoring.services import deadline_sweep
from procedures.demo import seed_master_data
from tests.factories import ProcedureFactory, UserFactory

# --- the estimator ---------------------------------------------------------------------------------


def test_survival_curve_falls_by_the_share_finished():
    curve = kaplan_meier([(0.5, True), (1.0, True), (1.5, True), (2.0, True)])
    assert curve.value(0.4) == 1.0
    assert curve.value(0.75) == pytest.approx(0.75)
    assert curve.value(2.5) == 0.0


def test_censored_dossiers_leave_the_risk_set_without_lowering_the_curve():
    # Two finished quickly, two still open at 0.8 of their time: dropping the open ones would say "all
    # finish by 0.3"; taken in, half are still running at 0.8.
    curve = kaplan_meier([(0.2, True), (0.3, True), (0.8, False), (0.8, False)])
    assert curve.value(0.7) == pytest.approx(0.5)
    assert curve.comparable(0.5) == 2


def test_time_already_used_moves_the_forecast_later_and_the_risk_up():
    ratios = [(0.3 + 0.01 * i, True) for i in range(60)] + [(1.2 + 0.01 * i, True) for i in range(20)]
    curve = kaplan_meier(ratios)
    fresh = curve.conditional_exceed(1.0, elapsed=0.0)
    assert fresh == pytest.approx(0.25, abs=0.02)
    # Past 0.9, only the slow quarter is left: they are all late.
    assert curve.conditional_exceed(1.0, elapsed=0.95) == pytest.approx(1.0)
    assert curve.conditional_quantile(0.5, elapsed=0.95) > 1.2 > curve.conditional_quantile(0.5, elapsed=0.0)


# --- the backtest on the demo history --------------------------------------------------------------


@pytest.fixture
def demo_history(db):
    rng = random.Random(16)
    seed_master_data(rng)
    staff = seed_demo_users()
    generate_dossiers(count=2500, rng=rng, staff=staff, log=lambda _line: None)


def test_forecast_beats_legal_time_and_the_base_rate_on_the_demo_history(demo_history):
    until = timezone.now() - dt.timedelta(days=75)
    result = forecast_evaluate(until=until)
    assert result.scored >= 40
    assert result.mae_model < result.mae_legal
    assert result.brier < result.brier_base_rate
    assert result.brier < result.brier_prior
    assert sum(row.count for row in result.calibration) == result.scored + result.still_open_late


def test_evaluate_forecasts_command_prints_the_figures(demo_history, capsys):
    day = timezone.localdate() - dt.timedelta(days=75)
    call_command("evaluate_forecasts", "--until", day.strftime("%d/%m/%Y"))
    out = capsys.readouterr().out
    assert "MAE of the finish" in out and "Brier score" in out and "Calibration" in out


# --- stored predictions, the alert, the draft --------------------------------------------------------


def test_refresh_stores_one_prediction_per_open_dossier_and_runs_twice_to_the_same(
    late_habit, slow_procedure, open_dossier
):
    now, calendar = late_habit
    dossier = open_dossier(slow_procedure, used_days=6, calendar=calendar, now=now)
    first = forecast_refresh(now=now)
    second = forecast_refresh(now=now)
    assert first.refit and not second.refit
    forecast = DossierForecast.objects.get(dossier=dossier)
    assert DossierForecast.objects.count() == 1
    # Past half its time with no result: of the comparable dossiers, every one was late.
    assert forecast.level == "procedure"
    assert forecast.comparable == 31  # the 30 late ones, and itself (open: censored now)
    assert forecast.overdue_risk == pytest.approx(1.0)
    assert forecast.finish_p50 > dossier.due_at
    assert forecast.finish_p90 >= forecast.finish_p50


def test_closed_dossiers_lose_their_prediction(late_habit, slow_procedure, open_dossier):
    now, calendar = late_habit
    dossier = open_dossier(slow_procedure, used_days=2, calendar=calendar, now=now)
    forecast_refresh(now=now)
    dossier.status, dossier.result_ready_at = S.RESULT_READY, now
    dossier.save()
    forecast_refresh(now=now)
    assert not DossierForecast.objects.filter(dossier=dossier).exists()


def test_sweep_raises_the_at_risk_alert_once_to_specialist_and_lead(late_habit, slow_procedure, open_dossier, agency):
    now, calendar = late_habit
    specialist = UserFactory(username="cv", email="cv@example.vn", role=roles.AGENCY_SPECIALIST, agency=agency)
    lead = UserFactory(username="ld", email="ld@example.vn", role=roles.AGENCY_LEAD, agency=agency)
    risky = open_dossier(slow_procedure, used_days=6, calendar=calendar, now=now)
    forecast_refresh(now=now)
    first = deadline_sweep(now=now)
    deadline_sweep(now=now + dt.timedelta(minutes=5))
    assert first.alerts[AlertKind.AT_RISK] == 1
    assert Alert.objects.filter(dossier=risky, kind=AlertKind.AT_RISK).count() == 1
    recipients = set(OutboxMessage.objects.filter(template="alert_at_risk").values_list("user_id", flat=True))
    assert recipients == {specialist.pk, lead.pk}


def test_no_at_risk_alert_once_near_due_or_below_the_threshold(late_habit, slow_procedure, open_dossier, settings):
    now, calendar = late_habit
    near = open_dossier(slow_procedure, used_days=9.5, calendar=calendar, now=now)
    calm = open_dossier(slow_procedure, used_days=0.2, calendar=calendar, now=now)
    forecast_refresh(now=now)
    assert DossierForecast.objects.get(dossier=calm).overdue_risk < settings.FORECAST_AT_RISK_THRESHOLD
    deadline_sweep(now=now)
    assert not Alert.objects.filter(kind=AlertKind.AT_RISK).exists()
    assert Alert.objects.filter(dossier=near, kind=AlertKind.NEAR_DUE).exists()


def test_a_letter_is_drafted_once_when_few_working_days_are_left(late_habit, slow_procedure, open_dossier):
    now, calendar = late_habit
    close = open_dossier(slow_procedure, used_days=8, calendar=calendar, now=now)
    early = open_dossier(slow_procedure, used_days=5, calendar=calendar, now=now)
    forecast_refresh(now=now)
    forecast_refresh(now=now)
    draft = ExtensionDraft.objects.get()
    assert draft.dossier == close and draft.status == DraftStatus.PENDING
    assert draft.proposed_due_at > close.due_at
    assert not ExtensionDraft.objects.filter(dossier=early).exists()


def test_confirming_the_draft_issues_form_04_and_another_agency_may_not_touch_it(
    late_habit, slow_procedure, open_dossier, agency
):
    now, calendar = late_habit
    specialist = UserFactory(username="cv", role=roles.AGENCY_SPECIALIST, agency=agency)
    stranger = UserFactory(username="cv9", role=roles.AGENCY_SPECIALIST, agency=ProcedureFactory().agency)
    one = open_dossier(slow_procedure, used_days=8, calendar=calendar, now=now, current_agency=agency)
    forecast_refresh(now=now)
    draft = ExtensionDraft.objects.get(dossier=one)
    with pytest.raises(NotAllowed):
        extension_draft_discard(draft=draft, by=stranger)
    extension_draft_confirm(draft=draft, by=specialist, new_due_at=draft.proposed_due_at, reason="Cần xác minh")
    draft.refresh_from_db()
    assert draft.status == DraftStatus.CONFIRMED
    letter = DossierExtension.objects.get(dossier=one)
    assert letter.new_due_at == draft.proposed_due_at and letter.reason == "Cần xác minh"
    with pytest.raises(Conflict):
        extension_draft_discard(draft=draft, by=specialist)


def test_discarding_the_draft_issues_nothing_and_it_is_not_drafted_again(
    late_habit, slow_procedure, open_dossier, agency
):
    now, calendar = late_habit
    specialist = UserFactory(username="cv", role=roles.AGENCY_SPECIALIST, agency=agency)
    one = open_dossier(slow_procedure, used_days=8, calendar=calendar, now=now, current_agency=agency)
    forecast_refresh(now=now)
    extension_draft_discard(draft=ExtensionDraft.objects.get(dossier=one), by=specialist)
    forecast_refresh(now=now)
    assert ExtensionDraft.objects.get(dossier=one).status == DraftStatus.DISCARDED
    assert not DossierExtension.objects.filter(dossier=one).exists()


# --- the API ------------------------------------------------------------------------------------------


def test_dossier_api_carries_the_forecast(api, late_habit, slow_procedure, open_dossier, agency):
    now, calendar = late_habit
    dossier = open_dossier(slow_procedure, used_days=6, calendar=calendar, now=now)
    forecast_refresh(now=now)
    api.force_authenticate(UserFactory(role=roles.AGENCY_SPECIALIST, agency=agency))
    answer = api.get(f"/api/v1/dossiers/{dossier.code}/").json()
    assert answer["forecast"]["overdue_risk"] == pytest.approx(1.0)
    assert answer["forecast"]["basis"]["level"] == "procedure"
    assert answer["forecast"]["basis"]["comparable"] == 31


def test_at_risk_api_lists_riskiest_first_within_the_leads_agency(
    api, late_habit, slow_procedure, open_dossier, agency, other_agency
):
    now, calendar = late_habit
    risky = open_dossier(slow_procedure, used_days=6, calendar=calendar, now=now)
    calm = open_dossier(slow_procedure, used_days=0.2, calendar=calendar, now=now)
    forecast_refresh(now=now)
    api.force_authenticate(UserFactory(role=roles.AGENCY_LEAD, agency=agency))
    rows = api.get("/api/v1/monitoring/at-risk/").json()["results"]
    assert [r["code"] for r in rows] == [risky.code, calm.code]
    assert api.get(f"/api/v1/monitoring/at-risk/?agency={other_agency.code}").status_code == 403
    assert api.get("/api/v1/monitoring/at-risk/?min_risk=abc").status_code == 400
    assert [r["code"] for r in api.get("/api/v1/monitoring/at-risk/?min_risk=0.5").json()["results"]] == [risky.code]


def test_at_risk_api_refuses_counter_staff(api, clerk):
    api.force_authenticate(clerk)
    assert api.get("/api/v1/monitoring/at-risk/").status_code == 403
