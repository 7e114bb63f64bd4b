from django.urls import path

from center.citizens import views

urlpatterns = [
    path("dang-nhap/", views.citizen_sign_in_page, name="citizen-sign-in"),
    path("dang-nhap/oidc/bat-dau/", views.CitizenSignInStart.as_view(), name="citizen-oidc-start"),
    path("dang-nhap/oidc/callback/", views.CitizenSignInCallback.as_view(), name="citizen-oidc-callback"),
    path("dang-xuat/", views.citizen_sign_out, name="citizen-sign-out"),
]
