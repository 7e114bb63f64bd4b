"""The rollups as they should be, computed from the dossiers in the database (grouped queries): what
`rollups_rebuild` writes and what `verify_rollups` compares the tables with."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.db.models import Count, F, IntegerField, Q, Sum, Value
from django.db.models.functions import Coalesce, TruncDate, TruncMonth, TruncYear

from center.workdays import local_zone
from dossiers.archive.models import ArchivedDossier
from dossiers.handover import handover_states_q
from dossiers.models import Dossier, SatisfactionRating
from dossiers.workflow import CLOCK_RUNNING, OPEN
from monitoring.periods import month_period
from monitoring.rollups.maintain import OUTCOMES, STOPPED_STATUSES, local_day
from monitoring.rollups.models import DAY, FLOW_COUNTS, MONTH, NO_COUNTER, NO_DUE_DAY, NO_SITE, YEAR

# Handed over on time or late, as dossiers/handover.handover_states_q judges it (the now it takes plays no
# part in these two states).
HANDOVER = handover_states_q(dt.datetime.max.replace(tzinfo=dt.UTC))
KEY = ("site_id", "agency_id", "procedure_id", "channel", "counter_id")


def _day_range(field: str, first: dt.date | None, last: dt.date | None, prefix: str = "") -> Q:
    """Dossiers whose `field` falls on the local days first..last (the whole months around them for spans
    of a month are the caller's business)."""
    from monitoring.periods import local_midnight

    q = Q(**{f"{prefix}{field}__isnull": False})
    if first is not None:
        q &= Q(**{f"{prefix}{field}__gte": local_midnight(first)})
    if last is not None:
        q &= Q(**{f"{prefix}{field}__lt": local_midnight(last + dt.timedelta(days=1))})
    return q


def span_range(span: str, first: dt.date | None, last: dt.date | None) -> tuple[dt.date | None, dt.date | None]:
    """The days whose rows of `span` hold first..last: whole months (whole years for yearly rows)."""
    if first is not None:
        first = first.replace(month=1, day=1) if span == YEAR else first.replace(day=1)
    if last is not None:
        last = last.replace(month=12, day=31) if span == YEAR else month_period(last).last
    return first, last


def expected_flows(first_day: dt.date | None = None, last_day: dt.date | None = None) -> dict[tuple, list[int]]:
    """{(span, day, site_key, agency, procedure, channel, counter_key): counts} for the days first..last (all
    when None): daily and monthly rows of the whole months around them, yearly rows of the whole years."""
    flows: dict[tuple, list[int]] = defaultdict(lambda: [0] * len(FLOW_COUNTS))
    zone = local_zone()
    column = {name: index for index, name in enumerate(FLOW_COUNTS)}
    for span, trunc in ((DAY, TruncDate), (MONTH, TruncMonth), (YEAR, TruncYear)):
        first, last = span_range(span, first_day, last_day)
        # Archived dossiers (dossiers/archive) still count, from the archive's columns: archiving moves no figure.
        for source in (Dossier.objects, ArchivedDossier.objects):
            received = (
                source.filter(_day_range("received_at", first, last))
                .annotate(on=trunc("received_at", tzinfo=zone))
                .values("on", *KEY)
                .annotate(
                    received=Count("pk"),
                    stopped=Count("pk", filter=Q(status__in=STOPPED_STATUSES)),
                    handed_on_time=Count("pk", filter=HANDOVER["on_time"]),
                    handed_late=Count("pk", filter=HANDOVER["late"]),
                )
                .order_by()
            )
            for row in received:
                counts = flows[_key(span, row)]
                for name in ("received", "stopped", "handed_on_time", "handed_late"):
                    counts[column[name]] += row[name]
            resolved = (
                source.filter(_day_range("result_ready_at", first, last))
                .annotate(on=trunc("result_ready_at", tzinfo=zone))
                .values("on", *KEY)
                .annotate(resolved=Count("pk"), **{o: Count("pk", filter=Q(outcome=o)) for o in OUTCOMES})
                .order_by()
            )
            for row in resolved:
                counts = flows[_key(span, row)]
                for name in ("resolved", *OUTCOMES):
                    counts[column[name]] += row[name]
        score = F("reception") + F("attitude") + F("timeliness") + F("clarity") + F("result")
        ratings = (
            SatisfactionRating.objects.filter(_day_range("result_ready_at", first, last, prefix="dossier__"))
            .annotate(on=trunc("dossier__result_ready_at", tzinfo=zone))
            .values("on", *(f"dossier__{k}" for k in KEY))
            .annotate(ratings=Count("pk"), score_sum=Coalesce(Sum(score), Value(0), output_field=IntegerField()))
            .order_by()
        )
        archived_ratings = (
            ArchivedDossier.objects.filter(_day_range("result_ready_at", first, last), rating_score__isnull=False)
            .annotate(on=trunc("result_ready_at", tzinfo=zone))
            .values("on", *KEY)
            .annotate(ratings=Count("pk"), score_sum=Sum("rating_score"))
            .order_by()
        )
        for row in [*ratings, *archived_ratings]:
            row = {"on": row["on"], **{k: row.get(f"dossier__{k}", row.get(k)) for k in KEY}, **row}
            counts = flows[_key(span, row)]
            counts[column["ratings"]] += row["ratings"]
            counts[column["score_sum"]] += row["score_sum"]
    return {key: counts for key, counts in flows.items() if any(counts)}


def _key(span: str, row: dict) -> tuple:
    on = row["on"]
    if isinstance(on, dt.datetime):  # TruncMonth and TruncYear of a datetime give a local datetime
        on = local_day(on)
    rest = (row["site_id"] or NO_SITE, row["agency_id"], row["procedure_id"], row["channel"])
    return (span, on, *rest, row["counter_id"] or NO_COUNTER)


def expected_stock() -> dict[tuple, int]:
    """{(due_day, running, site_key, agency, procedure, channel): n} of the open dossiers."""
    stock: dict[tuple, int] = defaultdict(int)
    rows = (
        Dossier.objects.filter(status__in=OPEN)
        .annotate(due_day=TruncDate("due_at", tzinfo=local_zone()))
        .values("due_day", "status", *KEY[:4])  # the stock is not kept per counter
        .annotate(n=Count("pk"))
        .order_by()
    )
    for row in rows:
        due_day = row["due_day"] or NO_DUE_DAY
        running = row["status"] in CLOCK_RUNNING
        rest = (row["site_id"] or NO_SITE, row["agency_id"], row["procedure_id"], row["channel"])
        key = (due_day, running, *rest)
        stock[key] += row["n"]
    return dict(stock)
