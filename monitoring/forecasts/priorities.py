"""What to close first: each agency's progress indicator (Decision 766, 2.1) for the current month as it
stands, as it will be if the dossiers now at risk end late as predicted, and as it would be if they finish in
time; and the at-risk dossiers ranked by the points each one changes.

Only an at-risk dossier due before the month ends can change the month: one due later is judged at the
month's end "within its time" (monitoring/scorecard/progress.py). As it stands, an open dossier still
within its time counts on time, so "finished in time" keeps it there, and "late as predicted" moves it to
late: each such dossier is worth 20 ÷ (the agency's base) points of its scorecard.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from django.conf import settings
from django.utils import timezone

from monitoring.forecasts.models import DossierForecast
from monitoring.periods import Period, month_period
from monitoring.scorecard.progress import progress_verdicts
from procedures.models import Agency

PROGRESS_POINTS = 20


@dataclass
class AtRiskDossier:
    forecast: DossierForecast
    points: float  # what finishing it in time keeps on the agency's scorecard


@dataclass
class AgencyOutlook:
    agency: Agency
    base: int
    on_time_now: int
    at_risk: list[AtRiskDossier] = field(default_factory=list)

    def _rate(self, on_time: int) -> float | None:
        return on_time / self.base if self.base else None

    @property
    def now(self) -> float | None:
        return self._rate(self.on_time_now)

    @property
    def if_late(self) -> float | None:
        return self._rate(self.on_time_now - len(self.at_risk))

    @property
    def if_in_time(self) -> float | None:
        return self.now

    @property
    def points_at_stake(self) -> float:
        return sum(d.points for d in self.at_risk)


@dataclass
class CloseFirst:
    period: Period
    agencies: list[AgencyOutlook]
    ranked: list[AtRiskDossier]


def close_first(*, agency_id: int | None, now: dt.datetime | None = None) -> CloseFirst:
    now = now or timezone.now()
    period = month_period(timezone.localdate(now))
    verdicts = progress_verdicts(start=period.start, end=now, agency_id=agency_id)
    base, on_time = Counter(), Counter()
    judged = {}
    for verdict in verdicts:
        base[verdict.agency_id] += 1
        on_time[verdict.agency_id] += verdict.on_time
        judged[verdict.pk] = verdict
    agencies = Agency.objects.filter(pk=agency_id) if agency_id else Agency.objects.filter(pk__in=list(base))
    outlooks = {a.pk: AgencyOutlook(agency=a, base=base[a.pk], on_time_now=on_time[a.pk]) for a in agencies}
    risky = (
        DossierForecast.objects.filter(
            overdue_risk__gte=settings.FORECAST_AT_RISK_THRESHOLD,
            dossier__due_at__gt=now,
            dossier__due_at__lt=period.end,
        )
        .select_related("dossier", "dossier__procedure", "dossier__agency")
        .order_by("dossier__due_at")
    )
    if agency_id:
        risky = risky.filter(dossier__agency_id=agency_id)
    ranked = []
    for forecast in risky:
        verdict = judged.get(forecast.dossier_id)
        outlook = outlooks.get(forecast.dossier.agency_id)
        if verdict is None or not verdict.on_time or outlook is None:
            continue  # already counted late (a second supplement request): finishing now changes nothing
        item = AtRiskDossier(forecast=forecast, points=PROGRESS_POINTS / outlook.base)
        outlook.at_risk.append(item)
        ranked.append(item)
    ranked.sort(key=lambda d: (-d.points * d.forecast.overdue_risk, d.forecast.dossier.due_at))
    ordered = sorted(outlooks.values(), key=lambda o: (-o.points_at_stake, o.agency.code))
    return CloseFirst(period=period, agencies=ordered, ranked=ranked)
