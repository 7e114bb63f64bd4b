from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import SimpleRouter

from center.accounts import LimitedPasswordResetView, staff_landing
from center.admin_strings import AdminJavaScriptCatalog
from center.apis import DueDateApi
from center.health import healthz
from counters import apis as counter_apis
from dossiers import apis as dossier_apis
from dossiers.documents import apis as document_apis
from dossiers.payments import apis as payment_apis
from procedures.apis import ProcedureViewSet

router = SimpleRouter()
router.register("procedures", ProcedureViewSet, basename="procedure")

api_v1 = [
    *router.urls,
    path("calendar/due-date/", DueDateApi.as_view(), name="api-due-date"),
    path("dossiers/", dossier_apis.DossierListReceiveApi.as_view(), name="api-dossiers"),
    path("dossiers/<str:code>/", dossier_apis.DossierDetailApi.as_view(), name="api-dossier"),
    path("dossiers/<str:code>/fees/", payment_apis.DossierAccountApi.as_view(), name="api-dossier-fees"),
    # Before the actions: "documents" is no action.
    path("dossiers/<str:code>/documents/", document_apis.DossierDocumentsApi.as_view(), name="api-dossier-documents"),
    path(
        "dossiers/<str:code>/documents/<int:document_id>/file",
        document_apis.DossierDocumentFileApi.as_view(),
        name="api-dossier-document-file",
    ),
    path(
        "dossiers/<str:code>/<slug:action>/",
        dossier_apis.DossierActionApi.as_view(),
        name="api-dossier-action",
    ),
    path("public/dossiers/<str:code>/", dossier_apis.PublicDossierApi.as_view(), name="api-public-dossier"),
    # Payment gateways' server-to-server notifications (dossiers/payments/apis.py)
    path("payments/notify/<str:provider>/", payment_apis.PaymentNotifyApi.as_view(), name="payment-notify"),
    path("public/sites/", counter_apis.PublicSiteListApi.as_view(), name="api-public-sites"),
    path("public/sites/<str:code>/slots/", counter_apis.PublicSlotListApi.as_view(), name="api-public-slots"),
    path("public/appointments/", counter_apis.PublicAppointmentBookApi.as_view(), name="api-public-appointments"),
    path(
        "public/appointments/<str:code>/",
        counter_apis.PublicAppointmentCancelApi.as_view(),
        name="api-public-appointment",
    ),
    path("monitoring/", include("monitoring.api_urls")),  # supervision: compliance report, alerts
]

urlpatterns = [
    # Database and broker reachable? For load balancers and monitoring (center/health.py).
    path("healthz", healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    # Before the admin's own: the same catalogue with the Vietnamese Django lacks (center/admin_strings.py).
    path("admin/jsi18n/", admin.site.admin_view(AdminJavaScriptCatalog.as_view(packages=["django.contrib.admin"]))),
    path("admin/", admin.site.urls),
    # Before Django's own: the reset form limited per client and per e-mail address (center/accounts.py).
    path("accounts/password_reset/", LimitedPasswordResetView.as_view(), name="password_reset"),
    path("accounts/vao/", staff_landing, name="staff-landing"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("api/v1/", include(api_v1)),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    path("", include("center.page_urls")),
]

# Django's own error answers (no URL, a body too large, a crash): under /api/ the API's JSON error body,
# like any other API error; elsewhere Django's pages.
handler400 = "center.handlers.bad_request"
handler403 = "center.handlers.permission_denied"
handler404 = "center.handlers.not_found"
handler500 = "center.handlers.server_error"

if settings.DEBUG:
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
