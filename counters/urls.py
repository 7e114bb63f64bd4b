from django.urls import path

from counters import views

urlpatterns = [
    path("lay-so/", views.kiosk, name="kiosk"),
    path("lay-so/ve/<int:pk>/", views.kiosk_ticket, name="kiosk-ticket"),
    path("lay-so/lich-hen/", views.kiosk_check_in, name="kiosk-check-in"),
    path("lay-so/dang-ky-may/", views.kiosk_register, name="kiosk-register"),
    path("bang-hien-thi/", views.display_board, name="display-board"),
    path("bang-hien-thi/du-lieu/", views.display_board_data, name="display-board-data"),
    path("can-bo/quay/", views.counter_desk, name="counter-desk"),
    path("can-bo/quay/ngoi/", views.counter_sit, name="counter-sit"),
    path("can-bo/quay/<slug:action>/", views.counter_desk_action, name="counter-desk-action"),
]
