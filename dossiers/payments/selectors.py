"""Reads about fees and payments: a dossier's account (owed, paid, due), receipts, the takings reports."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Q, Sum
from django.db.models.functions import TruncDate
from django.utils import timezone

from dossiers.models import Dossier
from dossiers.payments.models import Charge, Payment, PaymentChannel, PaymentStatus, Receipt


@dataclass(frozen=True)
class Account:
    """What a dossier owes and what was paid towards it, in đồng."""

    charges: list[Charge]
    payments: list[Payment]  # every one: pending, failed, cancelled and refund-due ones too, newest first
    total: int
    paid: int
    due: int
    refund_due: int  # received but not owed: to be paid back

    @property
    def settled(self) -> bool:
        return self.total > 0 and self.due == 0

    @property
    def receipts(self) -> list[Receipt]:
        return [p.receipt for p in self.payments if hasattr(p, "receipt")]


def dossier_account(dossier: Dossier) -> Account:
    """Two queries (charges; payments with their receipts); read again each time, never from a prefetch, as
    payments are decided under the dossier's row lock on what this returns."""
    charges = list(Charge.objects.filter(dossier=dossier).order_by("created_at", "id"))
    payments = list(
        Payment.objects.filter(dossier=dossier).select_related("receipt", "recorded_by").order_by("-created_at", "-id")
    )
    total = sum(c.amount for c in charges)
    paid = sum(p.amount for p in payments if p.counts)
    refund = sum(p.amount for p in payments if p.status == PaymentStatus.PAID and p.refund_due)
    return Account(charges, payments, total, paid, max(total - paid, 0), refund)


def receipt_get(*, pk: int) -> Receipt | None:
    return (
        Receipt.objects.select_related(
            "agency", "payment", "payment__dossier", "payment__dossier__procedure", "issued_by", "cancelled_by"
        )
        .filter(pk=pk)
        .first()
    )


@dataclass(frozen=True)
class TakingsRow:
    day: dt.date
    agency: str
    procedure_code: str
    procedure: str
    channel: str
    count: int
    amount: int
    refund_due: int

    @property
    def channel_label(self) -> str:
        return str(PaymentChannel(self.channel).label)


def takings(*, start: dt.date, end: dt.date, agency_id: int | None = None) -> list[TakingsRow]:
    """Money received from `start` to `end` (local days, both included) per day, agency, procedure and channel:
    payments paid in those days whose receipt is not cancelled (refund-due ones counted, and shown apart)."""
    zone = timezone.get_current_timezone()
    since = dt.datetime.combine(start, dt.time(0), tzinfo=zone)
    until = dt.datetime.combine(end + dt.timedelta(days=1), dt.time(0), tzinfo=zone)
    payments = Payment.objects.filter(status=PaymentStatus.PAID, paid_at__gte=since, paid_at__lt=until)
    if agency_id is not None:
        payments = payments.filter(dossier__agency_id=agency_id)
    rows = (
        payments.annotate(day=TruncDate("paid_at", tzinfo=zone))
        .values("day", "dossier__agency__name", "dossier__procedure__code", "dossier__procedure__name", "channel")
        .annotate(count=Count("id"), total=Sum("amount"), refund=Sum("amount", filter=Q(refund_due=True)))
        .order_by("day", "dossier__agency__name", "dossier__procedure__code", "channel")
    )
    return [
        TakingsRow(
            day=r["day"],
            agency=r["dossier__agency__name"],
            procedure_code=r["dossier__procedure__code"],
            procedure=r["dossier__procedure__name"],
            channel=r["channel"],
            count=r["count"],
            amount=r["total"] or 0,
            refund_due=r["refund"] or 0,
        )
        for r in rows
    ]
