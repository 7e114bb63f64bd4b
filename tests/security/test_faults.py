"""Faults, with real processes: Redis (the broker and cache) stopped while dossiers are received, and a
deadline sweep killed in the middle while another one starts.

(a) gunicorn and a Celery worker with its beat run with the production settings against a throwaway
redis-server (never the shared one). Dossiers are received over the API before, during and after an
outage of FAULT_OUTAGE_SECONDS (default 8): every one is answered 201 and saved, and once Redis is back
every notification in the outbox is sent, each exactly once. The worker runs supervised (restarted if
it exits, as under systemd): it sometimes dies of the outage itself (see tests/security/faults.py).

(b) The same servers with Redis hanging (SIGSTOP: connections accepted, nothing answered): receipts and
public lookups are still answered (201, 200) within ANSWER_BUDGET seconds, and each receipt's notification
is sent once, after Redis answers again.

(c) `manage.py sweep_deadlines` is held in the middle of its work (this test holds an uncommitted alert
that the sweep must insert too), a second sweep meanwhile does nothing, the first is killed (SIGKILL),
and the next sweep completes: one alert per dossier and kind, whoever raised it.
"""

from __future__ import annotations

import os
import secrets
import shutil
import signal
import subprocess
import time
from collections import Counter

import psycopg2
import pytest
from django.db import transaction
from django.utils import timezone
from rest_framework.authtoken.models import Token

from center import roles
from dossiers.models import Dossier
from monitoring.models import Alert, AlertKind, OutboxMessage, OutboxStatus
from tests.center.processes import ROOT, gunicorn, request, server_database_url, stop
from tests.factories import DossierFactory, UserFactory
from tests.security.faults import SupervisedWorker, ThrowawayRedis, scratch_folder, sent_sms, wait_for
from tests.security.http import all_at_once

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

OUTAGE_SECONDS = float(os.environ.get("FAULT_OUTAGE_SECONDS", "8"))


def production_env(redis_url: str, sms_file: str) -> dict:
    """The production settings (center.settings: no eager Celery), on the test database and `redis_url`."""
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "center.settings",
        "DATABASE_URL": server_database_url(),
        "DB_CONN_MAX_AGE": "0",
        "REDIS_URL": redis_url,
        "CELERY_BROKER_URL": redis_url,
        "SECRET_KEY": secrets.token_urlsafe(50),
        "DEBUG": "0",
        "SMS_BACKEND": "tests.security.faults.FileSmsBackend",
        "FAULT_SMS_FILE": sms_file,
        "FAULT_SMS_SECONDS": os.environ.get("FAULT_SMS_SECONDS", "0.3"),
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "OUTBOX_FLUSH_EVERY_SECONDS": os.environ.get("FAULT_FLUSH_SECONDS", "2"),
        "DEADLINE_SWEEP_EVERY_SECONDS": "3600",
    }


def receive_body(number: int, procedure) -> dict:
    return {
        "procedure": procedure.code,
        "applicant_name": f"Nguyễn Văn {number}",
        "applicant_id_number": f"00120300{number:04d}",
        "applicant_phone": f"0912{number:06d}",  # one phone each: every SMS line is its dossier's
    }


@pytest.mark.skipif(shutil.which("redis-server") is None, reason="needs redis-server (Debian package)")
def test_redis_down_while_receiving_loses_nothing_and_sends_each_notification_once(procedure, clerk):
    token = Token.objects.create(user=clerk).key
    answers: list[tuple[int, object]] = []
    numbers = iter(range(10_000))

    def receive_some(count: int, base_url: str) -> None:
        """`count` receipts sent at once, each for a new applicant."""
        bodies = [receive_body(next(numbers), procedure) for _ in range(count)]
        url = f"{base_url}/api/v1/dossiers/"
        answers.extend(
            all_at_once([lambda body=body: request("POST", url, body=body, token=token) for body in bodies], count)
        )

    with scratch_folder() as folder:
        broker = ThrowawayRedis(folder)
        sms_file = os.path.join(folder, "sms.jsonl")
        broker.start()
        env = production_env(broker.url, sms_file)
        try:
            with gunicorn(workers=2, threads=4, env=env) as base_url, SupervisedWorker(env, folder) as worker:
                receive_some(5, base_url)
                broker.stop()
                down_at = time.monotonic()
                while time.monotonic() - down_at < OUTAGE_SECONDS:  # keep receiving for the whole outage
                    receive_some(4, base_url)
                during = len(answers) - 5
                pending_at_restart = OutboxMessage.objects.filter(status=OutboxStatus.PENDING).count()
                broker.start()
                back_at = time.monotonic()
                receive_some(5, base_url)
                wait_for(
                    lambda: not OutboxMessage.objects.exclude(status=OutboxStatus.SENT).exists(),
                    timeout=120,
                    what="every notification sent after the restart",
                    every=0.5,
                )
                delivered_after = time.monotonic() - back_at
                time.sleep(5)  # two more flushes: nothing may go out a second time
        finally:
            broker.stop()
        sent = sent_sms(sms_file)

    statuses = Counter(status for status, _ in answers)
    assert statuses == {201: len(answers)}, [a for a in answers if a[0] != 201][:3]
    assert Dossier.objects.count() == len(answers)
    rows = list(OutboxMessage.objects.values_list("recipient", "body"))
    assert len(rows) == len(answers)  # one receipt SMS per dossier (no email given)
    assert Counter((line["to"], line["text"]) for line in sent) == Counter(rows)  # each sent, exactly once
    print(
        f"\nRedis outage {OUTAGE_SECONDS:.0f} s: {len(answers)} dossiers received ({during} during the outage), "
        f"{pending_at_restart} notifications pending at the restart, all {len(sent)} sent once, "
        f"{delivered_after:.1f} s after Redis came back; the worker died {len(worker.exits)} time(s) "
        f"and was restarted"
    )


# --- (b) Redis hanging while a dossier is received --------------------------------------------------------

# What a receipt or a lookup may take while Redis hangs: no request waits on the broker or the cache more
# than ~1 s (one socket timeout; center/redis_guard.py then leaves the hung Redis alone for a while).
ANSWER_BUDGET = 2.0
LEAVE_ALONE_SECONDS = 2  # REDIS_RETRY_AFTER_SECONDS for this test: short, so it can wait for it to run out


def timed(call) -> tuple[float, object]:
    """(seconds, status) of one request; the client gives up after 5 s (status "timeout"), so that a portal
    that waits on the hung Redis fails this test in seconds, not after gunicorn's worker timeout."""
    started = time.monotonic()
    try:
        status, _body = call(timeout=5)
    except OSError:  # socket timeout, or urllib's URLError wrapping it
        status = "timeout"
    return time.monotonic() - started, status


@pytest.mark.skipif(shutil.which("redis-server") is None, reason="needs redis-server (Debian package)")
def test_receipts_and_lookups_while_redis_hangs_answer_quickly_and_each_notification_goes_once(procedure, clerk):
    token = Token.objects.create(user=clerk).key
    with scratch_folder() as folder:
        broker = ThrowawayRedis(folder)
        sms_file = os.path.join(folder, "sms.jsonl")
        broker.start()
        env = {**production_env(broker.url, sms_file), "REDIS_RETRY_AFTER_SECONDS": str(LEAVE_ALONE_SECONDS)}
        try:
            # One web process, so that every request meets the connections the first ones left in its pools.
            with gunicorn(workers=1, threads=4, env=env) as base_url, SupervisedWorker(env, folder):
                receipt_url = f"{base_url}/api/v1/dossiers/"

                def receipt(number: int):
                    body = receive_body(number, procedure)
                    return lambda timeout: request("POST", receipt_url, body=body, token=token, timeout=timeout)

                before = timed(receipt(0))
                first = Dossier.objects.get()
                lookup_url = f"{base_url}/api/v1/public/dossiers/{first.code}/?secret={first.secret}"

                def lookup(timeout):
                    return request("GET", lookup_url, timeout=timeout)

                assert timed(lookup)[1] == 200  # its answer is kept ready in Redis from now on
                broker.pause()
                during = {
                    "receipt, the first request to meet the hang": timed(receipt(1)),
                    "lookup": timed(lookup),
                    "receipt, Redis left alone": timed(receipt(2)),
                }
                time.sleep(LEAVE_ALONE_SECONDS + 0.5)  # the web process asks the hung Redis again
                during["lookup, the first to ask again"] = timed(lookup)
                during["receipt, after it"] = timed(receipt(3))
                saved_during = Dossier.objects.count()
                broker.resume()
                wait_for(
                    lambda: not OutboxMessage.objects.exclude(status=OutboxStatus.SENT).exists(),
                    timeout=60,
                    what="every notification sent once Redis answers again",
                    every=0.5,
                )
                time.sleep(5)  # two more flushes: nothing may go out a second time
        finally:
            broker.stop()
        sent = sent_sms(sms_file)

    print(
        f"\nRedis up: receipt {before[0]:.2f} s. Redis hung: "
        + "; ".join(f"{what} {seconds:.2f} s ({status})" for what, (seconds, status) in during.items())
    )
    assert before[1] == 201
    assert [status for _seconds, status in during.values()] == [201, 200, 201, 200, 201]
    assert max(seconds for seconds, _status in during.values()) <= ANSWER_BUDGET
    assert saved_during == 4
    rows = list(OutboxMessage.objects.values_list("recipient", "body"))
    assert len(rows) == 4  # one receipt SMS per dossier
    assert Counter((line["to"], line["text"]) for line in sent) == Counter(rows)  # each sent, exactly once


# --- (c) a sweep killed in the middle, and two at once -----------------------------------------------


def sweep_command() -> list[str]:
    return [str(ROOT / ".venv/bin/python"), "manage.py", "sweep_deadlines"]


def sweep_env() -> dict:
    return {**os.environ, "DJANGO_SETTINGS_MODULE": "center.settings_test", "DATABASE_URL": server_database_url()}


def run_sweep() -> str:
    done = subprocess.run(sweep_command(), cwd=ROOT, env=sweep_env(), capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return done.stdout


def sweep_waiting_on_alert_insert(pid_file: dict) -> bool:
    """Is a backend waiting for a lock while inserting alerts (our held row)? Its pid goes in pid_file."""
    with psycopg2.connect(server_database_url()) as connection, connection.cursor() as cursor:
        cursor.execute(
            "SELECT pid FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query ILIKE %s",
            ['INSERT INTO "monitoring_alert"%'],
        )
        row = cursor.fetchone()
    connection.close()
    if row:
        pid_file["pid"] = row[0]
    return bool(row)


def backend_gone(pid: int) -> bool:
    with psycopg2.connect(server_database_url()) as connection, connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE pid = %s", [pid])
        alive = cursor.fetchone()[0]
    connection.close()
    return alive == 0


def test_a_sweep_killed_midway_and_a_second_sweep_leave_one_alert_each(agency, procedure):
    UserFactory(role=roles.AGENCY_SPECIALIST, agency=agency, email="cv@example.vn")
    UserFactory(role=roles.AGENCY_LEAD, agency=agency, email="ld@example.vn")
    overdue = DossierFactory.create_batch(40, procedure=procedure, overdue=True)
    held = overdue[17]

    backend: dict = {}
    with transaction.atomic():
        # An alert this test raises and does not commit yet: the sweep must insert the same one and waits.
        Alert.objects.create(
            dossier=held, kind=AlertKind.OVERDUE, agency=held.agency, due_at=held.due_at, raised_at=timezone.now()
        )
        first = subprocess.Popen(
            sweep_command(), cwd=ROOT, env=sweep_env(), start_new_session=True,
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
        )  # fmt: skip
        try:
            wait_for(lambda: sweep_waiting_on_alert_insert(backend), timeout=60, what="the sweep at its alert insert")
            second = run_sweep()  # a second beat, or a worker retrying: finds the first one's lock
            stop(first, signal.SIGKILL)  # the worker dies in the middle of the sweep
        finally:
            stop(first, signal.SIGKILL)
    # The held alert is committed now; the killed sweep's transaction is rolled back by PostgreSQL.
    wait_for(lambda: backend_gone(backend["pid"]), timeout=30, what="the killed sweep's database session")

    started = time.monotonic()
    third = wait_for(
        lambda: (out := run_sweep()) and "Another sweep" not in out and out, timeout=30, what="a sweep that runs"
    )

    assert "Another sweep is running" in second
    assert first.returncode == -signal.SIGKILL
    assert "alerts raised" in third and time.monotonic() - started < 30
    per_dossier = Counter(Alert.objects.values_list("dossier_id", "kind"))
    assert max(per_dossier.values()) == 1  # the (dossier, kind) constraint: never twice
    assert {pk for pk, kind in per_dossier if kind == AlertKind.OVERDUE} == {d.pk for d in overdue}
    keys = list(OutboxMessage.objects.filter(template__startswith="alert_").values_list("dedupe_key", flat=True))
    assert keys and len(keys) == len(set(keys))
    assert "Another sweep" not in run_sweep()  # and the one after it runs too, raising nothing new
    assert Counter(Alert.objects.values_list("dossier_id", "kind")) == per_dossier
    print(f"\nkilled sweep, skipped sweep, then: {third.strip()}")
