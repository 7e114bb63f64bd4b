"""The public punctuality board: per agency, results early, on time and late over the last 12 months."""

from __future__ import annotations

from django.db.models import Count, Q
from django.utils import timezone

from center.cache import remembered
from dossiers.models import Dossier, Outcome
from monitoring.metrics import _between
from monitoring.periods import last_twelve_months
from monitoring.selectors.dashboard import Row, Tally
from procedures.models import Agency

CACHE_SECONDS = 600


def punctuality_board() -> dict:
    """{"period": Period, "agencies": [Row], "totals": Row}; cached ten minutes (a public page)."""
    period = last_twelve_months(timezone.localdate())
    key = f"monitoring:punctuality-board:{period.last.isoformat()}"
    return remembered(key, CACHE_SECONDS, lambda: _board(period))


def _board(period) -> dict:
    counts = (
        Dossier.objects.filter(_between("result_ready_at", period.start, period.end))
        .values("agency_id")
        .annotate(
            resolved=Count("pk"),
            **{name: Count("pk", filter=Q(outcome=name)) for name in Outcome.values},
        )
        .order_by()
    )
    agencies = {a.pk: a for a in Agency.objects.all()}
    totals = Row(0, "", "")
    rows = []
    for data in counts:
        agency = agencies[data["agency_id"]]
        row = Row(agency.pk, agency.code, agency.name, Tally.empty())
        row.tally.add(data)
        totals.tally.add(data)
        rows.append(row)
    rows.sort(key=lambda r: (-(r.tally.punctual_rate or 0), r.name))
    return {"period": period, "agencies": rows, "totals": totals}
