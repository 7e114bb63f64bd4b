"""The satisfaction group's feedback indicators, judged as of the period's end (DOMAIN.md).

Feedback handled on time: refused within 2 working days, the sender asked for more within 5, answered
within 15 (monitoring/feedback.py, counted from receipt or the last forwarding), or still within its time
at the period's end, over feedback received or handled in the period. A request for more information that
the sender has not answered is judged at the time of the request, as a dossier's supplement request is.

Satisfaction with feedback handling: feedback first received in the period, less those whose sender said
the answer did not satisfy them or that were handled late, over feedback first received in the period.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from center import workdays
from monitoring.feedback import handling_at
from monitoring.models import Feedback


@dataclass(frozen=True)
class FeedbackVerdict:
    pk: int
    agency_id: int | None
    in_base: bool  # received or handled in the period (on-time indicator)
    on_time: bool
    first_received: bool  # received in the period (satisfaction indicator)
    satisfied: bool  # not rated unsatisfied and not handled late


def judge_feedback(feedback: Feedback, *, start: dt.datetime, end: dt.datetime, calendar) -> FeedbackVerdict:
    handling = handling_at(feedback, end, calendar)
    agency_id = feedback.agency_id or (feedback.dossier.agency_id if feedback.dossier_id else None)
    return FeedbackVerdict(
        pk=feedback.pk,
        agency_id=agency_id,
        in_base=not handling.done or handling.at >= start,
        on_time=handling.on_time,
        first_received=feedback.created_at >= start,
        satisfied=feedback.sender_satisfied is not False and (handling.on_time or not handling.done),
    )


def feedback_verdicts(*, start: dt.datetime, end: dt.datetime, calendar=None) -> list[FeedbackVerdict]:
    """Every feedback received before the period's end, judged for [start, end) (one query)."""
    calendar = calendar or workdays.load_calendar()
    feedback = Feedback.objects.filter(created_at__lt=end).select_related("dossier").order_by()
    return [judge_feedback(f, start=start, end=end, calendar=calendar) for f in feedback]
