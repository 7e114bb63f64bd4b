"""Supervision at scale (issue 17), on a database loaded by bench/load.py; run by `make bench` (bench/run.sh).

    DATABASE_URL=postgres://…/bench10m .venv/bin/python bench/scale.py [--runs 5] [--receives 30]

Warm medians (a first request is thrown away) of:
1. the director's dashboard page (/giam-sat/, user giamdoc, in-process test client) for the last closed
   month, the current month, the last closed year, the current year and the last five years (a custom
   period); with its SQL query count, and the form's error when the page refuses the period;
2. the scorecard API (/api/v1/monitoring/scorecard/?from=&to=) for the last closed month and the current one;
3. receiving a dossier (dossiers.services.dossier_receive) with the rollups maintained and with
   settings.ROLLUPS_MAINTAINED = False, interleaved, each in a transaction rolled back;
4. `manage.py verify_rollups` over the whole history and over the last closed month: time and exit status
   ("not available" while the command does not exist).

Prints one JSON object on the last line.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import signal
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "center.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth.models import User  # noqa: E402
from django.db import OperationalError, connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from dossiers import services  # noqa: E402
from dossiers.models import Dossier  # noqa: E402
from monitoring.periods import add_months  # noqa: E402

SLOW = 5.0  # seconds: a first request slower than this is the only one (runs 0 in the output)
LIMIT = int(os.environ.get("BENCH_LIMIT", "180"))  # seconds: a request still running then is stopped
VERIFY_LIMIT = int(os.environ.get("BENCH_VERIFY_LIMIT", "1800"))  # seconds: the same for verify_rollups
APPLICANT = services.Applicant(name="Đỗ Minh Quân", id_number="001203004567", phone="0912345678")


def ms(seconds: float) -> float:
    return round(seconds * 1000, 1)


def periods(today: dt.date) -> dict[str, dict[str, str]]:
    this_month = today.replace(day=1)
    last_month = add_months(this_month, -1)
    five_years_ago = today.replace(year=today.year - 5) + dt.timedelta(days=1)
    return {
        "month_closed": {"period": "month", "month": f"{last_month:%Y-%m}"},
        "month_current": {"period": "month", "month": f"{this_month:%Y-%m}"},
        "year_closed": {"period": "year", "year": str(today.year - 1)},
        "year_current": {"period": "year", "year": str(today.year)},
        "five_years": {"period": "custom", "from": five_years_ago.isoformat(), "to": today.isoformat()},
    }


class TooSlow(Exception):
    pass


def _alarm(_signum, _frame):
    raise TooSlow


def measure_get(client: Client, url: str, params: dict, runs: int) -> dict:
    """Median time of `runs` warm GETs, the queries of one, and why the page refused, if it did. A first
    request still running after LIMIT seconds is stopped (SIGALRM, and the same statement_timeout)."""
    signal.signal(signal.SIGALRM, _alarm)
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        try:
            with connection.cursor() as cursor:
                cursor.execute("SET statement_timeout = %s", [f"{LIMIT}s"])
            signal.alarm(LIMIT)
            first = client.get(url, params, HTTP_HOST="127.0.0.1")
        except (TooSlow, OperationalError):
            connection.close()  # a fresh connection for what follows
            return {"status": None, "stopped_after_s": LIMIT, "runs": 0, "median_ms": ms(LIMIT)}
        finally:
            signal.alarm(0)
        first_s = time.perf_counter() - started
    result = {"status": first.status_code, "queries": len(queries)}
    form = (first.context or {}).get("form") if first.context is not None else None
    if form is not None and form.errors:
        result["refused"] = "; ".join(str(e) for errors in form.errors.values() for e in errors)
    if first_s > SLOW:
        # Far from any goal: the first request's time says enough (the bench must finish on 10M without rollups).
        return {**result, "runs": 0, "median_ms": ms(first_s), "min_ms": ms(first_s), "max_ms": ms(first_s)}
    times = []
    for _run in range(runs):  # the queries counted are the first request's, at every size (like with like)
        started = time.perf_counter()
        response = client.get(url, params, HTTP_HOST="127.0.0.1")
        times.append(time.perf_counter() - started)
        assert response.status_code == first.status_code, (url, response.status_code)
    result["runs"] = runs
    result["median_ms"] = ms(statistics.median(times))
    result["min_ms"], result["max_ms"] = ms(min(times)), ms(max(times))
    return result


def bench_receive(receives: int) -> dict:
    """Interleaved receives with and without the rollups, each rolled back (the database stays as loaded)."""
    sample = Dossier.objects.filter(channel="counter", counter__isnull=False, received_by__isnull=False)
    sample = sample.select_related("procedure__agency", "counter", "received_by").order_by("id").first()
    if sample is None:
        return {"skipped": "no dossier received at a counter to copy"}
    maintained_available = hasattr(settings, "ROLLUPS_MAINTAINED")

    def receive() -> float:
        with transaction.atomic():
            started = time.perf_counter()
            services.dossier_receive(
                procedure=sample.procedure, applicant=APPLICANT, by=sample.received_by, counter=sample.counter
            )
            elapsed = time.perf_counter() - started
            transaction.set_rollback(True)
        return elapsed

    def without() -> float:
        # Set directly, not with override_settings: its setting_changed signal clears caches, and the receive
        # after it (always the other arm) would pay for filling them again (+7 % with the same code in both).
        before = getattr(settings, "ROLLUPS_MAINTAINED", None)
        settings.ROLLUPS_MAINTAINED = False
        try:
            return receive()
        finally:
            if maintained_available:
                settings.ROLLUPS_MAINTAINED = before
            else:
                del settings.ROLLUPS_MAINTAINED

    for _ in range(3):  # warm: code sequences, calendars, caches
        receive(), without()
    with_rollups, without_rollups = [], []
    for i in range(receives):
        # Alternate which goes first, so neither always follows the other.
        if i % 2:
            with_rollups.append(receive())
            without_rollups.append(without())
        else:
            without_rollups.append(without())
            with_rollups.append(receive())
    a, b = statistics.median(with_rollups), statistics.median(without_rollups)
    return {
        "setting_exists": maintained_available,
        "with_rollups_ms": ms(a),
        "without_rollups_ms": ms(b),
        "slower_pct": round((a / b - 1) * 100, 1),
        "receives": receives,
    }


def command_exists(name: str) -> bool:
    run = subprocess.run([sys.executable, "manage.py", "help", name], cwd=ROOT, capture_output=True, text=True)
    return run.returncode == 0


def bench_verify(today: dt.date) -> dict:
    if not command_exists("verify_rollups"):
        return {"available": False}
    last_month = add_months(today.replace(day=1), -1)
    month_end = today.replace(day=1) - dt.timedelta(days=1)
    results = {"available": True}
    for name, args in (
        ("all", []),
        ("month_closed", ["--from", last_month.isoformat(), "--to", month_end.isoformat()]),
    ):
        started = time.perf_counter()
        try:
            run = subprocess.run(
                [sys.executable, "manage.py", "verify_rollups", *args],
                cwd=ROOT, capture_output=True, text=True, timeout=VERIFY_LIMIT,
            )  # fmt: skip
        except subprocess.TimeoutExpired:
            results[name] = {"seconds": VERIFY_LIMIT, "exit_status": None, "last_lines": ["stopped (too long)"]}
            continue
        output = (run.stdout + run.stderr).strip().splitlines()
        results[name] = {
            "seconds": round(time.perf_counter() - started, 1),
            "exit_status": run.returncode,
            "last_lines": [line for line in output if " INFO " not in line][-3:],
        }
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=int(os.environ.get("BENCH_RUNS", "5")))
    parser.add_argument("--receives", type=int, default=40)
    parser.add_argument("--skip-verify", action="store_true")
    options = parser.parse_args()
    assert connection.vendor == "postgresql", "the benchmarks are for PostgreSQL"
    setup_test_environment()  # responses carry their template context (the form's errors)
    settings.ALLOWED_HOSTS = ["*"]
    # No collectstatic needed: plain static URLs (a dictionary lookup less per asset than the manifest's).
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    today = timezone.localdate()
    result = {
        "database": settings.DATABASES["default"]["NAME"],
        "dossiers": Dossier.objects.count(),
        "open_dossiers": Dossier.objects.open().count(),
        "load_average_before": " ".join(Path("/proc/loadavg").read_text().split()[:3]),
        "rollups_setting": getattr(settings, "ROLLUPS_MAINTAINED", "absent"),
    }
    # What beat does every few minutes (CELERY_BEAT_SCHEDULE["scorecards-refresh-open"]): the open month, quarter
    # and year's scorecard counts, kept so that pages read them (closed periods: keep_scorecards, run.sh).
    from monitoring.scorecard.services import scorecards_refresh_open

    began = time.monotonic()
    scorecards_refresh_open()
    result["scorecards_refresh_open_s"] = round(time.monotonic() - began, 1)
    director = User.objects.get(username="giamdoc")
    client = Client()
    client.force_login(director)
    result["dashboard"] = {
        name: measure_get(client, reverse("monitoring-dashboard"), params, options.runs)
        for name, params in periods(today).items()
    }
    this_month = today.replace(day=1)
    last_month = add_months(this_month, -1)
    scorecard_url = reverse("api-monitoring-scorecard")
    month_end = this_month - dt.timedelta(days=1)
    this_month_end = add_months(this_month, 1) - dt.timedelta(days=1)
    result["scorecard_api"] = {
        "month_closed": measure_get(
            client, scorecard_url, {"from": last_month.isoformat(), "to": month_end.isoformat()}, options.runs
        ),
        "month_current": measure_get(
            client, scorecard_url, {"from": this_month.isoformat(), "to": this_month_end.isoformat()}, options.runs
        ),
    }  # fmt: skip
    result["receive"] = bench_receive(options.receives)
    if not options.skip_verify:
        result["verify_rollups"] = bench_verify(today)
    result["load_average_after"] = " ".join(Path("/proc/loadavg").read_text().split()[:3])
    print(json.dumps(result, ensure_ascii=False, default=str))


if __name__ == "__main__":
    main()
