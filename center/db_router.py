"""Reads of the supervision pages from a PostgreSQL streaming replica (DATABASE_REPLICA_URL), when one is set.

Opt-in, not global: only code run inside `replica_reads()` (a context manager and view decorator) reads
from the replica: the dashboard and an agency's page with their exports, the drill-down lists, the 766
scorecard pages, the periodic reports and the public punctuality board. Everything else reads the primary.
A global "every read to the replica" router would send the reads of read-then-write code there too: a
clerk's worklist right after a transfer, the dossier page after an action (its `version` is the ETag of the
next action), a service that reads a row and then writes from what it read. On an asynchronous replica those
reads may be a moment old, so a user would not see their own change, or an action would be refused with 409
for a version the primary has long moved past. Figures over a period do not care about a second of lag.

Inside `replica_reads()` the primary is still used:
- within a transaction (`atomic`, which `select_for_update` needs): what a transaction reads, it may write;
- when the replica is missing, stopped, not a standby any more, or lagging more than REPLICA_MAX_LAG_SECONDS
  (one log line when that starts, one when it ends). Its health is checked at most every
  REPLICA_CHECK_SECONDS per process (one small query), never per query;
- when a query on the replica fails (it stopped since the last check): the decorated view is run again on
  the primary (the views are read-only, so running one twice is harmless), so the user sees no error.

Writes always go to the primary; migrations run on the primary only (the replica copies them).
"""

from __future__ import annotations

import contextlib
import contextvars
import functools
import logging
import threading
import time

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections
from django.http import StreamingHttpResponse

log = logging.getLogger("center.db_router")

REPLICA = "replica"
# Always read on the primary: sessions and accounts (a user who just signed in must be recognised at once,
# however far behind the replica is) and the login-attempt records.
PRIMARY_ONLY_APPS = frozenset({"sessions", "auth", "authtoken", "axes", "admin", "contenttypes"})

_wanted: contextvars.ContextVar[bool] = contextvars.ContextVar("replica_reads", default=False)


def replica_configured() -> bool:
    return REPLICA in settings.DATABASES


# --- Health: checked at most every REPLICA_CHECK_SECONDS per process ------------------------------------

# Replication lag in seconds: none when every WAL record received has been replayed (an idle primary sends
# nothing, so the last replayed transaction's age alone would call an idle pair "lagging"); otherwise the age
# of the last transaction replayed.
LAG_SQL = (
    "SELECT pg_is_in_recovery(), CASE WHEN pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() THEN 0 "
    "ELSE COALESCE(EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp()), 0) END"
)


class _Health:
    def __init__(self):
        self.lock = threading.Lock()
        self.usable = False
        self.checked_at = float("-inf")
        self.reason = ""  # why the replica is not used ("" while it is)


_health = _Health()


def _first_line(error: Exception) -> str:
    text = str(error).strip()
    return text.splitlines()[0] if text else repr(error)


def _probe() -> tuple[bool, str, float | None]:
    """(usable, reason if not, lag in seconds) of the replica, from one query on its connection."""
    try:
        with connections[REPLICA].cursor() as cursor:
            cursor.execute(LAG_SQL)
            in_recovery, lag = cursor.fetchone()
    except DatabaseError as error:
        connections[REPLICA].close()
        return False, f"unreachable: {_first_line(error)}", None
    lag = float(lag or 0)
    if not in_recovery:
        return False, "not a standby (promoted?)", lag
    if lag > settings.REPLICA_MAX_LAG_SECONDS:
        return False, f"lagging {lag:.1f} s (limit {settings.REPLICA_MAX_LAG_SECONDS} s)", lag
    return True, "", lag


def _record(usable: bool, reason: str, lag: float | None) -> None:
    """Keep the verdict; log only a change (one line when the fallback starts, one when it ends)."""
    was, first = _health.usable, _health.checked_at == float("-inf")
    _health.usable, _health.reason, _health.checked_at = usable, reason, time.monotonic()
    if usable and not was and not first:
        log.info("replica_back", extra={"lag_seconds": lag})
    elif not usable and (was or first):
        log.warning("replica_fallback_to_primary", extra={"reason": reason})


def replica_usable() -> bool:
    """Whether reads may go to the replica now (cached REPLICA_CHECK_SECONDS; one thread checks at a time,
    the others keep the last verdict meanwhile)."""
    if not replica_configured():
        return False
    if time.monotonic() - _health.checked_at < settings.REPLICA_CHECK_SECONDS:
        return _health.usable
    if not _health.lock.acquire(blocking=False):
        return _health.usable
    try:
        if time.monotonic() - _health.checked_at >= settings.REPLICA_CHECK_SECONDS:
            _record(*_probe())
        return _health.usable
    finally:
        _health.lock.release()


def replica_failed(error: Exception) -> None:
    """A query on the replica failed: use the primary until the next check says otherwise."""
    connections[REPLICA].close()
    _record(False, f"failed: {_first_line(error)}", None)


# --- Opting in -----------------------------------------------------------------------------------------


@contextlib.contextmanager
def replica_reads(wanted: bool = True):
    """Reads in this block may go to the replica (see the module's docstring for when they do not);
    `replica_reads(False)`: to the primary, even inside another `replica_reads()` (the retry after a failure)."""
    token = _wanted.set(wanted)
    try:
        yield
    finally:
        _wanted.reset(token)


def _streamed(chunks):
    with replica_reads():
        yield from chunks


def replica_view(view):
    """A read-only view whose reads go to the replica; if the replica fails while the view runs, the view is
    run again on the primary. A streamed answer (CSV export) reads the replica while it streams too; a
    replica that stops in the middle of one cuts that download (the user asks again, and gets the primary)."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if not replica_configured():
            return view(request, *args, **kwargs)
        try:
            with replica_reads():
                response = view(request, *args, **kwargs)
                if hasattr(response, "render") and callable(response.render):
                    response = response.render()
        except DatabaseError as error:
            if not _failed_on_replica():
                raise
            replica_failed(error)
            with replica_reads(False):
                return view(request, *args, **kwargs)
        if isinstance(response, StreamingHttpResponse):
            response.streaming_content = _streamed(response.streaming_content)
        return response

    return wrapper


def _failed_on_replica() -> bool:
    """Whether the error came from the replica's connection (Django marks the connection an error came
    through); an error of the primary is raised as usual."""
    return connections[REPLICA].errors_occurred


class ReplicaRouter:
    """Reads inside `replica_reads()` to the replica when usable, every other read and all writes to the
    primary. Always an explicit alias: without one, Django would read an object's relations from the database
    the object came from, so a row read on the replica would pull its relations from there outside the block.
    """

    def db_for_read(self, model, **hints):
        if model._meta.app_label in PRIMARY_ONLY_APPS:
            return DEFAULT_DB_ALIAS
        if _wanted.get() and not connections[DEFAULT_DB_ALIAS].in_atomic_block and replica_usable():
            return REPLICA
        return DEFAULT_DB_ALIAS

    def db_for_write(self, model, **hints):
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        return True  # one database, two copies of it

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == DEFAULT_DB_ALIAS
