"""The citizen's clock on the tracking page: working days allowed, used, paused (why and when), left,
the appointment, and the expected date once the forecast is confident (monitoring/forecasts/selectors.py,
`is_confident`). Counted with center.workdays, as the deadline itself is."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.utils import timezone

from center import workdays
from dossiers.models import Dossier, DossierPause, PauseKind
from dossiers.workflow import OPEN
from monitoring.forecasts.models import DossierForecast
from monitoring.forecasts.selectors import is_confident

DAY = 86400


@dataclass(frozen=True)
class ClockPause:
    kind_label: str
    started_at: dt.datetime
    ended_at: dt.datetime | None
    working_days: float
    reason: str
    items: list[str]


@dataclass(frozen=True)
class CitizenClock:
    allowed_days: int
    used_days: float
    paused_days: float
    left_days: float | None  # None once closed
    appointment_at: dt.datetime | None
    expected_on: dt.date | None
    pauses: list[ClockPause] = field(default_factory=list)


def citizen_clock(dossier: Dossier, *, now: dt.datetime, calendar=None) -> CitizenClock | None:
    """The ledger of an open dossier's time (two small queries: its pauses and its forecast)."""
    if dossier.received_at is None or dossier.status not in OPEN:
        return None
    calendar = calendar or workdays.load_calendar()
    pauses = []
    paused_seconds = 0
    for pause in DossierPause.objects.filter(dossier_id=dossier.pk).order_by("started_at"):
        seconds = workdays.working_seconds_between(pause.started_at, pause.ended_at or now, calendar)
        paused_seconds += seconds
        pauses.append(
            ClockPause(
                kind_label=PauseKind(pause.kind).label,
                started_at=pause.started_at,
                ended_at=pause.ended_at,
                working_days=round(seconds / DAY, 1),
                reason=pause.reason,
                items=list(pause.items),
            )
        )
    total = workdays.working_seconds_between(dossier.received_at, now, calendar)
    forecast = DossierForecast.objects.filter(dossier_id=dossier.pk).select_related("dossier__procedure").first()
    expected = timezone.localtime(forecast.finish_p50).date() if is_confident(forecast, calendar) else None
    return CitizenClock(
        allowed_days=dossier.procedure.processing_days,
        used_days=round(max(total - paused_seconds, 0) / DAY, 1),
        paused_days=round(paused_seconds / DAY, 1),
        left_days=round(workdays.working_days_left(now, dossier.due_at, calendar), 1) if dossier.due_at else None,
        appointment_at=dossier.appointment_at,
        expected_on=expected,
        pauses=pauses,
    )
