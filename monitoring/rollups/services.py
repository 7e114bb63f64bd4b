"""Writing the rollup tables wholesale: after a bulk load, and tidying rows that counted down to zero."""

from __future__ import annotations

import logging

from django.db import transaction
from django.db.models import Q

from monitoring.rollups.expected import expected_flows, expected_stock
from monitoring.rollups.maintain import FLOW_KEY, STOCK_KEY
from monitoring.rollups.models import FLOW_COUNTS, Flow, OpenStock

log = logging.getLogger(__name__)
BATCH = 5000


@transaction.atomic
def rollups_rebuild() -> dict[str, int]:
    """Recompute every rollup row from the dossiers (after loads that bypass Dossier.save: the demo, the
    bench). The tables are locked for the rebuild, so no save counts into rows about to be replaced."""
    _empty_tables()
    # Written in (span, day) order: a period's rows then lie together on disk, and a five-year read touches a
    # few hundred pages instead of one page per row (measured: 19,000 pages, 80 ms, for 31,000 rows).
    flows = [Flow(**dict(zip(FLOW_KEY, key, strict=True)), **dict(zip(FLOW_COUNTS, counts, strict=True)))
             for key, counts in sorted(expected_flows().items())]  # fmt: skip
    Flow.objects.bulk_create(flows, batch_size=BATCH)
    stock = [OpenStock(**dict(zip(STOCK_KEY, key, strict=True)), n=n) for key, n in expected_stock().items()]
    OpenStock.objects.bulk_create(stock, batch_size=BATCH)
    _analyze()
    log.info("rollups_rebuilt", extra={"flows": len(flows), "open_stock": len(stock)})
    return {"flows": len(flows), "open_stock": len(stock)}


def _empty_tables() -> None:
    """On PostgreSQL TRUNCATE (in the transaction; it locks the tables until the commit): the new rows fill
    fresh pages in the order they are written, where a DELETE would leave them scattered over the free
    space of the old ones."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            tables = ", ".join(connection.ops.quote_name(m._meta.db_table) for m in (Flow, OpenStock))
            cursor.execute(f"TRUNCATE {tables}")
    else:
        Flow.objects.all().delete()
        OpenStock.objects.all().delete()


def _analyze() -> None:
    """Fresh planner statistics for the rebuilt tables (without them PostgreSQL guessed 25 rows for a
    five-year read of 80,000 and sorted on disk), as autovacuum would give them later."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {Flow._meta.db_table}, {OpenStock._meta.db_table}")


def rollups_tidy() -> int:
    """Delete rows whose counts are all zero (open stock that was closed, mostly): they count nothing and
    would only lengthen the reads. Safe against a concurrent save: a row counted up again in between no
    longer matches the condition when the deletion reaches it."""
    zero = Q(**dict.fromkeys(FLOW_COUNTS, 0))
    removed = Flow.objects.filter(zero).delete()[0] + OpenStock.objects.filter(n=0).delete()[0]
    return removed


def rollups_nightly(days: int = 2) -> dict[str, int]:
    """Tidy the empty rows, then check the last `days` days (and their months) against the dossiers: a
    difference means a write bypassed Dossier.save (a bulk update, a manual fix in SQL). It is logged as an
    error for the administrators, who run `manage.py verify_rollups --repair`; the figures are not changed
    behind their back."""
    import datetime as dt

    from django.utils import timezone

    from monitoring.rollups.verify import differences

    removed = rollups_tidy()
    today = timezone.localdate()
    found = differences(today - dt.timedelta(days=days), today)
    if found:
        log.error("rollups_disagree", extra={"differences": len(found), "first": str(found[0])})
    return {"removed": removed, "differences": len(found)}
