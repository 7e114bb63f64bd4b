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
from monitoring.periods import Period, custom_period
from monitoring.scorecard import monthly_trend, ranking, scorecard
from monitoring.scorecard.kept import scorecard_facts
from monitoring.selectors.dashboard import compliance
from monitoring.selectors.lists import alert_list
from monitoring.selectors.scope import can_view_dashboard, dashboard_agency_id, dashboard_site_id
from monitoring.serializers import (
    AlertOutput,
    ComplianceInput,
    ComplianceOutput,
    ScorecardOutput,
    ScorecardRankOutput,
    ScorecardTrendOutput,
)
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
        period, agency = _period_and_agency(request)
        now = timezone.now()
        scope = Scope(
            period=period,
            now=now,
            near_due_until=near_due_until(now, workdays.load_calendar()),
            agency_id=agency.pk if agency else None,
            site_id=dashboard_site_id(request.user),  # a site head: their site's dossiers only
        )
        return Response(compliance(scope, [agency] if agency else list(Agency.objects.all())))


def _period_asked(request) -> tuple[Period, dict]:
    """The period of `?from=&to=` (400 when they are missing or wrong) and the validated parameters."""
    data = ComplianceInput(data=request.query_params)
    data.is_valid(raise_exception=True)
    values = data.validated_data
    return custom_period(values["from"], values["to"]), values


def _period_and_agency(request) -> tuple[Period, Agency | None]:
    """The period asked and the agency of `?agency=`, or the lead's own when none is asked (None: the whole
    center, for a director); an unknown code is a 400, a lead asking for another agency a 403."""
    period, values = _period_asked(request)
    return period, agency_asked(request, values["agency"])


def agency_asked(request, code: str) -> Agency | None:
    """The agency of `?agency=`, or the lead's own when none is asked (None: the whole center, for a
    director); an unknown code is a 400, a lead asking for another agency a 403."""
    own = dashboard_agency_id(request.user)
    if code:
        agency = Agency.objects.filter(code=code).first()
        if agency is None:
            raise InvalidInput(_("No agency has this code."), field="agency")
        if own is not None and agency.pk != own:
            raise NotAllowed(_("You can only see your own agency."))
        return agency
    return Agency.objects.get(pk=own) if own is not None else None


_SCORECARD_PARAMETERS = [
    OpenApiParameter("from", str, required=True, description="First local day, inclusive (YYYY-MM-DD)"),
    OpenApiParameter("to", str, required=True, description="Last local day, inclusive (YYYY-MM-DD)"),
    OpenApiParameter("agency", str, required=False, description="Agency code; none: the whole center"),
]


class ScorecardApi(APIView):
    permission_classes = [CanViewDashboard]

    @extend_schema(
        summary="Decision 766 scorecard (100 points) for a period",
        description=(
            "The national scorecard as the national public service portal computes it (DOMAIN.md): six groups "
            "(transparency 18, progress 20, online service 12, online payment 10, satisfaction 18, "
            "digitisation 22). Points: value × max, or with a threshold T full points at value ≥ T, else "
            "value × max ÷ T; rounded to 2 decimals. An indicator the portal cannot measure yet has "
            "`measured: false`, says why, and scores 0. Progress (2.1) is judged from the dossiers' history as "
            "of the period's end, so a past period's figures do not change. " + _WHO + " A lead asking for "
            "another agency gets a 403; without `agency` a lead gets their own agency's scorecard."
        ),
        parameters=_SCORECARD_PARAMETERS,
        responses={200: ScorecardOutput, **error_responses(400, 403)},
    )
    def get(self, request):
        period, agency = _period_and_agency(request)
        return Response(scorecard(period, agency=agency, site_id=dashboard_site_id(request.user)).as_dict())


class ScorecardRankingApi(APIView):
    permission_classes = [CanViewDashboard]

    @extend_schema(
        summary="Agencies ranked by their scorecard total",
        description="Every active agency's total for the period, the highest first. Directors only: a lead "
        "sees their agency's scorecard, not the others'. " + _WHO,
        parameters=_SCORECARD_PARAMETERS[:2],
        responses={200: ScorecardRankOutput(many=True), **error_responses(400, 403)},
    )
    def get(self, request):
        if dashboard_agency_id(request.user) is not None:
            raise NotAllowed(_("Only the center's directors see every agency's scorecard."))
        period, _values = _period_asked(request)
        facts = scorecard_facts(period, site_id=dashboard_site_id(request.user))
        ranked = ranking(facts, Agency.objects.filter(is_active=True))
        return Response([{"agency": a.code, "name": a.name, "total_points": c.total_points} for a, c in ranked])


class ScorecardTrendApi(APIView):
    permission_classes = [CanViewDashboard]

    @extend_schema(
        summary="Monthly trend of the scorecard total",
        description="The total of each of the twelve months ending with the month of `to` (`from` is checked "
        "but the months are whole). " + _WHO,
        parameters=_SCORECARD_PARAMETERS,
        responses={200: ScorecardTrendOutput(many=True), **error_responses(400, 403)},
    )
    def get(self, request):
        period, agency = _period_and_agency(request)
        trend = monthly_trend(period, agency=agency)
        return Response([{"month": f"{m.first:%Y-%m}", "total_points": total} for m, total in trend])


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
