"""The notification outbox: messages are rows written in the transaction of the event that calls for
them, and sent after commit by Celery; nothing is lost when the broker or the mail server is down.

- enqueue: insert the rows (idempotent through `dedupe_key`), then after commit publish a task. If the
  publish fails (Redis down, or no answer within a second) it is only logged: the caller's transaction has
  already committed, and the periodic flush (CELERY_BEAT_SCHEDULE["outbox-flush"]) finds the row later.
- deliver: claim the row (status sending, committed), send outside any transaction, record sent. At most
  once: a worker stopped between the gateway call and recording it leaves the row "sending", which nothing
  resends; the flush flags it "uncertain" for a person (outbox_flag_uncertain). A refused send counts an
  attempt and sets the next one with exponential backoff; after OUTBOX_MAX_ATTEMPTS the message is given
  up (status failed, kept for the record).
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections.abc import Iterable

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import DatabaseError, transaction
from django.db import connection as db_connection
from django.db.models import F
from django.utils import timezone

from center.redis_guard import redis_address, redis_skipped, redis_unanswered
from monitoring import sms
from monitoring.models import OutboxChannel, OutboxMessage, OutboxStatus

log = logging.getLogger("monitoring.outbox")

SENT, RETRY, FAILED, SKIPPED = "sent", "retry", "failed", "skipped"
MAX_BACKOFF = dt.timedelta(hours=1)


def outbox_backoff(attempts: int) -> dt.timedelta:
    """Delay before the next attempt after `attempts` failures: base, 2x, 4x, ... capped at one hour."""
    seconds = settings.OUTBOX_RETRY_BASE_SECONDS * 2 ** max(attempts - 1, 0)
    return min(dt.timedelta(seconds=seconds), MAX_BACKOFF)


def outbox_message(*, channel: str, recipient: str, text, **fields) -> OutboxMessage:
    """An unsaved outbox row for one address: emails get the subject and body, SMS the short text."""
    email = channel == OutboxChannel.EMAIL
    return OutboxMessage(
        channel=channel,
        recipient=recipient,
        subject=text.subject if email else "",
        body=text.body if email else text.sms,
        **fields,
    )


def outbox_enqueue(*, messages: list[OutboxMessage], publish: str = "deliver") -> list[OutboxMessage]:
    """Insert messages in the current transaction; after commit, ask Celery to send them.

    publish="deliver" sends exactly these (their ids are known); "flush" asks for one sweep of every
    due message (for large batches inserted with ignore_conflicts, whose ids are not returned).
    """
    if not messages:
        return []
    now = timezone.now()
    for message in messages:
        message.created_at = message.created_at or now
        message.next_attempt_at = message.next_attempt_at or now
    if publish == "deliver":
        created = OutboxMessage.objects.bulk_create(messages)
        ids = [m.pk for m in created]
        transaction.on_commit(lambda: outbox_publish(message_ids=ids))
        return created
    OutboxMessage.objects.bulk_create(messages, ignore_conflicts=True, batch_size=2000)
    transaction.on_commit(lambda: outbox_publish(message_ids=None))
    return messages


def outbox_publish(*, message_ids: list[int] | None) -> bool:
    """Hand the work to Celery; a broker that is down is logged, never raised (the flush catches up).

    It runs in the request, after its commit: a Redis that did not answer a moment ago is not asked again
    (center/redis_guard.py), and one that hangs now costs one socket timeout (CELERY_BROKER_TRANSPORT_OPTIONS).
    """
    from monitoring import tasks

    broker = redis_address(settings.CELERY_BROKER_URL)
    if redis_skipped(broker):
        log.warning("outbox_publish_skipped", extra={"messages": message_ids})
        return False
    try:
        if message_ids is None:
            tasks.outbox_flush_task.delay()
        else:
            tasks.outbox_deliver_task.delay(message_ids)
    except Exception as exc:  # kombu.OperationalError, redis/socket errors: the broker is unreachable
        redis_unanswered(broker)
        log.warning("outbox_publish_failed", extra={"messages": message_ids, "error": repr(exc)})
        return False
    return True


def _send(message: OutboxMessage, connection=None) -> None:
    if message.channel == OutboxChannel.EMAIL:
        email = EmailMessage(
            subject=message.subject,
            body=message.body,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[message.recipient],
            connection=connection,
        )
        if message.report_id:  # a periodic report: its files attached (monitoring/reports)
            from monitoring.reports.services import report_attachments

            for name, content, mimetype in report_attachments(report=message.report):
                email.attach(name, content, mimetype)
        email.send(fail_silently=False)
    elif message.channel == OutboxChannel.SMS:
        sms.get_backend().send(message.recipient, message.body)
    else:
        raise ValueError(f"unknown channel {message.channel!r}")


def outbox_deliver(*, message_id: int, now: dt.datetime | None = None, connection=None) -> str:
    """Send one message if it is still pending and due. Returns sent, retry, failed or skipped.

    At most once, in three short steps, none of them holding a transaction (or, on SQLite, the database's
    one write lock) across the gateway call:
    1. claim: pending -> sending, counting the attempt, committed before anything is sent. Only one worker
       can win it; a second task for the same id (a flush, a redelivered task) finds it taken and skips it.
    2. send through the gateway, outside any transaction.
    3. record the outcome of that attempt: sent; or, if the gateway refused, pending again with backoff
       (or failed after OUTBOX_MAX_ATTEMPTS).
    If the worker stops between 1 and 3 (killed, its time limit, the database unreachable when recording)
    the row stays "sending": nothing sends it again automatically, and the flush flags it uncertain for a
    person after OUTBOX_UNCERTAIN_AFTER_SECONDS. A duplicate is never sent; a message is never lost either:
    it is either sent or in plain sight in the admin.
    """
    now = now or timezone.now()
    message = _outbox_claim(message_id=message_id, now=now)
    if message is None:
        return SKIPPED
    try:
        _send(message, connection)
    except SoftTimeLimitExceeded:
        # The time limit struck during the gateway call: it may have accepted. Left "sending".
        log.warning("outbox_send_interrupted", extra={"message_id": message.pk, "attempts": message.attempts})
        raise
    except Exception as exc:  # SMTP, socket or gateway errors: the gateway refused it, retried later
        return _outbox_record_failure(message=message, error=exc, now=now)
    _outbox_record(message, status=OutboxStatus.SENT, sent_at=timezone.now())
    log.info("outbox_sent", extra={"message_id": message_id, "channel": message.channel})
    return SENT


def _outbox_claim(*, message_id: int, now: dt.datetime) -> OutboxMessage | None:
    """Take the message for one attempt (None: not pending, not due, or another worker took it)."""
    with transaction.atomic():  # committed here: the caller must not be inside a transaction (tasks are not)
        claimed = OutboxMessage.objects.filter(
            pk=message_id, status=OutboxStatus.PENDING, next_attempt_at__lte=now
        ).update(status=OutboxStatus.SENDING, attempts=F("attempts") + 1, sending_since=timezone.now())
        return OutboxMessage.objects.get(pk=message_id) if claimed else None


def _outbox_record_failure(*, message: OutboxMessage, error: Exception, now: dt.datetime) -> str:
    if message.attempts >= settings.OUTBOX_MAX_ATTEMPTS:
        outcome, fields = FAILED, {"status": OutboxStatus.FAILED}
    else:
        outcome = RETRY
        fields = {"status": OutboxStatus.PENDING, "next_attempt_at": now + outbox_backoff(message.attempts)}
    _outbox_record(message, last_error=repr(error)[:2000], sending_since=None, **fields)
    log.warning(
        "outbox_send_failed", extra={"message_id": message.pk, "attempts": message.attempts, "outcome": outcome}
    )
    return outcome


# Tries to record an attempt's outcome when the database does not answer (a second apart).
RECORD_TRIES = 3


def _outbox_record(message: OutboxMessage, **fields) -> None:
    """Write the outcome of the attempt this worker claimed (also over an "uncertain" flag raised meanwhile:
    the worker knows better). If the database refuses every try, the row stays "sending": it is flagged
    uncertain later, never sent again by itself."""
    attempt = OutboxMessage.objects.filter(
        pk=message.pk, attempts=message.attempts, status__in=[OutboxStatus.SENDING, OutboxStatus.UNCERTAIN]
    )
    for tried in range(1, RECORD_TRIES + 1):
        try:
            attempt.update(**fields)
            return
        except DatabaseError as exc:
            log.warning("outbox_record_failed", extra={"message_id": message.pk, "try": tried, "error": repr(exc)})
            db_connection.close_if_unusable_or_obsolete()
            if tried < RECORD_TRIES:
                time.sleep(1)


def outbox_flag_uncertain(*, now: dt.datetime | None = None) -> int:
    """Flag messages stuck in "sending" longer than any delivery task may run, so that a person decides
    (they may have gone out). Returns how many were flagged."""
    now = now or timezone.now()
    stuck = OutboxMessage.objects.filter(
        status=OutboxStatus.SENDING,
        sending_since__lt=now - dt.timedelta(seconds=settings.OUTBOX_UNCERTAIN_AFTER_SECONDS),
    )
    ids = list(stuck.values_list("pk", flat=True))
    if ids:
        OutboxMessage.objects.filter(pk__in=ids, status=OutboxStatus.SENDING).update(status=OutboxStatus.UNCERTAIN)
        log.warning("outbox_uncertain", extra={"messages": ids})
    return len(ids)


def outbox_resolve_uncertain(*, message_ids: list[int], sent: bool) -> int:
    """A person's decision on uncertain messages: they were received (sent), or they go out again."""
    now = timezone.now()
    uncertain = OutboxMessage.objects.filter(pk__in=message_ids, status=OutboxStatus.UNCERTAIN)
    if sent:
        return uncertain.update(status=OutboxStatus.SENT, sent_at=now)
    with transaction.atomic():
        ids = list(uncertain.values_list("pk", flat=True))
        OutboxMessage.objects.filter(pk__in=ids).update(status=OutboxStatus.PENDING, next_attempt_at=now)
        if ids:
            transaction.on_commit(lambda: outbox_publish(message_ids=ids))
    return len(ids)


def outbox_deliver_many(*, message_ids: Iterable[int], now: dt.datetime | None = None) -> dict[str, int]:
    """Deliver several messages over one mail connection; counts of each result."""
    results = {SENT: 0, RETRY: 0, FAILED: 0, SKIPPED: 0}
    connection = get_connection()
    try:
        for message_id in message_ids:
            results[outbox_deliver(message_id=message_id, now=now, connection=connection)] += 1
    finally:
        connection.close()
    return results


def outbox_due_ids(*, now: dt.datetime | None = None, limit: int) -> list[int]:
    """Ids of pending messages that are due, oldest first, at most `limit`."""
    now = now or timezone.now()
    return list(
        OutboxMessage.objects.filter(status=OutboxStatus.PENDING, next_attempt_at__lte=now)
        .order_by("pk")
        .values_list("pk", flat=True)[:limit]
    )


def outbox_next_attempt(*, message_ids: list[int]) -> dt.datetime | None:
    """When the earliest of these messages that are still pending is due again (None: all done)."""
    return (
        OutboxMessage.objects.filter(pk__in=message_ids, status=OutboxStatus.PENDING)
        .order_by("next_attempt_at")
        .values_list("next_attempt_at", flat=True)
        .first()
    )
