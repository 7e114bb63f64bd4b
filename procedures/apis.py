from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import viewsets
from rest_framework.permissions import AllowAny

from center.schema import error_responses
from procedures.filters import ProcedureFilter
from procedures.selectors import procedure_list
from procedures.serializers import ProcedureOutput

_PUBLIC = "Public: no sign-in needed (a staff session or token is accepted too)."


@extend_schema_view(
    list=extend_schema(
        summary="The procedures the center handles",
        description=f"{_PUBLIC} Filtered by agency, field, online level and words of the name or code "
        "(accents optional), 50 a page, by national code; a page past the last is a 404.",
        responses={200: ProcedureOutput(many=True), **error_responses(400, 404, 429)},
    ),
    retrieve=extend_schema(
        summary="One procedure, by its national code",
        description=_PUBLIC,
        responses={200: ProcedureOutput, **error_responses(404, 429)},
    ),
)
class ProcedureViewSet(viewsets.ReadOnlyModelViewSet):
    """The procedures the center handles; public."""

    permission_classes = [AllowAny]
    throttle_scope = "public"
    serializer_class = ProcedureOutput
    filterset_class = ProcedureFilter
    lookup_field = "code"
    lookup_value_regex = r"[^/]+"

    def get_queryset(self):
        return procedure_list().order_by("code")
