"""Backtest the forecast: train on the history before a date, score the dossiers open at that date."""

import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from center import workdays
from monitoring.forecasts.evaluation import forecast_evaluate


def _day(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        pass
    try:
        day, month, year = (int(part) for part in value.split("/"))
        return dt.date(year, month, day)
    except ValueError:
        pass
    raise CommandError(f"Not a date: {value!r} (YYYY-MM-DD or DD/MM/YYYY)")


class Command(BaseCommand):
    help = "Score the overdue forecast against legal time: MAE of the finish, Brier score, calibration."

    def add_arguments(self, parser):
        parser.add_argument("--until", required=True, help="Train on history before this date (YYYY-MM-DD)")

    def handle(self, *args, until: str, **options):
        moment = dt.datetime.combine(_day(until), dt.time(0), tzinfo=workdays.local_zone())
        if moment > timezone.now():
            raise CommandError("The date must be in the past: the dossiers open then must have finished since.")
        try:
            e = forecast_evaluate(until=moment)
        except ValueError as error:
            raise CommandError(str(error)) from error
        out = self.stdout.write
        out(
            f"Trained on {e.trained_on:,} dossiers received before {until}; scored {e.scored:,} open then and "
            f"finished since (and {e.still_open_late:,} still open past their time, on the risk only)."
        )
        out(f"Groups used: {', '.join(f'{level} {n}' for level, n in sorted(e.by_level.items()))}")
        out(f"MAE of the finish (working days): model {e.mae_model:.2f}, legal time {e.mae_legal:.2f}")
        out(
            f"Brier score: model {e.brier:.4f}, base rate in hindsight {e.brier_base_rate:.4f} (late share "
            f"{e.base_rate:.1%}), base rate known then {e.brier_prior:.4f} ({e.prior:.1%})"
        )
        out("Calibration (predicted risk band: dossiers, mean predicted, observed late):")
        for row in e.calibration:
            out(f"  {row.low:4.0%}-{row.high:4.0%}: {row.count:5d}  {row.mean_risk:6.1%}  {row.observed:6.1%}")
