"""Supervision's writes: the deadline sweep, alerts, the notification outbox (STYLE.md: services)."""

from monitoring.services.alerts import alert_acknowledge
from monitoring.services.events import dossier_event_supervise
from monitoring.services.intake import online_filing_check_sweep
from monitoring.services.outbox import (
    outbox_deliver,
    outbox_deliver_many,
    outbox_due_ids,
    outbox_enqueue,
    outbox_flag_uncertain,
    outbox_resolve_uncertain,
)
from monitoring.services.sweep import deadline_sweep

__all__ = [
    "alert_acknowledge",
    "deadline_sweep",
    "dossier_event_supervise",
    "online_filing_check_sweep",
    "outbox_deliver",
    "outbox_deliver_many",
    "outbox_due_ids",
    "outbox_enqueue",
    "outbox_flag_uncertain",
    "outbox_resolve_uncertain",
]
