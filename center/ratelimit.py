"""Limits on repeated failures (e.g. guessing a dossier's lookup secret), per client address and per code.

Counts live in Django's cache, which is Redis when REDIS_URL is set, so every web process shares them.
Only failures count; a success does not reset a count (else a client could interleave a known dossier to
keep guessing). A `Limit` counts failures per client address: past `slow_after` within `window` the client
must wait `delay` seconds between attempts; at `block_after` it is refused for `block_for` seconds. A
limit may also count failures per code (`CodeLimit`: the dossier code typed, from any address): past
`slow_after` the code must wait, a delay doubling with each further failure, so guesses on one code stay
bounded however many addresses send them, while the people behind one address (a hall's Wi-Fi, a
carrier's NAT) each count against their own code. A waiting or refused client gets a message saying for
how long; no request ever sleeps, so a guessing client cannot tie up the web workers.

While a code or an address must wait, every lookup of it is refused, whatever it would find: a refusal
that let the right secret through would tell a wrong guess by its refusal, and bound nothing.

The lookup runs first and reveals nothing by itself; `settle` then decides in one atomic step whether its
answer may be given and counts it if it failed. On Redis that step is one Lua script, so parallel guesses
are decided one after another: a burst of 200 wrong secrets for one code gets exactly the code's
`slow_after` answers. The same round trip can count a request quota (the public API's load throttle) and
read ready-made answers, so a right lookup costs one trip to Redis.

When the cache is unreachable, or does not answer within its 1 s timeout, the limiter steps aside
(center/cache.py, center/redis_guard.py): lookups go ahead unlimited and the log says "limiter
unavailable". Refusing every citizen during an outage would cost more than it protects: at 5 guesses a
second, finding an 8-character secret takes far longer than an outage lasts.
"""

from __future__ import annotations

import hashlib
import logging
import math
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from django.conf import settings
from django.core.cache import caches
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from center.cache import CACHE_UNAVAILABLE, count_in_window, redis_client, seconds_left

T = TypeVar("T")
logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class CodeLimit:
    """Failures per code, from any address: past `slow_after`, each further failure makes the code wait
    `first_delay` seconds, doubled each time up to `max_delay`; forgotten `memory` seconds after the last."""

    slow_after: int
    first_delay: int
    max_delay: int
    memory: int


@dataclass(frozen=True)
class Limit:
    scope: str
    slow_after: int
    block_after: int
    window: int  # seconds a run of failures is remembered
    delay: int  # seconds to wait between attempts once slowed
    block_for: int  # seconds a client is refused once blocked
    per_code: CodeLimit | None = None  # also count failures per code (callers then pass the code)


@dataclass(frozen=True)
class Quota:
    """At most `allowed` requests per `window` seconds, counted at `key` (load protection, not security)."""

    key: str
    allowed: int
    window: int


class RateLimited(Exception):
    """The client must wait `retry_after` seconds; `message` says so in the user's language. `blocked`: its
    address is refused for a while; `code`: the code it asked about must wait (someone guessed at it)."""

    def __init__(self, *, retry_after: int, blocked: bool, code: bool = False):
        self.retry_after = max(int(retry_after), 1)
        self.blocked = blocked
        self.code = code
        super().__init__(self.message)

    @property
    def message(self) -> str:
        if self.code:
            return _(
                "Several wrong lookup secrets were typed for this code. To protect the dossier, it can be "
                "looked up again in %(wait)s. If these attempts were not yours, contact the center with your "
                "receipt."
            ) % {"wait": wait_text(self.retry_after)}
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


class QuotaExceeded(Exception):
    """The client sent more requests than its quota allows; it may go on after `retry_after` seconds."""

    def __init__(self, retry_after: int):
        self.retry_after = max(int(retry_after), 1)
        super().__init__(retry_after)


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
    failures: str
    wait: str  # each of these holds the moment it ends, in whole seconds (its lifetime ends then too)
    blocked: str
    code_failures: str  # "" when the code is not counted
    code_wait: str


def hashed(value: str) -> str:
    """A keyed hash of a client's address (or e-mail address, phone number) for a cache key: the cache
    holds no one's address, and without SECRET_KEY no one can tell which address a key counts."""
    return hashlib.sha256(f"{settings.SECRET_KEY}:{value}".encode()).hexdigest()[:32]


def _keys(limit: Limit, request, code: str) -> _Keys:
    # Hashed, so the cache holds no IP addresses nor codes. v4: per address and per code.
    base = f"ratelimit:v4:{limit.scope}"
    address = f"{base}:address:{hashed(client_address(request))}"
    counted = limit.per_code is not None and code
    per_code = f"{base}:code:{hashed(code)}" if counted else ""
    return _Keys(
        f"{address}:failures",
        f"{address}:wait",
        f"{address}:blocked",
        f"{per_code}:failures" if counted else "",
        f"{per_code}:wait" if counted else "",
    )


# Outcomes, as the script returns them first (then the seconds to wait, or the ready answer).
_GO, _OVER_QUOTA, _BLOCKED, _WAIT, _NOT_READY, _CODE_WAIT = 0, 1, 2, 3, 4, 5
# What the lookup found, as the script is told: something, nothing (a failure to count), or "see whether an
# answer is ready at KEYS[7]" (asked before the lookup: a miss counts nothing, the lookup settles after).
_FOUND, _FAILED, _READY = "found", "failed", "ready"

# KEYS: address failures, wait, blocked; code failures, code wait (or ""); quota (or ""); ready answer (or "").
# ARGV: now, found, window, slow_after, block_after, delay, block_for, quota allowed, quota window,
#       code slow_after, code first delay, code max delay, code memory.
# `now` is read before the request waits its turn, so a later request may already have set a wait from a
# later second: what is left is capped at the length that wait was given (for a code: the delay its failure
# count earns), never told as `delay` + 1.
_SETTLE = """
local now = tonumber(ARGV[1])
-- code_delay() below, the same rule: the wait a code is given after its failures-th failure.
local function code_delay(failures)
  local over = failures - tonumber(ARGV[10])
  if over < 0 then return 0 end
  return math.floor(math.min(tonumber(ARGV[11]) * 2 ^ math.min(over, 30), tonumber(ARGV[12])))
end
if KEYS[6] ~= '' then
  redis.call('set', KEYS[6], 0, 'EX', ARGV[9], 'NX')
  if redis.call('incr', KEYS[6]) > tonumber(ARGV[8]) then
    return {1, redis.call('ttl', KEYS[6])}
  end
end
local blocked = tonumber(redis.call('get', KEYS[3]) or '0')
if blocked > now then return {2, math.min(blocked - now, tonumber(ARGV[7]))} end
local wait = tonumber(redis.call('get', KEYS[2]) or '0')
if wait > now then return {3, math.min(wait - now, tonumber(ARGV[6]))} end
if KEYS[5] ~= '' then
  local code_wait = tonumber(redis.call('get', KEYS[5]) or '0')
  if code_wait > now then
    local given = code_delay(tonumber(redis.call('get', KEYS[4]) or '0'))
    return {5, math.min(code_wait - now, math.max(given, 1))}
  end
end
if ARGV[2] == 'ready' then
  local answer = redis.call('get', KEYS[7])
  if answer and answer ~= '' then return {0, 0, answer} end
  return {4, 0}
end
if ARGV[2] == 'failed' then
  redis.call('set', KEYS[1], 0, 'EX', ARGV[3], 'NX')
  local failures = redis.call('incr', KEYS[1])
  if failures >= tonumber(ARGV[5]) then
    redis.call('set', KEYS[3], now + tonumber(ARGV[7]), 'EX', ARGV[7])
    redis.call('del', KEYS[1])
  elseif failures >= tonumber(ARGV[4]) then
    redis.call('set', KEYS[2], now + tonumber(ARGV[6]), 'EX', ARGV[6])
  end
  if KEYS[4] ~= '' then
    local code_failures = redis.call('incr', KEYS[4])
    redis.call('expire', KEYS[4], ARGV[13])
    local delay = code_delay(code_failures)
    if delay > 0 then redis.call('set', KEYS[5], now + delay, 'EX', delay) end
  end
end
return {0, 0}
"""
_script = None
# Without Redis (`make run`: one process, local-memory cache) a lock makes the same steps atomic.
_local_lock = threading.Lock()


def code_delay(per_code: CodeLimit, failures: int) -> int:
    """Seconds a code must wait after its `failures`-th failure (0: none yet): the script's rule."""
    over = failures - per_code.slow_after
    return 0 if over < 0 else min(per_code.first_delay * 2 ** min(over, 30), per_code.max_delay)


def _arguments(limit: Limit, now: int, found: str, quota: Quota | None) -> list:
    code = limit.per_code or CodeLimit(0, 0, 0, 0)
    return [
        now, found, limit.window, limit.slow_after, limit.block_after, limit.delay, limit.block_for,
        *((quota.allowed, quota.window) if quota else (0, 0)),
        code.slow_after, code.first_delay, code.max_delay, code.memory,
    ]  # fmt: skip


def _run_script(client, keys: _Keys, limit: Limit, now: int, found: str, quota, ready_key: str) -> list:
    global _script
    if _script is None:
        _script = client.register_script(_SETTLE)
    cache = caches["default"]
    names = [keys.failures, keys.wait, keys.blocked, keys.code_failures, keys.code_wait]
    names += [quota.key if quota else "", ready_key]
    full_names = [cache.make_key(name) if name else "" for name in names]  # our own keys: no need to validate
    return _script(keys=full_names, args=_arguments(limit, now, found, quota), client=client)


def _run_locally(keys: _Keys, limit: Limit, now: int, found: str, quota, ready_key: str) -> list:
    """The script's steps on Django's local-memory cache, for `make run` (one process)."""
    cache = caches["default"]
    with _local_lock:
        if quota and count_in_window(quota.key, quota.window) > quota.allowed:
            return [_OVER_QUOTA, quota.window]  # this cache cannot tell how much of the window is left
        blocked, wait = cache.get(keys.blocked) or 0, cache.get(keys.wait) or 0
        if blocked > now:
            return [_BLOCKED, min(blocked - now, limit.block_for)]
        if wait > now:
            return [_WAIT, min(wait - now, limit.delay)]
        code_wait = (cache.get(keys.code_wait) or 0) if keys.code_wait else 0
        if code_wait > now:
            given = code_delay(limit.per_code, cache.get(keys.code_failures) or 0)
            return [_CODE_WAIT, min(code_wait - now, max(given, 1))]
        if found == _READY:
            answer = cache.get(ready_key)
            return [_GO, 0, answer] if answer else [_NOT_READY, 0]
        if found == _FAILED:
            failures = count_in_window(keys.failures, limit.window)
            if failures >= limit.block_after:
                cache.set(keys.blocked, now + limit.block_for, timeout=limit.block_for)
                cache.delete(keys.failures)
            elif failures >= limit.slow_after:
                cache.set(keys.wait, now + limit.delay, timeout=limit.delay)
            if keys.code_failures:
                code_failures = (cache.get(keys.code_failures) or 0) + 1
                cache.set(keys.code_failures, code_failures, timeout=limit.per_code.memory)
                if delay := code_delay(limit.per_code, code_failures):
                    cache.set(keys.code_wait, now + delay, timeout=delay)
        return [_GO, 0]


def _decide(limit: Limit, request, found: str, quota: Quota | None, ready_key: str = "", code: str = ""):
    keys = _keys(limit, request, code)
    now = int(time.time())  # whole seconds: what the keys hold
    try:
        client = redis_client()
        if client is None:
            outcome, seconds, *answer = _run_locally(keys, limit, now, found, quota, ready_key)
        else:
            outcome, seconds, *answer = _run_script(client, keys, limit, now, found, quota, ready_key)
    except CACHE_UNAVAILABLE as error:
        logger.warning("%s limiter unavailable, lookup not limited: %s", limit.scope, error)
        return None
    if outcome == _OVER_QUOTA:
        raise QuotaExceeded(seconds)
    if outcome in (_BLOCKED, _WAIT, _CODE_WAIT):
        raise RateLimited(retry_after=seconds, blocked=outcome == _BLOCKED, code=outcome == _CODE_WAIT)
    return answer[0] if answer else None


def settle(limit: Limit, request, *, found: bool, code: str = "") -> None:
    """Whether a lookup's answer may be given, decided and counted in one atomic step.

    Raises RateLimited while the client's address is blocked or must wait, or `code` must wait (whether or
    not the lookup `found` anything); otherwise counts the lookup if it found nothing: for the address,
    and for `code` (as typed: an unknown code counts like a real one) when the limit counts codes. With the
    cache down, steps aside: nothing counted, nothing refused.
    """
    _decide(limit, request, _FOUND if found else _FAILED, None, code=code)


def ready_answer(limit: Limit, request, *, key: str, code: str = "", quota: Quota | None = None) -> bytes | None:
    """The answer kept ready at `key` (center.cache.keep_ready), in the same step that counts `quota`
    (QuotaExceeded when it is used up) and refuses a limited client or code (RateLimited, whether or not an
    answer is ready); None when there is none, and then nothing was counted: the caller looks up and
    `settle`s. A ready answer is one a right lookup made, so only the right code and secret name its key,
    and giving it counts as a success."""
    return _decide(limit, request, _READY, quota, key, code)


def guarded(limit: Limit, request, find: Callable[[], T | None], *, code: str = "") -> T | None:
    """What the lookup `find` found (None: nothing), unless the client or `code` is limited (RateLimited)."""
    found = find()
    settle(limit, request, found=found is not None, code=code)
    return found


HOUR, DAY = 60 * 60, 24 * 60 * 60


def public_lookup() -> Limit:
    """Lookups that a stranger could use to guess (a dossier's secret, a feedback's tracking code).

    Per dossier code, from any address: PUBLIC_LOOKUP_CODE_SLOW_AFTER wrong secrets answered, then a wait
    of 30 s doubling with each wrong secret up to an hour, forgotten after a day without one: at most 34
    guesses in the first day at one code, 24 a day after that (README, "Limits on public lookups"). Per
    address, a ceiling only clear abuse reaches (PUBLIC_LOOKUP_ADDRESS_BLOCK_AFTER failures within an
    hour, then refused for an hour, right lookups too): no slowing below it, since many honest people share
    an address, and a slowing that let right lookups through would refuse only wrong guesses, telling them
    apart just the same."""
    ceiling = settings.PUBLIC_LOOKUP_ADDRESS_BLOCK_AFTER
    return Limit(
        scope="public-lookup",
        slow_after=ceiling,  # no slowing down: refused at the ceiling
        block_after=ceiling,
        window=HOUR,
        delay=0,
        block_for=HOUR,
        per_code=CodeLimit(
            slow_after=settings.PUBLIC_LOOKUP_CODE_SLOW_AFTER, first_delay=30, max_delay=HOUR, memory=DAY
        ),
    )


# --- flood limits on anonymous forms (kiosk tickets, feedback) -----------------------------------------


def spend(quotas: list[Quota]) -> None:
    """Count one request against each quota in turn (center.cache.count_in_window, one round trip each);
    at the first one used up, stop and raise QuotaExceeded with the time left in its window. List the
    narrowest first (a phone, a device, then the address): a client refused by its own quota then uses up
    nothing of the address's, which honest neighbours behind the same NAT share. With the cache down,
    steps aside: nothing counted, nothing refused (the log says so)."""
    try:
        for quota in quotas:
            if count_in_window(quota.key, quota.window) > quota.allowed:
                raise QuotaExceeded(seconds_left(quota.key) or quota.window)
    except CACHE_UNAVAILABLE as error:
        logger.warning("flood limiter unavailable, request not limited: %s", error)


def wait_text(seconds: int) -> str:
    """How long to wait, as a person says it: seconds under two minutes, else whole minutes (rounded up)."""
    if seconds < 120:
        return ngettext("%(count)s second", "%(count)s seconds", seconds) % {"count": seconds}
    minutes = math.ceil(seconds / 60)
    return ngettext("%(count)s minute", "%(count)s minutes", minutes) % {"count": minutes}
