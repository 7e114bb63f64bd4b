from django.urls import path

from procedures import views

urlpatterns = [
    path("", views.home, name="home"),
    path("thu-tuc/<str:code>/", views.procedure_detail_page, name="procedure-detail"),
]
