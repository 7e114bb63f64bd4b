"""Supervision of online filings waiting at the counter: each filing still "submitted" past the time the
counter has to check it (dossiers.online.models.OnlineFiling.check_due_at) gets one alert, ever: the
database's one-alert-per-dossier-and-kind constraint makes the sweep safe to run twice or in parallel."""

from __future__ import annotations

import datetime as dt
import logging

from django.utils import timezone

from dossiers.models import Channel, Dossier
from dossiers.workflow import DossierStatus
from monitoring.models import Alert, AlertKind

log = logging.getLogger("monitoring")


def online_filing_check_sweep(*, now: dt.datetime | None = None) -> int:
    """Raise a "not checked in time" alert for each online filing past its check time; the number raised."""
    now = now or timezone.now()
    waiting = (
        Dossier.objects.filter(
            status=DossierStatus.SUBMITTED,
            channel=Channel.ONLINE,
            online_filing__check_due_at__lte=now,
        )
        .exclude(alerts__kind=AlertKind.CHECK_LATE)
        .values_list("pk", "agency_id", "online_filing__check_due_at")
    )
    alerts = [
        Alert(dossier_id=pk, kind=AlertKind.CHECK_LATE, agency_id=agency_id, due_at=due_at, raised_at=now)
        for pk, agency_id, due_at in waiting
    ]
    created = Alert.objects.bulk_create(alerts, ignore_conflicts=True)
    if created:
        log.info("online_filing_check_alerts", extra={"alerts": len(created)})
    return len(created)
