"""The portal's URLs, and so its error handlers, plus plain Django views that fail, under /api/ and as pages:
for tests/center/test_api_errors.py, which sees what a crash or a Django-level refusal under /api/ answers,
and tests/center/test_error_pages.py, which sees the pages a crash or a limit refusal gets."""

from django.core.exceptions import PermissionDenied
from django.urls import path

from center import ratelimit
from center.urls import *  # noqa: F403 (the urlpatterns and every handlerNNN the portal declares)
from center.urls import urlpatterns as portal_urlpatterns


def crash(request):
    raise RuntimeError("a bug")


def forbidden(request):
    raise PermissionDenied


def over_quota(request):
    raise ratelimit.QuotaExceeded(90)


urlpatterns = [
    path("api/v1/crash/", crash),
    path("api/v1/forbidden/", forbidden),
    path("trang-loi/", crash),
    path("trang-gioi-han/", over_quota),
    *portal_urlpatterns,
]
