"""A lock held until the current transaction ends, named by a string: for checks that must see every
earlier write of the same kind (e.g. "has this sender just sent the same feedback?"), where two parallel
requests would otherwise both find nothing and both write."""

import hashlib

from django.db import connection


def lock_for_transaction(name: str) -> None:
    """Wait for, then hold until commit or rollback, the lock called `name`. PostgreSQL: an advisory
    transaction lock (a statement run after it sees what the previous holder committed). SQLite allows one
    writer at a time, so `make run` (one process) needs nothing more."""
    if connection.vendor != "postgresql":
        return
    key = int.from_bytes(hashlib.sha256(name.encode()).digest()[:8], "big", signed=True)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [key])
