"""Benchmarks of supervision (issue 5) on PostgreSQL, run by `make bench` (bench/run.sh).

    DATABASE_URL=postgres://…/bench .venv/bin/python bench/supervision.py [--queries-only]

1. Dashboard aggregation for a year (the grouped query behind the tiles and the agency table) against
   one hand-written SQL GROUP BY computing the same counts per agency, same data, same run; median of
   several runs each, interleaved. Also the whole dashboard page.
2. The deadline sweep: the first one (no watermark) and a second one with nothing new.
3. SQL queries of the dashboard page (printed; run.sh compares two data sizes).

Prints one JSON object on the last line so run.sh can collect the figures.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "center.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth.models import User  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from center import roles  # noqa: E402
from dossiers.models import Dossier  # noqa: E402
from monitoring.metrics import Scope  # noqa: E402
from monitoring.models import Alert, DeadlineRecheck, OutboxMessage, SweepState  # noqa: E402
from monitoring.periods import last_twelve_months  # noqa: E402
from monitoring.selectors import dashboard  # noqa: E402
from monitoring.services import deadline_sweep  # noqa: E402
from monitoring.thresholds import thresholds_at  # noqa: E402

RUNS = int(os.environ.get("BENCH_RUNS", "7"))

HAND_WRITTEN = """
SELECT agency_id,
  COUNT(*) FILTER (WHERE received_at >= %(start)s AND received_at < %(end)s) AS received,
  COUNT(*) FILTER (WHERE result_ready_at >= %(start)s AND result_ready_at < %(end)s) AS resolved,
  COUNT(*) FILTER (WHERE result_ready_at >= %(start)s AND result_ready_at < %(end)s AND outcome = 'early') AS early,
  COUNT(*) FILTER (WHERE result_ready_at >= %(start)s AND result_ready_at < %(end)s AND outcome = 'on_time') AS on_time,
  COUNT(*) FILTER (WHERE result_ready_at >= %(start)s AND result_ready_at < %(end)s AND outcome = 'late') AS late,
  COUNT(*) FILTER (WHERE received_at >= %(start)s AND received_at < %(end)s
                   AND status IN ('stopped', 'withdrawn')) AS stopped,
  COUNT(*) FILTER (WHERE status IN ('received', 'in_progress', 'awaiting_supplement', 'awaiting_payment')) AS open,
  COUNT(*) FILTER (WHERE status IN ('received', 'in_progress') AND due_at < %(now)s) AS overdue,
  COUNT(*) FILTER (WHERE status IN ('received', 'in_progress') AND due_at >= %(now)s
                   AND due_at <= %(near)s) AS near_due,
  COUNT(*) FILTER (WHERE received_at >= %(start)s AND received_at < %(end)s AND channel = 'online') AS online,
  COUNT(*) FILTER (WHERE received_at >= %(start)s AND received_at < %(end)s AND channel = 'post') AS post
FROM dossiers_dossier
WHERE (received_at >= %(start)s AND received_at < %(end)s)
   OR (result_ready_at >= %(start)s AND result_ready_at < %(end)s)
   OR status IN ('received', 'in_progress', 'awaiting_supplement', 'awaiting_payment')
GROUP BY agency_id
"""


def timed(fn) -> tuple[float, object]:
    started = time.perf_counter()
    result = fn()
    return time.perf_counter() - started, result


def director() -> User:
    user = User.objects.filter(groups__name=roles.CENTER_DIRECTOR, staff_profile__agency__isnull=True).first()
    if user is None:
        sys.exit("No center director: load the demo data first (manage.py seed_demo).")
    return user


def page_queries(client: Client, url: str) -> tuple[int, float]:
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        response = client.get(url, HTTP_HOST="127.0.0.1")
        elapsed = time.perf_counter() - started
    assert response.status_code == 200, response.status_code
    return len(queries), elapsed


def bench_aggregation(period) -> dict:
    now = timezone.now()
    t = thresholds_at(now)
    scope = Scope(period=period, now=now, near_due_until=t.near_due_until)
    params = {"start": period.start, "end": period.end, "now": now, "near": t.near_due_until}

    def hand_written():
        with connection.cursor() as cursor:
            cursor.execute(HAND_WRITTEN, params)
            return cursor.fetchall()

    def orm():
        return dashboard.aggregate_rows(scope)

    hand_written(), orm()  # warm the cache: both read the same pages
    sql_times, orm_times = [], []
    for _ in range(RUNS):
        sql_times.append(timed(hand_written)[0])
        orm_times.append(timed(orm)[0])
    # Same numbers, per agency.
    per_agency = {}
    for row in orm():
        totals = per_agency.setdefault(row["agency_id"], [0] * 11)
        for i, key in enumerate(dashboard.AGGREGATED):
            totals[i] += row[key]
    assert {r[0]: list(r[1:]) for r in hand_written()} == per_agency, "the two queries disagree"
    procedures, agencies = dashboard.procedure_catalogue(), dashboard.agency_catalogue()
    full = [timed(lambda: dashboard.aggregate(scope, procedures=procedures, agencies=agencies))[0] for _ in range(3)]
    return {
        "hand_written_sql_s": round(statistics.median(sql_times), 3),
        "orm_aggregation_s": round(statistics.median(orm_times), 3),
        "ratio": round(statistics.median(orm_times) / statistics.median(sql_times), 2),
        "all_aggregates_with_trend_and_ratings_s": round(statistics.median(full), 3),
        "runs": RUNS,
    }


def bench_sweeps() -> dict:
    # Start from nothing: the sweep's own tables only (dossiers are left as generated).
    OutboxMessage.objects.filter(template__startswith="alert_").delete()
    Alert.objects.all().delete()
    DeadlineRecheck.objects.all().delete()
    SweepState.objects.all().delete()
    first_s, first = timed(deadline_sweep)
    second_s, second = timed(lambda: deadline_sweep(now=timezone.now()))
    third_s, third = timed(lambda: deadline_sweep(now=timezone.now() + dt.timedelta(minutes=5)))
    return {
        "first_sweep_s": round(first_s, 3),
        "first_sweep_dossiers_read": first.candidates,
        "first_sweep_alerts": first.alerts,
        "first_sweep_messages": first.messages,
        "second_sweep_nothing_new_s": round(second_s, 4),
        "second_sweep_dossiers_read": second.candidates,
        "sweep_five_minutes_later_s": round(third_s, 4),
        "sweep_five_minutes_later_dossiers_read": third.candidates,
        "sweep_five_minutes_later_alerts": third.alerts_raised,
    }


def main() -> None:
    assert connection.vendor == "postgresql", "the benchmarks are for PostgreSQL"
    settings.ALLOWED_HOSTS = ["*"]
    open_dossiers = Dossier.objects.open().count()
    result = {"dossiers": Dossier.objects.count(), "open_dossiers": open_dossiers}
    client = Client()
    client.force_login(director())
    year = last_twelve_months(timezone.localdate())
    url = f"/giam-sat/?period=custom&from={year.first:%Y-%m-%d}&to={year.last:%Y-%m-%d}"
    page_queries(client, url)  # warm up
    queries, elapsed = page_queries(client, url)
    result["dashboard_page_queries"] = queries
    result["dashboard_page_year_s"] = round(elapsed, 3)
    result["dashboard_page_month_queries"], month_s = page_queries(client, "/giam-sat/")
    result["dashboard_page_month_s"] = round(month_s, 3)
    if "--queries-only" not in sys.argv:
        result["aggregation_year"] = bench_aggregation(year)
        result["sweeps"] = bench_sweeps()
    print(json.dumps(result, ensure_ascii=False, default=str))


if __name__ == "__main__":
    main()
