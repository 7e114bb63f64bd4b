"""Citizens' feedback and petitions (phản ánh, kiến nghị; DOMAIN.md, "Feedback and complaints").

Writes: submit (with a tracking code and an answer due date), forward to an agency, answer, close, and
the sender's verdict on the answer. Reads: the staff list limited to what the caller may handle, and
the public view by tracking code.

The center's staff (no agency on their profile) handle every feedback; an agency's staff see and answer
only what the center forwarded to their agency. The tracking code is the only key the sender holds, so
it is random (like a dossier's secret), not a sequence.
"""

from __future__ import annotations

import datetime as dt
import logging
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from center import workdays
from center.errors import Conflict, InvalidInput, NotAllowed
from center.roles import user_agency_id
from dossiers.codes import SECRET_ALPHABET
from dossiers.models import Dossier
from dossiers.selectors import printed_form
from dossiers.validators import clean_name, clean_text, phone_checked
from monitoring.models import Feedback, FeedbackStatus, FeedbackTopic
from procedures.models import Agency

log = logging.getLogger("monitoring")

TRACKING_PREFIX = "PA-"
TRACKING_LENGTH = 10  # 31^10, about 8·10^14 codes: not guessable, and failed lookups are rate-limited
SUBJECT_MAX = 255
CONTENT_MAX = 5000
ANSWER_MAX = 5000
OPEN = frozenset({FeedbackStatus.NEW, FeedbackStatus.FORWARDED})
# What the sender can give an opinion on (service index: satisfaction with feedback handling).
RATED = frozenset({FeedbackStatus.ANSWERED, FeedbackStatus.CLOSED, FeedbackStatus.REFUSED})
VIEW_PERMISSION = "monitoring.view_feedback"
HANDLE_PERMISSION = "monitoring.change_feedback"


def new_tracking_code() -> str:
    return TRACKING_PREFIX + "".join(secrets.choice(SECRET_ALPHABET) for _ in range(TRACKING_LENGTH))


def normalize_tracking_code(value: str) -> str:
    value = printed_form(value)  # read off paper, as a dossier code is
    if value and not value.startswith(TRACKING_PREFIX) and len(value) == TRACKING_LENGTH:
        value = TRACKING_PREFIX + value
    return value


# How a feedback was handled, and the setting holding each one's limit in working days (DOMAIN.md).
REFUSE, ASK, ANSWER = "refuse", "ask", "answer"
LIMIT_SETTINGS = {REFUSE: "FEEDBACK_REFUSE_DAYS", ASK: "FEEDBACK_INFO_REQUEST_DAYS", ANSWER: "FEEDBACK_ANSWER_DAYS"}


def handling_due(start: dt.datetime, kind: str = ANSWER, calendar=None) -> dt.datetime:
    """When a refusal, a request for more information or the answer is due, counted in working days from
    `start` (receipt, the last forwarding, or the information received; center/workdays.py)."""
    days = getattr(settings, LIMIT_SETTINGS[kind])
    return workdays.add_working_days(start, days, calendar or workdays.load_calendar())


def answer_due(received_at: dt.datetime) -> dt.datetime:
    """The answer is due FEEDBACK_ANSWER_DAYS working days after receipt (or the last forwarding)."""
    return handling_due(received_at, ANSWER)


def clock_start(feedback: Feedback, at: dt.datetime) -> dt.datetime:
    """Where the handling limits of `feedback` count from, as known at `at`: receipt, the last forwarding, or
    the arrival of the information the center asked for, whichever came last before `at`."""
    starts = [feedback.created_at, feedback.forwarded_at, feedback.info_received_at]
    return max(moment for moment in starts if moment is not None and moment <= at) if feedback.created_at else at


def is_overdue(feedback: Feedback, now: dt.datetime | None = None) -> bool:
    return feedback.status in OPEN and (now or timezone.now()) > feedback.due_at


@dataclass(frozen=True)
class Handling:
    """How a feedback stood at a moment: what was done (or, if nothing yet, the answer still owed), when,
    and by when it was due. The scorecard judges each feedback by this as of a period's end; the staff
    pages as of now."""

    kind: str  # REFUSE, ASK or ANSWER
    at: dt.datetime  # when it was done; the moment looked at if not done yet
    due: dt.datetime
    done: bool

    @property
    def on_time(self) -> bool:
        return self.at <= self.due


def _handled_by(feedback: Feedback, end: dt.datetime) -> tuple[str, dt.datetime] | None:
    """Refused or answered before `end`, else a request for more information still unanswered at `end`
    (judged at the time of the request, as a dossier's supplement request is); None if nothing yet."""
    done = [(at, kind) for kind, at in ((REFUSE, feedback.refused_at), (ANSWER, feedback.answered_at)) if at]
    done = [item for item in done if item[0] < end]
    if done:
        at, kind = min(done)
        return kind, at
    asked, back = feedback.info_requested_at, feedback.info_received_at
    if asked and asked < end and not (back and asked <= back < end):
        return ASK, asked
    return None


def handling_at(feedback: Feedback, end: dt.datetime, calendar=None) -> Handling:
    handled = _handled_by(feedback, end)
    kind, at = handled or (ANSWER, end)
    return Handling(kind=kind, at=at, due=handling_due(clock_start(feedback, at), kind, calendar), done=bool(handled))


def open_deadlines(feedback: Feedback, now: dt.datetime, calendar=None) -> dict[str, dt.datetime]:
    """For a feedback still to handle: by when a refusal, a request for more information and the answer
    count as on time (DOMAIN.md: 2, 5 and 15 working days from receipt or the last forwarding)."""
    calendar = calendar or workdays.load_calendar()
    start = clock_start(feedback, now)
    return {kind: handling_due(start, kind, calendar) for kind in (REFUSE, ASK, ANSWER)}


def info_question(feedback: Feedback) -> str:
    """The question put to the sender, while no answer or refusal has replaced it (feedback_request_info
    keeps it in `answer`, which the sender reads with the tracking code)."""
    asked = feedback.info_requested_at and feedback.status in OPEN | {FeedbackStatus.AWAITING_INFO}
    return feedback.answer if asked else ""


# --- writes --------------------------------------------------------------------------------------


def _text(value: str, *, field: str, required_message, limit: int, multiline: bool = True) -> str:
    """Text as stored (dossiers/validators.clean_text); refused when nothing visible is left."""
    value = clean_text(value, multiline=multiline)
    if not value:
        raise InvalidInput(required_message, field=field)
    if len(value) > limit:
        raise InvalidInput(_("At most %(max)s characters.") % {"max": limit}, field=field)
    return value


def submission_clean(
    *,
    topic: str,
    subject: str,
    content: str,
    sender_name: str,
    sender_phone: str = "",
    sender_email: str = "",
    dossier: Dossier | None = None,
) -> dict:
    """The fields of a new feedback, checked and normalised (InvalidInput names the field at fault)."""
    if topic not in FeedbackTopic.values:
        raise InvalidInput(_("Choose what your feedback is about."), field="topic")
    subject = _text(
        subject,
        field="subject",
        required_message=_("Give your feedback a subject."),
        limit=SUBJECT_MAX,
        multiline=False,
    )
    content = _text(content, field="content", required_message=_("Write your feedback."), limit=CONTENT_MAX)
    sender_name = _text(clean_name(sender_name), field="sender_name", required_message=_("Enter your name."), limit=255)
    sender_phone = phone_checked(sender_phone, field="sender_phone")
    sender_email = (sender_email or "").strip()
    # Decree 20/2008/NĐ-CP (art. 7): a feedback states how to reach its sender.
    if not sender_phone and not sender_email:
        raise InvalidInput(_("Give a phone number or an email address so that we can reach you."), field="sender_phone")
    if sender_email:
        try:
            validate_email(sender_email)
        except ValidationError:
            raise InvalidInput(_("Enter a valid email address."), field="sender_email") from None
    return {
        "topic": topic,
        "subject": subject,
        "content": content,
        "sender_name": sender_name,
        "sender_phone": sender_phone,
        "sender_email": sender_email,
        "dossier": dossier,
    }


@transaction.atomic
def feedback_create(values: dict) -> Feedback:
    """Write a feedback from `submission_clean`'s fields, with a fresh tracking code and its due date."""
    now = timezone.now()
    for _attempt in range(5):
        try:
            with transaction.atomic():
                feedback = Feedback.objects.create(
                    **values, tracking_code=new_tracking_code(), status=FeedbackStatus.NEW, due_at=answer_due(now)
                )
            break
        except IntegrityError:  # a tracking code drawn twice: draw again
            continue
    else:
        raise Conflict(_("Please send your feedback again."))
    log.info("feedback_submitted", extra={"feedback_id": feedback.pk})
    return feedback


def feedback_submit(**fields) -> Feedback:
    """Record a citizen's feedback; it gets a tracking code and an answer due date. (The public form goes
    through monitoring.feedback_intake, which also folds repeats and limits floods.)"""
    return feedback_create(submission_clean(**fields))


def _lock(feedback: Feedback) -> Feedback:
    return Feedback.objects.select_for_update().get(pk=feedback.pk)


def can_handle(user, feedback: Feedback) -> bool:
    """Answer or close: the center's staff any feedback, an agency's staff what was forwarded to it."""
    if not user.is_authenticated or not user.has_perm(HANDLE_PERMISSION):
        return False
    agency_id = user_agency_id(user)
    if agency_id is None or user.is_superuser:
        return True
    return feedback.agency_id == agency_id and feedback.status != FeedbackStatus.NEW


def can_forward(user) -> bool:
    """Only the center decides which agency must answer."""
    return (
        user.is_authenticated
        and user.has_perm(HANDLE_PERMISSION)
        and (user_agency_id(user) is None or user.is_superuser)
    )


def _refuse():
    return NotAllowed(_("You are not allowed to handle this feedback."))


@transaction.atomic
def feedback_forward(*, feedback: Feedback, agency: Agency, by) -> Feedback:
    """Send the feedback to the agency that must answer it (again, to another, if it went astray)."""
    feedback = _lock(feedback)
    if not can_forward(by):
        raise _refuse()
    if feedback.status not in OPEN:
        raise Conflict(_("This feedback has already been answered."))
    if agency is None or not agency.is_active:
        raise InvalidInput(_("Choose the agency that must answer."), field="agency")
    # The limits count again from the last forwarding (DOMAIN.md, "Feedback and complaints").
    now = timezone.now()
    feedback.agency = agency
    feedback.status = FeedbackStatus.FORWARDED
    feedback.forwarded_at = now
    feedback.due_at = answer_due(now)
    feedback.save(update_fields=["agency", "status", "forwarded_at", "due_at"])
    log.info("feedback_forwarded", extra={"feedback_id": feedback.pk, "agency_id": agency.pk})
    return feedback


@transaction.atomic
def feedback_answer(*, feedback: Feedback, by, answer: str) -> Feedback:
    """Answer the sender; the answer is shown to them with the tracking code."""
    feedback = _lock(feedback)
    if not can_handle(by, feedback):
        raise _refuse()
    if feedback.status not in OPEN:
        raise Conflict(_("This feedback has already been answered."))
    feedback.answer = _text(answer, field="answer", required_message=_("Write the answer."), limit=ANSWER_MAX)
    feedback.answered_by = by
    feedback.answered_at = timezone.now()
    feedback.status = FeedbackStatus.ANSWERED
    feedback.save(update_fields=["answer", "answered_by", "answered_at", "status"])
    log.info("feedback_answered", extra={"feedback_id": feedback.pk, "late": feedback.answered_at > feedback.due_at})
    return feedback


def _settle_open(feedback: Feedback, by, *, text: str, required_message, stamp: str, status: str, event: str):
    """Refuse an open feedback or ask its sender for more: the text (reason or question) is what the sender
    reads, `stamp` the moment the national scorecard judges against its own limit."""
    feedback = _lock(feedback)
    if not can_handle(by, feedback):
        raise _refuse()
    if feedback.status not in OPEN:
        raise Conflict(_("This feedback has already been answered."))
    feedback.answer = _text(text, field="answer", required_message=required_message, limit=ANSWER_MAX)
    feedback.answered_by = by
    setattr(feedback, stamp, timezone.now())
    feedback.status = status
    feedback.save(update_fields=["answer", "answered_by", stamp, "status"])
    log.info(event, extra={"feedback_id": feedback.pk})
    return feedback


@transaction.atomic
def feedback_refuse(*, feedback: Feedback, by, reason: str) -> Feedback:
    """Refuse to handle the feedback (outside the rules, anonymous, already settled...), with the reason
    shown to the sender; due within FEEDBACK_REFUSE_DAYS working days."""
    return _settle_open(
        feedback, by, text=reason, required_message=_("Give the reason for refusing."),
        stamp="refused_at", status=FeedbackStatus.REFUSED, event="feedback_refused",
    )  # fmt: skip


@transaction.atomic
def feedback_request_info(*, feedback: Feedback, by, question: str) -> Feedback:
    """Ask the sender for more information (within FEEDBACK_INFO_REQUEST_DAYS working days); the question is
    shown to the sender with the tracking code."""
    return _settle_open(
        feedback, by, text=question, required_message=_("Say what the sender must add."),
        stamp="info_requested_at", status=FeedbackStatus.AWAITING_INFO, event="feedback_info_requested",
    )  # fmt: skip


@transaction.atomic
def feedback_info_received(*, feedback: Feedback, by, note: str = "") -> Feedback:
    """The sender brought the information asked for: the feedback is complete, received again, and the
    limits count from now."""
    feedback = _lock(feedback)
    if not can_handle(by, feedback):
        raise _refuse()
    if feedback.status != FeedbackStatus.AWAITING_INFO:
        raise Conflict(_("This feedback is not waiting for more information."))
    now = timezone.now()
    if note.strip():
        feedback.content = f"{feedback.content}\n\n{note.strip()}"[:CONTENT_MAX]
    feedback.info_received_at = now
    feedback.due_at = answer_due(now)
    feedback.status = FeedbackStatus.FORWARDED if feedback.agency_id else FeedbackStatus.NEW
    feedback.save(update_fields=["content", "info_received_at", "due_at", "status"])
    log.info("feedback_info_received", extra={"feedback_id": feedback.pk})
    return feedback


@transaction.atomic
def feedback_close(*, feedback: Feedback, by) -> Feedback:
    """Close an answered feedback: nothing more is expected from the center."""
    feedback = _lock(feedback)
    if not can_handle(by, feedback):
        raise _refuse()
    if feedback.status != FeedbackStatus.ANSWERED:
        raise Conflict(
            _("Only an answered feedback can be closed.")
            if feedback.status in OPEN
            else _("This feedback is already closed.")
        )
    feedback.closed_at = timezone.now()
    feedback.status = FeedbackStatus.CLOSED
    feedback.save(update_fields=["closed_at", "status"])
    log.info("feedback_closed", extra={"feedback_id": feedback.pk})
    return feedback


@transaction.atomic
def feedback_rate_answer(*, feedback: Feedback, satisfied: bool) -> Feedback:
    """The sender says, once, whether the answer satisfies them (service index: feedback handling)."""
    feedback = _lock(feedback)
    if feedback.status not in RATED:
        raise Conflict(_("You can give your opinion once the feedback has been answered."))
    if feedback.sender_satisfied is not None:
        raise Conflict(_("You have already given your opinion on this answer."))
    feedback.sender_satisfied = bool(satisfied)
    feedback.save(update_fields=["sender_satisfied"])
    log.info("feedback_answer_rated", extra={"feedback_id": feedback.pk, "satisfied": feedback.sender_satisfied})
    return feedback


# --- reads ---------------------------------------------------------------------------------------


def feedback_list(*, user, status: str = "", overdue: bool = False) -> QuerySet[Feedback]:
    """What the user may see: all for the center's staff, what was forwarded to their agency otherwise."""
    if not user.is_authenticated or not user.has_perm(VIEW_PERMISSION):
        return Feedback.objects.none()
    queryset = Feedback.objects.select_related("agency", "dossier", "answered_by")
    agency_id = user_agency_id(user)
    if agency_id is not None and not user.is_superuser:
        queryset = queryset.filter(agency_id=agency_id).exclude(status=FeedbackStatus.NEW)
    if status:
        queryset = queryset.filter(status=status)
    if overdue:
        queryset = queryset.filter(status__in=OPEN, due_at__lt=timezone.now())
    return queryset


def feedback_get(*, user, pk: int) -> Feedback | None:
    return feedback_list(user=user).filter(pk=pk).first()


def feedback_public_get(*, tracking_code: str) -> Feedback | None:
    code = normalize_tracking_code(tracking_code)
    if not code:
        return None
    return Feedback.objects.select_related("agency", "dossier").filter(tracking_code=code).first()


def feedback_counts(*, user) -> dict[str, int]:
    """Open and overdue counts for the staff list's header."""
    visible = feedback_list(user=user)
    now = timezone.now()
    return {
        "open": visible.filter(status__in=OPEN).count(),
        "overdue": visible.filter(Q(status__in=OPEN) & Q(due_at__lt=now)).count(),
    }
