"""/healthz: can this web process reach the database and the Celery broker? For load balancers and
monitoring; public, cheap, never cached, and it names only which dependency failed (details go to the log).
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

log = logging.getLogger("center.health")

# Seconds a check may take before it counts as failed (a load balancer waits a few seconds at most).
TIMEOUT = 2


def database_check() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def broker_check() -> None:
    """Redis: PING. Filesystem transport (`make run`): its folders exist and are writable. Else: connect."""
    url = settings.CELERY_BROKER_URL
    if url.startswith(("redis://", "rediss://", "unix://")):
        import redis

        client = redis.Redis.from_url(url, socket_timeout=TIMEOUT, socket_connect_timeout=TIMEOUT)
        try:
            client.ping()
        finally:
            client.close()
    elif url.startswith("filesystem://"):
        options = getattr(settings, "CELERY_BROKER_TRANSPORT_OPTIONS", {})
        for key in ("data_folder_in", "data_folder_out"):
            folder = Path(options.get(key, ""))
            if not folder.is_dir() or not os.access(folder, os.W_OK | os.X_OK):
                raise OSError(f"broker folder {folder} is missing or not writable")
    else:
        from kombu import Connection

        with Connection(url, connect_timeout=TIMEOUT) as broker:
            broker.ensure_connection(max_retries=1, timeout=TIMEOUT)


CHECKS = {"database": database_check, "broker": broker_check}


@never_cache
@require_GET
def healthz(request):
    """200 {"database": "ok", "broker": "ok"}, or 503 with "unavailable" beside what failed."""
    results = {}
    for name, check in CHECKS.items():
        try:
            check()
        except Exception as exc:  # any failure means "not healthy"; the reason goes to the log
            log.warning("healthz_failed", extra={"check": name, "error": f"{type(exc).__name__}: {exc}"})
            results[name] = "unavailable"
        else:
            results[name] = "ok"
    healthy = all(value == "ok" for value in results.values())
    return JsonResponse(results, status=200 if healthy else 503)
