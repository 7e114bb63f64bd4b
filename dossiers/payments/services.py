"""Every write about fees and payments: charges set by the agency, payments at the counter and online, the
gateway's answers, receipts and their cancellation, reconciliation.

Payments of one dossier are decided under its row lock (`Dossier ... select_for_update`), so two answers at
once (the gateway's notification and the citizen's browser coming back) record one payment, and what is
owed is read afresh under the lock. Each payment, receipt cancellation and charge writes one audited
DossierEvent (dossiers.services.dossier_note) in the same transaction; a payment that settles what a dossier
awaiting payment owed resumes its clock (dossiers.services.dossier_payment_settled).
"""

from __future__ import annotations

import datetime as dt
import logging
import secrets
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from center.errors import Conflict, DomainError, InvalidInput, NotAllowed
from dossiers import services as dossier_services
from dossiers.models import Dossier
from dossiers.payments.gateways import UnknownGateway, get_gateway
from dossiers.payments.gateways.base import (
    FAILED,
    PAID,
    GatewayRefused,
    GatewayUnavailable,
    PaymentRequest,
    SignatureInvalid,
)
from dossiers.payments.models import (
    Charge,
    ChargeSource,
    GatewayNotification,
    NotificationVerdict,
    Payment,
    PaymentChannel,
    PaymentStatus,
    Receipt,
    ReceiptSequence,
)
from dossiers.payments.selectors import dossier_account
from dossiers.permissions import can_see, ensure_can_act
from dossiers.validators import clean_name, clean_text
from dossiers.workflow import DossierStatus as S
from procedures.models import FeeKind

log = logging.getLogger("payments")

# Far above any fee of a procedure; a typo of many zeros is refused rather than printed on a receipt.
MAX_AMOUNT = 10_000_000_000


class GatewayDown(DomainError):
    """The payment gateway cannot be reached now: nothing was charged, the citizen may try again."""

    http_status = 503


def _lock(dossier: Dossier) -> Dossier:
    return Dossier.objects.select_for_update().get(pk=dossier.pk)


def _amount(value, field: str = "amount") -> int:
    try:
        amount = int(value)
    except (TypeError, ValueError):
        amount = 0
    if amount <= 0 or amount > MAX_AMOUNT:
        raise InvalidInput(_("Enter an amount in đồng, more than 0."), field=field)
    return amount


def new_reference(dossier: Dossier) -> str:
    """Ours, unique: the dossier's code and a random part (a gateway shows it to the payer)."""
    return f"{dossier.code}-{secrets.token_hex(4).upper()}"[-40:]


def _vnd(amount: int) -> str:
    return f"{amount:,}".replace(",", ".") + " đồng"


# --- what is owed --------------------------------------------------------------------------------------


@transaction.atomic
def charge_set(
    *,
    dossier: Dossier,
    by,
    kind: str,
    description: str,
    amount,
    legal_basis: str = "",
    note: str = "",
    version: int | None = None,
) -> Charge:
    """The agency sets a charge whose amount depends on the case. A dossier being processed then waits for
    the payment with its clock paused (the workflow's request payment, status 6)."""
    locked = _lock(dossier)
    ensure_can_act(by, locked, "request_payment")
    if version is not None and version != locked.version:
        raise dossier_services.DossierChanged(locked)
    if kind not in FeeKind.values:
        raise InvalidInput(_("Choose the kind of charge."), field="kind")
    description = clean_text(description)
    if not description:
        raise InvalidInput(_("Say what the charge is for."), field="description")
    amount = _amount(amount)
    if locked.status not in (S.RECEIVED, S.IN_PROGRESS, S.AWAITING_PAYMENT, S.SUBMITTED):
        raise Conflict(_("Dossier %(code)s is no longer open: no charge can be added.") % {"code": locked.code})
    charge = Charge.objects.create(
        dossier=locked,
        kind=kind,
        description=description,
        legal_basis=clean_text(legal_basis),
        amount=amount,
        source=ChargeSource.AGENCY,
        created_by=by,
    )
    text = _("%(what)s: %(amount)s") % {"what": description, "amount": _vnd(amount)}
    note = clean_text(note, multiline=True)
    data = {"charge": charge.pk, "amount": amount}
    if locked.status == S.IN_PROGRESS:
        dossier_services.dossier_request_payment(dossier=locked, by=by, note="\n".join(filter(None, [text, note])))
    else:
        dossier_services.dossier_note(dossier=locked, by=by, kind="charge_set", note=text, data=data)
    log.info("charge_set", extra={"dossier_id": locked.pk, "charge_id": charge.pk})
    return charge


# --- receipts ------------------------------------------------------------------------------------------


def _next_receipt_number(agency_id: int, year: int) -> int:
    """The agency's next number of the year. The sequence row is locked until the payment's transaction
    ends: concurrent payments wait their turn, and a rolled-back payment gives its number back."""
    sequence, _created = ReceiptSequence.objects.get_or_create(agency_id=agency_id, year=year)
    sequence = ReceiptSequence.objects.select_for_update().get(pk=sequence.pk)
    sequence.last_number += 1
    sequence.save(update_fields=["last_number"])
    return sequence.last_number


def _receipt_issue(payment: Payment, dossier: Dossier, *, by) -> Receipt:
    issued_at = payment.paid_at or timezone.now()
    year = timezone.localdate(issued_at).year
    agency = dossier.agency
    lines = [
        {"kind": c.kind, "description": c.description, "legal_basis": c.legal_basis, "amount": c.amount}
        for c in Charge.objects.filter(dossier=dossier).order_by("created_at", "id")
    ]
    return Receipt.objects.create(
        payment=payment,
        agency=agency,
        year=year,
        number=_next_receipt_number(agency.pk, year),
        symbol=f"{agency.code}/{year % 100:02d}E",
        issued_at=issued_at,
        issued_by=by if by is not None and by.is_authenticated else None,
        payer_name=payment.payer_name,
        amount=payment.amount,
        lines=lines,
    )


@transaction.atomic
def receipt_cancel(*, receipt: Receipt, by, reason: str) -> Receipt:
    """Cancel a receipt issued in error, with the reason. It is kept (its number is never given again) and its
    payment no longer counts as paid."""
    if not by.has_perm("payments.cancel_receipt") or not can_see(by, receipt.payment.dossier):
        raise NotAllowed(_("You are not allowed to cancel receipts."))
    reason = clean_text(reason, multiline=True)
    if not reason:
        raise InvalidInput(_("Give the reason for cancelling the receipt."), field="reason")
    dossier = _lock(receipt.payment.dossier)
    receipt = Receipt.objects.select_for_update().select_related("payment").get(pk=receipt.pk)
    if receipt.cancelled_at is not None:
        raise Conflict(_("Receipt %(number)s is already cancelled.") % {"number": receipt.display_number})
    receipt.cancelled_at, receipt.cancelled_by, receipt.cancel_reason = timezone.now(), by, reason
    receipt.save(update_fields=["cancelled_at", "cancelled_by", "cancel_reason"])
    payment = receipt.payment
    payment.status = PaymentStatus.CANCELLED
    payment.save(update_fields=["status"])
    dossier_services.dossier_note(
        dossier=dossier,
        by=by,
        kind="receipt_cancelled",
        note=reason,
        data={"receipt": receipt.display_number, "symbol": receipt.symbol, "amount": receipt.amount},
    )
    log.info("receipt_cancelled", extra={"dossier_id": dossier.pk, "receipt_id": receipt.pk})
    return receipt


# --- payments ------------------------------------------------------------------------------------------


def _settle(payment: Payment, dossier: Dossier, *, by, paid_at: dt.datetime, transaction_id: str = "") -> Payment:
    """Record money received on the locked dossier: the receipt, the audited event, the clock resumed when all
    that is owed is now paid. Money the dossier did not owe (it was already paid) is kept and flagged for a
    refund, never dropped."""
    due_before = dossier_account(dossier).due  # this payment is not counted yet (not paid)
    payment.status = PaymentStatus.PAID
    payment.paid_at = paid_at
    payment.failure = ""
    payment.refund_due = payment.amount > due_before
    if transaction_id:
        payment.gateway_transaction = transaction_id
    payment.save(update_fields=["status", "paid_at", "failure", "refund_due", "gateway_transaction"])
    receipt = _receipt_issue(payment, dossier, by=by)
    data = {
        "payment": payment.reference,
        "channel": payment.channel,
        "amount": payment.amount,
        "receipt": receipt.display_number,
    }
    if payment.refund_due:
        note = _("Received %(amount)s that the dossier did not owe (already paid): to be refunded.") % {
            "amount": _vnd(payment.amount)
        }
        dossier_services.dossier_note(dossier=dossier, by=by, kind="payment_refund_due", note=note, data=data)
        log.warning("payment_refund_due", extra={"dossier_id": dossier.pk, "payment_id": payment.pk})
        return payment
    note = _("Paid %(amount)s (%(channel)s), receipt No. %(number)s.") % {
        "amount": _vnd(payment.amount),
        "channel": payment.get_channel_display(),
        "number": receipt.display_number,
    }
    dossier_services.dossier_note(dossier=dossier, by=by, kind="payment", note=note, data=data)
    if dossier.status == S.AWAITING_PAYMENT and dossier_account(dossier).due == 0:
        dossier_services.dossier_payment_settled(dossier=dossier, by=by, note=note, data=data)
    log.info("payment_paid", extra={"dossier_id": dossier.pk, "payment_id": payment.pk, "channel": payment.channel})
    return payment


@transaction.atomic
def payment_record(
    *,
    dossier: Dossier,
    by,
    channel: str,
    amount,
    payer_name: str = "",
    note: str = "",
    request_token: uuid.UUID | None = None,
) -> Payment:
    """A payment in cash or by card at the counter, with its electronic receipt. The same form sent twice (same
    request_token) records one payment."""
    if not by.has_perm("payments.record_payment") or not can_see(by, dossier):
        raise NotAllowed(_("You are not allowed to record payments on dossier %(code)s.") % {"code": dossier.code})
    if channel not in (PaymentChannel.CASH, PaymentChannel.CARD):
        raise InvalidInput(_("Choose cash or card."), field="channel")
    amount = _amount(amount)
    locked = _lock(dossier)
    if request_token is not None:
        existing = Payment.objects.filter(request_token=request_token).first()
        if existing is not None:
            return existing
    due = dossier_account(locked).due
    if due == 0:
        raise Conflict(_("Dossier %(code)s owes nothing now.") % {"code": locked.code})
    if amount > due:
        raise InvalidInput(_("More than is owed: %(due)s is due.") % {"due": _vnd(due)}, field="amount")
    now = timezone.now()
    payment = Payment.objects.create(
        dossier=locked,
        channel=channel,
        status=PaymentStatus.PENDING,
        amount=amount,
        payer_name=clean_name(payer_name) or locked.applicant_name,
        reference=new_reference(locked),
        request_token=request_token,
        created_at=now,
        recorded_by=by,
        note=clean_text(note, multiline=True),
    )
    return _settle(payment, locked, by=by, paid_at=now)


def payment_start(*, dossier: Dossier, provider: str | None = None) -> tuple[Payment, str]:
    """Start paying what the dossier owes online: the payment (pending) and the gateway's page to send the
    citizen to. The pending payment is committed before the gateway is asked, so its answer always finds it;
    if the gateway cannot be reached the payment is closed as not paid (nothing was charged) and GatewayDown
    says so: the citizen may try again, which starts a new payment."""
    gateway = get_gateway(provider)
    with transaction.atomic():
        locked = _lock(dossier)
        if locked.status in (S.NOT_RECEIVED, S.WITHDRAWN, S.STOPPED):
            raise Conflict(_("Dossier %(code)s is closed: nothing can be paid.") % {"code": locked.code})
        due = dossier_account(locked).due
        if due == 0:
            raise Conflict(_("Dossier %(code)s owes nothing now.") % {"code": locked.code})
        payment = Payment.objects.create(
            dossier=locked,
            channel=PaymentChannel.ONLINE,
            status=PaymentStatus.PENDING,
            amount=due,
            payer_name=locked.applicant_name,
            reference=new_reference(locked),
            provider=gateway.key,
        )
    base = settings.PUBLIC_BASE_URL.rstrip("/")
    request = PaymentRequest(
        reference=payment.reference,
        amount=payment.amount,
        currency=payment.currency,
        description=_("Fees of dossier %(code)s") % {"code": dossier.code},
        return_url=base + reverse("payment-return", args=[gateway.key]),
        notify_url=base + reverse("payment-notify", args=[gateway.key]),
    )
    try:
        url = gateway.create_payment(request)
    except (GatewayUnavailable, GatewayRefused) as error:
        log.warning(
            "payment_gateway_down", extra={"payment_id": payment.pk, "provider": gateway.key, "error": str(error)}
        )
        Payment.objects.filter(pk=payment.pk, status=PaymentStatus.PENDING).update(
            status=PaymentStatus.FAILED, failure=str(_("The payment gateway could not be reached."))
        )
        raise GatewayDown(
            _(
                "The payment gateway cannot be reached at the moment. Nothing was charged. Please try again in "
                "a few minutes, or pay at the center's counter."
            )
        ) from error
    log.info("payment_started", extra={"payment_id": payment.pk, "provider": gateway.key})
    return payment, url


# --- the gateway's answers -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Verdict:
    verdict: str  # NotificationVerdict
    payment: Payment | None = None
    reason: str = ""

    @property
    def refused(self) -> bool:
        return self.verdict == NotificationVerdict.REFUSED


REFUSALS = {
    "signature": gettext_lazy("The signature does not match."),
    "unknown": gettext_lazy("No such payment."),
    "amount": gettext_lazy("The amount is not the payment's."),
    "currency": gettext_lazy("The currency is not the payment's."),
    "transaction": gettext_lazy("Another transaction was already recorded for this payment."),
    "gateway": gettext_lazy("No such gateway."),
}


def _judge(provider: str, params: dict[str, str], *, source: str) -> Verdict:
    try:
        gateway = get_gateway(provider)
        result = gateway.verify_callback(params)
    except UnknownGateway:
        return Verdict(NotificationVerdict.REFUSED, reason="gateway")
    except SignatureInvalid:
        return Verdict(NotificationVerdict.REFUSED, reason="signature")
    with transaction.atomic():
        payment = Payment.objects.filter(reference=result.reference, provider=provider).first()
        if payment is None:
            return Verdict(NotificationVerdict.REFUSED, reason="unknown")
        dossier = _lock(payment.dossier)  # every decision about this dossier's payments, one at a time
        payment = Payment.objects.select_for_update().get(pk=payment.pk)
        if result.amount != payment.amount:
            return Verdict(NotificationVerdict.REFUSED, payment, "amount")
        if result.currency != payment.currency:
            return Verdict(NotificationVerdict.REFUSED, payment, "currency")
        if payment.gateway_transaction and result.transaction and result.transaction != payment.gateway_transaction:
            return Verdict(NotificationVerdict.REFUSED, payment, "transaction")
        if result.status == PAID:
            if payment.status in (PaymentStatus.PAID, PaymentStatus.CANCELLED):
                return Verdict(NotificationVerdict.DUPLICATE, payment)
            # Pending, or closed as not paid (the gateway was slow, or reconciliation gave up): the money came.
            _settle(
                payment, dossier, by=None, paid_at=result.paid_at or timezone.now(), transaction_id=result.transaction
            )
            return Verdict(NotificationVerdict.ACCEPTED, payment)
        if result.status == FAILED and payment.status == PaymentStatus.PENDING:
            payment.status = PaymentStatus.FAILED
            payment.failure = (result.message or str(_("Declined at the gateway.")))[:255]
            payment.gateway_transaction = result.transaction
            payment.save(update_fields=["status", "failure", "gateway_transaction"])
            log.info("payment_failed", extra={"payment_id": payment.pk, "source": source})
            return Verdict(NotificationVerdict.ACCEPTED, payment)
        return Verdict(NotificationVerdict.DUPLICATE, payment)


def payment_answer_process(
    *, provider: str, params: dict[str, str], source: str, remote_addr: str | None = None
) -> Verdict:
    """A gateway's answer about a payment (its server-to-server notification, the browser's return, or a
    reconciliation query), whichever comes first and however often: verified by signature, matched to the
    payment by reference, amount and currency, recorded once. Every answer is kept with its verdict; a
    refused one is logged as a warning."""
    verdict = _judge(provider, params, source=source)
    GatewayNotification.objects.create(
        provider=provider[:32],
        source=source,
        params={str(k)[:64]: str(v)[:1000] for k, v in list(params.items())[:50]},
        reference=str(params.get("reference", ""))[:64],
        payment=verdict.payment,
        verdict=verdict.verdict,
        reason=verdict.reason,
        remote_addr=remote_addr,
    )
    if verdict.refused:
        log.warning(
            "payment_answer_refused",
            extra={"provider": provider, "source": source, "reason": verdict.reason, "remote_addr": remote_addr},
        )
    return verdict


def payments_reconcile(*, now: dt.datetime | None = None, limit: int = 200) -> dict[str, int]:
    """Ask the gateway about online payments still pending after PAYMENT_RECONCILE_AFTER_MINUTES (their
    notification never came): paid ones are recorded as if notified; those the gateway does not know or still
    calls pending after PAYMENT_EXPIRE_AFTER_MINUTES are closed as not paid. Safe to run again."""
    now = now or timezone.now()
    after = dt.timedelta(minutes=settings.PAYMENT_RECONCILE_AFTER_MINUTES)
    expire = now - dt.timedelta(minutes=settings.PAYMENT_EXPIRE_AFTER_MINUTES)
    pending = Payment.objects.filter(
        status=PaymentStatus.PENDING, channel=PaymentChannel.ONLINE, created_at__lt=now - after
    ).order_by("created_at")[:limit]
    counts = {"asked": 0, "paid": 0, "failed": 0, "expired": 0, "unreachable": 0}
    for payment in pending:
        counts["asked"] += 1
        try:
            params = get_gateway(payment.provider).query(reference=payment.reference)
        except GatewayUnavailable:
            counts["unreachable"] += 1
            continue
        except (GatewayRefused, UnknownGateway):
            params = None  # the gateway does not know it: never started there
        if params is not None:
            verdict = payment_answer_process(provider=payment.provider, params=params, source="query")
            payment.refresh_from_db(fields=["status"])
            if verdict.verdict == NotificationVerdict.ACCEPTED:
                counts["paid" if payment.status == PaymentStatus.PAID else "failed"] += 1
                continue
        if payment.created_at < expire:
            closed = Payment.objects.filter(pk=payment.pk, status=PaymentStatus.PENDING).update(
                status=PaymentStatus.FAILED, failure=str(_("No answer from the gateway: given up."))
            )
            counts["expired"] += closed
    log.info("payments_reconciled", extra=counts)
    return counts
