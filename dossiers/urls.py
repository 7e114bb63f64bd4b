from django.urls import path

from dossiers import views
from dossiers.documents import views as document_views

urlpatterns = [
    path("can-bo/", views.staff_home, name="staff-home"),
    path("can-bo/tiep-nhan/", views.dossier_receive, name="dossier-receive"),
    path("can-bo/tra-ket-qua/", views.return_desk, name="return-desk"),
    path("can-bo/so-theo-doi/", views.dossier_register, name="dossier-register"),
    path("can-bo/so-theo-doi.pdf", views.dossier_register, {"fmt": "pdf"}, name="dossier-register-pdf"),
    path("can-bo/so-theo-doi.xlsx", views.dossier_register, {"fmt": "xlsx"}, name="dossier-register-xlsx"),
    path("can-bo/phieu/<str:number>.pdf", views.counter_slip_pdf, name="counter-slip-pdf"),
    path("can-bo/phieu/<str:number>/", views.counter_slip, name="counter-slip"),
    path("can-bo/ho-so/<str:code>/", views.dossier_detail, name="dossier-detail"),
    path("can-bo/ho-so/<str:code>/tep/", document_views.dossier_document_upload, name="dossier-document-upload"),
    path(
        "can-bo/ho-so/<str:code>/tep/<int:document_id>/",
        document_views.dossier_document_file,
        name="dossier-document-file",
    ),
    path("can-bo/ho-so/<str:code>/phieu/<slug:slug>.pdf", views.dossier_slip_pdf, name="dossier-slip-pdf"),
    path("can-bo/ho-so/<str:code>/phieu/<slug:slug>/", views.dossier_slip, name="dossier-slip"),
    path("can-bo/ho-so/<str:code>/<slug:action>/", views.dossier_action, name="dossier-action"),
]
