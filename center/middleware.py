"""Requests that no page could store or search: refused once, here, before any view runs."""

from django.http import HttpResponseBadRequest
from django.utils.translation import gettext as _

from center.handlers import api_error, is_api


class RejectNullCharactersMiddleware:
    """A NUL character in a query string or form field is never valid input, and PostgreSQL refuses it
    in any string it is handed (a 500 for a search box). Forms validate it; raw `request.GET` reads do not,
    so the request is answered 400 before it reaches them."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if _has_nul(request.GET) or (request.method == "POST" and _has_nul(request.POST)) or "\x00" in request.path:
            message = _("The request contains characters that are not allowed.")
            if is_api(request):
                return api_error(message, status=400)
            return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")
        return self.get_response(request)


def _has_nul(params) -> bool:
    return any("\x00" in key or any("\x00" in value for value in params.getlist(key)) for key in params)
