from celery import shared_task

from dossiers.payments.services import payments_reconcile


@shared_task(time_limit=600, soft_time_limit=540)
def payments_reconcile_task() -> dict:
    """Beat: ask the gateway about online payments whose notification never came (settings CELERY_BEAT_SCHEDULE)."""
    return payments_reconcile()
