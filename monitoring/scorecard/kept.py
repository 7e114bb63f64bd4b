"""The scorecard's facts in their counts-only form, from the counts kept per period (monitoring.models.
KeptScorecard, written by monitoring/scorecard/services.py): the scorecard, its ranking and its trend read
one row per period instead of the period's dossiers. The lists behind each number still load the live sets
(load_facts); the catalogue's sets, "as of now", are always read live (one query).

Which counts are read: a closed month, quarter or year's final row (computed after it closed, never changed);
an open one's row if computed less than SCORECARD_OPEN_MAX_AGE_MINUTES ago (beat refreshes it twice in that
time), or three times its recount's duration when that is longer (`max_age`). Without such a row the page
counts the live sets, as it always did, and hands the keeping to a task (after its commit): pages only read,
possibly from the replica, and a closed period's final counts are written from the primary. Custom dates
that are not a whole month, quarter or year are always counted live.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import Counter

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from center import workdays
from center.redis_guard import redis_address, redis_skipped, redis_unanswered
from monitoring.models import KeptScorecard
from monitoring.periods import MONTH, QUARTER, YEAR, Period, month_period, quarter_period_of, year_period
from monitoring.scorecard.facts import Facts, catalogue_sets, fee_procedures_paid_online, load_facts
from monitoring.scorecard.services import judging_rules

log = logging.getLogger("monitoring.scorecard")


def kept_period(period: Period) -> Period | None:
    """The month, quarter or year with the same days as `period` (custom dates may be one), or None."""
    first, last = period.first, period.last
    if first.day != 1:
        return None
    candidates = [month_period(first)]
    if first.month % 3 == 1:
        candidates.append(quarter_period_of(first))
    if first.month == 1:
        candidates.append(year_period(first.year))
    return next((p for p in candidates if p.last == last and p.kind in (MONTH, QUARTER, YEAR)), None)


def max_age(row: KeptScorecard) -> dt.timedelta:
    """How old an open period's counts may be: SCORECARD_OPEN_MAX_AGE_MINUTES (N), or three times the time
    they took to count when that is longer than N/3. Beat recounts every N/2 and never the same period twice
    at once, so a row is replaced at the latest N/2 + d after it was counted when its recount takes d ≤ N/2,
    and 2d + N/2 < 3d when d > N/2: a kept row is always read, however long a year's recount takes."""
    bound = dt.timedelta(minutes=settings.SCORECARD_OPEN_MAX_AGE_MINUTES)
    return max(bound, 3 * dt.timedelta(milliseconds=row.duration_ms))


def usable(row: KeptScorecard | None, period: Period, now: dt.datetime) -> bool:
    """A final row always; an open period's row while young enough (never once its period has closed)."""
    if row is None:
        return False
    return row.final or (period.end > now and row.computed_at > now - max_age(row))


def counted_facts(row: KeptScorecard, period: Period, catalogue: dict) -> Facts:
    facts = Facts(period, sets=dict(catalogue))
    facts.sets["fee_procedures_paid_online"] = fee_procedures_paid_online(
        catalogue["fee_procedures"], set(row.paid_procedures)
    )
    facts.tallies = {
        name: Counter({int(agency) if agency else None: n for agency, n in per_agency.items()})
        for name, per_agency in row.counts.items()
    }
    return facts


def _row(period: Period, site_id: int | None) -> KeptScorecard | None:
    rows = KeptScorecard.objects.filter(kind=period.kind, first=period.first, site_id=site_id, rules=judging_rules())
    row = rows.first()
    return row if usable(row, period, timezone.now()) else None


def keep_later(period: Period, site_id: int | None) -> None:
    """Have a worker keep the period's counts (once per period and site while the first request is pending);
    a broker that is down is logged, never raised: beat keeps them anyway."""
    key = f"scorecard-keep:{judging_rules()}:{period.kind}:{period.first}:{site_id}"
    if cache.add(key, 1, timeout=120):
        transaction.on_commit(lambda: _publish(period, site_id))


def _publish(period: Period, site_id: int | None) -> None:
    from monitoring import tasks

    broker = redis_address(settings.CELERY_BROKER_URL)
    if redis_skipped(broker):
        return
    try:
        tasks.scorecard_keep_task.delay(period.kind, period.first.isoformat(), site_id)
    except Exception as exc:  # kombu.OperationalError, redis/socket errors: the broker is unreachable
        redis_unanswered(broker)
        log.warning("scorecard_keep_publish_failed", extra={"period": period.slug, "error": repr(exc)})


def scorecard_facts(period: Period, *, site_id: int | None = None, catalogue: dict | None = None) -> Facts:
    """The period's facts for the scorecard and the ranking: the counts kept (two queries) when the period is
    a month, quarter or year with a usable row, else the live sets (and the row kept by a task)."""
    wanted = kept_period(period)
    row = _row(wanted, site_id) if wanted is not None else None
    catalogue = catalogue if catalogue is not None else catalogue_sets()
    if row is not None:
        return counted_facts(row, period, catalogue)
    if wanted is not None:
        keep_later(wanted, site_id)
    return load_facts(period, site_id=site_id, catalogue=catalogue)


def monthly_facts(months: list[Period]) -> list[Facts]:
    """The facts of several months at all sites (the trend): the kept rows in one query; a month without a
    usable one counted live (the calendar and the catalogue read once) and kept by a task."""
    catalogue = catalogue_sets()
    rows = KeptScorecard.objects.filter(
        kind=MONTH, first__in=[m.first for m in months], site__isnull=True, rules=judging_rules()
    )
    by_first = {row.first: row for row in rows}
    now, calendar, facts = timezone.now(), None, []
    for month in months:
        row = by_first.get(month.first)
        if usable(row, month, now):
            facts.append(counted_facts(row, month, catalogue))
            continue
        calendar = calendar or workdays.load_calendar()
        keep_later(month, None)
        facts.append(load_facts(month, calendar=calendar, catalogue=catalogue))
    return facts
