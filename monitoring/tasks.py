"""Celery tasks of supervision: each takes ids (or nothing), calls one service, is safe to run twice."""

from __future__ import annotations

from celery import shared_task
from django.utils import timezone

from monitoring import services
from monitoring.services.outbox import RETRY, outbox_next_attempt


@shared_task(soft_time_limit=240, time_limit=290, ignore_result=True)
def deadline_sweep_task() -> dict:
    """Every few minutes (CELERY_BEAT_SCHEDULE["deadline-sweep"]): raise the alerts due now."""
    result = services.deadline_sweep()
    return {"skipped": result.skipped, "alerts": result.alerts, "messages": result.messages}


@shared_task(bind=True, max_retries=None, soft_time_limit=60, time_limit=90, ignore_result=True)
def outbox_deliver_task(self, message_ids: list[int]) -> None:
    """Send these messages now; a failed send is retried when its backoff ends (the row says when).

    Retrying from here is a shortcut: the row keeps its own next attempt, and if this retry is lost
    (worker or broker gone) the periodic flush sends it instead; once sent, nothing sends it again.
    """
    results = [services.outbox_deliver(message_id=message_id) for message_id in message_ids]
    if RETRY in results:
        due = outbox_next_attempt(message_ids=message_ids)
        if due is not None:
            raise self.retry(countdown=max((due - timezone.now()).total_seconds(), 1))


@shared_task(soft_time_limit=55, time_limit=80, ignore_result=True)
def outbox_flush_task() -> dict:
    """Every minute (CELERY_BEAT_SCHEDULE["outbox-flush"]): send what is pending and due."""
    return services.outbox_flush()
