"""Answers for requests that match no URL: under /api/ the API's error body (JSON, center/schema.py's
`Error`), like every other API error; elsewhere Django's page."""

from django.http import JsonResponse
from django.utils.translation import gettext as _
from django.views import defaults


def not_found(request, exception=None):
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": _("Not found.")}, status=404)
    return defaults.page_not_found(request, exception)
