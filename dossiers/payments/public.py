"""What the citizen sees of a dossier's fees: on the tracking page and the payment page, and links to the
receipts (by a signed token, so a receipt's link works without the lookup secret, e.g. after the gateway)."""

from __future__ import annotations

from urllib.parse import urlencode

from django.core import signing
from django.urls import reverse

from dossiers.models import Dossier
from dossiers.payments.models import PaymentStatus, Receipt
from dossiers.payments.selectors import Account, dossier_account
from dossiers.workflow import DossierStatus as S

_RECEIPT_SALT = "payments.receipt"
PAYABLE = frozenset({S.SUBMITTED, S.RECEIVED, S.IN_PROGRESS, S.AWAITING_SUPPLEMENT, S.AWAITING_PAYMENT, S.RESULT_READY})


def receipt_token(receipt: Receipt) -> str:
    return signing.dumps(receipt.pk, salt=_RECEIPT_SALT)


def receipt_from_token(token: str) -> int | None:
    try:
        return int(signing.loads(token, salt=_RECEIPT_SALT))
    except (signing.BadSignature, TypeError, ValueError):
        return None


def receipt_public_url(receipt: Receipt) -> str:
    return reverse("payment-receipt-public", args=[receipt_token(receipt)])


def payment_page_url(dossier: Dossier, secret: str | None = None) -> str:
    """Where the citizen pays a dossier's fees: the tracking page's "Pay online", and the page an online filing
    sends the citizen to at its end ("pay now")."""
    return f"{reverse('payment-page', args=[dossier.code])}?{urlencode({'secret': secret or dossier.secret})}"


def can_pay_online(dossier: Dossier, account: Account) -> bool:
    return account.due > 0 and dossier.status in PAYABLE and dossier.procedure.fee_payable_online


def public_fees(dossier: Dossier, secret: str, account: Account | None = None) -> dict | None:
    """The fees part of the citizen's pages, or None when the dossier owes and paid nothing."""
    account = account or dossier_account(dossier)
    if not account.charges and not account.payments:
        return None
    return {
        "account": account,
        "receipts": [
            {"receipt": r, "url": receipt_public_url(r)}
            for r in account.receipts
            if r.payment.status in (PaymentStatus.PAID, PaymentStatus.CANCELLED)
        ],
        "can_pay": can_pay_online(dossier, account),
        "pay_url": payment_page_url(dossier, secret),
    }
