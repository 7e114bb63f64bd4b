"""Celery tasks of the counters: each calls one service and is safe to run twice."""

from celery import shared_task

from counters import booking


@shared_task(soft_time_limit=60, time_limit=90, ignore_result=True)
def appointment_release_no_shows_task() -> int:
    """Every two minutes (CELERY_BEAT_SCHEDULE["appointment-release"]): only BOOKED rows change, once."""
    return booking.appointment_release_no_shows()
