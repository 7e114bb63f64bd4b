"""Training and scoring the baseline forecast (monitoring/forecasts/survival.py has the estimator).

`dossier_spans` reads what the history says about each received dossier as of a moment `at`: its active
working time so far (center.workdays counts it, pauses taken off), and whether it had its result by then.
`model_fit` turns spans into curves per group; `model_predict` answers for one open dossier, from the
finest group that has enough comparable dossiers: the procedure, then the competent agency, then all.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Q

from center import workdays
from dossiers.models import Dossier, DossierPause
from dossiers.workflow import DossierStatus as S
from monitoring.forecasts.survival import Curve, kaplan_meier

DAY = 86400
# A group is kept when it has at least this many dossiers, and used for a prediction when at least this
# many of them had used as much of their time as the dossier predicted (fewer: the next coarser group).
MIN_GROUP = 20
MIN_COMPARABLE = 12
LEVELS = ("procedure", "agency", "all")


@dataclass
class Span:
    """One dossier as of a moment: its active working time (seconds) and whether it had finished."""

    pk: int
    procedure_id: int
    agency_id: int
    legal_days: int
    received_at: dt.datetime
    active_seconds: int
    finished: bool
    paused: bool = False  # standing in a pause at that moment
    paused_seconds: int = 0  # working time paused so far

    @property
    def ratio(self) -> float:
        return self.active_seconds / (self.legal_days * DAY)


def _legal_days(procedure) -> int:
    return max(procedure.processing_days, 1)


def dossier_spans(dossiers, *, at: dt.datetime, calendar: workdays.WorkingCalendar, stop_at: bool = True) -> list[Span]:
    """Spans as of `at` for the dossiers (a queryset) received before it. A dossier stopped or withdrawn
    before `at` is censored at its last change; one open at `at` is censored there."""
    rows = list(
        dossiers.filter(received_at__lt=at)
        .select_related("procedure")
        .only(
            "pk",
            "procedure__processing_days",
            "procedure_id",
            "agency_id",
            "received_at",
            "result_ready_at",
            "status",
            "updated_at",
        )  # fmt: skip
        .order_by()
    )
    pauses = defaultdict(list)
    for dossier_id, started, ended in (
        DossierPause.objects.filter(dossier_id__in=[d.pk for d in rows], started_at__lt=at)
        .order_by()
        .values_list("dossier_id", "started_at", "ended_at")
    ):
        pauses[dossier_id].append((started, ended))
    spans = []
    for d in rows:
        finished = d.result_ready_at is not None and d.result_ready_at <= at
        if finished:
            end = d.result_ready_at
        elif stop_at and d.status in (S.STOPPED, S.WITHDRAWN) and d.updated_at <= at:
            end = d.updated_at
        else:
            end = at
        paused_seconds, standing = 0, False
        for started, ended in pauses[d.pk]:
            still_paused = ended is None or ended > end
            standing = standing or (still_paused and not finished and started < end)
            stop = end if still_paused else ended
            paused_seconds += workdays.working_seconds_between(started, stop, calendar)
        total = workdays.working_seconds_between(d.received_at, end, calendar)
        spans.append(
            Span(
                pk=d.pk,
                procedure_id=d.procedure_id,
                agency_id=d.agency_id,
                legal_days=_legal_days(d.procedure),
                received_at=d.received_at,
                active_seconds=max(total - paused_seconds, 0),
                finished=finished,
                paused=standing,
                paused_seconds=paused_seconds,
            )
        )
    return spans


def group_keys(span: Span) -> list[tuple[str, str]]:
    """(level, key) from the finest group to the coarsest."""
    return [("procedure", f"procedure:{span.procedure_id}"), ("agency", f"agency:{span.agency_id}"), ("all", "all")]


@dataclass
class Tables:
    """The fitted curves, by group key (what ForecastModel stores)."""

    curves: dict[str, Curve] = field(default_factory=dict)

    def as_json(self) -> dict:
        return {key: curve.as_json() for key, curve in self.curves.items()}

    @classmethod
    def from_json(cls, data: dict) -> Tables:
        return cls(curves={key: Curve.from_json(value) for key, value in data.items()})


def model_fit(spans: list[Span]) -> Tables:
    """A curve for every group with enough dossiers."""
    groups: dict[str, list[tuple[float, bool]]] = defaultdict(list)
    for span in spans:
        for _level, key in group_keys(span):
            groups[key].append((span.ratio, span.finished))
    return Tables(curves={key: kaplan_meier(samples) for key, samples in groups.items() if len(samples) >= MIN_GROUP})


@dataclass(frozen=True)
class Prediction:
    """What the forecast says of one open dossier, in ratios of its legal time and in working days."""

    level: str
    key: str
    comparable: int
    elapsed_days: float
    legal_days: int
    p50_ratio: float
    p90_ratio: float
    overdue_risk: float

    @property
    def p50_days_left(self) -> float:
        """Active working days from now to the median finish."""
        return max(self.p50_ratio * self.legal_days - self.elapsed_days, 0.0)

    @property
    def p90_days_left(self) -> float:
        return max(self.p90_ratio * self.legal_days - self.elapsed_days, 0.0)


def model_predict(tables: Tables, span: Span) -> Prediction | None:
    """From the finest group with enough comparable dossiers; None if not even 'all' has a curve."""
    elapsed = span.ratio
    for level, key in group_keys(span):
        curve = tables.curves.get(key)
        if curve is None:
            continue
        comparable = curve.comparable(elapsed)
        if comparable < MIN_COMPARABLE and level != "all":
            continue
        return Prediction(
            level=level,
            key=key,
            comparable=comparable,
            elapsed_days=span.active_seconds / DAY,
            legal_days=span.legal_days,
            p50_ratio=curve.conditional_quantile(0.5, elapsed=elapsed),
            p90_ratio=curve.conditional_quantile(0.9, elapsed=elapsed),
            overdue_risk=curve.conditional_exceed(1.0, elapsed=elapsed),
        )
    return None


def received_history():
    """Every dossier the counter received (online filings never received have no clock)."""
    return Dossier.objects.filter(~Q(received_at=None))
