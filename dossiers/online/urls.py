from django.urls import path

from dossiers.online import views

urlpatterns = [
    path("cong-dan/ho-so/", views.my_dossiers, name="citizen-dossiers"),
    path("cong-dan/ho-so/<str:code>/", views.my_dossier, name="citizen-dossier"),
    path("cong-dan/ho-so/<str:code>/bo-sung/", views.citizen_supplement_upload, name="citizen-supplement"),
    path("cong-dan/ho-so/<str:code>/tep/<int:pk>/luu/", views.citizen_document_keep, name="citizen-document-keep"),
    path("cong-dan/ho-so/<str:code>/phieu/<slug:slug>.pdf", views.citizen_slip_pdf, name="citizen-slip-pdf"),
    path("cong-dan/giay-to/<int:pk>/", views.saved_document_file, name="saved-document-file"),
    path("cong-dan/nop-truc-tuyen/<str:code>/", views.filing_start_page, name="filing-start"),
    path("cong-dan/ho-so-nhap/<int:pk>/", views.filing_edit, name="filing-edit"),
    path("cong-dan/ho-so-nhap/<int:pk>/xem-lai/", views.filing_review, name="filing-review"),
    path("cong-dan/ho-so/<str:code>/bien-nhan/", views.filing_receipt, name="filing-receipt"),
]
