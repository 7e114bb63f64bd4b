"""Rows for comparing the baseline forecast with a gradient-boosting model (bench/forecast_gbm.py).

    DJANGO_SETTINGS_MODULE=center.settings .venv/bin/python bench/forecast_export.py --until 2026-09-01 \
        --out var/forecast_rows.csv

Trains the baseline (monitoring/forecasts) on the history before UNTIL and writes one CSV: training rows
(dossiers finished before UNTIL, each seen at three moments of its life before its result, as a model that
learns from examples needs them) and test rows (dossiers open at UNTIL that had their result since, with the
baseline's prediction for them), so both models are scored on the same dossiers.
"""

import argparse
import csv
import datetime as dt
import os
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "center.settings")

import django  # noqa: E402

django.setup()

from django.utils import timezone  # noqa: E402

from center import workdays  # noqa: E402
from monitoring.forecasts.model import dossier_spans, model_fit, model_predict, received_history  # noqa: E402

FIELDS = [
    "finished",
    "set",
    "procedure",
    "agency",
    "legal_days",
    "month",
    "elapsed",
    "paused_days",
    "final",
    "p50",
    "p90",
    "risk",
]


def _features(kind, span, elapsed) -> list:
    paused_days = round(span.paused_seconds / 86400, 3)
    month = span.received_at.month
    return [kind, span.procedure_id, span.agency_id, span.legal_days, month, round(elapsed, 4), paused_days]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--until", required=True)
    parser.add_argument("--out", default="var/forecast_rows.csv")
    args = parser.parse_args()
    until = dt.datetime.combine(dt.date.fromisoformat(args.until), dt.time(0), tzinfo=workdays.local_zone())
    calendar = workdays.load_calendar()
    history = received_history()
    before = dossier_spans(history, at=until, calendar=calendar)
    tables = model_fit(before)
    rng = random.Random(1)
    rows = []
    for span in before:
        if not span.finished:
            continue
        for _ in range(3):  # seen at three moments before its result
            elapsed = span.ratio * rng.random()
            rows.append([1, *_features("train", span, elapsed), round(span.ratio, 4), "", "", ""])
    open_then = [s for s in before if not s.finished]
    later = {
        s.pk: s
        for s in dossier_spans(history.filter(pk__in=[s.pk for s in open_then]), at=timezone.now(), calendar=calendar)
    }
    for span in open_then:
        final, prediction = later.get(span.pk), model_predict(tables, span)
        # Finished since, or still open past its legal time (late for sure: scored on the risk only), as in
        # monitoring/forecasts/evaluation.py.
        if final is None or prediction is None or not (final.finished or final.ratio > 1.0):
            continue
        predicted = [round(prediction.p50_ratio, 4), round(prediction.p90_ratio, 4), round(prediction.overdue_risk, 4)]
        rows.append([int(final.finished), *_features("test", span, span.ratio), round(final.ratio, 4), *predicted])
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    with open(args.out, "w", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(FIELDS)
        writer.writerows(rows)
    counts = {kind: sum(r[1] == kind for r in rows) for kind in ("train", "test")}
    print(f"{counts['train']} training rows, {counts['test']} test rows -> {args.out}")


if __name__ == "__main__":
    main()
