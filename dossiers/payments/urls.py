from django.urls import path

from dossiers.payments import public_views, views

urlpatterns = [
    # Staff
    path("can-bo/thu-phi/", views.takings_page, name="payment-takings"),
    path("can-bo/thu-phi/ho-so/<str:code>/thu-tien/", views.payment_record_view, name="payment-record"),
    path("can-bo/thu-phi/ho-so/<str:code>/dat-phi/", views.charge_set_view, name="payment-charge-set"),
    path("can-bo/bien-lai/<int:pk>/", views.receipt_page, name="payment-receipt"),
    path("can-bo/bien-lai/<int:pk>.pdf", views.receipt_pdf, name="payment-receipt-pdf"),
    path("can-bo/bien-lai/<int:pk>/huy/", views.receipt_cancel_view, name="payment-receipt-cancel"),
    # Citizens: pay with the dossier's code and secret; the gateway's return; a receipt by its signed link
    path("tra-cuu/<str:code>/thanh-toan/", public_views.payment_page, name="payment-page"),
    path("thanh-toan/ket-qua/<slug:provider>/", public_views.payment_return, name="payment-return"),
    path("thanh-toan/bien-lai/<str:token>.pdf", public_views.receipt_public_pdf, name="payment-receipt-public"),
]
