"""Pieces of the OpenAPI description shared by every API: the error body and who may call what.

Every error answer has one shape, produced by center/exceptions.py (DRF's errors) and center/handlers.py
(Django's: no URL, a body too large, a crash): {"detail": message, "errors"?: {field: [messages]}}, a nested
field named by its path (`missing.0`). `error_responses(400, 403, ...)` declares it for the given status codes.
"""

from drf_spectacular.utils import OpenApiResponse, extend_schema_serializer
from rest_framework import serializers

from center.roles import ROLE_PERMISSIONS


@extend_schema_serializer(component_name="Error")
class ErrorOutput(serializers.Serializer):
    detail = serializers.CharField(
        help_text="What went wrong, in the user's language (Vietnamese unless the request asks for English)."
    )
    errors = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        required=False,
        help_text="Invalid input only: the messages for each field (`non_field_errors` for the request as a "
        "whole). A field inside a list or an object is named by its path: `missing.0` is the first item of "
        "`missing`.",
    )


ERROR_DESCRIPTIONS = {
    400: "Invalid input: `errors` holds the messages for each field. Nothing was changed.",
    403: "Not signed in, or the caller's role or agency does not allow this. Nothing was changed.",
    404: "No such object, or not one the caller may see.",
    409: "The dossier's current status does not allow this (someone may just have changed it): reload it. "
    "Nothing was changed.",
    413: "The request body is larger than the server accepts (DATA_UPLOAD_MAX_MEMORY_SIZE). Nothing was changed.",
    429: "Too many requests from this client; the `Retry-After` header says how many seconds to wait.",
}


def error_responses(*codes: int) -> dict[int, OpenApiResponse]:
    """The `Error` body for each status code, with what the code means here."""
    return {code: OpenApiResponse(ErrorOutput, description=ERROR_DESCRIPTIONS[code]) for code in codes}


def roles_with(permission: str) -> str:
    """The roles (group names) that hold `permission`, for an endpoint's description."""
    holders = [role for role, permissions in ROLE_PERMISSIONS.items() if permission in permissions]
    return ", ".join(f"`{role}`" for role in holders) or "none"


REFUSED_REQUEST = (
    "The request holds characters that are not allowed (a NUL byte in the path, query or form), or more query "
    "or form fields than the server accepts (DATA_UPLOAD_MAX_NUMBER_FIELDS): refused before any view runs "
    "(center/middleware.py, center/handlers.py). Nothing was changed."
)


def declare_refused_requests(result, generator, request, public):
    """drf-spectacular postprocessing hook: every operation may answer 400 for a NUL byte or too many fields,
    and every one that takes a body 413 for a body too large, so say so where an operation declares none."""
    error = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
    for path in result.get("paths", {}).values():
        for method, operation in path.items():
            if method in {"get", "post", "put", "patch", "delete"}:
                responses = operation.setdefault("responses", {})
                responses.setdefault("400", {"description": REFUSED_REQUEST, "content": error})
                if "requestBody" in operation:
                    responses.setdefault("413", {"description": ERROR_DESCRIPTIONS[413], "content": error})
    return result
