"""Pages (HTML), one include per app; each app owns its urls.py."""

from django.urls import include, path

urlpatterns = [
    path("", include("procedures.urls")),
    path("", include("dossiers.urls")),
    path("", include("dossiers.public_urls")),  # public tracking: /tra-cuu/ (QR codes on slips point here)
    path("", include("dossiers.payments.urls")),  # fees: /can-bo/thu-phi/, /tra-cuu/<code>/thanh-toan/
    path("", include("counters.urls")),
    path("", include("monitoring.urls")),
    path("", include("monitoring.feedback_urls")),  # feedback: /phan-anh/ (public), /can-bo/phan-anh/ (staff)
]
