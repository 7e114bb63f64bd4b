from django.urls import path

from counters import public_views, staff_views, views

urlpatterns = [
    path("lay-so/", views.kiosk, name="kiosk"),
    path("lay-so/ve/<int:pk>/", views.kiosk_ticket, name="kiosk-ticket"),
    path("lay-so/lich-hen/", views.kiosk_check_in, name="kiosk-check-in"),
    path("lay-so/dang-ky-may/", views.kiosk_register, name="kiosk-register"),
    path("diem-phuc-vu/", public_views.site_chooser, name="sites"),
    path("diem-phuc-vu/<str:code>/", public_views.site_live_page, name="site-live"),
    path("diem-phuc-vu/<str:code>/du-lieu/", public_views.site_live_data, name="site-live-data"),
    path("dat-lich/", public_views.book, name="book"),
    path("dat-lich/hen/<str:code>/", public_views.appointment_page, name="appointment"),
    path("dat-lich/hen/<str:code>/doi/", public_views.appointment_change, name="appointment-change"),
    path("can-bo/lich-hen/", staff_views.appointments_today, name="appointments-today"),
    path("giam-sat/lich-hen/", staff_views.booking_use, name="booking-use"),
    path("giam-sat/nhan-su-quay/", staff_views.staffing_page, name="staffing"),
    path("bang-hien-thi/", views.display_board, name="display-board"),
    path("bang-hien-thi/du-lieu/", views.display_board_data, name="display-board-data"),
    path("can-bo/quay/", views.counter_desk, name="counter-desk"),
    path("can-bo/quay/ngoi/", views.counter_sit, name="counter-sit"),
    path("can-bo/quay/<slug:action>/", views.counter_desk_action, name="counter-desk-action"),
]
