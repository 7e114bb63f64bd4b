"""Feedback pages: public (form, tracking by code) and staff (list, forward, answer, close)."""

from django.urls import path

from monitoring import feedback_views as views

urlpatterns = [
    path("phan-anh/", views.feedback_new, name="feedback-new"),
    path("phan-anh/tra-cuu/", views.feedback_track, name="feedback-track"),
    path("phan-anh/<str:code>/", views.feedback_detail, name="feedback-detail"),
    path("phan-anh/<str:code>/y-kien/", views.feedback_opinion, name="feedback-opinion"),
    path("can-bo/phan-anh/", views.staff_list, name="feedback-staff-list"),
    path("can-bo/phan-anh/<int:pk>/", views.staff_detail, name="feedback-staff-detail"),
    path("can-bo/phan-anh/<int:pk>/<slug:action>/", views.staff_action, name="feedback-staff-action"),
]
