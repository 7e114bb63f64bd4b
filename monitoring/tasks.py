"""Celery tasks of supervision: each takes ids (or nothing), calls one service, is safe to run twice."""

from __future__ import annotations

from celery import shared_task
from django.conf import settings
from django.db import OperationalError
from django.utils import timezone

from monitoring import services
from monitoring.services.outbox import RETRY, outbox_next_attempt


@shared_task(soft_time_limit=240, time_limit=290, ignore_result=True)
def deadline_sweep_task() -> dict:
    """Every few minutes (CELERY_BEAT_SCHEDULE["deadline-sweep"]): raise the alerts due now."""
    result = services.deadline_sweep()
    return {"skipped": result.skipped, "alerts": result.alerts, "messages": result.messages}


@shared_task(soft_time_limit=120, time_limit=150, ignore_result=True)
def online_filing_check_sweep_task() -> dict:
    """Every few minutes (CELERY_BEAT_SCHEDULE["online-filing-check-sweep"]): alert on online filings the
    counter has not checked in time; one alert per filing however often it runs."""
    return {"alerts": services.online_filing_check_sweep()}


@shared_task(soft_time_limit=600, time_limit=660, ignore_result=True)
def rollups_nightly_task() -> dict:
    """Every night (CELERY_BEAT_SCHEDULE["rollups-nightly"]): tidy the rollups' empty rows and check the
    last days against the dossiers (monitoring/rollups/services.py)."""
    from monitoring.rollups.services import rollups_nightly

    return rollups_nightly()


@shared_task(bind=True, max_retries=None, soft_time_limit=60, time_limit=90, ignore_result=True)
def outbox_deliver_task(self, message_ids: list[int]) -> None:
    """Send these messages now; a failed send is retried when its backoff ends (the row says when).

    Retrying from here is a shortcut: the row keeps its own next attempt, and if this retry is lost
    (worker or broker gone) the periodic flush sends it instead; once sent, nothing sends it again.
    """
    if services.outbox_deliver_many(message_ids=message_ids)[RETRY]:  # one mail connection for them all
        due = outbox_next_attempt(message_ids=message_ids)
        if due is not None:
            raise self.retry(countdown=max((due - timezone.now()).total_seconds(), 1))


# Messages per deliver task handed out by the flush: small, so every worker process takes a share.
FLUSH_CHUNK = 20


@shared_task(soft_time_limit=55, time_limit=80, ignore_result=True)
def outbox_flush_task() -> dict:
    """Every minute (CELERY_BEAT_SCHEDULE["outbox-flush"]): hand what is pending and due to deliver tasks,
    a few messages each, so that all worker processes send at once: a backlog (after a broker or gateway
    outage) drains as fast as they can send, not one message at a time. A message handed out twice (the
    next flush comes before a busy worker got to it) still goes out once: the first task claims it. Messages
    stuck "being sent" are flagged uncertain, never handed out again.
    """
    services.outbox_flag_uncertain()
    ids = services.outbox_due_ids(limit=settings.OUTBOX_FLUSH_LIMIT)
    for start in range(0, len(ids), FLUSH_CHUNK):
        outbox_deliver_task.delay(ids[start : start + FLUSH_CHUNK])
    return {"handed_out": len(ids)}


@shared_task(
    soft_time_limit=1800, time_limit=1900, ignore_result=True, autoretry_for=(OperationalError,), max_retries=3,
    retry_backoff=60,
)  # fmt: skip
def periodic_reports_task() -> list[int]:
    """Every night (CELERY_BEAT_SCHEDULE["periodic-reports"]): the report of each month, quarter and year that
    has closed and has none yet (monitoring/reports). A report already made is left as it is."""
    from monitoring.reports.services import periodic_reports_due

    return [report.pk for report in periodic_reports_due()]


@shared_task(soft_time_limit=1800, time_limit=1900, ignore_result=True)
def periodic_report_again_task(kind: str, first: str, user_id: int | None) -> int:
    """A director asked for a closed period's report again: the next version, with what changed."""
    import datetime as dt

    from django.contrib.auth.models import User

    from monitoring.reports.services import periodic_report_make, report_period

    period = report_period(kind=kind, first=dt.date.fromisoformat(first))
    by = User.objects.filter(pk=user_id).first() if user_id else None
    return periodic_report_make(period=period, by=by, again=True).pk


# Registered with the worker through this module (Celery looks for each app's tasks.py).
from monitoring.forecasts.tasks import forecast_refresh_task  # noqa: E402, F401
