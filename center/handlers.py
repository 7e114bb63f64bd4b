"""Django's error answers (center/urls.py's handler400/403/404/500): under /api/ the API's error body (JSON,
center/schema.py's `Error`), like every error DRF answers; elsewhere Django's pages.

They answer what happens outside DRF's exception handler: a URL that matches nothing, a body over
DATA_UPLOAD_MAX_MEMORY_SIZE or more fields than DATA_UPLOAD_MAX_NUMBER_FIELDS (raised while Django parses the
request, in a middleware or inside DRF), a Django view's PermissionDenied, a crash."""

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.http import JsonResponse
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.views import defaults


def is_api(request) -> bool:
    return request.path.startswith("/api/")


def api_error(detail: str, *, status: int) -> JsonResponse:
    """The `Error` body with a message only (no field to point at)."""
    return JsonResponse({"detail": str(detail)}, status=status, json_dumps_params={"ensure_ascii": False})


def bad_request(request, exception=None):
    if not is_api(request):
        return defaults.bad_request(request, exception)
    if isinstance(exception, RequestDataTooBig):
        limit = filesizeformat(settings.DATA_UPLOAD_MAX_MEMORY_SIZE)
        message = _("The request is too large: send at most %(size)s.") % {"size": limit}
        return api_error(message, status=413)
    if isinstance(exception, TooManyFieldsSent | TooManyFilesSent):
        return api_error(_("The request has too many fields."), status=400)
    return api_error(_("The request could not be understood."), status=400)


def permission_denied(request, exception=None):
    if not is_api(request):
        return defaults.permission_denied(request, exception)
    return api_error(_("You do not have permission to do this."), status=403)


def not_found(request, exception=None):
    if not is_api(request):
        return defaults.page_not_found(request, exception)
    return api_error(_("Not found."), status=404)


def server_error(request):
    if not is_api(request):
        return defaults.server_error(request)
    return api_error(_("Something went wrong on our side. Please try again later."), status=500)
