"""The lists behind the numbers: dossiers of a metric, the alert inbox, the overdue list."""

from __future__ import annotations

from django.db.models import QuerySet

from dossiers.models import Dossier
from monitoring.metrics import Scope, base_q, metric_q
from monitoring.models import Alert


def dossier_metric_list(scope: Scope, metric: str) -> QuerySet[Dossier]:
    """Exactly the dossiers counted by `metric` under `scope` (the drill-down adds up by construction)."""
    return (
        Dossier.objects.filter(base_q(scope))
        .filter(metric_q(metric, scope))
        .select_related("procedure", "agency")
        .order_by("-received_at", "-id")
    )


def overdue_list(scope: Scope) -> QuerySet[Dossier]:
    """Open dossiers past their deadline with the clock running, the longest overdue first."""
    return (
        Dossier.objects.filter(base_q(scope))
        .filter(metric_q("overdue", scope))
        .select_related("procedure", "agency", "current_agency")
        .order_by("due_at", "id")
    )


def alert_list(*, agency_id: int | None, kind: str = "", is_open: bool | None = True) -> QuerySet[Alert]:
    """Alerts newest first, of one agency for its lead; `is_open` None lists acknowledged ones too."""
    alerts = Alert.objects.select_related(
        "dossier", "dossier__procedure", "dossier__current_agency", "agency", "acknowledged_by"
    ).order_by("-raised_at", "-id")
    if agency_id is not None:
        alerts = alerts.filter(agency_id=agency_id)
    if kind:
        alerts = alerts.filter(kind=kind)
    if is_open is not None:
        alerts = alerts.filter(acknowledged_at__isnull=is_open)
    return alerts
