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


def punctuality_board(*, site_id: int | None = None) -> dict:
    """{"period": Period, "agencies": [Row], "totals": Row, "sites": [Row]}, of the dossiers received at
    `site_id` or everywhere; cached ten minutes (a public page)."""
    period = last_twelve_months(timezone.localdate())
    key = f"monitoring:punctuality-board:{period.last.isoformat()}:{site_id or ''}"
    return remembered(key, CACHE_SECONDS, lambda: _board(period, site_id))


def _tallies(dossiers, key: str) -> list[dict]:
    return list(
        dossiers.values(key)
        .annotate(resolved=Count("pk"), **{name: Count("pk", filter=Q(outcome=name)) for name in Outcome.values})
        .order_by()
    )


def _board(period, site_id: int | None) -> dict:
    from counters.models import Site

    resolved = Dossier.objects.filter(_between("result_ready_at", period.start, period.end))
    sites = {s.pk: s for s in Site.objects.filter(is_active=True)}
    site_rows = []
    for data in _tallies(resolved.filter(site__isnull=False), "site_id"):
        if data["site_id"] in sites:
            site = sites[data["site_id"]]
            row = Row(site.pk, site.code, site.name, Tally.empty())
            row.tally.add(data)
            site_rows.append(row)
    site_rows.sort(key=lambda r: (-(r.tally.punctual_rate or 0), r.name))
    if site_id is not None:
        resolved = resolved.filter(site_id=site_id)
    counts = (
        resolved.values("agency_id")
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
    return {"period": period, "agencies": rows, "totals": totals, "sites": site_rows}
