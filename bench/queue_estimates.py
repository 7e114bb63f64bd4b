"""How good are the live wait estimate and the arrivals forecast on the demo history? (issue 15)

    DATABASE_URL=postgres://…/center .venv/bin/python bench/queue_estimates.py [--weeks 12] [--held-out 2]

Needs a database loaded by `manage.py seed_demo` (its simulated queue history, counters/demo.py).

1. The wait estimate (counters/waits.py), replayed: for every ticket of the history, the estimate as the
   live page would have shown it when the ticket was taken (people waiting then, counters serving then:
   busy, or having called in the last 30 minutes, cycle time of the group's 30 tickets finished before),
   against the wait the ticket really had. Tickets taken when no counter of their group was serving have
   no estimate (the page says "no counter open") and are counted apart. A naive estimate (waiting x
   cycle / every counter of the group) is measured alongside.
2. The arrivals forecast (counters/staffing.py), on held-out weeks: for each of the last `--held-out`
   weeks, the forecast from the FORECAST_WEEKS weeks before it, per group, day and hour, against the
   tickets really taken; with "same hour last week" alongside. Also how often the counters needed
   (Erlang C, 15-minute target) from the forecast equal those from the real arrivals.
3. The site's live page: queries and milliseconds per request of its JSON (in-process test client).

Prints a readable report and one JSON line at the end.
"""

from __future__ import annotations

import argparse
import bisect
import datetime as dt
import json
import os
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "center.settings")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from counters import staffing, waits  # noqa: E402
from counters.models import Counter, ServiceGroup, Site, Ticket, TicketStatus  # noqa: E402

TARGET_MINUTES = 15


def _served_by(site: Site) -> dict[int, set[int]]:
    """For each group of the site, the counters that may call it."""
    groups = list(ServiceGroup.objects.filter(site=site).prefetch_related("agencies"))
    result = {}
    counters = list(Counter.objects.filter(site=site, is_active=True).prefetch_related("agencies"))
    for group in groups:
        agencies = {a.pk for a in group.agencies.all()}
        result[group.pk] = {c.pk for c in counters if agencies & {a.pk for a in c.agencies.all()}}
    return result


def replay_estimates(first: dt.date, last: dt.date) -> dict:
    errors, naive_errors, actual_waits, no_counter = [], [], [], 0
    for site in Site.objects.all():
        served_by = _served_by(site)
        tickets = list(
            Ticket.objects.filter(group__site=site, day__range=(first, last), first_called_at__isnull=False)
            .exclude(status=TicketStatus.WAITING)
            .order_by("issued_at")
            .values("group_id", "day", "issued_at", "first_called_at", "finished_at", "counter_id", "wait_seconds")
        )
        finished: dict[int, list[tuple[dt.datetime, float]]] = defaultdict(list)
        for t in sorted(tickets, key=lambda t: t["finished_at"] or t["first_called_at"]):
            if t["finished_at"]:
                finished[t["group_id"]].append(
                    (t["finished_at"], (t["finished_at"] - t["first_called_at"]).total_seconds())
                )
        finish_times = {g: [f for f, _c in rows] for g, rows in finished.items()}
        by_day: dict[dt.date, list[dict]] = defaultdict(list)
        for t in tickets:
            by_day[t["day"]].append(t)
        for _day, day_tickets in by_day.items():
            calls = sorted((t["first_called_at"], t["counter_id"], t["finished_at"]) for t in day_tickets)
            call_times = [c[0] for c in calls]
            of_group: dict[int, list[dict]] = defaultdict(list)
            for t in day_tickets:
                of_group[t["group_id"]].append(t)
            for t in day_tickets:
                now, group = t["issued_at"], t["group_id"]
                same = [o for o in of_group[group] if o is not t]
                ahead = sum(1 for o in same if o["issued_at"] < now and o["first_called_at"] > now)
                busy = sum(1 for o in same if o["first_called_at"] <= now < (o["finished_at"] or now))
                window = now - waits.OPEN_IF_CALLED_WITHIN
                # Calls of the last three hours: one still in service, or one in the last 30 minutes.
                lo = bisect.bisect_left(call_times, now - dt.timedelta(hours=3))
                hi = bisect.bisect_right(call_times, now)
                serving = {
                    counter
                    for called, counter, done in calls[lo:hi]
                    if counter in served_by[group] and (window <= called or now < (done or now))
                }
                place = bisect.bisect_right(finish_times.get(group, []), now)
                recent = [c for _f, c in finished.get(group, [])[max(place - waits.RECENT_TICKETS, 0) : place]]
                cycle = sum(recent) / len(recent) if recent else waits.DEFAULT_CYCLE_SECONDS
                estimate = waits.estimated_wait_seconds(
                    ahead=ahead, busy=busy, counters=len(serving), cycle_seconds=cycle
                )
                if estimate is None:
                    no_counter += 1
                    continue
                actual = t["wait_seconds"]
                naive = ahead * cycle / max(len(served_by[group]), 1)
                errors.append((estimate - actual) / 60)
                naive_errors.append((naive - actual) / 60)
                actual_waits.append(actual / 60)
    return {
        "tickets": len(errors),
        "no_counter_open": no_counter,
        "mean_actual_wait_min": round(statistics.mean(actual_waits), 2),
        "mae_min": round(statistics.mean(abs(e) for e in errors), 2),
        "median_abs_error_min": round(statistics.median(abs(e) for e in errors), 2),
        "p90_abs_error_min": round(sorted(abs(e) for e in errors)[int(0.9 * len(errors))], 2),
        "bias_min": round(statistics.mean(errors), 2),
        "within_5_min": round(sum(1 for e in errors if abs(e) <= 5) / len(errors), 3),
        "naive_mae_min": round(statistics.mean(abs(e) for e in naive_errors), 2),
    }


def forecast_held_out(today: dt.date, held_out: int) -> dict:
    abs_errors, naive_errors, actual_totals, forecast_totals, same_counters, hours = [], [], 0.0, 0.0, 0, 0
    cycles = waits.cycle_seconds_by_group(list(ServiceGroup.objects.values_list("pk", flat=True)))
    monday = today - dt.timedelta(days=today.weekday())
    for week in range(held_out, 0, -1):
        test_first = monday - dt.timedelta(weeks=week)
        test_last = test_first + dt.timedelta(days=6)
        train_first = test_first - dt.timedelta(weeks=staffing.FORECAST_WEEKS)
        train_last = test_first - dt.timedelta(days=1)
        counts = staffing.hourly_counts(site_ids=None, first=train_first, last=test_last)
        train = {k: n for k, n in counts.items() if k[1] <= train_last}
        forecast = staffing.forecast_from_counts(train, days=staffing.open_days(train, train_first, train_last))
        test_days = staffing.open_days(counts, test_first, test_last)
        keys = {(g, h) for (g, _w, h) in forecast} | {(g, h) for (g, d, h) in counts if d in test_days}
        for day in test_days:
            for group, hour in keys:
                actual = counts.get((group, day, hour), 0)
                predicted = forecast.get((group, day.weekday(), hour), 0.0)
                last_week = counts.get((group, day - dt.timedelta(weeks=1), hour), 0)
                abs_errors.append(abs(predicted - actual))
                naive_errors.append(abs(last_week - actual))
                actual_totals += actual
                forecast_totals += predicted
                cycle = cycles.get(group, waits.DEFAULT_CYCLE_SECONDS)
                needed_forecast = staffing.counters_needed(predicted, cycle, TARGET_MINUTES * 60)
                needed_actual = staffing.counters_needed(actual, cycle, TARGET_MINUTES * 60)
                same_counters += needed_forecast == needed_actual
                hours += 1
    mean_actual = actual_totals / hours if hours else 0
    return {
        "group_hours": hours,
        "mean_arrivals_per_group_hour": round(mean_actual, 2),
        "mae_arrivals": round(statistics.mean(abs_errors), 2),
        "wape": round(sum(abs_errors) / actual_totals, 3) if actual_totals else None,
        "volume_bias": round((forecast_totals - actual_totals) / actual_totals, 3) if actual_totals else None,
        "naive_last_week_mae": round(statistics.mean(naive_errors), 2),
        "counters_needed_equal_share": round(same_counters / hours, 3) if hours else None,
    }


def live_page_cost(runs: int = 50) -> dict:
    site = Site.objects.order_by("pk").first()
    client = Client(HTTP_HOST="localhost")
    url = reverse("site-live-data", args=[site.code])
    api = reverse("api-public-sites")
    result = {}
    for name, address in (("healthz_baseline", reverse("healthz")), ("site_json", url), ("sites_api", api)):
        client.get(address)  # warm: the cycle times' cache
        queries: list[str] = []

        def count(execute, sql, *args, into=queries):
            into.append(sql)
            return execute(sql, *args)

        with connection.execute_wrapper(count):
            client.get(address)
        took = []
        for _ in range(runs):
            started = time.perf_counter()
            response = client.get(address)
            took.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, response.status_code
        result[name] = {"queries": len(queries), "median_ms": round(statistics.median(took), 1)}
    return result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--weeks", type=int, default=12, help="history replayed for the wait estimate")
    parser.add_argument("--held-out", type=int, default=2, help="weeks held out for the forecast")
    args = parser.parse_args()
    today = timezone.localdate()
    started = time.monotonic()
    estimate = replay_estimates(today - dt.timedelta(weeks=args.weeks), today - dt.timedelta(days=1))
    print("wait estimate:", estimate)
    forecast = forecast_held_out(today, args.held_out)
    print("arrivals forecast:", forecast)
    cost = live_page_cost()
    print("live page cost:", cost)
    print(f"({time.monotonic() - started:.0f} s)")
    print(json.dumps({"wait_estimate": estimate, "forecast": forecast, "live_page": cost}))


if __name__ == "__main__":
    main()
