"""Reads of the forecast: a dossier's stored prediction with its reasons, the at-risk list, the sweep's
"at risk" candidates. Nothing here fits or predicts: pages read what the refresh stored."""

from __future__ import annotations

from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from center import workdays
from dossiers.models import Dossier
from dossiers.workflow import CLOCK_RUNNING, OPEN
from monitoring.forecasts.models import DossierForecast, DraftStatus, ExtensionDraft, ForecastLevel
from monitoring.thresholds import Thresholds


def forecast_of(dossier: Dossier) -> DossierForecast | None:
    """The stored prediction of an open dossier (None: closed, or not predicted yet)."""
    try:
        return dossier.forecast
    except DossierForecast.DoesNotExist:
        return None


def forecast_basis(forecast: DossierForecast) -> str:
    """What the estimate rests on, in a sentence for staff."""
    text = _(
        "Based on %(count)s dossiers of %(group)s that had used at least as much of their time "
        "(%(used)s working days used so far, pauses not counted)."
    ) % {
        "count": forecast.comparable,
        "group": ForecastLevel(forecast.level).label,
        "used": f"{forecast.elapsed_days:.1f}",
    }
    if forecast.paused:
        text += " " + _("The clock is paused now: the dates move by the length of the pause.")
    return text


def forecast_payload(dossier: Dossier) -> dict | None:
    """The API's `forecast` object."""
    forecast = forecast_of(dossier)
    if forecast is None:
        return None
    return {
        "finish_p50": timezone.localtime(forecast.finish_p50).isoformat(),
        "finish_p90": timezone.localtime(forecast.finish_p90).isoformat(),
        "overdue_risk": forecast.overdue_risk,
        "basis": {
            "level": forecast.level,
            "comparable": forecast.comparable,
            "elapsed_working_days": forecast.elapsed_days,
            "paused": forecast.paused,
            "computed_at": timezone.localtime(forecast.computed_at).isoformat(),
            "text": forecast_basis(forecast),
        },
    }


def is_confident(forecast: DossierForecast | None, calendar: workdays.WorkingCalendar) -> bool:
    """Whether the expected date may be shown to the citizen: enough comparable dossiers behind it, and the
    90 % bound not far from the median (within a fifth of the legal time, at least two working days)."""
    if forecast is None or forecast.comparable < settings.FORECAST_CONFIDENT_COMPARABLE:
        return False
    spread = workdays.working_seconds_between(forecast.finish_p50, forecast.finish_p90, calendar) / 86400
    legal = forecast.dossier.procedure.processing_days
    return spread <= max(2.0, legal / 5)


def at_risk_list(*, agency_id: int | None, minimum: float = 0.0) -> QuerySet[DossierForecast]:
    """Open dossiers' predictions, riskiest first, of one agency (the competent one or the one holding it)."""
    forecasts = (
        DossierForecast.objects.filter(dossier__status__in=OPEN)
        .filter(overdue_risk__gte=minimum)
        .select_related("dossier", "dossier__procedure", "dossier__agency", "dossier__current_agency")
        .order_by("-overdue_risk", "dossier__due_at", "dossier_id")
    )
    if agency_id is not None:
        forecasts = forecasts.filter(Q(dossier__agency_id=agency_id) | Q(dossier__current_agency_id=agency_id))
    return forecasts


def at_risk_alert_rows(t: Thresholds) -> list[dict]:
    """Running dossiers whose risk reached FORECAST_AT_RISK_THRESHOLD while there is still time (their deadline
    beyond the near-due threshold) and that have no "at risk" alert yet, as the sweep's rows."""
    return list(
        Dossier.objects.filter(
            status__in=CLOCK_RUNNING,
            forecast__overdue_risk__gte=settings.FORECAST_AT_RISK_THRESHOLD,
            due_at__gt=t.near_due_until,
        )
        .exclude(alerts__kind="at_risk")
        .values("pk", "code", "agency_id", "current_agency_id", "due_at", "procedure__name", "agency__name")
        .order_by()
    )


def pending_draft(dossier: Dossier) -> ExtensionDraft | None:
    try:
        draft = dossier.extension_draft
    except ExtensionDraft.DoesNotExist:
        return None
    return draft if draft.status == DraftStatus.PENDING else None
