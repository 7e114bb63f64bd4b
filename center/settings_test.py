"""Test overlay: PostgreSQL and Redis on this machine unless DATABASE_URL / REDIS_URL say otherwise."""

import os

os.environ.setdefault("DATABASE_URL", "postgres://postgres:postgres@127.0.0.1:5432/center")
os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/15")


def _redis_database_per_worker() -> None:
    """pytest-xdist runs the suite in several processes; each test empties its Redis database (tests/conftest.py),
    so each worker gets its own: gw0 the configured one, gwN the Nth below it. The servers a test starts inherit
    the environment, hence the marker: the shift is made once, in the worker."""
    worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    if not worker.startswith("gw") or os.environ.get("CENTER_TEST_REDIS_WORKER") == worker:
        return
    base, _, database = os.environ["REDIS_URL"].rpartition("/")
    os.environ["REDIS_URL"] = f"{base}/{int(database or 0) - int(worker[2:])}"
    os.environ["CENTER_TEST_REDIS_WORKER"] = worker


_redis_database_per_worker()

from center.settings import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CELERY_TASK_ALWAYS_EAGER = True
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Tests do not run collectstatic: plain storage, files found where they live.
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}  # noqa: F405
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# Login lockout off: tests log in with force_login / client.login (no request for axes to look at);
# tests/center/test_login_protection.py turns it on with the settings fixture.
AXES_ENABLED = False
# Public API throttle high enough that the suite's many anonymous requests from 127.0.0.1 never hit it;
# tests/center/test_throttling.py lowers it.
REST_FRAMEWORK = {**REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"public": "100000/min"}}  # noqa: F405
