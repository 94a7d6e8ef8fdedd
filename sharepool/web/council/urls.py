from django.urls import path

from sharepool.web.council import console, seats, views

app_name = "web-council"

urlpatterns = [
    path("council/", views.council_home, name="home"),
    path("council/new/", seats.new_council, name="council-new"),
    path("council/<int:council_id>/seats/", seats.seats, name="seats"),
    path("council/<int:council_id>/seats/give/", seats.give_seat, name="seat-give"),
    path("council/<int:council_id>/seats/<int:seat_id>/end/", seats.end_seat, name="seat-end"),
    path("council/motions/new/", views.new_motion, name="motion-new"),
    path("council/motions/<int:motion_id>/", views.motion_detail, name="motion"),
    path("council/motions/<int:motion_id>/<slug:step>/", views.motion_step, name="motion-step"),
    path("council/sessions/new/", views.new_session, name="session-new"),
    path("council/sessions/<int:session_id>/", views.session_detail, name="session"),
    path("council/sessions/<int:session_id>/minutes.pdf", views.minutes_pdf, name="minutes-pdf"),
    path("council/sessions/<int:session_id>/console/", console.console, name="console"),
    path("council/sessions/<int:session_id>/console/<slug:step>/", console.console_step, name="console-step"),
]
