"""Settings for bench/lookup_load.py only: the portal's own settings with the bench URLconf (bench/urls.py),
which adds a bare view to compare with. Never used by the portal itself."""

from center.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
# The benchmark serves no static files and does not run collectstatic: plain storage, no manifest needed.
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}  # noqa: F405
