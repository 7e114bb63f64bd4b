"""The portal's URLs plus one bare view, for bench/lookup_load.py only (selected by bench/settings.py):
the yardstick a page is measured against (same server, same middleware, no query, no template)."""

from django.http import HttpResponse
from django.urls import include, path


def bare(request):
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [
    path("bench/bare/", bare, name="bench-bare"),
    path("", include("center.urls")),
]
