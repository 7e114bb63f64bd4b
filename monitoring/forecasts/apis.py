"""GET /api/v1/monitoring/at-risk/: open dossiers by their risk of missing the deadline."""

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import generics

from center.errors import InvalidInput
from center.schema import error_responses
from monitoring.apis import _WHO, CanViewDashboard, agency_asked
from monitoring.forecasts.selectors import at_risk_list
from monitoring.forecasts.serializers import AtRiskOutput


@extend_schema_view(
    get=extend_schema(
        summary="Open dossiers by risk of missing their deadline",
        description=(
            "Each open dossier's stored forecast (refreshed hourly): expected finish, 90 % bound and the "
            "probability of missing due_at, riskiest first, 50 a page. `agency` limits to dossiers of that "
            "agency or now with it; a lead gets their own agency without it. " + _WHO + " A lead asking for "
            "another agency gets a 403."
        ),
        parameters=[
            OpenApiParameter("agency", str, required=False, description="Agency code"),
            OpenApiParameter("min_risk", float, required=False, description="Only risks at least this (0-1)"),
        ],
        responses={200: AtRiskOutput(many=True), **error_responses(400, 403, 404)},  # 404: no such page
    )
)
class AtRiskListApi(generics.ListAPIView):
    permission_classes = [CanViewDashboard]
    serializer_class = AtRiskOutput

    def get_queryset(self):
        agency = agency_asked(self.request, self.request.query_params.get("agency", "").strip())
        try:
            minimum = float(self.request.query_params.get("min_risk", 0))
        except ValueError:
            minimum = -1.0
        if not 0.0 <= minimum <= 1.0:
            raise InvalidInput(_("The minimum risk is a number from 0 to 1."), field="min_risk")
        return at_risk_list(agency_id=agency.pk if agency else None, minimum=minimum)
