"""Supervision reads from a real streaming replica, and falls back to the primary when the replica lags or
stops, without the users noticing (center/db_router.py).

The portal runs in gunicorn against the pair of tests/center/replica_pair.py (DATABASE_URL the primary,
DATABASE_REPLICA_URL the replica). Where a read went is seen from what it returns: with the replica's replay
paused, a change committed on the primary is not on the replica, so a page that does not show it read the
replica, and a page that shows it read the primary.
"""

from __future__ import annotations

import http.cookiejar
import re
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request

import pytest

from tests.center.processes import gunicorn

MAX_LAG = 3  # REPLICA_MAX_LAG_SECONDS of the server under test
CHECK_EVERY = 1  # REPLICA_CHECK_SECONDS
DASHBOARD = "/giam-sat/"
AGENCIES_CSV = "/giam-sat/?export=agencies&format=csv"
SUMMARY_CSV = "/giam-sat/?export=summary&format=csv"
BOARD = "/cong-khai/dung-han/"
RENAMED = "Sở Tài chính (tên mới)"


class Browser:
    """A signed-in director: cookies kept between requests, like a browser."""

    def __init__(self, base_url: str):
        self.base_url = base_url
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def get(self, path: str) -> tuple[int, str]:
        """(status, body), the body without its per-request CSRF tokens and an export's "generated at" minute
        (so two answers a minute apart compare)."""
        try:
            with self.opener.open(self.base_url + path, timeout=30) as response:
                status, body = response.status, response.read().decode("utf-8-sig")
        except urllib.error.HTTPError as error:
            status, body = error.code, error.read().decode(errors="replace")
        body = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", body)
        return status, re.sub(r"^(Thời điểm lập|Generated at);[^\r\n]*", r"\1;", body, flags=re.MULTILINE)

    def sign_in(self, username: str, password: str) -> None:
        self.get("/accounts/login/")
        token = next(c.value for c in self.jar if c.name == "csrftoken")
        data = urllib.parse.urlencode({"username": username, "password": password, "csrfmiddlewaretoken": token})
        with self.opener.open(self.base_url + "/accounts/login/", data=data.encode(), timeout=30) as response:
            assert "/accounts/login/" not in response.url, "the demo director could not sign in"


@pytest.fixture(scope="module")
def portal(replica_pair):
    """gunicorn (one process, so its one health check and its log lines are this test's) on the pair."""
    with tempfile.TemporaryFile() as log, tempfile.TemporaryDirectory() as var:
        environment = {
            "DATABASE_URL": replica_pair.primary_url,
            "DATABASE_REPLICA_URL": replica_pair.replica_url,
            "REPLICA_MAX_LAG_SECONDS": str(MAX_LAG),
            "REPLICA_CHECK_SECONDS": str(CHECK_EVERY),
            "REDIS_URL": "",  # local-memory cache: nothing shared with the suite's Redis
            "VAR_DIR": var,
            "DB_CONN_MAX_AGE": "60",  # keep connections, as in production: a stopped replica breaks a kept one
        }
        with gunicorn(workers=1, threads=4, env=environment, log=log) as base_url:
            browser = Browser(base_url)
            browser.sign_in("giamdoc", "Demo@2026")
            yield browser, log


def logged(log, event: str) -> int:
    log.seek(0)
    return len(re.findall(event, log.read().decode(errors="replace")))


def wait_for(condition, timeout: float) -> float:
    """Seconds until condition() held; fails after `timeout`."""
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        if condition():
            return time.monotonic() - started
        time.sleep(0.1)
    raise AssertionError(f"not within {timeout} s")


def back_again(browser, log, times: int) -> bool:
    """Whether the server has logged the replica's return `times` times (a read makes it check)."""
    assert browser.get(DASHBOARD)[0] == 200
    return logged(log, "replica_back") >= times


def test_dashboard_reads_the_replica_and_a_lagging_replica_falls_back_to_the_primary(portal, replica_pair):
    browser, log = portal
    pair = replica_pair
    status, before = browser.get(AGENCIES_CSV)
    assert status == 200 and "Sở Tài chính" in before and RENAMED not in before
    # The replica has replayed all; then it stops replaying and the primary renames an agency.
    last_replayed = time.monotonic()  # at or before the replica's last replayed transaction, which is this one:
    pair.sql(pair.primary_port, "SELECT txid_current()")
    pair.wait_replayed()
    pair.sql(pair.replica_port, "SELECT pg_wal_replay_pause()")
    try:
        pair.sql(pair.primary_port, f"UPDATE procedures_agency SET name = '{RENAMED}' WHERE code = 'H56.01'")
        renamed_at = time.monotonic()
        assert pair.sql(pair.primary_port, "SELECT name FROM procedures_agency WHERE code = 'H56.01'") == [(RENAMED,)]
        # Read on the replica: the dashboard and its export still show the old name.
        status, page = browser.get(DASHBOARD)
        assert status == 200 and RENAMED not in page
        status, csv = browser.get(AGENCIES_CSV)
        assert status == 200 and csv == before
        # What does not opt in reads the primary, replica or not: the public catalogue shows the new name.
        status, catalogue = browser.get("/api/v1/procedures/?agency=H56.01")
        assert status == 200 and RENAMED in catalogue
        # Once the replica is more than MAX_LAG seconds behind, the next check sends reads to the primary.
        wait_for(lambda: RENAMED in browser.get(AGENCIES_CSV)[1], timeout=MAX_LAG + CHECK_EVERY + 10)
        fell_back_after = time.monotonic() - renamed_at
        # The replica counts as lagging once its last replayed transaction is MAX_LAG old (not before), and the
        # next check (CHECK_EVERY) sees it; the rest is slack for a loaded machine. One second below: the lag is
        # PostgreSQL's commit timestamps against its own clock, this bound is this process's monotonic clock
        # (seen 2.8 s for a 3 s limit under load).
        assert MAX_LAG - 1 <= time.monotonic() - last_replayed <= MAX_LAG + CHECK_EVERY + 5
        assert logged(log, "replica_fallback_to_primary") == 1
        status, page = browser.get(DASHBOARD)
        assert status == 200 and RENAMED in page
    finally:
        pair.sql(pair.replica_port, "SELECT pg_wal_replay_resume()")
    wait_for(lambda: back_again(browser, log, 1), timeout=CHECK_EVERY + 10)
    assert logged(log, "replica_fallback_to_primary") == 1  # one line for the whole fallback, not per request
    print(f"lag fallback: the primary's change shown {fell_back_after:.2f} s after it (limit {MAX_LAG} s)")


def test_a_stopped_replica_changes_nothing_for_users(portal, replica_pair):
    browser, log = portal
    pair = replica_pair
    pair.wait_replayed()
    time.sleep(CHECK_EVERY + 0.5)
    pages = [AGENCIES_CSV, SUMMARY_CSV, BOARD]
    seen = {path: browser.get(path) for path in pages}
    assert all(status == 200 for status, _body in seen.values())
    fallbacks, backs = logged(log, "replica_fallback_to_primary"), logged(log, "replica_back")
    pair.stop("replica")
    try:
        # The first request meets the replica gone before the next health check: it is run again on the
        # primary. The ones after it read the primary straight away.
        started = time.monotonic()
        first = browser.get(AGENCIES_CSV)
        first_took = time.monotonic() - started
        assert first == seen[AGENCIES_CSV]
        for path in pages:
            assert browser.get(path) == seen[path]
        time.sleep(CHECK_EVERY + 0.5)  # past the next check too
        started = time.monotonic()
        assert browser.get(SUMMARY_CSV) == seen[SUMMARY_CSV]
        later_took = time.monotonic() - started
        assert browser.get(DASHBOARD)[0] == 200
        assert logged(log, "replica_fallback_to_primary") == fallbacks + 1
        print(f"replica stopped: first request {first_took * 1000:.0f} ms, later {later_took * 1000:.0f} ms")
    finally:
        pair.start("replica")
    wait_for(lambda: back_again(browser, log, backs + 1), timeout=30)
    assert browser.get(SUMMARY_CSV) == seen[SUMMARY_CSV]


ROUTING_PROBE = """
import json
from django.db import transaction
from center.db_router import replica_reads
from procedures.models import Agency

def name():
    return Agency.objects.get(code="H56.01").name

seen = {"outside": name()}
with replica_reads():
    seen["inside"] = name()
    with transaction.atomic():
        seen["in_transaction"] = Agency.objects.select_for_update().get(code="H56.01").name
    agency = Agency.objects.get(code="H56.01")  # read on the replica, saved: the write goes to the primary
    agency.short_name = "STC-moi"
    agency.save(update_fields=["short_name"])
print(json.dumps(seen))
"""


def test_inside_replica_reads_transactions_and_writes_use_the_primary(replica_pair):
    """The router's rules, seen from a process on the pair while the replica is behind on one change."""
    import json
    import os
    import subprocess

    from tests.center.processes import ROOT

    pair = replica_pair
    pair.wait_replayed()
    original = pair.sql(pair.primary_port, "SELECT name FROM procedures_agency WHERE code = 'H56.01'")[0][0]
    pair.sql(pair.replica_port, "SELECT pg_wal_replay_pause()")
    try:
        pair.sql(pair.primary_port, "UPDATE procedures_agency SET name = 'Tên trên máy chính' WHERE code = 'H56.01'")
        environment = {
            **os.environ, "DJANGO_SETTINGS_MODULE": "center.settings_test", "DATABASE_URL": pair.primary_url,
            "DATABASE_REPLICA_URL": pair.replica_url, "REPLICA_MAX_LAG_SECONDS": "3600", "REDIS_URL": "",
        }  # fmt: skip
        done = subprocess.run(
            [str(ROOT / ".venv/bin/python"), "manage.py", "shell", "-c", ROUTING_PROBE],
            cwd=ROOT, env=environment, capture_output=True, text=True, timeout=120, check=True,
        )  # fmt: skip
        seen = json.loads(done.stdout.strip().splitlines()[-1])
        assert seen == {"outside": "Tên trên máy chính", "inside": original, "in_transaction": "Tên trên máy chính"}
        assert pair.sql(pair.primary_port, "SELECT short_name FROM procedures_agency WHERE code = 'H56.01'") == [
            ("STC-moi",)
        ]
    finally:
        pair.sql(pair.replica_port, "SELECT pg_wal_replay_resume()")
