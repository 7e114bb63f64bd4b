"""Limits on repeated failures from one client (e.g. guessing a dossier's lookup secret).

Counts live in Django's cache, which is Redis when REDIS_URL is set, so every web process shares them.
The counter is atomic: `cache.add` creates it with the window as its lifetime (a no-op when it exists)
and `cache.incr` is Redis's INCR, so concurrent failures are all counted. Only failures count; a
success does not reset the count (else a client could interleave a known dossier to keep guessing).

Past `slow_after` failures the client must wait `delay` seconds between attempts; at `block_after`
it is refused for `block_for` seconds. A waiting or refused client gets a message saying for how long;
no request ever sleeps, so a guessing client cannot tie up the web workers.

`guarded` counts an attempt *before* the lookup and gives the count back if the lookup succeeds: counted
after it, a burst of parallel guesses would all pass `check` before the first failure was counted (200 at
once let 7-8 through instead of 5). From the `slow_after`-th attempt on, one attempt at a time goes ahead
(the turn, see `_reserve`), so a burst gets exactly `slow_after` answers and no more guesses are checked.
The price: lookups of one client that run at the same moment count while they run, so a client with
`slow_after` lookups under way at once is asked to retry a second later.

When the cache is unreachable the limiter steps aside (center/cache.py): lookups go ahead unlimited and
the log says "limiter unavailable". Refusing every citizen during an outage would cost more than it
protects: at 5 guesses a second, finding an 8-character secret takes far longer than an outage lasts.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import math
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import ngettext

from center.cache import CACHE_UNAVAILABLE, count_and_read, count_in_window, uncount

T = TypeVar("T")
logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Limit:
    scope: str
    slow_after: int
    block_after: int
    window: int  # seconds a run of failures is remembered
    delay: int  # seconds to wait between attempts once slowed
    block_for: int  # seconds a client is refused once blocked


class RateLimited(Exception):
    """The client must wait `retry_after` seconds; `message` says so in the user's language."""

    def __init__(self, *, retry_after: int, blocked: bool):
        self.retry_after = max(int(retry_after), 1)
        self.blocked = blocked
        super().__init__(self.message)

    @property
    def message(self) -> str:
        if self.blocked:
            minutes = math.ceil(self.retry_after / 60)
            return ngettext(
                "Too many unsuccessful attempts from your connection. For your security, lookups are "
                "paused: try again in %(minutes)s minute.",
                "Too many unsuccessful attempts from your connection. For your security, lookups are "
                "paused: try again in %(minutes)s minutes.",
                minutes,
            ) % {"minutes": minutes}
        return ngettext(
            "Several attempts did not match. Check what you typed against your papers and try again in "
            "%(seconds)s second.",
            "Several attempts did not match. Check what you typed against your papers and try again in "
            "%(seconds)s seconds.",
            self.retry_after,
        ) % {"seconds": self.retry_after}


def client_address(request) -> str:
    """The client's IP address. Behind RATELIMIT_PROXY_COUNT trusted reverse proxies, the address
    the nearest of them saw (X-Forwarded-For is otherwise ignored: a client can write anything there)."""
    proxies = settings.RATELIMIT_PROXY_COUNT
    if proxies:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "")


@dataclass(frozen=True)
class _Keys:
    attempts: str  # failures plus the attempts under way: what the next attempt is numbered by
    failures: str  # failures only: what the slow-down and the block follow
    wait: str
    blocked: str
    turn: str


def _keys(limit: Limit, request) -> _Keys:
    # Hashed, so the cache holds no IP addresses. v2: the moments are whole seconds (integers).
    client = hashlib.sha256(f"{settings.SECRET_KEY}:{client_address(request)}".encode()).hexdigest()[:32]
    base = f"ratelimit:v2:{limit.scope}:{client}"
    return _Keys(*(f"{base}:{name}" for name in ("attempts", "failures", "wait", "blocked", "turn")))


def _refusal(blocked: int | None, wait: int | None) -> RateLimited | None:
    # Each key holds the moment it ends (its cache lifetime ends then too; the value lets us say how long).
    now = time.time()
    if (blocked or 0) > now:
        return RateLimited(retry_after=math.ceil(blocked - now), blocked=True)
    if (wait or 0) > now:
        return RateLimited(retry_after=math.ceil(wait - now), blocked=False)
    return None


def check(limit: Limit, request) -> None:
    """Raise RateLimited when the client is blocked or must still wait before the next attempt."""
    keys = _keys(limit, request)
    values = cache.get_many([keys.blocked, keys.wait])
    refusal = _refusal(values.get(keys.blocked), values.get(keys.wait))
    if refusal is not None:
        raise refusal


def _count(limit: Limit, key: str) -> int:
    return count_in_window(key, limit.window)


def _penalise(limit: Limit, keys: _Keys, failures: int) -> None:
    """Apply the slow-down or the block that the `failures`-th failure triggers."""
    now = int(time.time())  # whole seconds: Redis reads them back in one round trip (count_and_read)
    if failures >= limit.block_after:
        cache.set(keys.blocked, now + limit.block_for, timeout=limit.block_for)
        # The counts end with the block, so a client starts afresh after it. Deleted now, they would let an
        # attempt already past `check` start a fresh count and go ahead.
        for key in (keys.attempts, keys.failures):
            cache.touch(key, limit.block_for)
    elif failures >= limit.slow_after:
        cache.set(keys.wait, now + limit.delay, timeout=limit.delay)


def register_failure(limit: Limit, request) -> int:
    """Count one failure atomically and apply the slow-down or the block it triggers; the new count."""
    keys = _keys(limit, request)
    _count(limit, keys.attempts)
    failures = _count(limit, keys.failures)
    _penalise(limit, keys, failures)
    return failures


def _reserve(limit: Limit, request, keys: _Keys) -> bool:
    """Count an attempt before it is made, unless the client is limited (raises RateLimited); whether it
    holds the turn. Counting and reading the block and the wait take one round trip to Redis.

    From the `slow_after`-th attempt on, an attempt must also hold the turn, which exactly one caller wins
    (`cache.add`) and keeps until its lookup is over; a failure sets the wait before giving the turn back,
    so whoever wins the turn next and checks again sees that wait."""
    attempt, (blocked, wait) = count_and_read(keys.attempts, limit.window, [keys.blocked, keys.wait])
    refusal = _refusal(blocked, wait)
    if refusal is not None:
        _give_back(keys, turn=False)
        raise refusal
    if attempt < limit.slow_after:
        return False
    # The turn expires by itself after `delay` in case its holder's process dies mid-lookup.
    if not cache.add(keys.turn, 1, timeout=limit.delay):
        _give_back(keys, turn=False)
        # Another lookup of this client is under way (a lookup takes milliseconds): if it fails, the next
        # attempt is told the full wait.
        raise RateLimited(retry_after=1, blocked=False)
    try:
        check(limit, request)
    except RateLimited:
        _give_back(keys, turn=True)
        raise
    return True


def _give_back(keys: _Keys, *, turn: bool) -> None:
    """Uncount an attempt that was not made or did not fail, and give back the turn it held."""
    uncount(keys.attempts)
    if turn:
        cache.delete(keys.turn)


def public_lookup() -> Limit:
    """Lookups that a stranger could use to guess (a dossier's secret, a feedback's tracking code):
    all count towards one limit per client."""
    return Limit(
        scope="public-lookup",
        slow_after=settings.PUBLIC_LOOKUP_SLOW_AFTER,
        block_after=settings.PUBLIC_LOOKUP_BLOCK_AFTER,
        window=15 * 60,
        delay=30,
        block_for=30 * 60,
    )


@contextlib.contextmanager
def _unless_cache_down(limit: Limit):
    try:
        yield
    except CACHE_UNAVAILABLE as error:
        logger.warning("%s limiter unavailable, lookup not limited: %s", limit.scope, error)


def guarded(limit: Limit, request, find: Callable[[], T | None]) -> T | None:
    """Run the lookup `find` unless the client is limited (raises RateLimited); count it if it fails."""
    keys = _keys(limit, request)
    turn = None
    with _unless_cache_down(limit):
        turn = _reserve(limit, request, keys)
    if turn is None:  # the cache is down: nothing was counted, nothing to give back
        return find()
    try:
        found = find()
    except BaseException:
        with _unless_cache_down(limit):
            _give_back(keys, turn=turn)
        raise
    with _unless_cache_down(limit):
        if found is None:
            failures = _count(limit, keys.failures)
            # The turn's holder was at least the `slow_after`-th attempt, even if earlier ones are still under
            # way (not counted as failures yet): its failure always makes the client wait.
            _penalise(limit, keys, max(failures, limit.slow_after) if turn else failures)
            if turn:
                cache.delete(keys.turn)
        else:
            _give_back(keys, turn=turn)
    return found
