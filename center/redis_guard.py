"""Not waiting twice on a Redis that does not answer.

A Redis that hangs (a frozen process, a stuck disk, a network that drops packets) accepts connections and
answers nothing: every command waits its whole socket timeout (1 s, settings.CACHES). A public lookup asks
Redis up to three times (its ready answer, the limiter, keeping the answer ready) and a staff action on a
dossier three times too (two "answers changed" marks, the notification task's publish), so without this
module a hung Redis would cost each of them 3 s (measured: tests/security/test_faults.py). Once a command
to a Redis server has failed (no answer in time, or refused), this process does not ask that server again
for REDIS_RETRY_AFTER_SECONDS: commands fail at once with RedisSkipped, a redis ConnectionError, which every
caller already treats as an outage (center/cache.py: a miss, the limiter steps aside; the outbox: the
flush sends later). So a request waits on a hung Redis one timeout at most, and only the first after the
pause has run out pays even that.

Servers are told apart by address (host:port, or a socket's path), so the cache and the broker, which are
usually the same Redis, learn of a hang from each other.
"""

from __future__ import annotations

import time
from functools import cache

import redis
from django.conf import settings
from redis.connection import parse_url
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

# When each server may be asked again (time.monotonic()); written by any thread, read without a lock: a
# race only means one more request tries, bounded by its socket timeout.
_asked_again_at: dict[str, float] = {}


class RedisSkipped(RedisConnectionError):
    """Not sent: this Redis failed to answer a moment ago."""


def redis_address(url: str) -> str | None:
    """The address a Redis URL points at, as the connections of center.cache name it (None: not Redis)."""
    if not url.startswith(("redis://", "rediss://", "unix://")):
        return None
    options = parse_url(url)
    return options.get("path") or f"{options.get('host', 'localhost')}:{options.get('port', 6379)}"


def redis_skipped(address: str | None) -> bool:
    """Whether Redis at `address` failed to answer within the last REDIS_RETRY_AFTER_SECONDS."""
    return address is not None and time.monotonic() < _asked_again_at.get(address, 0.0)


def redis_unanswered(address: str | None) -> None:
    """Remember that Redis at `address` did not answer: leave it alone for REDIS_RETRY_AFTER_SECONDS."""
    if address is not None:
        _asked_again_at[address] = time.monotonic() + settings.REDIS_RETRY_AFTER_SECONDS


def redis_unanswered_forget() -> None:
    """Ask every server again from now on (tests: an outage one test made must not outlast it)."""
    _asked_again_at.clear()


class _Guarded:
    """Mixed into a redis-py connection class: skips commands while its server is left alone, and leaves it
    alone when a connect, send or read fails (redis-py has closed the connection by then)."""

    def _address(self) -> str:
        return getattr(self, "path", None) or f"{self.host}:{self.port}"

    def _unless_skipped(self) -> None:
        if redis_skipped(self._address()):
            raise RedisSkipped(f"Redis at {self._address()} did not answer a moment ago: not asked again yet")

    def _watched(self, step, *args, **kwargs):
        try:
            return step(*args, **kwargs)
        except (RedisConnectionError, RedisTimeoutError):
            redis_unanswered(self._address())
            raise

    def connect_check_health(self, *args, **kwargs):
        if self._sock:
            return None
        self._unless_skipped()
        return self._watched(super().connect_check_health, *args, **kwargs)

    def send_packed_command(self, *args, **kwargs):
        self._unless_skipped()
        return self._watched(super().send_packed_command, *args, **kwargs)

    def read_response(self, *args, **kwargs):
        return self._watched(super().read_response, *args, **kwargs)


@cache
def _guarded(connection_class: type) -> type:
    return type(f"Guarded{connection_class.__name__}", (_Guarded, connection_class), {})


class GuardedConnectionPool(redis.ConnectionPool):
    """A connection pool whose connections (plain, TLS or Unix socket, as the URL says) are _Guarded.
    CACHES[...]["OPTIONS"]["pool_class"] names it."""

    def __init__(self, connection_class: type = redis.Connection, **kwargs):
        super().__init__(connection_class=_guarded(connection_class), **kwargs)
