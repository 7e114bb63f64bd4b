"""Django's error answers (center/urls.py's handler400/403/404/500): under /api/ the API's error body (JSON,
center/schema.py's `Error`), like every error DRF answers; elsewhere the portal's own pages (templates/400.html
and the others): the site header, what happened in plain words and a way on, in the visitor's language.

They answer what happens outside DRF's exception handler: a URL that matches nothing, a body over
DATA_UPLOAD_MAX_MEMORY_SIZE or more fields than DATA_UPLOAD_MAX_NUMBER_FIELDS (raised while Django parses the
request, in a middleware or inside DRF), a Django view's PermissionDenied, a crash. A limit refusal that a
page view does not answer itself gets the 429 page (LimitRefusalMiddleware)."""

import logging

from django.conf import settings
from django.core.exceptions import DisallowedHost, RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.http import HttpResponse, HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.template.defaultfilters import filesizeformat
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views import defaults

from center import ratelimit
from center.errors import TooManyRequests

logger = logging.getLogger(__name__)


def is_api(request) -> bool:
    return request.path.startswith("/api/")


def api_error(detail: str, *, status: int) -> JsonResponse:
    """The `Error` body with a message only (no field to point at)."""
    return JsonResponse({"detail": str(detail)}, status=status, json_dumps_params={"ensure_ascii": False})


def _back_url(request) -> str:
    """The page the visitor came from, when it is one of ours (never an address another site gave)."""
    referer = request.META.get("HTTP_REFERER", "")
    try:
        host = request.get_host()
    except DisallowedHost:  # a 400 for the Host header itself: no way to tell ours
        return ""
    ours = url_has_allowed_host_and_scheme(referer, allowed_hosts={host}, require_https=request.is_secure())
    return referer if referer and ours and referer != request.build_absolute_uri() else ""


def error_page(request, status: int, context: dict | None = None) -> HttpResponse:
    """templates/<status>.html for a page (not an API) request."""
    return render(request, f"{status}.html", {"back_url": _back_url(request), **(context or {})}, status=status)


def bad_request(request, exception=None):
    if not is_api(request):
        return error_page(request, 400)
    if isinstance(exception, RequestDataTooBig):
        limit = filesizeformat(settings.DATA_UPLOAD_MAX_MEMORY_SIZE)
        message = _("The request is too large: send at most %(size)s.") % {"size": limit}
        return api_error(message, status=413)
    if isinstance(exception, TooManyFieldsSent | TooManyFilesSent):
        return api_error(_("The request has too many fields."), status=400)
    return api_error(_("The request could not be understood."), status=400)


def permission_denied(request, exception=None):
    if not is_api(request):
        return error_page(request, 403)
    return api_error(_("You do not have permission to do this."), status=403)


def csrf_failure(request, reason=""):
    """settings.CSRF_FAILURE_VIEW: a form sent without its valid token (open too long, cookies blocked)."""
    if is_api(request):
        return permission_denied(request)
    return error_page(request, 403, {"csrf": True})


def not_found(request, exception=None):
    if not is_api(request):
        return error_page(request, 404)
    return api_error(_("Not found."), status=404)


def too_many_requests(request, retry_after: int, message: str = "") -> HttpResponse:
    """The 429 page: how long to wait (and the limiter's own words, when it has them), with Retry-After."""
    context = {"wait": ratelimit.wait_text(retry_after), "message": message}
    response = error_page(request, 429, context)
    response["Retry-After"] = str(retry_after)
    return response


def server_error(request):
    if is_api(request):
        return api_error(_("Something went wrong on our side. Please try again later."), status=500)
    # Static: no request context (no session, user or messages), no query, since any of them may be what
    # failed; the center's name comes from settings. If even that fails, Django's plain page.
    try:
        page = loader.get_template("500.html").render(
            {"CENTER_NAME": settings.CENTER_NAME, "CENTER_PARENT": settings.CENTER_PARENT}
        )
    except Exception:
        logger.exception("error page 500 could not be rendered")
        title = _("Something went wrong on our side. Please try again later.")
        return HttpResponseServerError(defaults.ERROR_PAGE_TEMPLATE % {"title": title, "details": ""})
    return HttpResponseServerError(page)


class LimitRefusalMiddleware:
    """A limit refusal (center.ratelimit, a TooManyRequests domain error) that a page view did not answer
    itself: the 429 page saying how long to wait, instead of a crash. API views answer theirs as JSON."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if is_api(request):
            return None
        if isinstance(exception, ratelimit.RateLimited | TooManyRequests):
            return too_many_requests(request, exception.retry_after, exception.message)
        if isinstance(exception, ratelimit.QuotaExceeded):
            return too_many_requests(request, exception.retry_after)
        return None
