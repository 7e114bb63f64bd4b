"""The failure limiter: counts per client in the shared cache (Redis in tests), slows, then refuses."""

import threading
import time

import pytest
from django.core.cache import caches
from django.db import connections
from django.test import RequestFactory
from freezegun import freeze_time

from center import ratelimit
from center.cache import keep_ready, mark_changed

LIMIT = ratelimit.Limit(scope="test", slow_after=3, block_after=5, window=900, delay=30, block_for=1800)


def request_from(address: str, forwarded: str = ""):
    extra = {"REMOTE_ADDR": address}
    if forwarded:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


def fail(limit, request) -> None:
    """One lookup that found nothing (counted)."""
    ratelimit.settle(limit, request, found=False)


def fail_until_blocked(limit, request, clock) -> None:
    """Failures one after another, each slowed client waiting out its delay before the next guess."""
    for _ in range(limit.block_after):
        fail(limit, request)
        clock.tick(limit.delay + 1)


def check(limit, request) -> None:
    """One lookup that found something: not counted, refused while the client is limited."""
    ratelimit.settle(limit, request, found=True)


def test_the_cache_is_redis_in_tests():
    """The limit must hold across web processes, so it lives in Redis, not in process memory."""
    assert type(caches["default"]).__name__ == "RedisCache"


def test_failures_below_the_threshold_are_not_limited():
    request = request_from("203.0.113.1")
    for _ in range(LIMIT.slow_after - 1):
        fail(LIMIT, request)
    check(LIMIT, request)  # does not raise


def test_a_client_is_slowed_then_may_try_again_after_the_delay():
    request = request_from("203.0.113.2")
    with freeze_time("2026-11-16 02:00:00") as clock:
        for _ in range(LIMIT.slow_after):
            fail(LIMIT, request)
        with pytest.raises(ratelimit.RateLimited) as refused:
            check(LIMIT, request)
        assert not refused.value.blocked
        assert refused.value.retry_after == 30
        assert "30 giây" in refused.value.message
        clock.tick(31)
        check(LIMIT, request)  # waited long enough


@pytest.mark.parametrize("embedded", [False, True], ids=["redis", "without-redis"])
def test_a_request_that_read_the_clock_before_its_turn_is_not_told_to_wait_longer_than_the_delay(settings, embedded):
    """Under load a request can read the time, then wait its turn while a later one (a second on) sets the
    wait: it is still told at most the limit's delay, as the message promises."""
    if embedded:
        settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    request = request_from("203.0.113.12")
    with freeze_time("2026-11-16 02:00:01"):
        for _ in range(LIMIT.slow_after):
            fail(LIMIT, request)
    with freeze_time("2026-11-16 02:00:00"), pytest.raises(ratelimit.RateLimited) as refused:
        check(LIMIT, request)
    assert refused.value.retry_after == LIMIT.delay


def test_a_client_is_refused_for_a_while_at_the_block_threshold():
    request = request_from("203.0.113.3")
    with freeze_time("2026-11-16 02:00:00") as clock:
        fail_until_blocked(LIMIT, request, clock)
        with pytest.raises(ratelimit.RateLimited) as refused:
            check(LIMIT, request)
        assert refused.value.blocked
        assert refused.value.retry_after == 1800 - LIMIT.delay - 1
        assert "30 phút" in refused.value.message
        clock.tick(28 * 60)
        with pytest.raises(ratelimit.RateLimited):
            check(LIMIT, request)
        clock.tick(2 * 60)
        check(LIMIT, request)


def test_clients_are_counted_separately():
    attacker, neighbour = request_from("203.0.113.4"), request_from("203.0.113.5")
    with freeze_time("2026-11-16 02:00:00") as clock:
        fail_until_blocked(LIMIT, attacker, clock)
        with pytest.raises(ratelimit.RateLimited) as refused:
            check(LIMIT, attacker)
        assert refused.value.blocked
        check(LIMIT, neighbour)


def test_forwarded_for_is_ignored_without_a_trusted_proxy(settings):
    settings.RATELIMIT_PROXY_COUNT = 0
    assert ratelimit.client_address(request_from("10.0.0.1", "198.51.100.7")) == "10.0.0.1"


def test_behind_one_proxy_the_address_it_saw_is_used(settings):
    settings.RATELIMIT_PROXY_COUNT = 1
    # The client wrote a fake first entry; the proxy appended the real address last.
    assert ratelimit.client_address(request_from("10.0.0.1", "1.2.3.4, 198.51.100.7")) == "198.51.100.7"


def test_the_cache_holds_no_ip_address():
    fail(LIMIT, request_from("203.0.113.77"))
    assert not any("203.0.113.77" in key.decode() for key in caches["default"]._cache.get_client().keys("*"))


def test_concurrent_failures_are_all_counted():
    """Settled by one Redis script each: 24 failures at once count 24, none lost, so the 24th makes the
    client wait and the 23rd alone would not have."""
    wide = ratelimit.Limit(scope="burst", slow_after=24, block_after=1000, window=900, delay=30, block_for=1)
    request, neighbour = request_from("203.0.113.6"), request_from("203.0.113.7")
    start = threading.Barrier(8)

    def fail_three_times(who, times=3):
        start.wait()
        for _ in range(times):
            fail(wide, who)
        connections.close_all()

    threads = [threading.Thread(target=fail_three_times, args=(request,)) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    with pytest.raises(ratelimit.RateLimited):
        check(wide, request)
    for _ in range(23):
        fail(wide, neighbour)
    check(wide, neighbour)


def test_guarded_counts_only_failures():
    request = request_from("203.0.113.8")
    for _ in range(LIMIT.block_after * 2):
        assert ratelimit.guarded(LIMIT, request, lambda: "found") == "found"
    check(LIMIT, request)
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


def test_without_redis_ready_answers_and_quotas_work_the_same(settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    request = request_from("203.0.113.91")
    quota = ratelimit.Quota(key="throttle_test_local", allowed=4, window=60)
    keep_ready("ready-answer", b"{}", 60)
    assert ratelimit.ready_answer(LIMIT, request, key="ready-answer", quota=quota) == b"{}"
    mark_changed(["ready-answer"], 30)
    keep_ready("ready-answer", b"stale", 60)
    assert ratelimit.ready_answer(LIMIT, request, key="ready-answer", quota=quota) is None
    ratelimit.ready_answer(LIMIT, request, key="nothing-here", quota=quota)
    ratelimit.ready_answer(LIMIT, request, key="nothing-here", quota=quota)
    with pytest.raises(ratelimit.QuotaExceeded):
        ratelimit.ready_answer(LIMIT, request, key="nothing-here", quota=quota)


def test_a_quota_is_counted_in_the_same_step_and_refused_past_its_allowance():
    request = request_from("203.0.113.40")
    quota = ratelimit.Quota(key="throttle_test_203.0.113.40", allowed=3, window=60)
    for _ in range(3):
        ratelimit.ready_answer(LIMIT, request, key="nothing-here", quota=quota)
    with pytest.raises(ratelimit.QuotaExceeded) as over:
        ratelimit.ready_answer(LIMIT, request, key="nothing-here", quota=quota)
    assert 0 < over.value.retry_after <= 60
    check(LIMIT, request)  # the failure limit is another matter: nothing failed


def test_a_ready_answer_is_handed_back_and_counts_as_a_success():
    request = request_from("203.0.113.41")
    keep_ready("ready-answer", b'{"code": "X"}', 60)
    for _ in range(LIMIT.block_after):
        assert ratelimit.ready_answer(LIMIT, request, key="ready-answer") == b'{"code": "X"}'
    check(LIMIT, request)


def test_no_ready_answer_counts_nothing():
    """The caller then looks up and settles: a miss must not count twice."""
    request = request_from("203.0.113.44")
    for _ in range(LIMIT.block_after):
        assert ratelimit.ready_answer(LIMIT, request, key="nothing-here") is None
    check(LIMIT, request)


def test_an_answer_marked_changed_is_not_ready_and_cannot_be_kept_again():
    request = request_from("203.0.113.45")
    keep_ready("ready-answer", b"old", 60)
    mark_changed(["ready-answer"], 30)
    assert ratelimit.ready_answer(LIMIT, request, key="ready-answer") is None
    keep_ready("ready-answer", b"built from what was read before the change", 60)
    assert ratelimit.ready_answer(LIMIT, request, key="ready-answer") is None


def test_a_limited_client_gets_no_ready_answer():
    request = request_from("203.0.113.42")
    keep_ready("ready-answer", b"{}", 60)
    for _ in range(LIMIT.slow_after):
        fail(LIMIT, request)
    with pytest.raises(ratelimit.RateLimited):
        ratelimit.ready_answer(LIMIT, request, key="ready-answer")


# --- public lookups: per code from any address, and a ceiling per address ------------------------------

DAY = 24 * 60 * 60


def lookup(address: str, code: str, *, right: bool = False) -> ratelimit.RateLimited | None:
    """One public lookup of `code` from `address` (the right secret or a wrong one): None if answered
    (the dossier, or "no dossier matches"), else the refusal."""
    try:
        ratelimit.settle(ratelimit.public_lookup(), request_from(address), found=right, code=code)
    except ratelimit.RateLimited as refused:
        return refused
    return None


def guess_for_a_day(addresses) -> int:
    """An attacker guessing one code as fast as the limits allow for 24 hours, each guess from the next of
    `addresses` (cycled), waiting out each refusal; the number of guesses answered."""
    answered, n = 0, 0
    with freeze_time("2026-11-16 02:00:00") as clock:
        started = time.time()
        while time.time() - started < DAY:
            refused = lookup(addresses(n), "H56.01-261116-0042")
            n += 1
            if refused is None:
                answered += 1
            else:
                assert refused.code and not refused.blocked
                clock.tick(refused.retry_after)
    return answered


@pytest.mark.parametrize(
    "addresses",
    [lambda n: "203.0.113.50", lambda n: f"198.51.{n // 200}.{n % 200 + 1}"],
    ids=["one-address", "a-new-address-each-guess"],
)
def test_guesses_at_one_code_are_bounded_per_day_from_one_address_or_many(addresses):
    """README, "Limits on public lookups": 34 guesses at one code in the first day (5, then waits of 30 s
    doubling up to an hour), from one address or from as many as the attacker likes."""
    assert guess_for_a_day(addresses) == 34


def test_the_wait_of_a_code_grows_and_refuses_even_the_right_secret():
    """While the code waits, its owner is refused too: a refusal that let the right secret through would
    tell the attacker which guess was right. The message says how long and whom to ask."""
    code = "H56.01-261116-0043"
    with freeze_time("2026-11-16 02:00:00") as clock:
        for n in range(5):
            assert lookup(f"198.51.100.{n + 1}", code) is None
        told = []
        for n in range(4):
            refused = lookup("192.0.2.9", code, right=True)
            told.append(refused.retry_after)
            clock.tick(refused.retry_after)
            assert lookup(f"198.51.101.{n + 1}", code) is None  # a wrong guess after the wait: answered
        assert told == [30, 60, 120, 240]
        refused = lookup("192.0.2.9", code, right=True)
        assert "8 phút" in refused.message and "liên hệ" in refused.message
        assert lookup("192.0.2.9", "H56.01-261116-0044", right=True) is None  # another code: not affected


@pytest.mark.parametrize("embedded", [False, True], ids=["redis", "without-redis"])
def test_a_lookup_that_read_the_clock_before_its_turn_is_not_told_to_wait_longer_than_the_codes_delay(
    settings, embedded
):
    """The same race for a code's wait (the clean-clone run saw Retry-After 31 for a 30 s wait): a lookup
    that read second T is decided after guesses of second T+1 gave the code its first wait."""
    if embedded:
        settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    code = "H56.01-261116-0045"
    with freeze_time("2026-11-16 02:00:01"):
        for n in range(6):  # five answered, the sixth earns the first wait (30 s)
            lookup(f"198.51.100.{n + 1}", code)
    with freeze_time("2026-11-16 02:00:00"):
        refused = lookup("192.0.2.9", code, right=True)
    assert refused is not None and refused.code
    assert refused.retry_after == 30


def test_a_code_is_forgotten_a_day_after_its_last_wrong_secret(settings):
    """On the local-memory cache, whose expiry follows the frozen clock (Redis expires keys on its own clock:
    the next test reads the lifetime it set)."""
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    code = "H56.01-261116-0045"
    with freeze_time("2026-11-16 02:00:00") as clock:
        for _ in range(5):
            lookup("203.0.113.51", code)
        clock.tick(DAY - 60)
        lookup("203.0.113.51", code)  # the 6th, a day later: still remembered, so the code waits 60 s
        assert lookup("203.0.113.51", code, right=True).retry_after == 60
        clock.tick(DAY + 1)
        for _ in range(5):
            assert lookup("203.0.113.51", code) is None


def test_on_redis_a_codes_failures_live_a_day_from_the_last_one():
    code = "H56.01-261116-0046"
    lookup("203.0.113.51", code)
    (key,) = caches["default"]._cache.get_client().keys("*:code:*:failures")
    client = caches["default"]._cache.get_client()
    client.expire(key, 60)
    lookup("203.0.113.51", code)
    assert DAY - 5 < client.ttl(key) <= DAY


def test_fifty_honest_people_behind_one_address_each_make_two_typos_and_all_get_their_answer():
    """A hall's Wi-Fi: 50 citizens, each mistyping their own secret twice before typing it right, all at
    the same time (100 failures from the address before the first right lookup)."""
    codes = [f"H56.01-261116-{n:04d}" for n in range(50)]
    for _typo in range(2):
        for code in codes:
            assert lookup("203.0.113.52", code) is None
    assert [lookup("203.0.113.52", code, right=True) for code in codes] == [None] * 50


def test_an_address_past_the_ceiling_is_refused_for_an_hour_right_lookups_too(settings):
    """Clear abuse: PUBLIC_LOOKUP_ADDRESS_BLOCK_AFTER failures within an hour (one guess at each of many
    codes, which no code's own limit sees)."""
    settings.PUBLIC_LOOKUP_ADDRESS_BLOCK_AFTER = 20
    with freeze_time("2026-11-16 02:00:00") as clock:
        for n in range(20):
            assert lookup("203.0.113.53", f"H56.01-261116-{n:04d}") is None
        refused = lookup("203.0.113.53", "H56.01-261116-9000", right=True)
        assert refused.blocked and refused.retry_after == 3600
        assert lookup("203.0.113.54", "H56.01-261116-9000", right=True) is None  # other addresses are not
        clock.tick(3601)
        assert lookup("203.0.113.53", "H56.01-261116-9000", right=True) is None


@pytest.mark.parametrize("embedded", [False, True], ids=["redis", "without-redis"])
def test_without_redis_codes_are_counted_the_same(settings, embedded):
    if embedded:
        settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    assert guess_for_a_day(lambda n: f"198.51.{n // 200}.{n % 200 + 1}") == 34
    codes = [f"H56.02-261116-{n:04d}" for n in range(50)]
    for code in codes * 2:
        lookup("203.0.113.55", code)
    assert [lookup("203.0.113.55", code, right=True) for code in codes] == [None] * 50
