"""`make run`'s setup under load: SQLite, a real Celery worker with its beat on the filesystem broker, and
gunicorn receiving dossiers at the same time. No request and no task meets "database is locked", and every
notification goes out exactly once (the outbox used to send a message, fail to mark it sent because the web
had written meanwhile, and send it again at the next flush).
"""

from __future__ import annotations

import os
import secrets
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest

from tests.center.processes import ROOT, gunicorn, request
from tests.security.faults import SupervisedWorker, scratch_folder, sent_sms, wait_for
from tests.security.http import all_at_once

pytestmark = [pytest.mark.slow]

RECEIPTS = int(os.environ.get("SQLITE_LOAD_RECEIPTS", "40"))
SETUP = """
import django
django.setup()
from rest_framework.authtoken.models import Token
from center import roles
from tests.factories import AgencyFactory, CounterFactory, ProcedureFactory, UserFactory
agency = AgencyFactory(code="H56.01", name="Sở Tài chính", short_name="STC")
procedure = ProcedureFactory(agency=agency, code="1.004227", name="Đăng ký thành lập doanh nghiệp tư nhân")
counter = CounterFactory(number=1, name="Quầy 1")
counter.agencies.add(agency)
clerk = UserFactory(username="clerk", role=roles.COUNTER_STAFF, counter=counter)
print(Token.objects.create(user=clerk).key)
"""


def embedded_env(folder: str) -> dict:
    """`make run`'s settings (SQLite under VAR_DIR, filesystem broker, no Redis) in a scratch folder."""
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in {"REDIS_URL", "CELERY_BROKER_URL", "DATABASE_URL", "CELERY_TASK_ALWAYS_EAGER"}
    }
    return {
        **environment,
        "DJANGO_SETTINGS_MODULE": "center.settings",
        "VAR_DIR": folder,
        "DATABASE_URL": f"sqlite:///{folder}/db.sqlite3",
        "REDIS_URL": "",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "DEBUG": "0",
        "SMS_BACKEND": "tests.security.faults.FileSmsBackend",
        "FAULT_SMS_FILE": os.path.join(folder, "sms.jsonl"),
        # A gateway that takes a moment: the web writes while the worker is between sending and marking.
        "FAULT_SMS_SECONDS": "0.2",
        "OUTBOX_FLUSH_EVERY_SECONDS": "2",
        "DEADLINE_SWEEP_EVERY_SECONDS": "3600",
    }


def outbox_rows(database: str) -> list[tuple[str, str, str]]:
    with sqlite3.connect(database, timeout=20) as db:
        return db.execute("select recipient, body, status from monitoring_outboxmessage").fetchall()


def test_worker_and_web_writing_at_once_on_sqlite_send_each_notification_once():
    with scratch_folder() as folder:
        env = embedded_env(folder)
        database = os.path.join(folder, "db.sqlite3")
        subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)
        token = subprocess.run(
            [sys.executable, "-c", SETUP], cwd=ROOT, env=env, check=True, capture_output=True, text=True
        ).stdout.split()[-1]
        answers: list[tuple[int, object]] = []
        with gunicorn(workers=2, threads=4, env=env) as base_url, SupervisedWorker(env, folder) as worker:
            url = f"{base_url}/api/v1/dossiers/"
            for start in range(0, RECEIPTS, 4):  # receipts keep coming while the worker sends
                bodies = [
                    {
                        "procedure": "1.004227",
                        "applicant_name": f"Nguyễn Văn {number}",
                        "applicant_id_number": f"00120300{number:04d}",
                        "applicant_phone": f"0912{number:06d}",  # one phone each: every SMS line is its dossier's
                    }
                    for number in range(start, start + 4)
                ]
                answers += all_at_once([lambda b=b: request("POST", url, body=b, token=token) for b in bodies], 4)
                time.sleep(0.1)
            wait_for(
                lambda: {status for *_, status in outbox_rows(database)} == {"sent"},
                timeout=120,
                what="every notification sent",
                every=0.5,
            )
            time.sleep(5)  # two more flushes: nothing may go out a second time
        rows = outbox_rows(database)
        sent = sent_sms(env["FAULT_SMS_FILE"])
        worker_log = Path(worker.log_path).read_text(errors="replace")

    assert Counter(status for status, _ in answers) == {201: RECEIPTS}, [a for a in answers if a[0] != 201][:3]
    assert "database is locked" not in worker_log
    assert len(rows) == RECEIPTS  # one receipt SMS per dossier (no email given)
    assert Counter((line["to"], line["text"]) for line in sent) == Counter((to, body) for to, body, _ in rows)
