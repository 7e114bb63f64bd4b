"""The notification outbox: messages are rows written in the transaction of the event that calls for
them, and sent after commit by Celery; nothing is lost when the broker or the mail server is down.

- enqueue: insert the rows (idempotent through `dedupe_key`), then after commit publish a task. If the
  publish fails (Redis down, or no answer within a second) it is only logged: the caller's transaction has
  already committed, and the periodic flush (CELERY_BEAT_SCHEDULE["outbox-flush"]) finds the row later.
- deliver: lock the row (skipping rows another worker holds), send, mark it sent in the same
  transaction. A failed send counts an attempt and sets the next one with exponential backoff; after
  OUTBOX_MAX_ATTEMPTS the message is given up (status failed, kept for the record).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
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
        EmailMessage(
            subject=message.subject,
            body=message.body,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[message.recipient],
            connection=connection,
        ).send(fail_silently=False)
    elif message.channel == OutboxChannel.SMS:
        sms.get_backend().send(message.recipient, message.body)
    else:
        raise ValueError(f"unknown channel {message.channel!r}")


def outbox_deliver(*, message_id: int, now: dt.datetime | None = None, connection=None) -> str:
    """Send one message if it is still pending and due. Returns sent, retry, failed or skipped.

    The row stays locked while sending, so a second worker (or the flush) skips it; once sent its
    status is sent, so a later task for the same id does nothing: a message goes out once.
    """
    now = now or timezone.now()
    with transaction.atomic():
        message = (
            OutboxMessage.objects.select_for_update(skip_locked=True)
            .filter(pk=message_id, status=OutboxStatus.PENDING, next_attempt_at__lte=now)
            .first()
        )
        if message is None:
            return SKIPPED
        message.attempts += 1
        try:
            _send(message, connection)
        except Exception as exc:  # SMTP, socket or gateway errors: retried later, never lost
            message.last_error = repr(exc)[:2000]
            if message.attempts >= settings.OUTBOX_MAX_ATTEMPTS:
                message.status = OutboxStatus.FAILED
                outcome = FAILED
            else:
                message.next_attempt_at = now + outbox_backoff(message.attempts)
                outcome = RETRY
            message.save(update_fields=["attempts", "last_error", "status", "next_attempt_at"])
            log.warning(
                "outbox_send_failed",
                extra={"message_id": message.pk, "attempts": message.attempts, "outcome": outcome},
            )
            return outcome
        message.status = OutboxStatus.SENT
        message.sent_at = timezone.now()
        message.save(update_fields=["attempts", "status", "sent_at"])
    log.info("outbox_sent", extra={"message_id": message_id, "channel": message.channel})
    return SENT


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
