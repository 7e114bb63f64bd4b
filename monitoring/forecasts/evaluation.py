"""The backtest (`manage.py evaluate_forecasts --until DATE`): train on what was known before DATE, score
the dossiers that were open at DATE and have had their result since (those still open past their legal
time are scored as late on the risk: they are late whatever happens).

Errors are measured on the working-time axis the model predicts (active working days, pauses taken off):
the finish predicted at DATE against the finish that came, for the model's median and for "legal time"
(every dossier finishes at its deadline, the baseline any system implicitly uses). The risk is scored by
the Brier score against the outcome (late = result after the deadline, DOMAIN.md "Punctuality"), beside
the Brier score of always answering the observed share of late dossiers (the base rate), and by a
calibration table: dossiers in deciles of predicted risk, mean predicted against the share late.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.utils import timezone

from center import workdays
from monitoring.forecasts.model import dossier_spans, model_fit, model_predict, received_history


@dataclass
class CalibrationRow:
    low: float
    high: float
    count: int
    mean_risk: float
    observed: float


@dataclass
class Evaluation:
    until: dt.datetime
    trained_on: int
    scored: int  # finished since: scored on the finish and the risk
    still_open_late: int  # still open but past their time: scored on the risk (late)
    mae_model: float
    mae_legal: float
    brier: float
    brier_base_rate: float
    base_rate: float  # the share late among the scored, in hindsight
    prior: float  # the share late the history before DATE showed
    brier_prior: float
    calibration: list[CalibrationRow] = field(default_factory=list)
    by_level: dict[str, int] = field(default_factory=dict)


def forecast_evaluate(*, until: dt.datetime, calendar: workdays.WorkingCalendar | None = None) -> Evaluation:
    calendar = calendar or workdays.load_calendar()
    history = received_history()
    tables = model_fit(dossier_spans(history, at=until, calendar=calendar))
    trained_on = tables.curves["all"].size if "all" in tables.curves else 0
    open_then = [s for s in dossier_spans(history, at=until, calendar=calendar) if not s.finished]
    # As of now: those finished (scored on both), and those still open but already past their legal time
    # (late for sure: scored on the risk only). Leaving the latter out would keep only the quick ones.
    since = {
        s.pk: s
        for s in dossier_spans(
            history.filter(pk__in=[s.pk for s in open_then]), at=timezone.now(), calendar=calendar, stop_at=True
        )
    }
    pairs, known_late = [], []
    by_level: dict[str, int] = {}
    for span in open_then:
        final = since.get(span.pk)
        prediction = model_predict(tables, span) if final is not None else None
        if prediction is None:
            continue
        if final.finished:
            pairs.append((span, prediction, final.ratio))
        elif final.ratio > 1.0:
            known_late.append(prediction)
        else:
            continue
        by_level[prediction.level] = by_level.get(prediction.level, 0) + 1
    if not pairs:
        raise ValueError("No dossier open at that date has had its result since: nothing to score.")
    n = len(pairs)
    mae_model = sum(abs(p.p50_ratio - actual) * s.legal_days for s, p, actual in pairs) / n
    mae_legal = sum(abs(1.0 - actual) * s.legal_days for s, _p, actual in pairs) / n
    outcomes = [(p.overdue_risk, 1.0 if actual > 1.0 else 0.0) for _s, p, actual in pairs]
    outcomes += [(p.overdue_risk, 1.0) for p in known_late]
    base_rate = sum(y for _r, y in outcomes) / len(outcomes)
    brier = sum((r - y) ** 2 for r, y in outcomes) / len(outcomes)
    brier_base = sum((base_rate - y) ** 2 for _r, y in outcomes) / len(outcomes)
    # The share late that was known at DATE (the whole curve's S(1)): what a forecaster without the model says.
    prior = tables.curves["all"].value(1.0) if "all" in tables.curves else base_rate
    brier_prior = sum((prior - y) ** 2 for _r, y in outcomes) / len(outcomes)
    return Evaluation(
        until=until,
        trained_on=trained_on,
        scored=n,
        still_open_late=len(known_late),
        mae_model=mae_model,
        mae_legal=mae_legal,
        brier=brier,
        brier_base_rate=brier_base,
        base_rate=base_rate,
        prior=prior,
        brier_prior=brier_prior,
        calibration=calibration_table(outcomes),
        by_level=by_level,
    )


def calibration_table(outcomes: list[tuple[float, float]], bins: int = 10) -> list[CalibrationRow]:
    """Deciles of predicted risk (fixed-width bins 0-10 %, ..., 90-100 %), empty ones left out."""
    rows = []
    for i in range(bins):
        low, high = i / bins, (i + 1) / bins
        inside = [(r, y) for r, y in outcomes if low <= r < high or (i == bins - 1 and r == 1.0)]
        if inside:
            rows.append(
                CalibrationRow(
                    low=low,
                    high=high,
                    count=len(inside),
                    mean_risk=sum(r for r, _y in inside) / len(inside),
                    observed=sum(y for _r, y in inside) / len(inside),
                )
            )
    return rows
