"""The rollups as they should be, computed from the dossiers in the database (grouped queries): what
`rollups_rebuild` writes and what `verify_rollups` compares the tables with."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.db.models import Count, F, IntegerField, Q, Sum, Value
from django.db.models.functions import Coalesce, TruncDate, TruncMonth

from center.workdays import local_zone
from dossiers.models import Dossier, SatisfactionRating
from dossiers.workflow import CLOCK_RUNNING, OPEN
from monitoring.rollups.maintain import OUTCOMES, STOPPED_STATUSES, local_day
from monitoring.rollups.models import DAY, FLOW_COUNTS, MONTH, NO_DUE_DAY, NO_SITE

KEY = ("site_id", "agency_id", "procedure_id", "channel")


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


def expected_flows(first: dt.date | None = None, last: dt.date | None = None) -> dict[tuple, list[int]]:
    """{(span, day, site_key, agency, procedure, channel): counts} for the days first..last (all when None)
    and the months those days belong to (whole months)."""
    if first is not None:
        first = first.replace(day=1)
    if last is not None:
        last = (last.replace(day=1) + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
    flows: dict[tuple, list[int]] = defaultdict(lambda: [0] * len(FLOW_COUNTS))
    zone = local_zone()
    column = {name: index for index, name in enumerate(FLOW_COUNTS)}
    for span, trunc in ((DAY, TruncDate), (MONTH, TruncMonth)):
        received = (
            Dossier.objects.filter(_day_range("received_at", first, last))
            .annotate(on=trunc("received_at", tzinfo=zone))
            .values("on", *KEY)
            .annotate(received=Count("pk"), stopped=Count("pk", filter=Q(status__in=STOPPED_STATUSES)))
            .order_by()
        )
        for row in received:
            counts = flows[_key(span, row)]
            counts[column["received"]] += row["received"]
            counts[column["stopped"]] += row["stopped"]
        resolved = (
            Dossier.objects.filter(_day_range("result_ready_at", first, last))
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
        for row in ratings:
            row = {"on": row["on"], **{k: row[f"dossier__{k}"] for k in KEY}, **row}
            counts = flows[_key(span, row)]
            counts[column["ratings"]] += row["ratings"]
            counts[column["score_sum"]] += row["score_sum"]
    return {key: counts for key, counts in flows.items() if any(counts)}


def _key(span: str, row: dict) -> tuple:
    on = row["on"]
    if isinstance(on, dt.datetime):  # TruncMonth of a datetime gives a local datetime
        on = local_day(on)
    return (span, on, row["site_id"] or NO_SITE, row["agency_id"], row["procedure_id"], row["channel"])


def expected_stock() -> dict[tuple, int]:
    """{(due_day, running, site_key, agency, procedure, channel): n} of the open dossiers."""
    stock: dict[tuple, int] = defaultdict(int)
    rows = (
        Dossier.objects.filter(status__in=OPEN)
        .annotate(due_day=TruncDate("due_at", tzinfo=local_zone()))
        .values("due_day", "status", *KEY)
        .annotate(n=Count("pk"))
        .order_by()
    )
    for row in rows:
        due_day = row["due_day"] or NO_DUE_DAY
        running = row["status"] in CLOCK_RUNNING
        key = (due_day, running, row["site_id"] or NO_SITE, row["agency_id"], row["procedure_id"], row["channel"])
        stock[key] += row["n"]
    return dict(stock)
