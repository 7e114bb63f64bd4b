"""Supervision API under /api/v1/monitoring/ (included from center/urls.py)."""

from django.urls import path

from monitoring import apis
from monitoring.forecasts.apis import AtRiskListApi

urlpatterns = [
    path("compliance/", apis.ComplianceApi.as_view(), name="api-monitoring-compliance"),
    path("scorecard/", apis.ScorecardApi.as_view(), name="api-monitoring-scorecard"),
    path("scorecard/ranking/", apis.ScorecardRankingApi.as_view(), name="api-monitoring-scorecard-ranking"),
    path("scorecard/trend/", apis.ScorecardTrendApi.as_view(), name="api-monitoring-scorecard-trend"),
    path("at-risk/", AtRiskListApi.as_view(), name="api-monitoring-at-risk"),
    path("alerts/", apis.AlertListApi.as_view(), name="api-monitoring-alerts"),
    path("alerts/<int:pk>/acknowledge/", apis.AlertAcknowledgeApi.as_view(), name="api-monitoring-alert-ack"),
]
