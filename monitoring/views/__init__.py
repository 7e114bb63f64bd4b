"""Supervision pages: the dashboard and an agency's page, the lists behind the numbers, the alert
inbox, the overdue list, the periodic reports; and the public punctuality board."""

from monitoring.views.dashboard import agency_page, dashboard
from monitoring.views.duties import handover_list, late_apology_list
from monitoring.views.lists import alert_ack, alert_inbox, dossier_list, overdue
from monitoring.views.public import punctuality
from monitoring.views.reports import report_again, report_download, report_list
from monitoring.views.scorecard import scorecard_list, scorecard_trend

__all__ = [
    "agency_page", "alert_ack", "alert_inbox", "dashboard", "dossier_list", "handover_list", "late_apology_list",
    "overdue", "punctuality", "report_again", "report_download", "report_list", "scorecard_list", "scorecard_trend",
]  # fmt: skip
