"""The shared cache (Redis): a backend that reuses its clients, and how callers survive its outage.

The cache speeds pages up and holds the lookup limiter's counts, but no public page may fail because it
is down: callers catch CACHE_UNAVAILABLE, do without, and say so in the log.
"""

import logging

from django.core.cache import caches
from django.core.cache.backends import redis as django_redis
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

CACHE_UNAVAILABLE = (RedisConnectionError, RedisTimeoutError)

logger = logging.getLogger("center.cache")


def log_unavailable(what: str, error: Exception) -> None:
    logger.warning("cache unavailable (%s): %s", what, error)


class _ReusingClient(django_redis.RedisCacheClient):
    """Django's client builds a new redis.Redis object around its pool for every command; building it
    took a quarter of a public lookup's time (bench/lookup_load.py). One per pool is enough: a
    redis.Redis client is safe to share, each command borrows a connection from the pool."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(pool)
        if client is None:
            client = self._clients[pool] = self._client(connection_pool=pool)
        return client


class RedisCache(django_redis.RedisCache):
    """Django's RedisCache with _ReusingClient; settings.CACHES names it when REDIS_URL is set."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = _ReusingClient


class OptionalRedisCache(RedisCache):
    """For what only saves time (CACHES["optional"], through `remembered`: the punctuality board): while
    Redis is unreachable a read is a miss and a write is skipped, with a warning in the log, so a page is
    slower but never an error."""

    def get(self, key, default=None, version=None):
        try:
            return super().get(key, default, version)
        except CACHE_UNAVAILABLE as error:
            log_unavailable("optional cache read", error)
            return default

    def set(self, key, value, timeout=django_redis.DEFAULT_TIMEOUT, version=None):
        try:
            super().set(key, value, timeout, version)
        except CACHE_UNAVAILABLE as error:
            log_unavailable("optional cache write", error)


def remembered(key: str, seconds: int, compute):
    """The value at `key` in the optional cache; when missing, `compute()`, kept there for `seconds`."""
    cache = caches["optional"]
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, seconds)
    return value


def redis_client():
    """The default cache's redis.Redis client (for pipelines and scripts), or None if it is not Redis."""
    backend = caches["default"]
    if isinstance(backend, django_redis.RedisCache):
        return backend._cache.get_client(write=True)
    return None


def count_in_window(key: str, seconds: int) -> int:
    """Add one to the count at `key`; the new count. The count starts at the first call and is forgotten
    `seconds` later. Atomic, and on Redis one round trip (a pipeline: SET NX EX, INCR)."""
    backend = caches["default"]
    client = redis_client()
    if client is None:
        backend.add(key, 0, timeout=seconds)
        try:
            return backend.incr(key)
        except ValueError:  # forgotten between add and incr: this call opens a new window
            backend.set(key, 1, timeout=seconds)
            return 1
    full = backend.make_and_validate_key(key)
    pipeline = client.pipeline(transaction=False)
    pipeline.set(full, 0, ex=seconds, nx=True)
    pipeline.incr(full)
    return pipeline.execute()[1]


def keep_ready(key: str, value: bytes, seconds: int) -> None:
    """Keep a ready-made answer at `key` byte for byte, so a Redis script can hand it back as it is
    (center.ratelimit.ready_answer), unless the key is taken: a `mark_changed` made after the answer's data
    was read must win. An outage skips it, as the optional cache does."""
    backend = caches["default"]
    try:
        client = redis_client()
        if client is None:
            backend.add(key, value, seconds)
        else:
            client.set(backend.make_and_validate_key(key), value, ex=seconds, nx=True)
    except CACHE_UNAVAILABLE as error:
        log_unavailable("ready answer write", error)


def mark_changed(keys: list[str], seconds: int) -> None:
    """Replace the ready answers at `keys` by an empty mark (read as "none ready") for `seconds`, so that
    an answer built from data read before the change cannot be kept after it (`keep_ready` leaves a taken
    key alone). One round trip. With Redis unreachable the old answers stay until their own lifetime ends
    (the log says so): callers keep that lifetime short."""
    backend = caches["default"]
    try:
        client = redis_client()
        if client is None:
            backend.set_many(dict.fromkeys(keys, b""), seconds)
            return
        pipeline = client.pipeline(transaction=False)
        for key in keys:
            pipeline.set(backend.make_and_validate_key(key), b"", ex=seconds)
        pipeline.execute()
    except CACHE_UNAVAILABLE as error:
        log_unavailable("ready answers not marked changed", error)


def seconds_left(key: str) -> int | None:
    """How long the value at `key` has left to live, in whole seconds (None: gone, or no way to tell)."""
    client = redis_client()
    if client is None:
        return None
    left = client.ttl(caches["default"].make_and_validate_key(key))
    return left if left >= 0 else None
