"""Supervision API under /api/v1/monitoring/ (included from center/urls.py). The figures read from the replica
when there is one (center/db_router.py); the alerts, which are acknowledged, from the primary."""

from django.urls import path

from center.db_router import replica_view
from monitoring import apis
from monitoring.forecasts.apis import AtRiskListApi

urlpatterns = [
    path("compliance/", replica_view(apis.ComplianceApi.as_view()), name="api-monitoring-compliance"),
    path("scorecard/", replica_view(apis.ScorecardApi.as_view()), name="api-monitoring-scorecard"),
    path(
        "scorecard/ranking/", replica_view(apis.ScorecardRankingApi.as_view()), name="api-monitoring-scorecard-ranking"
    ),
    path("scorecard/trend/", replica_view(apis.ScorecardTrendApi.as_view()), name="api-monitoring-scorecard-trend"),
    path("at-risk/", AtRiskListApi.as_view(), name="api-monitoring-at-risk"),
    path("alerts/", apis.AlertListApi.as_view(), name="api-monitoring-alerts"),
    path("alerts/<int:pk>/acknowledge/", apis.AlertAcknowledgeApi.as_view(), name="api-monitoring-alert-ack"),
]
