"""What the public tracking page tells an applicant about a dossier, in plain words.

Built from a dossier loaded by `dossier_public_get` (events, extensions and open pause loaded; the rating
read here, for a returned dossier only, the one kind that can have one). Only what
the applicant may see: name initials, no ID number or phone, no staff names, and only the notes that
are addressed to the applicant (what to supplement or pay, the reason for a refusal or a delay).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from center import dates, workdays
from dossiers.models import Dossier, DossierExtension, Outcome, SatisfactionRating
from dossiers.payments.presentation import PAYMENT_EVENT_LABELS
from dossiers.presentation import mask_name
from dossiers.workflow import OPEN, PORTAL_NUMBER, DossierStatus
from monitoring.forecasts.clock import citizen_clock

S = DossierStatus

# Actions that happen at the one-stop center itself (receipt and return), whatever agency holds the file.
CENTER_ACTIONS = frozenset({"submit", "receive", "accept", "reject", "return"})


def _meaning(status: str) -> str:
    return {
        S.SUBMITTED: _("Your dossier was filed online or by post and is waiting to be checked at the center."),
        S.RECEIVED: _("The center has received your complete dossier. The processing time is running."),
        S.NOT_RECEIVED: _("Your filing could not be received."),
        S.IN_PROGRESS: _("The competent agency is processing your dossier."),
        S.AWAITING_SUPPLEMENT: _(
            "Your dossier needs more documents before it can be processed. The processing time is paused."
        ),
        S.AWAITING_PAYMENT: _(
            "A tax or fee must be paid before your dossier can go on. The processing time is paused."
        ),
        S.WITHDRAWN: _("Your dossier was withdrawn at your request."),
        S.STOPPED: _("Processing of your dossier has been stopped."),
        S.RESULT_READY: _("Your result is ready at the center."),
        S.RETURNED: _("Your result has been handed over."),
    }[status]


def _next_step(status: str) -> str:
    return {
        S.SUBMITTED: _(
            "The counter will check that it is complete, then receive it (the processing time starts then) "
            "or tell you why it cannot be received."
        ),
        S.RECEIVED: _("The center hands it to the competent agency, which processes it."),
        S.NOT_RECEIVED: _("Nothing more will happen with this filing."),
        S.IN_PROGRESS: _("When the result is ready it waits for you at the center, and this page says so."),
        S.AWAITING_SUPPLEMENT: _(
            "Once the center has your supplement, processing resumes and the appointment moves back by the "
            "working days it was paused."
        ),
        S.AWAITING_PAYMENT: _(
            "Once your payment is confirmed, processing resumes and the appointment moves back by the working "
            "days it was paused."
        ),
        S.WITHDRAWN: _("Nothing more will happen with this dossier."),
        S.STOPPED: _("Nothing more will happen with this dossier."),
        S.RESULT_READY: _("The result waits for you at the center's return counter."),
        S.RETURNED: _("Nothing more: the dossier is complete."),
    }[status]


def _your_part(status: str) -> str:
    return {
        S.SUBMITTED: _("Nothing for now. Keep your dossier code and secret to follow it here."),
        S.RECEIVED: _("Nothing for now. We will contact you if anything is needed."),
        S.NOT_RECEIVED: _("Read the reason below. You may file again once the dossier meets the requirements."),
        S.IN_PROGRESS: _("Nothing for now. We will contact you if anything is needed."),
        S.AWAITING_SUPPLEMENT: _("Bring or send the following to the center, with your receipt:"),
        S.AWAITING_PAYMENT: _("Pay what is asked below and keep the payment receipt:"),
        S.WITHDRAWN: _("Nothing."),
        S.STOPPED: _("Read the reason below. If you disagree, you can send us feedback or a complaint."),
        S.RESULT_READY: _(
            "Come to the center during working hours to collect it, with your receipt and your identity card."
        ),
        S.RETURNED: _("Please tell us how it went: rate the service (once, it takes a minute)."),
    }[status]


_EVENT_TEXTS = {
    "submit": gettext_lazy("Filed online or by post"),
    "receive": gettext_lazy("Received at the center"),
    "accept": gettext_lazy("Received at the center"),
    "reject": gettext_lazy("Not received"),
    "transfer": gettext_lazy("Handed over to the agency for processing"),
    "request_supplement": gettext_lazy("Supplement requested"),
    "supplement_received": gettext_lazy("Supplement received; processing resumes"),
    "request_payment": gettext_lazy("Payment of a tax or fee requested"),
    "payment_received": gettext_lazy("Payment confirmed; processing resumes"),
    "refuse": gettext_lazy("Processing stopped"),
    "withdraw": gettext_lazy("Withdrawn at the applicant's request"),
    "extend": gettext_lazy("Apology letter and new appointment issued"),
    "deadline_recomputed": gettext_lazy("Appointment moved by a change of the official working-day calendar"),
    "resolve": gettext_lazy("Result ready"),
    **PAYMENT_EVENT_LABELS,
    "return": gettext_lazy("Result handed over"),
}


def _event_text(event) -> str:
    if event.kind == "return" and (event.data or {}).get("method") == "post":
        return _("Result sent by public postal service")
    text = _EVENT_TEXTS.get(event.kind)
    return str(text) if text is not None else str(S(event.to_status).label)


@dataclass(frozen=True)
class TimelineEntry:
    at: dt.datetime
    text: str
    agency: str
    status: str
    status_label: str


@dataclass(frozen=True)
class Deadline:
    """Where the dossier stands against its appointment, in whole working days of the local calendar."""

    appointment_at: dt.datetime
    paused: bool = False
    due_today: bool = False
    days_left: int | None = None
    days_late: int | None = None

    @property
    def late(self) -> bool:
        return self.days_late is not None


@dataclass(frozen=True)
class PublicStatus:
    dossier: Dossier
    applicant: str
    status: str
    status_label: str
    portal_number: int
    meaning: str
    next_step: str
    your_part: str
    missing: list[str] = field(default_factory=list)
    payment: str = ""
    reason: str = ""
    deadline: Deadline | None = None
    extension: DossierExtension | None = None
    outcome_label: str = ""
    timeline: list[TimelineEntry] = field(default_factory=list)
    rating: SatisfactionRating | None = None
    # The ledger of working days and the expected date (monitoring/forecasts/clock.py), open dossiers only.
    clock: object | None = None

    @property
    def can_rate(self) -> bool:
        return self.status == S.RETURNED and self.rating is None


def _whole_working_days(after: dt.date, up_to: dt.date, calendar: workdays.WorkingCalendar) -> int:
    """Working days after `after` up to and including `up_to` (negative when `up_to` is earlier)."""
    zone = workdays.local_zone()
    start = dt.datetime.combine(after + workdays.DAY, dt.time(0), tzinfo=zone)
    end = dt.datetime.combine(up_to + workdays.DAY, dt.time(0), tzinfo=zone)
    return round(workdays.working_days_left(start, end, calendar))


def deadline_for(
    dossier: Dossier, *, now: dt.datetime, calendar: workdays.WorkingCalendar | None = None
) -> Deadline | None:
    """Days left or late against the appointment (the extension's date if any), for open dossiers."""
    if dossier.status not in (S.RECEIVED, S.IN_PROGRESS, S.AWAITING_SUPPLEMENT, S.AWAITING_PAYMENT):
        return None
    appointment = dossier.appointment_at
    if appointment is None:
        return None
    if dossier.status in (S.AWAITING_SUPPLEMENT, S.AWAITING_PAYMENT):
        return Deadline(appointment_at=appointment, paused=True)
    calendar = calendar or workdays.load_calendar()
    today = timezone.localdate(now)
    due_day = timezone.localdate(appointment)
    if now > appointment:
        return Deadline(appointment_at=appointment, days_late=max(_whole_working_days(due_day, today, calendar), 0))
    if due_day == today:
        return Deadline(appointment_at=appointment, due_today=True)
    if due_day > dates.LATEST:
        # Stored before extensions were bounded (9999-12-31 was accepted): the date is shown, but working
        # days are not counted up to it (the day after 9999-12-31 does not exist; millions of loops anyway).
        return Deadline(appointment_at=appointment)
    return Deadline(appointment_at=appointment, days_left=_whole_working_days(today, due_day, calendar))


def _timeline(dossier: Dossier) -> list[TimelineEntry]:
    entries = []
    for event in dossier.events.all():
        at_center = event.kind in CENTER_ACTIONS or event.agency is None
        where = settings.CENTER_NAME if at_center else event.agency.name
        entries.append(
            TimelineEntry(
                at=event.at,
                text=_event_text(event),
                agency=where,
                status=event.to_status,
                status_label=S(event.to_status).label,
            )
        )
    return entries


def _apology_in_force(dossier: Dossier) -> DossierExtension | None:
    """The latest apology and extension letter, while it still says something true: the dossier is open
    (the letter's new appointment stands), or its result came late against the legal deadline. A dossier
    resolved early or on time against that deadline (DOMAIN.md, "Punctuality") is owed no apology, and a
    stopped or withdrawn one has no appointment left: the letter stays in the timeline only."""
    if dossier.extended_due_at is None:
        return None
    if dossier.status not in OPEN and dossier.outcome != Outcome.LATE:
        return None
    extensions = list(dossier.extensions.all())
    return extensions[-1] if extensions else None


def _last_note(dossier: Dossier, kinds: set[str]) -> str:
    notes = [event.note for event in dossier.events.all() if event.kind in kinds and event.note]
    return notes[-1] if notes else ""


def public_status(dossier: Dossier, *, now: dt.datetime | None = None) -> PublicStatus:
    now = now or timezone.now()
    status = dossier.status
    pause = dossier.open_pause
    reason = ""
    if status == S.NOT_RECEIVED:
        reason = _last_note(dossier, {"reject"})
    elif status == S.STOPPED:
        reason = _last_note(dossier, {"refuse"})
    rating = getattr(dossier, "rating", None) if status == S.RETURNED else None  # one query, returned only
    return PublicStatus(
        dossier=dossier,
        applicant=mask_name(dossier.applicant_name),
        status=status,
        status_label=dossier.get_status_display(),
        portal_number=PORTAL_NUMBER[status],
        meaning=_meaning(status),
        next_step=_next_step(status),
        your_part=_("Nothing: thank you for rating the service.") if rating else _your_part(status),
        missing=list(pause.items) if pause and status == S.AWAITING_SUPPLEMENT else [],
        payment=pause.reason if pause and status == S.AWAITING_PAYMENT else "",
        reason=reason,
        deadline=deadline_for(dossier, now=now),
        extension=_apology_in_force(dossier),
        outcome_label=Outcome(dossier.outcome).label if dossier.outcome else "",
        timeline=_timeline(dossier),
        rating=rating,
        clock=citizen_clock(dossier, now=now),
    )
