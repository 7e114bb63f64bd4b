from django.urls import path

from monitoring import views
from monitoring.forecasts import views as forecast_views

urlpatterns = [
    path("giam-sat/", views.dashboard, name="monitoring-dashboard"),
    path("giam-sat/co-quan/<str:code>/", views.agency_page, name="monitoring-agency"),
    path("giam-sat/ho-so/", views.dossier_list, name="monitoring-dossiers"),
    path("giam-sat/chi-so-766/", views.scorecard_list, name="monitoring-scorecard-list"),
    path("giam-sat/chi-so-766/xu-huong/", views.scorecard_trend, name="monitoring-scorecard-trend"),
    path("giam-sat/qua-han/", views.overdue, name="monitoring-overdue"),
    path("giam-sat/ban-giao/", views.handover_list, name="monitoring-handover"),
    path("giam-sat/xin-loi-muon/", views.late_apology_list, name="monitoring-late-apologies"),
    path("giam-sat/canh-bao/", views.alert_inbox, name="monitoring-alerts"),
    path("giam-sat/canh-bao/<int:pk>/xac-nhan/", views.alert_ack, name="monitoring-alert-ack"),
    path("giam-sat/uu-tien/", forecast_views.close_first_page, name="forecast-close-first"),
    path("giam-sat/lien-thong/", forecast_views.chains_page, name="forecast-chains"),
    path("giam-sat/bo-sung/", forecast_views.supplements_page, name="forecast-supplements"),
    path("giam-sat/du-bao/<str:code>/thu-xin-loi/", forecast_views.draft_confirm, name="forecast-draft-confirm"),
    path("giam-sat/du-bao/<str:code>/bo-du-thao/", forecast_views.draft_discard, name="forecast-draft-discard"),
    path("giam-sat/bao-cao/", views.report_list, name="monitoring-reports"),
    path("giam-sat/bao-cao/lam-lai/", views.report_again, name="monitoring-report-again"),
    path("giam-sat/bao-cao/<int:pk>/<str:fmt>/", views.report_download, name="monitoring-report-file"),
    path("cong-khai/dung-han/", views.punctuality, name="public-punctuality"),
]
