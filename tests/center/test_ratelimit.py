"""The failure limiter: counts per client in the shared cache (Redis in tests), slows, then refuses."""

import threading

import pytest
from django.core.cache import caches
from django.db import connections
from django.test import RequestFactory
from freezegun import freeze_time

from center import ratelimit

LIMIT = ratelimit.Limit(scope="test", slow_after=3, block_after=5, window=900, delay=30, block_for=1800)


def request_from(address: str, forwarded: str = ""):
    extra = {"REMOTE_ADDR": address}
    if forwarded:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


def test_the_cache_is_redis_in_tests():
    """The limit must hold across web processes, so it lives in Redis, not in process memory."""
    assert type(caches["default"]).__name__ == "RedisCache"


def test_failures_below_the_threshold_are_not_limited():
    request = request_from("203.0.113.1")
    for _ in range(LIMIT.slow_after - 1):
        ratelimit.register_failure(LIMIT, request)
    ratelimit.check(LIMIT, request)  # does not raise


def test_a_client_is_slowed_then_may_try_again_after_the_delay():
    request = request_from("203.0.113.2")
    with freeze_time("2026-11-16 02:00:00") as clock:
        for _ in range(LIMIT.slow_after):
            ratelimit.register_failure(LIMIT, request)
        with pytest.raises(ratelimit.RateLimited) as refused:
            ratelimit.check(LIMIT, request)
        assert not refused.value.blocked
        assert refused.value.retry_after == 30
        assert "30 giây" in refused.value.message
        clock.tick(31)
        ratelimit.check(LIMIT, request)  # waited long enough


def test_a_client_is_refused_for_a_while_at_the_block_threshold():
    request = request_from("203.0.113.3")
    with freeze_time("2026-11-16 02:00:00") as clock:
        for _ in range(LIMIT.block_after):
            ratelimit.register_failure(LIMIT, request)
        with pytest.raises(ratelimit.RateLimited) as refused:
            ratelimit.check(LIMIT, request)
        assert refused.value.blocked
        assert refused.value.retry_after == 1800
        assert "30 phút" in refused.value.message
        clock.tick(29 * 60)
        with pytest.raises(ratelimit.RateLimited):
            ratelimit.check(LIMIT, request)
        clock.tick(61)
        ratelimit.check(LIMIT, request)


def test_clients_are_counted_separately():
    attacker, neighbour = request_from("203.0.113.4"), request_from("203.0.113.5")
    for _ in range(LIMIT.block_after):
        ratelimit.register_failure(LIMIT, attacker)
    with pytest.raises(ratelimit.RateLimited):
        ratelimit.check(LIMIT, attacker)
    ratelimit.check(LIMIT, neighbour)


def test_forwarded_for_is_ignored_without_a_trusted_proxy(settings):
    settings.RATELIMIT_PROXY_COUNT = 0
    assert ratelimit.client_address(request_from("10.0.0.1", "198.51.100.7")) == "10.0.0.1"


def test_behind_one_proxy_the_address_it_saw_is_used(settings):
    settings.RATELIMIT_PROXY_COUNT = 1
    # The client wrote a fake first entry; the proxy appended the real address last.
    assert ratelimit.client_address(request_from("10.0.0.1", "1.2.3.4, 198.51.100.7")) == "198.51.100.7"


def test_the_cache_holds_no_ip_address():
    ratelimit.register_failure(LIMIT, request_from("203.0.113.77"))
    assert not any("203.0.113.77" in key.decode() for key in caches["default"]._cache.get_client().keys("*"))


def test_concurrent_failures_are_all_counted():
    """cache.add + cache.incr (Redis INCR) is atomic: 24 failures at once count 24, none lost."""
    wide = ratelimit.Limit(scope="burst", slow_after=1000, block_after=1000, window=900, delay=1, block_for=1)
    request = request_from("203.0.113.6")
    counts = []
    start = threading.Barrier(8)

    def fail_three_times():
        start.wait()
        for _ in range(3):
            counts.append(ratelimit.register_failure(wide, request))
        connections.close_all()

    threads = [threading.Thread(target=fail_three_times) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(counts) == list(range(1, 25))


def test_guarded_counts_only_failures():
    request = request_from("203.0.113.8")
    for _ in range(LIMIT.block_after * 2):
        assert ratelimit.guarded(LIMIT, request, lambda: "found") == "found"
    ratelimit.check(LIMIT, request)
    for _ in range(LIMIT.slow_after):
        assert ratelimit.guarded(LIMIT, request, lambda: None) is None
    with pytest.raises(ratelimit.RateLimited):
        ratelimit.guarded(LIMIT, request, lambda: "found")


def test_without_redis_the_embedded_cache_counts_the_same(settings):
    """`make run` has no Redis: the limiter works on Django's local-memory cache through the same calls."""
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    request = request_from("203.0.113.90")
    with freeze_time("2026-11-16 02:00:00"):
        for _ in range(LIMIT.slow_after - 1):
            assert ratelimit.guarded(LIMIT, request, lambda: None) is None
        assert ratelimit.guarded(LIMIT, request, lambda: "found") == "found"  # a success is not counted
        assert ratelimit.guarded(LIMIT, request, lambda: None) is None  # the 3rd failure: now the client waits
        with pytest.raises(ratelimit.RateLimited) as refused:
            ratelimit.guarded(LIMIT, request, lambda: "found")
        assert not refused.value.blocked and refused.value.retry_after == 30
