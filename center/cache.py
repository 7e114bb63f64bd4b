"""The shared cache (Redis) speeds pages up and holds the lookup limiter's counts, but no public page may
fail because it is down: callers catch CACHE_UNAVAILABLE, do without, and say so in the log."""

import logging

from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

CACHE_UNAVAILABLE = (RedisConnectionError, RedisTimeoutError)

logger = logging.getLogger("center.cache")


def log_unavailable(what: str, error: Exception) -> None:
    logger.warning("cache unavailable (%s): %s", what, error)
