"""The portal's URLs, and so its error handlers, plus two plain Django views under /api/ that fail: for
tests/center/test_api_errors.py, which sees what a crash or a Django-level refusal under /api/ answers."""

from django.core.exceptions import PermissionDenied
from django.urls import path

from center.urls import *  # noqa: F403 (the urlpatterns and every handlerNNN the portal declares)
from center.urls import urlpatterns as portal_urlpatterns


def crash(request):
    raise RuntimeError("a bug")


def forbidden(request):
    raise PermissionDenied


urlpatterns = [path("api/v1/crash/", crash), path("api/v1/forbidden/", forbidden), *portal_urlpatterns]
