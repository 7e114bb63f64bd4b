"""The public punctuality board: per agency, results early, on time and late over the last 12 months."""

from __future__ import annotations

import dataclasses

from django.utils import timezone

from center.cache import remembered
from monitoring.metrics import Scope
from monitoring.periods import last_twelve_months
from monitoring.rollups import selectors as rollups
from monitoring.selectors.dashboard import Row, Tally
from procedures.models import Agency

CACHE_SECONDS = 600


def punctuality_board(*, site_id: int | None = None) -> dict:
    """{"period": Period, "agencies": [Row], "totals": Row, "sites": [Row]}, of the dossiers received at
    `site_id` or everywhere; cached ten minutes (a public page)."""
    period = last_twelve_months(timezone.localdate())
    key = f"monitoring:punctuality-board:{period.last.isoformat()}:{site_id or ''}"
    return remembered(key, CACHE_SECONDS, lambda: _board(period, site_id))


def _board(period, site_id: int | None) -> dict:
    from counters.models import Site

    scope = Scope(period=period, now=timezone.now(), near_due_until=timezone.now())
    sites = {s.pk: s for s in Site.objects.filter(is_active=True)}
    site_rows = []
    for data in rollups.flow_sums(scope, ("site_id",)):
        if data["site_id"] in sites and data["resolved"]:
            site = sites[data["site_id"]]
            row = Row(site.pk, site.code, site.name, Tally.empty())
            row.tally.add(data)
            site_rows.append(row)
    site_rows.sort(key=lambda r: (-(r.tally.punctual_rate or 0), r.name))
    if site_id is not None:
        scope = dataclasses.replace(scope, site_id=site_id)
    agencies = {a.pk: a for a in Agency.objects.all()}
    totals = Row(0, "", "")
    rows = []
    for data in rollups.flow_sums(scope, ("agency_id",)):
        if not data["resolved"]:
            continue
        agency = agencies[data["agency_id"]]
        row = Row(agency.pk, agency.code, agency.name, Tally.empty())
        row.tally.add(data)
        totals.tally.add(data)
        rows.append(row)
    rows.sort(key=lambda r: (-(r.tally.punctual_rate or 0), r.name))
    return {"period": period, "agencies": rows, "totals": totals, "sites": site_rows}
