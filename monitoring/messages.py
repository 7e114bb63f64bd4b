"""The texts of notifications: to citizens about their dossier, to staff about deadlines.

Rendered when the message is put in the outbox, in the portal's default language (Vietnamese), so the
row holds exactly what is sent. Each message has an email subject, an email body and a short SMS.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from dossiers.presentation import public_status_url

# template -> (subject, email body, SMS), formatted with the values of citizen_text / alert_text.
TEXTS = {
    "submitted": (
        _("Dossier %(code)s submitted online"),
        _(
            "Your online filing for %(procedure)s was submitted as dossier %(code)s. %(center)s will check it "
            "and receive it (the processing time starts then) or tell you why it cannot be received. Follow it "
            "in your account or at: %(url)s"
        ),
        _("Dossier %(code)s submitted online; the center will check it. Track: %(url)s"),
    ),
    "not_received": (
        _("Dossier %(code)s not received"),
        _("Your online filing %(code)s (%(procedure)s) could not be received. Reason: %(reason)s. Details: %(url)s"),
        _("Dossier %(code)s not received: %(reason)s"),
    ),
    "received": (
        _("Dossier %(code)s received"),
        _(
            "Your dossier %(code)s (%(procedure)s) was received by %(center)s. Appointment for the result: "
            "%(due)s. Track its progress with the code and secret on your receipt: %(url)s"
        ),
        _("Dossier %(code)s received; appointment %(due)s. Track: %(url)s"),
    ),
    "result_ready": (
        _("The result of dossier %(code)s is ready"),
        _(
            "The result of your dossier %(code)s (%(procedure)s) is ready. Please collect it at the result "
            "counter of %(center)s, bringing your receipt. Progress: %(url)s"
        ),
        _("Dossier %(code)s: the result is ready. Please collect it with your receipt."),
    ),
    "supplement_requested": (
        _("Dossier %(code)s: documents to supplement"),
        _(
            "Your dossier %(code)s (%(procedure)s) needs the following to be completed: %(missing)s. The "
            "processing time is paused until they arrive. Progress: %(url)s"
        ),
        _("Dossier %(code)s needs supplements: %(missing)s. Details: %(url)s"),
    ),
    "extended": (
        _("Dossier %(code)s: apology and new appointment"),
        _(
            "We apologise: your dossier %(code)s (%(procedure)s) needs more time. Reason: %(reason)s. The new "
            "appointment is %(new_date)s. Progress: %(url)s"
        ),
        _("Dossier %(code)s: we apologise for the delay; new appointment %(new_date)s."),
    ),
    "near_due": (
        _("Near due: dossier %(code)s"),
        _(
            "Dossier %(code)s (%(procedure)s, %(agency)s) is due at %(due)s, at most one working day from now. "
            "If it cannot be resolved in time, issue the apology and extension letter (Form 04) before the "
            "deadline. Alerts: %(url)s"
        ),
        _("Near due: dossier %(code)s is due at %(due)s."),
    ),
    "overdue": (
        _("Overdue: dossier %(code)s"),
        _(
            "Dossier %(code)s (%(procedure)s, %(agency)s) was due at %(due)s and is overdue. Resolve it, and "
            "tell the applicant with an apology letter (Form 04). Alerts: %(url)s"
        ),
        _("Overdue: dossier %(code)s was due at %(due)s."),
    ),
    "at_risk": (
        _("At risk: dossier %(code)s"),
        _(
            "Dossier %(code)s (%(procedure)s, %(agency)s) is due at %(due)s, and dossiers like it at the same "
            "point mostly finished late. There is still time: resolve it first, or prepare the apology and "
            "extension letter (Form 04) before the deadline. Alerts: %(url)s"
        ),
        _("At risk: dossier %(code)s may miss its deadline %(due)s; act now."),
    ),
    "escalated": (
        _("Escalated: dossier %(code)s is %(days)s working days late"),
        _(
            "Dossier %(code)s (%(procedure)s, %(agency)s) was due at %(due)s and is %(days)s working days "
            "late; it is reported to the center's director. Alerts: %(url)s"
        ),
        _("Escalated: dossier %(code)s is %(days)s working days late."),
    ),
}


@dataclass(frozen=True)
class Text:
    subject: str
    body: str
    sms: str


def _when(moment) -> str:
    return timezone.localtime(moment).strftime("%H:%M %d/%m/%Y") if moment else ""


def render(template: str, values: dict) -> Text:
    with translation.override(settings.LANGUAGE_CODE):
        subject, body, sms = (str(text) % values for text in TEXTS[template])
    return Text(subject=subject, body=body, sms=sms)


def citizen_text(template: str, dossier, event) -> Text:
    """A message to the applicant about an event of their dossier."""
    return render(
        template,
        {
            "code": dossier.code,
            "procedure": dossier.procedure.name,
            "url": public_status_url(dossier),
            "center": settings.CENTER_NAME,
            "due": _when(dossier.due_at),
            "new_date": _when(dossier.extended_due_at),
            "missing": "; ".join(event.data.get("missing", [])),
            "reason": event.note,
        },
    )


def alert_text(kind: str, *, code: str, procedure: str, agency: str, due_at, days_late: int = 0) -> Text:
    """A deadline alert to the responsible specialist, the agency lead and (escalated) the director."""
    return render(
        kind,
        {
            "code": code,
            "procedure": procedure,
            "agency": agency,
            "due": _when(due_at),
            "days": days_late,
            "url": settings.PUBLIC_BASE_URL.rstrip("/") + "/giam-sat/canh-bao/",
        },
    )
