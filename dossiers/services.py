"""Every change of a dossier's status happens here: atomic, row-locked, checked, audited.

Each public function is one action of DOMAIN.md ("Actions and the statuses they lead to"). They share
`_transition`, which locks the row, checks the actor and the workflow table, applies the change and
writes exactly one DossierEvent in the same transaction.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import logging
import uuid
from collections.abc import Callable
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from center import dates, workdays
from center.errors import Conflict, InvalidInput
from counters.models import Counter
from dossiers import workflow
from dossiers.codes import new_dossier_code, new_secret
from dossiers.handover import handover_deadline
from dossiers.identity import IdentityDocument, checked_for_service, identity_cleaned, organisation_cleaned
from dossiers.models import (
    Channel,
    Dossier,
    DossierEvent,
    DossierExtension,
    DossierPause,
    DossierStep,
    PauseKind,
    ReturnMethod,
)
from dossiers.payments.charges import charges_fix_at_receipt
from dossiers.permissions import ensure_can_act
from dossiers.public_answers import public_answers_forget
from dossiers.validators import clean_name, clean_text, phone_checked
from dossiers.workflow import DossierStatus as S
from monitoring.services.events import dossier_event_supervise
from procedures.models import Procedure

log = logging.getLogger("dossiers")


@dataclass(frozen=True)
class Applicant:
    name: str
    id_number: str
    phone: str
    email: str = ""
    address: str = ""
    organisation: str = ""
    id_type: str = IdentityDocument.CITIZEN_ID  # the document the number is on (dossiers/identity.py)
    id_type_name: str = ""  # what an "other" document is
    tax_code: str = ""  # the organisation's

    def cleaned(self) -> Applicant:
        """As stored: text normalised (dossiers/validators.py), the name, document number and phone required
        and checked as their kind requires (dossiers/identity.py), so no caller stores an invisible name, a
        number no card carries or a number a gateway cannot dial."""
        id_type, id_number, id_type_name = checked_for_service(
            identity_cleaned, self.id_type, self.id_number, self.id_type_name
        )
        organisation, tax_code = checked_for_service(organisation_cleaned, self.organisation, self.tax_code)
        name, phone = clean_name(self.name), phone_checked(self.phone)
        for field, value in (("applicant_name", name), ("applicant_id_number", id_number), ("applicant_phone", phone)):
            if not value:
                raise InvalidInput(_("This field is required."), field=field)
        return Applicant(
            name=name,
            id_number=id_number,
            phone=phone,
            email=(self.email or "").strip(),
            address=clean_text(self.address),
            organisation=organisation,
            id_type=id_type,
            id_type_name=id_type_name,
            tax_code=tax_code,
        )

    @classmethod
    def from_fields(cls, data: dict) -> Applicant:
        """From the applicant_* values of a form or a serializer (the dossier's columns, as `fields` gives)."""
        return cls(**{field.name: data[f"applicant_{field.name}"] for field in dataclasses.fields(cls)})

    def fields(self) -> dict:
        """The dossier's applicant_* columns."""
        return {
            "applicant_name": self.name,
            "applicant_id_type": self.id_type,
            "applicant_id_type_name": self.id_type_name,
            "applicant_id_number": self.id_number,
            "applicant_phone": self.phone,
            "applicant_email": self.email,
            "applicant_address": self.address,
            "applicant_organisation": self.organisation,
            "applicant_tax_code": self.tax_code,
        }


def _record(dossier: Dossier, *, by, kind: str, source: str, note: str = "", data: dict | None = None, at=None):
    event = DossierEvent.objects.create(
        dossier=dossier,
        at=at or timezone.now(),
        actor=by if by is not None and by.is_authenticated else None,
        kind=kind,
        from_status=source,
        to_status=dossier.status,
        agency=dossier.current_agency,
        note=clean_text(note, multiline=True),
        data=data or {},
    )
    log.info("dossier_%s", kind, extra={"dossier_id": dossier.pk, "status": dossier.status})
    dossier_event_supervise(event=event)  # notifications via the outbox, in this same transaction
    if source:  # a dossier that existed before this event may have ready public answers to forget
        public_answers_forget(dossier)
    return event


class DossierChanged(Conflict):
    """The action was made from a version of the dossier that is no longer the current one."""

    def __init__(self, dossier: Dossier):
        super().__init__(
            _(
                "This dossier changed since you opened it (it is now “%(status)s”). Nothing was done: "
                "look at it again before acting."
            )
            % {"status": dossier.get_status_display()}
        )


def _lock(dossier: Dossier, *, by, action: str, version: int | None, check_actor: bool = True) -> Dossier:
    """The row locked for the change, after checking who acts and from which version.

    The version is compared here, under the lock, not in the view: parallel copies of one request (a
    double click, a client's retry) queue on the lock, and each one after the first finds a newer version.
    `version=None` is for callers that act on the current state whatever it is (seeding, internal tasks);
    the API and the pages always pass the one the user saw.
    """
    locked = Dossier.objects.select_for_update().get(pk=dossier.pk)
    if check_actor:
        ensure_can_act(by, locked, action)
    if version is not None and version != locked.version:
        raise DossierChanged(locked)
    return locked


def _save(dossier: Dossier, fields: list[str]) -> None:
    """Save a changed, locked dossier, and give it its next version in the same transaction."""
    dossier.version += 1
    dossier.save(update_fields=[*fields, "version", "updated_at"])


def _transition(
    dossier: Dossier,
    *,
    by,
    action: str,
    target: str,
    version: int | None,
    note: str = "",
    data: dict | None = None,
    change: Callable[[Dossier, dt.datetime], list[str]] | None = None,
    check_actor: bool = True,
) -> Dossier:
    """Lock the row, check who, from which version and what, apply `change`, save and write the one event."""
    locked = _lock(dossier, by=by, action=action, version=version, check_actor=check_actor)
    source = locked.status
    workflow.check(source, target)
    now = timezone.now()
    changed = change(locked, now) if change else []
    locked.status = target
    _save(locked, ["status", *changed])
    _record(locked, by=by, kind=action, source=source, note=note, data=data, at=now)
    return locked


def _require(text: str, message) -> str:
    """The text as stored (dossiers/validators.clean_text); refused when nothing visible is left."""
    text = clean_text(text, multiline=True)
    if not text:
        raise InvalidInput(message)
    return text


# --- receipt -------------------------------------------------------------------------------------


@transaction.atomic
def dossier_receive(
    *,
    procedure: Procedure,
    applicant: Applicant,
    by,
    counter: Counter | None = None,
    channel: str = Channel.COUNTER,
    documents: list[dict] | None = None,
    receipt_token: uuid.UUID | None = None,
    note: str = "",
) -> Dossier:
    """Receive a complete dossier: give it a code and secret, start the clock, print the receipt.

    A resent form (same receipt_token) returns the dossier already created instead of a second one; the
    same token with another request is refused (Conflict), never answered with the first one's dossier.
    """
    applicant = applicant.cleaned()  # before the fingerprint: a retry typed differently is the same request
    fingerprint = ""
    if receipt_token is not None:
        fingerprint = receipt_fingerprint(
            procedure=procedure, applicant=applicant, by=by, channel=channel, documents=documents, note=note
        )
        existing = Dossier.objects.filter(receipt_token=receipt_token).first()
        if existing is not None:
            return _resent(existing, fingerprint)
    if not procedure.is_active:
        raise InvalidInput(_("This procedure is no longer in force."), field="procedure")
    probe = Dossier(agency=procedure.agency, status=S.RECEIVED)
    ensure_can_act(by, probe, "receive")
    now = timezone.now()
    calendar = workdays.load_calendar()
    dossier = Dossier(
        code=new_dossier_code(procedure.agency.code, timezone.localdate(now)),
        secret=new_secret(),
        procedure=procedure,
        agency=procedure.agency,
        **applicant.fields(),
        channel=channel,
        documents=documents if documents is not None else _default_documents(procedure),
        received_at=now,
        received_by=by,
        counter=counter,
        due_at=workdays.add_working_days(now, procedure.processing_days, calendar),
        handover_due_at=handover_deadline(now, calendar),
        status=S.RECEIVED,
        receipt_token=receipt_token,
        receipt_fingerprint=fingerprint,
    )
    try:
        with transaction.atomic():
            dossier.save()
    except IntegrityError:
        if receipt_token is not None and Dossier.objects.filter(receipt_token=receipt_token).exists():
            # A concurrent request with the same token won the race; hand back its dossier if it is a copy.
            return _resent(Dossier.objects.get(receipt_token=receipt_token), fingerprint)
        raise
    _record(dossier, by=by, kind="receive", source="", note=note, at=now)
    charges_fix_at_receipt(dossier=dossier)
    return dossier


def receipt_fingerprint(
    *, procedure: Procedure, applicant: Applicant, by, channel: str, documents: list[dict] | None, note: str
) -> str:
    """SHA-256 of a receipt request in canonical form (its values after validation, keys sorted), and of who
    sent it: a retry of the same request has the same one whatever the spacing or order of its JSON."""
    canonical = {
        "procedure": procedure.code,
        "applicant": dataclasses.asdict(applicant) | {"name": applicant.name.strip()},
        "by": getattr(by, "pk", None),
        "channel": channel,
        "documents": documents,
        "note": note,
    }
    text = json.dumps(canonical, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


def _resent(existing: Dossier, fingerprint: str) -> Dossier:
    if existing.receipt_fingerprint != fingerprint:
        raise Conflict(
            _(
                "This receipt was already used for a dossier with other details. Nothing was received: start "
                "a new receipt (a new receipt_token) for a new dossier, or resend exactly the same request."
            )
        )
    return existing


def _default_documents(procedure: Procedure) -> list[dict]:
    return [
        {"name": doc.name, "originals": doc.originals, "copies": doc.copies}
        for doc in procedure.documents.all()
        if not doc.is_optional
    ]


@transaction.atomic
def dossier_submit(*, procedure: Procedure, applicant: Applicant, channel: str = Channel.ONLINE) -> Dossier:
    """An online or postal filing, waiting to be checked at the counter (status 1: submitted)."""
    if channel == Channel.COUNTER:
        raise InvalidInput(_("Filings at the counter are received directly."), field="channel")
    applicant = applicant.cleaned()
    now = timezone.now()
    dossier = Dossier.objects.create(
        code=new_dossier_code(procedure.agency.code, timezone.localdate(now)),
        secret=new_secret(),
        procedure=procedure,
        agency=procedure.agency,
        **applicant.fields(),
        channel=channel,
        submitted_at=now,
        status=S.SUBMITTED,
    )
    _record(dossier, by=None, kind="submit", source="", at=now)
    charges_fix_at_receipt(dossier=dossier)  # owed from the filing, so it can be paid online at once
    return dossier


@transaction.atomic
def dossier_accept(
    *, dossier: Dossier, by, counter: Counter | None = None, note: str = "", version: int | None = None
) -> Dossier:
    """The counter finds an online/postal filing complete: the clock starts now."""

    def change(d: Dossier, now):
        d.received_at, d.received_by, d.counter = now, by, counter
        calendar = workdays.load_calendar()
        d.due_at = workdays.add_working_days(now, d.procedure.processing_days, calendar)
        d.handover_due_at = handover_deadline(now, calendar)
        return ["received_at", "received_by", "counter", "due_at", "handover_due_at"]

    return _transition(dossier, by=by, version=version, action="accept", target=S.RECEIVED, note=note, change=change)


@transaction.atomic
def dossier_reject(*, dossier: Dossier, by, reason: str, version: int | None = None) -> Dossier:
    """An online/postal filing is not received (status 3), with the reason."""
    reason = _require(reason, _("Give the reason the dossier is not received."))
    return _transition(dossier, by=by, version=version, action="reject", target=S.NOT_RECEIVED, note=reason)


# --- processing ----------------------------------------------------------------------------------


@transaction.atomic
def dossier_transfer(*, dossier: Dossier, by, note: str = "", version: int | None = None) -> Dossier:
    """Hand the dossier to the competent agency, or to the next agency of an inter-agency chain.

    Each step gets its share of the total time: its due date is the previous step's due date plus its
    working days (the first counts from receipt), so the chain as a whole keeps the legal deadline.
    """

    def change(d: Dossier, now):
        # The table's awaiting_* -> in_progress is the supplement or payment arriving, not a hand-over:
        # handing on a paused dossier would leave its pause open with the clock running.
        if d.status not in (S.RECEIVED, S.IN_PROGRESS):
            raise Conflict(
                _("Dossier %(code)s is waiting for the applicant: record the supplement or payment first.")
                % {"code": d.code}
            )
        chain = list(d.procedure.steps.select_related("agency").order_by("position"))
        position = d.current_step + 1
        if (chain and position > len(chain)) or (not chain and position > 1):
            raise InvalidInput(_("This is the last step: resolve the dossier instead of handing it on."))
        calendar = workdays.load_calendar()
        previous = d.steps.filter(position=d.current_step).first() if d.current_step else None
        if previous is not None:
            previous.completed_at = now
            previous.outcome = workdays.punctuality(ready_at=now, deadline=previous.due_at)
            previous.save(update_fields=["completed_at", "outcome"])
        if chain:
            step = chain[position - 1]
            agency, start = step.agency, previous.due_at if previous else d.received_at
            step_due = workdays.add_working_days(start, step.working_days, calendar)
            step_due = min(step_due, d.due_at) if position == len(chain) else step_due
        else:
            agency, step_due = d.agency, d.due_at
        DossierStep.objects.create(
            dossier=d, position=position, agency=agency, handed_over_by=by, started_at=now, due_at=step_due
        )
        d.current_step, d.current_agency = position, agency
        if position == 1:  # the hand-over from the counter, judged against handover_due_at
            d.handed_over_at = now
            return ["current_step", "current_agency", "handed_over_at"]
        return ["current_step", "current_agency"]

    return _transition(
        dossier, by=by, version=version, action="transfer", target=S.IN_PROGRESS, note=note, change=change
    )


def _pause(kind: str, items: list[str], reason: str):
    def change(d: Dossier, now):
        DossierPause.objects.create(dossier=d, kind=kind, started_at=now, items=items, reason=reason)
        return []

    return change


def pause_shift(working_seconds: int) -> int:
    """How far a finished pause pushes the deadlines back. The appointment is printed to the minute, so the
    pause is added back in whole minutes, rounded down: a pause shorter than a minute never moves a printed
    appointment (README, "Deadlines"). The calendar recompute (dossiers.deadlines) replays it the same way."""
    return working_seconds - working_seconds % 60


def _resume(kind: str):
    """Close the open pause and push the deadlines back by the working time it lasted."""

    def change(d: Dossier, now):
        # The table allows received/in_progress -> in_progress too (a hand-over): only a dossier waiting
        # for this kind of pause may resume (without this check: no open pause, a 500).
        if kind == PauseKind.SUPPLEMENT and d.status != S.AWAITING_SUPPLEMENT:
            raise Conflict(_("Dossier %(code)s is not waiting for supplements.") % {"code": d.code})
        if kind == PauseKind.PAYMENT and d.status != S.AWAITING_PAYMENT:
            raise Conflict(_("Dossier %(code)s is not waiting for a payment.") % {"code": d.code})
        pause = d.pauses.select_for_update().get(ended_at__isnull=True, kind=kind)
        calendar = workdays.load_calendar()
        pause.ended_at = now
        pause.working_seconds = workdays.working_seconds_between(pause.started_at, now, calendar)
        pause.save(update_fields=["ended_at", "working_seconds"])
        shift = pause_shift(pause.working_seconds)  # the pause keeps its exact length above
        d.due_at = workdays.add_working_seconds(d.due_at, shift, calendar)
        if d.extended_due_at:
            d.extended_due_at = workdays.add_working_seconds(d.extended_due_at, shift, calendar)
        for step in d.steps.filter(completed_at__isnull=True):
            step.due_at = workdays.add_working_seconds(step.due_at, shift, calendar)
            step.save(update_fields=["due_at"])
        return ["due_at", "extended_due_at"]

    return change


@transaction.atomic
def dossier_request_supplement(
    *, dossier: Dossier, by, missing: list[str], note: str = "", version: int | None = None
) -> Dossier:
    """Ask for everything missing, once (Form 02); the clock stops until the supplements arrive."""
    missing = [item for item in map(clean_text, missing) if item]
    note = clean_text(note, multiline=True)  # kept on the pause as well as on the event
    if not missing:
        raise InvalidInput(_("List what the applicant must supplement."), field="missing")
    return _transition(
        dossier,
        by=by,
        version=version,
        action="request_supplement",
        target=S.AWAITING_SUPPLEMENT,
        note=note,
        data={"missing": missing},
        change=_pause(PauseKind.SUPPLEMENT, missing, note),
    )


@transaction.atomic
def dossier_supplement_received(*, dossier: Dossier, by, note: str = "", version: int | None = None) -> Dossier:
    return _transition(
        dossier,
        by=by,
        version=version,
        action="supplement_received",
        target=S.IN_PROGRESS,
        note=note,
        change=_resume(PauseKind.SUPPLEMENT),
    )


@transaction.atomic
def dossier_request_payment(*, dossier: Dossier, by, note: str, version: int | None = None) -> Dossier:
    """The applicant must pay taxes or fees first (status 6); the clock stops meanwhile."""
    note = _require(note, _("Say what the applicant must pay."))
    return _transition(
        dossier,
        by=by,
        version=version,
        action="request_payment",
        target=S.AWAITING_PAYMENT,
        note=note,
        change=_pause(PauseKind.PAYMENT, [], note),
    )


@transaction.atomic
def dossier_payment_received(*, dossier: Dossier, by, note: str = "", version: int | None = None) -> Dossier:
    return _transition(
        dossier,
        by=by,
        version=version,
        action="payment_received",
        target=S.IN_PROGRESS,
        note=note,
        change=_resume(PauseKind.PAYMENT),
    )


@transaction.atomic
def dossier_payment_settled(*, dossier: Dossier, by=None, note: str = "", data: dict | None = None) -> Dossier:
    """What the dossier owed is paid (dossiers/payments): the clock resumes as with payment_received. Called
    by the payment itself, a verified gateway notification (no actor) or a payment recorded under the
    counter's own permission, so the permission to act on the dossier is not asked again here."""
    return _transition(
        dossier,
        by=by,
        version=None,
        action="payment_received",
        target=S.IN_PROGRESS,
        note=note,
        data=data,
        change=_resume(PauseKind.PAYMENT),
        check_actor=False,
    )


def dossier_note(*, dossier: Dossier, by, kind: str, note: str = "", data: dict | None = None) -> DossierEvent:
    """An audited fact about the dossier that does not change its status (a payment, a receipt cancelled):
    one event, in the caller's transaction, and its public answers refreshed like any change's."""
    return _record(dossier, by=by, kind=kind, source=dossier.status, note=note, data=data)


def _close_pause(d: Dossier, now) -> None:
    d.pauses.filter(ended_at__isnull=True).update(ended_at=now)


@transaction.atomic
def dossier_refuse(*, dossier: Dossier, by, reason: str, version: int | None = None) -> Dossier:
    """Refuse or stop processing with a reason (Form 03 at the counter, Form 05 at the agency)."""
    reason = _require(reason, _("Give the reason for refusing the dossier."))

    def change(d: Dossier, now):
        _close_pause(d, now)
        return []

    return _transition(dossier, by=by, version=version, action="refuse", target=S.STOPPED, note=reason, change=change)


@transaction.atomic
def dossier_withdraw(*, dossier: Dossier, by, reason: str = "", version: int | None = None) -> Dossier:
    """The applicant asks to withdraw the dossier (status 7)."""

    def change(d: Dossier, now):
        _close_pause(d, now)
        return []

    return _transition(
        dossier, by=by, version=version, action="withdraw", target=S.WITHDRAWN, note=reason, change=change
    )


def _extension_limit(appointment: dt.datetime) -> dt.date:
    """The last day an extension may move the appointment to: the same day a year later (a typo such as
    9999-12-31 is refused, and the tracking page never counts working days up to it), and never past the
    portal's date range (center/dates.py)."""
    day = timezone.localdate(appointment)
    if day >= dates.LATEST:
        return dates.LATEST
    try:
        later = day.replace(year=day.year + 1)
    except ValueError:  # 29 February
        later = day.replace(year=day.year + 1, day=28)
    return min(later, dates.LATEST)


@transaction.atomic
def dossier_extend(
    *, dossier: Dossier, by, new_due_at: dt.datetime, reason: str, version: int | None = None
) -> Dossier:
    """Record the apology and extension letter (Form 04). Not a status change: the event is kept with
    from = to status. Punctuality is still judged against the deadline before the extension."""
    reason = _require(reason, _("Give the reason for the delay."))
    locked = _lock(dossier, by=by, action="extend", version=version)
    if locked.status not in workflow.OPEN:
        raise workflow.TransitionError(locked.status, locked.status)
    current = locked.appointment_at
    if new_due_at <= current:
        raise InvalidInput(
            _("The new appointment must be after %(date)s.")
            % {"date": timezone.localtime(current).strftime("%d/%m/%Y %H:%M")},
            field="new_due_date",
        )
    latest = _extension_limit(current)
    if timezone.localdate(new_due_at) > latest:
        raise InvalidInput(
            _("The new appointment can be at most a year later, by %(date)s.") % {"date": f"{latest:%d/%m/%Y}"},
            field="new_due_date",
        )
    now = timezone.now()
    DossierExtension.objects.create(
        dossier=locked,
        created_at=now,
        created_by=by,
        previous_due_at=current,
        new_due_at=new_due_at,
        reason=reason,
    )
    locked.extended_due_at = new_due_at
    _save(locked, ["extended_due_at"])
    _record(
        locked,
        by=by,
        kind="extend",
        source=locked.status,
        note=reason,
        at=now,
        data={
            "previous_due_at": current.isoformat(),
            "new_due_at": new_due_at.isoformat(),
            # The rule wants the letter before the deadline; a late one is still recorded, and marked.
            "issued_after_deadline": now > locked.due_at,
        },
    )
    return locked


@transaction.atomic
def dossier_resolve(*, dossier: Dossier, by, note: str = "", version: int | None = None) -> Dossier:
    """The result is ready at the counter; punctuality is judged now, against the legal deadline."""

    def change(d: Dossier, now):
        d.result_ready_at = now
        d.outcome = workdays.punctuality(ready_at=now, deadline=d.due_at)
        step = d.steps.filter(position=d.current_step, completed_at__isnull=True).first()
        if step is not None:
            step.completed_at = now
            step.outcome = workdays.punctuality(ready_at=now, deadline=step.due_at)
            step.save(update_fields=["completed_at", "outcome"])
        return ["result_ready_at", "outcome"]

    return _transition(
        dossier, by=by, version=version, action="resolve", target=S.RESULT_READY, note=note, change=change
    )


@transaction.atomic
def dossier_return(
    *,
    dossier: Dossier,
    by,
    collected_by: str,
    method: str = ReturnMethod.COUNTER,
    note: str = "",
    version: int | None = None,
) -> Dossier:
    """Hand the result over, at the counter or by public postal service, and record to whom."""
    collected_by = _require(clean_name(collected_by), _("Say who collected the result."))
    if method not in ReturnMethod.values:
        raise InvalidInput(_("Choose how the result was returned."), field="method")

    def change(d: Dossier, now):
        d.returned_at, d.returned_to, d.return_method = now, collected_by, method
        return ["returned_at", "returned_to", "return_method"]

    return _transition(
        dossier,
        by=by,
        version=version,
        action="return",
        target=S.RETURNED,
        note=note,
        data={"collected_by": collected_by, "method": method},
        change=change,
    )
