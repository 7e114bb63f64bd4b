from django.urls import path

from dossiers.online import views

urlpatterns = [
    path("cong-dan/ho-so/", views.my_dossiers, name="citizen-dossiers"),
    path("cong-dan/ho-so/<str:code>/", views.my_dossier, name="citizen-dossier"),
]
