"""Keeping the scorecard's counts (monitoring.models.KeptScorecard): computed from the live sets once a
period has closed, and every few minutes for the periods still open (Celery beat, monitoring/tasks.py).

A closed period is judged as of its end (monitoring/scorecard/progress.py), so its counts are computed once
and never written again unless asked (`recompute`, from `manage.py keep_scorecards --recompute`). Keeping
is idempotent: running it twice writes the same counts, a closed period already kept is left alone, and
two workers keeping the same period at once leave one row (the unique constraints; the row is locked).
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections import Counter

from django.db import IntegrityError, transaction
from django.utils import timezone

from center import workdays
from counters.models import Site
from monitoring.models import KeptScorecard
from monitoring.periods import MONTH, QUARTER, YEAR, Period, add_months, month_period, quarter_period_of, year_period
from monitoring.scorecard.facts import FROM_CATALOGUE, SETS, Facts, catalogue_sets, load_facts_per_site, paid_procedures

log = logging.getLogger("monitoring.scorecard")

KEPT_SETS = tuple(name for name in SETS if name not in FROM_CATALOGUE)


def judging_rules() -> str:
    """The settings the counts depend on (monitoring/scorecard/progress.py): rows kept under others are not read."""
    from django.conf import settings

    return f"date{int(settings.SCORECARD_ON_TIME_BY_DATE)}-pay{int(settings.SCORECARD_SUBTRACT_PAYMENT_WAIT)}"


def set_counts(facts: Facts) -> dict[str, dict[str, int]]:
    """Each kept set's members per agency ("" for none), as stored in KeptScorecard.counts."""
    return {
        name: {"" if agency is None else str(agency): n for agency, n in Counter(facts.sets[name].values()).items()}
        for name in KEPT_SETS
    }


def kept_rows(period: Period, site_ids: list[int | None]):
    rows = KeptScorecard.objects.filter(kind=period.kind, first=period.first, rules=judging_rules())
    return rows.filter(site__isnull=True) if site_ids == [None] else rows


def _store(period: Period, site_id: int | None, values: dict, *, recompute: bool) -> KeptScorecard:
    """Write one period's counts for one site, unless a final row is there already (and not `recompute`)."""
    key = {"kind": period.kind, "first": period.first, "rules": judging_rules(), "site_id": site_id}
    for _attempt in range(2):
        with transaction.atomic():
            row = KeptScorecard.objects.select_for_update().filter(**key).first()
            if row is not None and row.final and not recompute:
                return row  # another worker closed it meanwhile
            if row is not None:
                for field, value in values.items():
                    setattr(row, field, value)
                row.save()
                return row
            try:
                with transaction.atomic():
                    return KeptScorecard.objects.create(**key, **values)
            except IntegrityError:
                continue  # created by another worker since: lock it and write over it (if still open)
    raise RuntimeError(f"could not keep the scorecard of {period} for site {site_id}")


def scorecard_keep(
    *, period: Period, site_ids: list[int | None], recompute: bool = False, calendar=None, catalogue=None
) -> dict[int | None, KeptScorecard]:
    """Compute and keep the period's counts for each site of `site_ids` (None: every site), reading the
    period's dossiers once. Closed periods already kept are returned as they are, unless `recompute`."""
    assert period.kind in (MONTH, QUARTER, YEAR), period
    now = timezone.now()  # before reading: the counts hold at least everything up to now
    kept = {row.site_id: row for row in kept_rows(period, site_ids).filter(final=True)} if not recompute else {}
    kept = {site_id: kept[site_id] for site_id in site_ids if site_id in kept}
    todo = [site_id for site_id in site_ids if site_id not in kept]
    if not todo:
        return kept
    started = time.monotonic()
    per_site = load_facts_per_site(period, todo, calendar=calendar, catalogue=catalogue)
    paid = sorted(paid_procedures(period.start, period.end))
    duration_ms = int((time.monotonic() - started) * 1000)
    for site_id, facts in per_site.items():
        values = {
            "last": period.last, "counts": set_counts(facts), "paid_procedures": paid,
            "computed_at": now, "duration_ms": duration_ms, "final": period.end <= now,
        }  # fmt: skip
        kept[site_id] = _store(period, site_id, values, recompute=recompute)
    log.info("scorecard kept", extra={"period": period.slug, "sites": len(todo), "ms": duration_ms})
    return kept


def _all_sites() -> list[int | None]:
    return [None, *Site.objects.order_by("pk").values_list("pk", flat=True)]


def periods_closed_since(since: dt.date, today: dt.date) -> list[Period]:
    """Every month, quarter and year that overlaps or follows `since` and has closed by `today` (local)."""
    periods = []
    month = since.replace(day=1)
    while (period := month_period(month)).last < today:
        periods.append(period)
        month = add_months(month, 1)
    quarter_first = quarter_period_of(since).first
    while (period := quarter_period_of(quarter_first)).last < today:
        periods.append(period)
        quarter_first = add_months(quarter_first, 3)
    year = since.year
    while (period := year_period(year)).last < today:
        periods.append(period)
        year += 1
    return periods


def scorecards_keep_closed(
    *, since: dt.date, site_ids: list[int | None] | None = None, recompute: bool = False
) -> list[KeptScorecard]:
    """Keep every closed month, quarter and year from `since` not kept yet (all sites and each site unless
    `site_ids`): what beat does each night, and `keep_scorecards` for a new or loaded database. Returns the
    rows written."""
    site_ids = site_ids or _all_sites()
    today = timezone.localdate()
    calendar, catalogue = workdays.load_calendar(), catalogue_sets()
    periods = periods_closed_since(since, today)
    done = set()
    if not recompute:
        done = set(
            KeptScorecard.objects.filter(
                final=True, rules=judging_rules(), first__gte=since.replace(month=1, day=1)
            ).values_list("kind", "first", "site_id")
        )
    written = []
    for period in periods:
        missing = [site_id for site_id in site_ids if (period.kind, period.first, site_id) not in done]
        if missing:
            rows = scorecard_keep(
                period=period, site_ids=missing, recompute=recompute, calendar=calendar, catalogue=catalogue
            )
            written.extend(rows.values())
    return written


def open_periods(today: dt.date) -> list[Period]:
    """The month, quarter and year `today` is in (local)."""
    return [
        month_period(today),
        quarter_period_of(today),
        year_period(today.year),
    ]


# A refresh of one open period is never run twice at once (a year's recount may outlast beat's interval).
REFRESH_LOCK_SECONDS = 3600


def scorecards_refresh_open() -> list[KeptScorecard]:
    """Recompute the counts of the month, quarter and year still open, for all sites and each site, the
    month first. A period another run is still recounting is left to it."""
    from django.core.cache import cache

    site_ids = _all_sites()
    calendar, catalogue = workdays.load_calendar(), catalogue_sets()
    written = []
    for period in open_periods(timezone.localdate()):
        lock = f"scorecard-refresh:{judging_rules()}:{period.kind}:{period.first}"
        if not cache.add(lock, 1, timeout=REFRESH_LOCK_SECONDS):
            continue
        try:
            rows = scorecard_keep(period=period, site_ids=site_ids, calendar=calendar, catalogue=catalogue)
        finally:
            cache.delete(lock)
        written.extend(rows.values())
    return written
