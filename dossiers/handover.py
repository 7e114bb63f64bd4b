"""The hand-over from the counter to the competent agency, and when it is due.

Decree 61/2018/NĐ-CP art. 19(1)(b) (carried over by Decree 118/2025/NĐ-CP; DOMAIN.md "Dossiers received
after 15:00 are handed to the agency on the next working day"): a dossier received up to HANDOVER_CUTOFF
goes to the agency the same working day (by the end of that day); one received later goes the next
working morning (by HANDOVER_NEXT_DAY_BY). A dossier received on a day off counts as received at the
next working day's opening, as its processing clock does. The deadline is computed once at receipt and
stored on the dossier (`handover_due_at`); the first transfer stores `handed_over_at`; so "late" and
"overdue" are plain filters on stored columns (`HANDOVER_STATES`).
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from center import workdays
from dossiers.workflow import DossierStatus as S

END_OF_DAY = dt.time(23, 59, 59, 999999)


def handover_deadline(received_at: dt.datetime, calendar: workdays.WorkingCalendar) -> dt.datetime:
    """When a dossier received at `received_at` must be with the agency.

    "After 15:00" is strictly after: a dossier received at 15:00:00 still goes the same day.
    """
    start = workdays.clock_start(received_at, calendar)
    zone = workdays.local_zone()
    if start.time() <= workdays.clock_time(settings.HANDOVER_CUTOFF):
        return dt.datetime.combine(start.date(), END_OF_DAY, tzinfo=zone)
    day = calendar.next_working_day(start.date())
    return dt.datetime.combine(day, workdays.clock_time(settings.HANDOVER_NEXT_DAY_BY), tzinfo=zone)


def handover_is_late(*, handed_over_at: dt.datetime | None, deadline: dt.datetime | None) -> bool:
    return handed_over_at is not None and deadline is not None and handed_over_at > deadline


def handover_states_q(now: dt.datetime) -> dict[str, Q]:
    """Each hand-over state as a filter on dossiers: the dashboard counts with them and its drill-down
    lists with them, so a list always adds up to its number. A dossier that left the counter without a
    hand-over (refused there, withdrawn) is in none of them."""
    waiting = Q(handed_over_at__isnull=True, status=S.RECEIVED, handover_due_at__isnull=False)
    return {
        "on_time": Q(handed_over_at__isnull=False, handed_over_at__lte=F("handover_due_at")),
        "late": Q(handed_over_at__isnull=False, handed_over_at__gt=F("handover_due_at")),
        "overdue": waiting & Q(handover_due_at__lt=now),
        "pending": waiting & Q(handover_due_at__gte=now),
    }


HANDOVER_STATE_LABELS = {
    "on_time": _("Handed over on time"),
    "late": _("Handed over late"),
    "overdue": _("Not yet handed over, overdue"),
    "pending": _("Not yet handed over, within time"),
}
