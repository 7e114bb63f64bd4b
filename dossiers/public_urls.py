"""Public tracking pages. /tra-cuu/<code>/?secret=... is printed as a QR code on every slip
(dossiers.presentation.public_status_url): keep that address stable."""

from django.urls import path

from dossiers import public_views
from dossiers.documents import views as document_views

urlpatterns = [
    path("tra-cuu/", public_views.track_lookup, name="dossier-track-lookup"),
    path("tra-cuu/<str:code>/", public_views.track_status, name="dossier-track"),
    path("tra-cuu/<str:code>/danh-gia/", public_views.rate, name="dossier-rate"),
    # The applicant's files (the electronic result), with the same ?secret=.
    path("tra-cuu/<str:code>/tep/<int:document_id>/", document_views.track_document_file, name="dossier-track-file"),
]
