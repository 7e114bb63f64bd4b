import datetime as dt

from celery import shared_task
from django.conf import settings
from django.utils import timezone

from dossiers.archive.services import dossiers_archive


def years_ago(years: int, today: dt.date | None = None) -> dt.date:
    """The same day `years` years before (28 February for a 29 February)."""
    today = today or timezone.localdate()
    try:
        return today.replace(year=today.year - years)
    except ValueError:
        return today.replace(year=today.year - years, day=28)


@shared_task(time_limit=6 * 3600)
def dossiers_archive_task() -> dict[str, int]:
    """Monthly (settings ARCHIVE_MONTHLY): archive the dossiers closed ARCHIVE_AFTER_YEARS years ago; run
    twice, the second finds nothing left to move."""
    return dossiers_archive(closed_before=years_ago(settings.ARCHIVE_AFTER_YEARS))
