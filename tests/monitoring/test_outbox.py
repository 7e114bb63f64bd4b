"""Notifications: written with the event, sent after commit, retried with backoff, never lost, never twice."""

import datetime as dt
import smtplib
import time
from unittest import mock

import pytest
from celery.exceptions import SoftTimeLimitExceeded
from django.core import mail
from django.db import transaction
from django.utils import timezone
from kombu.exceptions import OperationalError

from dossiers import services
from dossiers.models import Dossier
from monitoring import sms, tasks
from monitoring.models import OutboxMessage, OutboxStatus
from monitoring.services import (
    outbox_deliver,
    outbox_deliver_many,
    outbox_due_ids,
    outbox_flag_uncertain,
    outbox_resolve_uncertain,
)
from monitoring.services.outbox import outbox_backoff
from tests.dossiers.test_apis import BODY
from tests.monitoring.conftest import run_together


class BrokenEmailBackend:
    """A mail server that is down."""

    def __init__(self, *args, **kwargs):
        pass

    def open(self):
        pass

    def close(self):
        pass

    def send_messages(self, messages):
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")


class SlowSmsBackend:
    """A gateway that takes its time, so that two workers overlap."""

    def send(self, to, text):
        time.sleep(0.3)
        sms.outbox.append((to, text))


def receive(clerk, procedure, email="an@example.vn"):
    return services.dossier_receive(
        procedure=procedure,
        applicant=services.Applicant("Nguyễn Văn An", "001203004567", "0912345678", email=email),
        by=clerk,
    )


@pytest.fixture
def in_progress(procedure, clerk, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        dossier = receive(clerk, procedure)
        services.dossier_transfer(dossier=dossier, by=clerk)
    mail.outbox.clear()
    sms.outbox.clear()
    return dossier


def test_result_ready_reaches_the_citizen_by_sms_and_email(in_progress, specialist, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        services.dossier_resolve(dossier=in_progress, by=specialist)
        # Written in the service's transaction, before anything is sent.
        rows = OutboxMessage.objects.filter(dossier=in_progress, template="result_ready")
        assert {r.channel for r in rows} == {"sms", "email"} and {r.status for r in rows} == {"pending"}
    assert [callback.__qualname__.split(".")[0] for callback in callbacks].count("outbox_enqueue") == 1
    assert [m.to for m in mail.outbox] == [["an@example.vn"]]
    assert in_progress.code in mail.outbox[0].subject
    assert "kết quả" in mail.outbox[0].body.lower()  # Vietnamese, the portal's language
    assert sms.outbox == [("0912345678", sms.outbox[0][1])] and in_progress.code in sms.outbox[0][1]
    assert set(rows.values_list("status", flat=True)) == {OutboxStatus.SENT}


def test_supplement_request_lists_what_is_missing(in_progress, specialist, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.dossier_request_supplement(dossier=in_progress, by=specialist, missing=["Bản vẽ mặt bằng"])
    assert "Bản vẽ mặt bằng" in mail.outbox[0].body and "Bản vẽ mặt bằng" in sms.outbox[0][1]


def test_no_email_to_a_citizen_who_gave_none(procedure, clerk, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        dossier = receive(clerk, procedure, email="")
    assert list(OutboxMessage.objects.filter(dossier=dossier).values_list("channel", flat=True)) == ["sms"]
    assert mail.outbox == [] and len(sms.outbox) == 1


def test_notifications_roll_back_with_the_change(in_progress, specialist):
    with pytest.raises(RuntimeError), transaction.atomic():
        services.dossier_resolve(dossier=in_progress, by=specialist)
        raise RuntimeError("the request failed after the change")
    assert not OutboxMessage.objects.filter(template="result_ready").exists()
    assert Dossier.objects.get(pk=in_progress.pk).status == "in_progress"


def test_receiving_succeeds_with_the_broker_down_and_the_message_goes_out_later_once(
    api_as, clerk, procedure, django_capture_on_commit_callbacks
):
    down = OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")
    with (
        mock.patch.object(tasks.outbox_deliver_task, "delay", side_effect=down) as publish,
        django_capture_on_commit_callbacks(execute=True),
    ):
        response = api_as(clerk).post("/api/v1/dossiers/", BODY, format="json")
    assert response.status_code == 201, response.content
    assert publish.called
    dossier = Dossier.objects.get(code=response.json()["code"])
    pending = OutboxMessage.objects.filter(dossier=dossier)
    assert pending.count() == 2 and set(pending.values_list("status", flat=True)) == {"pending"}
    assert mail.outbox == [] and sms.outbox == []

    # The broker is back: the periodic flush (beat, every minute) sends what waited.
    tasks.outbox_flush_task()
    assert len(mail.outbox) == 1 and len(sms.outbox) == 1
    assert dossier.code in mail.outbox[0].body
    # Run again, or a late copy of the original task arrives: nothing is sent twice.
    tasks.outbox_flush_task()
    tasks.outbox_deliver_task(list(pending.values_list("pk", flat=True)))
    assert len(mail.outbox) == 1 and len(sms.outbox) == 1
    assert set(pending.values_list("status", flat=True)) == {"sent"}


def flush(now: dt.datetime | None = None) -> dict[str, int]:
    """What the flush's deliver tasks do with every message due at `now` (default: now)."""
    now = now or timezone.now()
    return outbox_deliver_many(message_ids=outbox_due_ids(now=now, limit=1000), now=now)


def test_mail_server_down_retries_with_backoff_until_it_is_back(
    in_progress, specialist, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "tests.monitoring.test_outbox.BrokenEmailBackend"
    with django_capture_on_commit_callbacks(execute=True):
        resolved = services.dossier_resolve(dossier=in_progress, by=specialist)
    assert resolved.status == "result_ready"  # the change stands
    email = OutboxMessage.objects.get(dossier=in_progress, template="result_ready", channel="email")
    assert email.status == "pending" and email.attempts == 1 and "SMTPServerDisconnected" in email.last_error
    assert email.next_attempt_at > timezone.now() + dt.timedelta(seconds=25)
    assert OutboxMessage.objects.get(dossier=in_progress, template="result_ready", channel="sms").status == "sent"

    assert flush()["sent"] == 0  # not due yet: the backoff is respected
    later = email.next_attempt_at + dt.timedelta(seconds=1)
    assert flush(now=later) == {"sent": 0, "retry": 1, "failed": 0, "skipped": 0}
    email.refresh_from_db()
    assert email.attempts == 2 and email.next_attempt_at == later + outbox_backoff(2)

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert flush(now=email.next_attempt_at)["sent"] == 1
    assert flush(now=email.next_attempt_at + dt.timedelta(hours=2))["sent"] == 0
    assert len(mail.outbox) == 1


def test_backoff_doubles_up_to_an_hour(settings):
    settings.OUTBOX_RETRY_BASE_SECONDS = 30
    assert [outbox_backoff(n).total_seconds() for n in (1, 2, 3, 4)] == [30, 60, 120, 240]
    assert outbox_backoff(20) == dt.timedelta(hours=1)


def test_a_message_is_given_up_after_the_last_attempt(in_progress, specialist, settings):
    settings.EMAIL_BACKEND = "tests.monitoring.test_outbox.BrokenEmailBackend"
    settings.OUTBOX_MAX_ATTEMPTS = 2
    services.dossier_resolve(dossier=in_progress, by=specialist)  # not committed: nothing sent yet
    email = OutboxMessage.objects.get(dossier=in_progress, template="result_ready", channel="email")
    assert outbox_deliver(message_id=email.pk) == "retry"
    assert outbox_deliver(message_id=email.pk, now=timezone.now() + dt.timedelta(minutes=5)) == "failed"
    email.refresh_from_db()
    assert email.status == "failed" and email.attempts == 2
    flush(now=timezone.now() + dt.timedelta(days=1))  # sends the SMS, leaves the email alone
    email.refresh_from_db()
    assert email.status == "failed" and email.attempts == 2 and mail.outbox == []


@pytest.mark.django_db(transaction=True)
def test_two_workers_send_a_message_once(procedure, clerk, settings):
    settings.SMS_BACKEND = "tests.monitoring.test_outbox.SlowSmsBackend"
    dossier = receive(clerk, procedure, email="")
    message = OutboxMessage.objects.get(dossier=dossier)
    # The commit's own task ran already (eager); make the row pending again to race two workers on it.
    OutboxMessage.objects.filter(pk=message.pk).update(status="pending", sent_at=None, attempts=0)
    sms.outbox.clear()
    results = run_together(lambda: outbox_deliver(message_id=message.pk), 2)
    assert sorted(results) == ["sent", "skipped"]
    assert len(sms.outbox) == 1


def test_flush_is_scheduled_every_minute(settings):
    assert settings.CELERY_BEAT_SCHEDULE["outbox-flush"] == {
        "task": "monitoring.tasks.outbox_flush_task",
        "schedule": 60,
    }


def test_the_sms_gateway_is_chosen_by_a_setting_and_logs_by_default(settings, caplog):
    from center import settings as project_settings  # the default, whatever the test overlay says

    assert project_settings.SMS_BACKEND == "monitoring.sms.ConsoleSmsBackend"
    settings.SMS_BACKEND = "monitoring.sms.ConsoleSmsBackend"
    with caplog.at_level("INFO", logger="monitoring.sms"):
        sms.get_backend().send("0912345678", "Hồ sơ H56.01-261118-0001 đã có kết quả.")
    assert "sms_sent" in caplog.text and sms.outbox == []
    settings.SMS_BACKEND = "tests.monitoring.test_outbox.SlowSmsBackend"
    assert isinstance(sms.get_backend(), SlowSmsBackend)


def test_the_flush_hands_every_due_message_to_the_workers_in_small_shares(db, settings):
    """So that every worker process sends a share of a backlog at once; not yet due ones wait."""
    now = timezone.now()

    def message(number: int, due: dt.datetime) -> OutboxMessage:
        return OutboxMessage.objects.create(
            channel="sms", recipient="0912345678", template="receipt", body=f"{number}",
            dedupe_key=f"flush-{number}", created_at=now, next_attempt_at=due,
        )  # fmt: skip

    due = [message(number, now).pk for number in range(45)]
    message(99, now + dt.timedelta(hours=1))  # in backoff
    with mock.patch.object(tasks.outbox_deliver_task, "delay") as publish:
        assert tasks.outbox_flush_task() == {"handed_out": 45}
    shares = [call.args[0] for call in publish.call_args_list]
    assert [len(share) for share in shares] == [20, 20, 5]
    assert [pk for share in shares for pk in share] == due


class AcceptedThenStopped:
    """A gateway that accepts the message, after which the worker stops before it can record it: its
    time limit strikes (SoftTimeLimitExceeded) or the process is told to exit (SystemExit, as on a kill)."""

    stop_with: type[BaseException] = SoftTimeLimitExceeded

    def send(self, to, text):
        sms.outbox.append((to, text))
        raise self.stop_with()


def one_sms(number: int = 1) -> OutboxMessage:
    now = timezone.now()
    return OutboxMessage.objects.create(
        channel="sms", recipient="0912345678", template="receipt", body=f"Hồ sơ {number}",
        dedupe_key=f"accepted-{number}", created_at=now, next_attempt_at=now,
    )  # fmt: skip


@pytest.mark.parametrize("stop_with", [SoftTimeLimitExceeded, SystemExit])
def test_a_message_the_gateway_accepted_is_not_sent_again_when_the_worker_stops_before_recording_it(
    db, settings, monkeypatch, stop_with
):
    settings.SMS_BACKEND = "tests.monitoring.test_outbox.AcceptedThenStopped"
    monkeypatch.setattr(AcceptedThenStopped, "stop_with", stop_with)
    message = one_sms()
    with pytest.raises(stop_with):
        tasks.outbox_deliver_task([message.pk])
    assert len(sms.outbox) == 1
    message.refresh_from_db()
    assert message.status == "sending" and message.attempts == 1

    # The gateway works again; the flush, a redelivered task and a late one come by: nothing is resent.
    settings.SMS_BACKEND = "monitoring.sms.LocmemSmsBackend"
    assert tasks.outbox_flush_task() == {"handed_out": 0}
    tasks.outbox_deliver_task([message.pk])
    assert flush(now=timezone.now() + dt.timedelta(days=1)) == {"sent": 0, "retry": 0, "failed": 0, "skipped": 0}
    assert len(sms.outbox) == 1

    # Once no delivery task can still be running, it is flagged for a person, still not resent.
    later = timezone.now() + dt.timedelta(seconds=settings.OUTBOX_UNCERTAIN_AFTER_SECONDS + 1)
    assert outbox_flag_uncertain(now=later) == 1
    message.refresh_from_db()
    assert message.status == "uncertain"
    tasks.outbox_flush_task()
    assert len(sms.outbox) == 1


def test_a_person_decides_on_an_uncertain_message(db, settings, django_capture_on_commit_callbacks):
    received, lost = one_sms(1), one_sms(2)
    OutboxMessage.objects.filter(pk__in=[received.pk, lost.pk]).update(status="uncertain", attempts=1)
    assert outbox_resolve_uncertain(message_ids=[received.pk], sent=True) == 1
    with django_capture_on_commit_callbacks(execute=True):
        assert outbox_resolve_uncertain(message_ids=[lost.pk, received.pk], sent=False) == 1
    assert sms.outbox == [("0912345678", "Hồ sơ 2")]  # sent again, once; the received one not
    assert dict(OutboxMessage.objects.values_list("pk", "status")) == {received.pk: "sent", lost.pk: "sent"}


def test_the_admin_marks_an_uncertain_message_sent_or_sends_it_again(
    admin_client, db, django_capture_on_commit_callbacks
):
    received, lost, pending = one_sms(1), one_sms(2), one_sms(3)
    OutboxMessage.objects.filter(pk__in=[received.pk, lost.pk]).update(status="uncertain", attempts=1)
    url = "/admin/monitoring/outboxmessage/"
    response = admin_client.post(url, {"action": "mark_sent", "_selected_action": [received.pk]}, follow=True)
    assert response.status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(url, {"action": "send_again", "_selected_action": [lost.pk, pending.pk]})
    assert sms.outbox == [("0912345678", "Hồ sơ 2")]  # only the uncertain one chosen; not the one marked
    assert OutboxMessage.objects.get(pk=received.pk).status == "sent"
