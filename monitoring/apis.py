"""Supervision API: the compliance report and the alerts, for integrations and outside checks.

Directors see every agency, an agency's lead their own (permission monitoring.view_dashboard).
"""

import django_filters
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import generics
from rest_framework.permissions import BasePermission
from rest_framework.response import Response
from rest_framework.views import APIView

from center import workdays
from center.errors import InvalidInput, NotAllowed
from center.schema import error_responses, roles_with
from monitoring.metrics import Scope
from monitoring.models import Alert, AlertKind
from monitoring.periods import custom_period
from monitoring.selectors.dashboard import compliance
from monitoring.selectors.lists import alert_list
from monitoring.selectors.scope import can_view_dashboard, dashboard_agency_id
from monitoring.serializers import AlertOutput, ComplianceInput, ComplianceOutput
from monitoring.services import alert_acknowledge
from monitoring.thresholds import near_due_until
from procedures.models import Agency

_WHO = (
    f"Who: {roles_with('monitoring.view_dashboard')} (permission `monitoring.view_dashboard`); the center's "
    "directors see every agency, an agency's lead their own."
)


class CanViewDashboard(BasePermission):
    message = _("Only the center's directors and agency leads see supervision.")

    def has_permission(self, request, view):
        return can_view_dashboard(request.user)


class ComplianceApi(APIView):
    permission_classes = [CanViewDashboard]

    @extend_schema(
        summary="Punctuality per agency for a period",
        description=(
            "received counts dossiers received between from and to; resolved, early, on_time and late count "
            "dossiers whose result became ready between from and to (local dates, inclusive); open and "
            "overdue are counted now. Agencies with nothing to count are listed with zeros. " + _WHO + " A lead "
            "asking for another agency gets a 403."
        ),
        parameters=[
            OpenApiParameter("from", str, required=True, description="YYYY-MM-DD"),
            OpenApiParameter("to", str, required=True, description="YYYY-MM-DD"),
            OpenApiParameter("agency", str, required=False, description="Agency code"),
        ],
        responses={200: ComplianceOutput, **error_responses(400, 403)},
    )
    def get(self, request):
        data = ComplianceInput(data=request.query_params)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        own = dashboard_agency_id(request.user)
        agencies = Agency.objects.all()
        if values["agency"]:
            agency = Agency.objects.filter(code=values["agency"]).first()
            if agency is None:
                raise InvalidInput(_("No agency has this code."), field="agency")
            if own is not None and agency.pk != own:
                raise NotAllowed(_("You can only see your own agency."))
            agencies = Agency.objects.filter(pk=agency.pk)
        elif own is not None:
            agencies = Agency.objects.filter(pk=own)
        agencies = list(agencies)
        now = timezone.now()
        scope = Scope(
            period=custom_period(values["from"], values["to"]),
            now=now,
            near_due_until=near_due_until(now, workdays.load_calendar()),
            agency_id=agencies[0].pk if len(agencies) == 1 else None,
        )
        return Response(compliance(scope, agencies))


class AlertFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=AlertKind.choices)
    open = django_filters.BooleanFilter(
        field_name="acknowledged_at", lookup_expr="isnull", help_text="true: not yet acknowledged"
    )

    class Meta:
        model = Alert
        fields = ["kind", "open"]


@extend_schema_view(
    get=extend_schema(
        summary="Deadline alerts",
        description=f"Near-due, overdue and escalated alerts, newest first, 50 a page. {_WHO}",
        responses={200: AlertOutput(many=True), **error_responses(400, 403, 404)},
    )
)
class AlertListApi(generics.ListAPIView):
    """Deadline alerts, newest first; an agency's lead sees their agency's."""

    permission_classes = [CanViewDashboard]
    serializer_class = AlertOutput
    filterset_class = AlertFilter

    def get_queryset(self):
        return alert_list(agency_id=dashboard_agency_id(self.request.user), is_open=None)


class AlertAcknowledgeApi(APIView):
    permission_classes = [CanViewDashboard]

    @extend_schema(
        request=None,
        responses={200: AlertOutput, **error_responses(403, 404, 409)},
        summary="Acknowledge an alert (once)",
        description=f"Marks the alert seen; a second time is a 409. {_WHO} Another agency's alert is a 404.",
    )
    def post(self, request, pk: int):
        alert = alert_list(agency_id=dashboard_agency_id(request.user), is_open=None).filter(pk=pk).first()
        if alert is None:
            raise Http404
        alert = alert_acknowledge(alert=alert, by=request.user)
        return Response(AlertOutput(alert_list(agency_id=None, is_open=None).get(pk=alert.pk)).data)
