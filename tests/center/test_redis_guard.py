"""A Redis that hangs costs a request one socket timeout at most, and the next requests nothing: the process
leaves it alone for a while (center/redis_guard.py). The same with real servers, receipts and the broker:
tests/security/test_faults.py."""

import shutil
import time

import pytest
import redis

from center.redis_guard import GuardedConnectionPool
from tests.dossiers.walk import receive
from tests.security.faults import ThrowawayRedis, scratch_folder

pytestmark = pytest.mark.skipif(shutil.which("redis-server") is None, reason="needs redis-server (Debian package)")


@pytest.fixture
def hung_redis(settings):
    """The cache on a redis-server of this test's own, to be frozen (`pause`: SIGSTOP)."""
    with scratch_folder() as folder:
        server = ThrowawayRedis(folder)
        server.start()
        try:
            settings.CACHES = {alias: {**settings.CACHES[alias], "LOCATION": server.url} for alias in settings.CACHES}
            yield server
        finally:
            server.stop()


def timed(call) -> tuple[float, object]:
    started = time.monotonic()
    result = call()
    return time.monotonic() - started, result


def test_a_hung_redis_costs_one_lookup_a_timeout_and_the_next_lookups_nothing(procedure, clerk, api, hung_redis):
    dossier = receive(procedure, clerk)
    url, secret = f"/api/v1/public/dossiers/{dossier.code}/", {"secret": dossier.secret}
    assert api.get(url, secret).status_code == 200  # a running portal: code loaded, connections in the pool
    hung_redis.pause()

    first_seconds, first = timed(lambda: api.get(url, secret))
    next_seconds, following = timed(lambda: api.get(url, secret))

    assert first.status_code == 200 and following.status_code == 200  # the limiter steps aside (README)
    assert first_seconds < 1.5  # one socket timeout (1 s): not one per command (ready answer, limiter, keep)
    assert next_seconds < 0.5  # not asked at all


def test_guarded_connections_keep_what_the_url_asks_for():
    """The pool wraps the connection class the URL chose, so TLS and Unix sockets are kept."""
    tls = GuardedConnectionPool.from_url("rediss://cache.internal:6380/0").connection_class
    assert issubclass(tls, redis.SSLConnection)
    unix = GuardedConnectionPool.from_url("unix:///run/redis/redis.sock?db=1").connection_class
    assert issubclass(unix, redis.UnixDomainSocketConnection)
