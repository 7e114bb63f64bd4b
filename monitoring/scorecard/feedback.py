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
from monitoring.feedback import ANSWER, ASK, REFUSE, clock_start, handling_due
from monitoring.models import Feedback


@dataclass(frozen=True)
class FeedbackVerdict:
    pk: int
    agency_id: int | None
    in_base: bool  # received or handled in the period (on-time indicator)
    on_time: bool
    first_received: bool  # received in the period (satisfaction indicator)
    satisfied: bool  # not rated unsatisfied and not handled late


def _handling(feedback: Feedback, end: dt.datetime) -> tuple[str, dt.datetime] | None:
    """How and when the feedback was handled by `end`: refused or answered, else a pending request for more
    information; None if nothing yet."""
    done = [(at, kind) for kind, at in ((REFUSE, feedback.refused_at), (ANSWER, feedback.answered_at)) if at]
    done = [item for item in done if item[0] < end]
    if done:
        at, kind = min(done)
        return kind, at
    asked, back = feedback.info_requested_at, feedback.info_received_at
    if asked and asked < end and not (back and asked <= back < end):
        return ASK, asked
    return None


def judge_feedback(feedback: Feedback, *, start: dt.datetime, end: dt.datetime, calendar) -> FeedbackVerdict:
    handled = _handling(feedback, end)
    if handled is None:
        kind, at, done = ANSWER, end, False
    else:
        (kind, at), done = handled, True
    due = handling_due(clock_start(feedback, at), kind, calendar)
    on_time = at <= due
    agency_id = feedback.agency_id or (feedback.dossier.agency_id if feedback.dossier_id else None)
    return FeedbackVerdict(
        pk=feedback.pk,
        agency_id=agency_id,
        in_base=not done or at >= start,
        on_time=on_time,
        first_received=feedback.created_at >= start,
        satisfied=feedback.sender_satisfied is not False and (on_time or not done),
    )


def feedback_verdicts(*, start: dt.datetime, end: dt.datetime, calendar=None) -> list[FeedbackVerdict]:
    """Every feedback received before the period's end, judged for [start, end) (one query)."""
    calendar = calendar or workdays.load_calendar()
    feedback = Feedback.objects.filter(created_at__lt=end).select_related("dossier").order_by()
    return [judge_feedback(f, start=start, end=end, calendar=calendar) for f in feedback]
