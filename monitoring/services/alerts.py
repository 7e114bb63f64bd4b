"""Acknowledging an alert: the director or the agency's lead has seen it and taken it in hand."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from center.errors import Conflict, NotAllowed
from monitoring.models import Alert
from monitoring.selectors.scope import dashboard_agency_id


@transaction.atomic
def alert_acknowledge(*, alert: Alert, by) -> Alert:
    """Mark the alert seen, once; an alert of another agency is refused, a second time is a conflict."""
    if not by.has_perm("monitoring.view_dashboard"):
        raise NotAllowed(_("Only the center's directors and agency leads handle alerts."))
    locked = Alert.objects.select_for_update().get(pk=alert.pk)
    agency_id = dashboard_agency_id(by)
    if agency_id is not None and locked.agency_id != agency_id:
        raise NotAllowed(_("This alert belongs to another agency."))
    if locked.acknowledged_at is not None:
        raise Conflict(_("This alert was already acknowledged."))
    locked.acknowledged_by = by
    locked.acknowledged_at = timezone.now()
    locked.save(update_fields=["acknowledged_by", "acknowledged_at"])
    return locked
