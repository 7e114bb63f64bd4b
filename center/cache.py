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


def redis_client():
    """The default cache's redis.Redis client (for pipelines and scripts), or None if it is not Redis."""
    backend = caches["default"]
    if isinstance(backend, django_redis.RedisCache):
        return backend._cache.get_client(write=True)
    return None
