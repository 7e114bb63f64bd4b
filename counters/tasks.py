"""Celery tasks of the counters: each calls one service and is safe to run twice."""

from celery import shared_task

from counters import booking


@shared_task(soft_time_limit=60, time_limit=90, ignore_result=True)
def appointment_release_no_shows_task() -> int:
    """Every two minutes (CELERY_BEAT_SCHEDULE["appointment-release"]): only BOOKED rows change, once."""
    return booking.appointment_release_no_shows()


@shared_task(soft_time_limit=600, time_limit=660, ignore_result=True)
def ticket_days_keep_task() -> dict:
    """Every night after midnight (CELERY_BEAT_SCHEDULE["ticket-days"]): count the closed days' queue waits
    (counters/rollups.py); a day is replaced by the same counts, so running it twice changes nothing."""
    from counters.rollups import ticket_days_keep

    return ticket_days_keep()
