"""One place that turns errors into API answers: {"detail": message, "errors": {field: [..]}?}.

Errors that Django raises before or around DRF (a body over the size limit, a URL that matches nothing, a
crash) get the same body from center/handlers.py."""

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import ngettext
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler

from center.errors import DomainError


def api_exception_handler(exc, context):
    if isinstance(exc, DomainError):
        body = {"detail": str(exc.message)}
        if exc.field:
            body["errors"] = {exc.field: [str(exc.message)]}
        return Response(body, status=exc.http_status)
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(
            {_field_name(k): v for k, v in exc.message_dict.items()} if hasattr(exc, "error_dict") else exc.messages
        )
    if isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    if isinstance(exc, exceptions.Throttled):
        # DRF's own message has no Vietnamese translation; Retry-After is set from `wait` below.
        seconds = max(int(exc.wait or 1), 1)
        message = ngettext(
            "Too many requests from your connection: try again in %(seconds)s second.",
            "Too many requests from your connection: try again in %(seconds)s seconds.",
            seconds,
        ) % {"seconds": seconds}
        wait, exc = exc.wait, exceptions.Throttled(detail=message)  # (with wait, DRF appends English)
        exc.wait = wait
    response = exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        errors = field_errors(response.data)
        first = next(iter(errors.values()), [""])
        response.data = {"detail": first[0], "errors": errors}
    elif isinstance(response.data, dict) and "detail" in response.data:
        response.data = {"detail": str(response.data["detail"])}
    if response.status_code == status.HTTP_405_METHOD_NOT_ALLOWED:
        response.data = {"detail": str(exc.detail)}
    return response


def field_errors(detail, path: str = "") -> dict[str, list[str]]:
    """DRF's error detail as `Error.errors`: {field: [messages]}, a nested field named by its path.

    A list field's item or a nested serializer's field answers a dict or a list of dicts (`{"missing": {0:
    [..]}}`); the documented body has one level, so `missing.0` names the first item of `missing`."""
    if isinstance(detail, dict):
        flat: dict[str, list[str]] = {}
        for key, value in detail.items():
            flat.update(field_errors(value, f"{path}.{key}" if path else _field_name(str(key))))
        return flat
    if isinstance(detail, list) and any(isinstance(item, dict | list) for item in detail):
        flat = {}
        for index, item in enumerate(detail):  # a list of nested objects: one entry per item with errors
            flat.update(field_errors(item, f"{path}.{index}" if path else str(index)))
        return flat
    messages = [str(message) for message in (detail if isinstance(detail, list) else [detail])]
    return {path or "non_field_errors": messages} if messages else {}


def _field_name(key: str) -> str:
    """Django names errors of the whole object `__all__`; the API calls them `non_field_errors`, as DRF does."""
    return "non_field_errors" if key == "__all__" else key
