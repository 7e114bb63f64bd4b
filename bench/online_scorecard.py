"""The scorecard's online and digitisation figures on the demo data (the issue's closing note), with a real
clamd so the demo's files are scanned: seeds the demo into DATABASE_URL (it must be empty), then prints the
online service and digitisation indicators for the current month and the year so far.

    DATABASE_URL=postgres://.../scratch .venv/bin/python bench/online_scorecard.py [--dossiers N]
"""

import argparse
import datetime as dt
import os
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "center.settings")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--dossiers", type=int, default=5000)
    args = parser.parse_args()
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.utils import timezone

    from tests.clamd import clamd_start, clamd_stop

    clamd = clamd_start(Path(tempfile.mkdtemp(prefix="bench-clamd-")))
    settings.CLAMD_SOCKET = clamd.socket
    try:
        call_command("migrate", verbosity=0)
        call_command("seed_demo", "--dossiers", str(args.dossiers))
        from monitoring.periods import Period
        from monitoring.scorecard.build import scorecard

        today = timezone.localdate()
        for period in (Period(kind="month", first=today.replace(day=1), last=today),
                       Period(kind="year", first=dt.date(today.year, 1, 1), last=today)):  # fmt: skip
            card = scorecard(period)
            print(f"\n{period.first:%d/%m/%Y}–{period.last:%d/%m/%Y}: total {card.total_points:.2f} / 100")
            for indicator in card.indicators:
                if indicator.key in {
                    "full_online", "procedures_online", "channel_share", "electronic_results",
                    "digitised_dossiers", "reused_data", "population_database_dossiers",
                }:  # fmt: skip
                    value = "n/a" if indicator.value is None else f"{indicator.value:.1%}"
                    print(
                        f"  {indicator.key:30} {indicator.numerator}/{indicator.denominator} = {value}, "
                        f"{indicator.points:.2f} of {indicator.max_points} points"
                        + (f" (not measured: {indicator.why_not})" if not indicator.measured else "")
                    )
    finally:
        clamd_stop(clamd)


if __name__ == "__main__":
    main()
