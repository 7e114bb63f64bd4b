"""What a dossier owes (charges), what was paid (payments) and the electronic receipts that prove it.

Money is in whole Vietnamese đồng (VND has no minor unit). Rows are never deleted: a cancelled receipt stays,
with who cancelled it and why; a payment that was not owed (the dossier was already paid) is kept and flagged
for a refund.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dossiers.models import Dossier
from procedures.models import Agency, FeeKind

CURRENCY = "VND"


class ChargeSource(models.TextChoices):
    PROCEDURE = "procedure", _("From the procedure at receipt")
    AGENCY = "agency", _("Set by the agency")


class Charge(models.Model):
    """One line of what the dossier owes: a fee or charge with its legal basis and amount."""

    dossier = models.ForeignKey(Dossier, models.PROTECT, related_name="charges", verbose_name=_("dossier"))
    kind = models.CharField(_("kind"), max_length=8, choices=FeeKind.choices, default=FeeKind.CHARGE)
    description = models.CharField(_("description"), max_length=500)
    legal_basis = models.CharField(_("legal basis"), max_length=500, blank=True)
    amount = models.PositiveBigIntegerField(_("amount (VND)"))
    source = models.CharField(_("source"), max_length=10, choices=ChargeSource.choices)
    created_at = models.DateTimeField(_("set at"), default=timezone.now)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+")

    class Meta:
        ordering = ["dossier", "created_at", "id"]
        verbose_name = _("charge")
        verbose_name_plural = _("charges")

    def __str__(self):
        return f"{self.dossier_id} {self.description}: {self.amount}"


class PaymentChannel(models.TextChoices):
    CASH = "cash", _("Cash at the counter")
    CARD = "card", _("Card at the counter")
    ONLINE = "online", _("Online")


class PaymentStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for the gateway")
    PAID = "paid", _("Paid")
    FAILED = "failed", _("Not paid")
    CANCELLED = "cancelled", _("Receipt cancelled")


class Payment(models.Model):
    """Money paid, or an online payment started and waiting for the gateway's answer."""

    dossier = models.ForeignKey(Dossier, models.PROTECT, related_name="payments", verbose_name=_("dossier"))
    channel = models.CharField(_("channel"), max_length=8, choices=PaymentChannel.choices)
    status = models.CharField(_("status"), max_length=10, choices=PaymentStatus.choices)
    amount = models.PositiveBigIntegerField(_("amount (VND)"))
    currency = models.CharField(_("currency"), max_length=3, default=CURRENCY)
    payer_name = models.CharField(_("payer"), max_length=255)
    # Ours, sent to the gateway and echoed in its notification: how an answer finds its payment.
    reference = models.CharField(_("reference"), max_length=40, unique=True)
    provider = models.CharField(_("gateway"), max_length=32, blank=True)  # "" for the counter
    gateway_transaction = models.CharField(_("gateway transaction"), max_length=64, blank=True)
    # A counter form's one-time token: the same form sent twice records one payment.
    request_token = models.UUIDField(null=True, blank=True, unique=True, editable=False)
    created_at = models.DateTimeField(_("started at"), default=timezone.now)
    paid_at = models.DateTimeField(_("paid at"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("recorded by")
    )
    failure = models.CharField(_("why not paid"), max_length=255, blank=True)
    # Money received that the dossier did not owe (already paid): kept, and to be paid back.
    refund_due = models.BooleanField(_("to be refunded"), default=False)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("payment")
        verbose_name_plural = _("payments")
        constraints = [
            # One gateway transaction is one payment, however many times it is notified.
            models.UniqueConstraint(
                fields=["provider", "gateway_transaction"],
                condition=~models.Q(gateway_transaction=""),
                name="unique_gateway_transaction",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "created_at"], name="payment_status_created"),
            models.Index(fields=["paid_at"], name="payment_paid_at"),
        ]
        permissions = [
            ("record_payment", _("Can record payments at the counter")),
            ("cancel_receipt", _("Can cancel electronic receipts")),
            ("view_takings", _("Can see the takings reports")),
        ]

    def __str__(self):
        return f"{self.reference} {self.amount} {self.status}"

    @property
    def counts(self) -> bool:
        """Counted as paid towards what the dossier owes."""
        return self.status == PaymentStatus.PAID and not self.refund_due


class ReceiptSequence(models.Model):
    """The last receipt number of an agency in a year; its row is locked while a number is taken, so numbers
    are given in order, none twice, and (taken in the payment's transaction) none lost."""

    agency = models.ForeignKey(Agency, models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField()
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["agency", "year"], name="unique_receipt_sequence")]

    def __str__(self):
        return f"{self.agency_id} {self.year}: {self.last_number}"


class Receipt(models.Model):
    """An electronic receipt for fees and charges (biên lai điện tử, Decree 11/2020/NĐ-CP as amended by Decree
    70/2025/NĐ-CP): what was paid, by whom, for which dossier, under its own number series per agency and year.
    A cancelled receipt keeps its number (never reused) and says who cancelled it and why."""

    payment = models.OneToOneField(Payment, models.PROTECT, related_name="receipt")
    agency = models.ForeignKey(Agency, models.PROTECT, related_name="+", verbose_name=_("issuing agency"))
    year = models.PositiveSmallIntegerField(_("year"))
    number = models.PositiveIntegerField(_("number"))
    symbol = models.CharField(_("symbol"), max_length=48)  # ký hiệu, printed with the number
    issued_at = models.DateTimeField(_("issued at"))
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+")
    payer_name = models.CharField(_("payer"), max_length=255)
    amount = models.PositiveBigIntegerField(_("amount (VND)"))
    lines = models.JSONField(_("lines"), default=list)  # the charges paid, as they stood when issued
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    cancelled_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+")
    cancel_reason = models.TextField(_("reason for cancelling"), blank=True)

    class Meta:
        ordering = ["-issued_at", "-id"]
        verbose_name = _("electronic receipt")
        verbose_name_plural = _("electronic receipts")
        constraints = [models.UniqueConstraint(fields=["agency", "year", "number"], name="unique_receipt_number")]

    def __str__(self):
        return self.display_number

    @property
    def display_number(self) -> str:
        return f"{self.number:07d}"


class NotificationVerdict(models.TextChoices):
    ACCEPTED = "accepted", _("Accepted")
    DUPLICATE = "duplicate", _("Already recorded")
    REFUSED = "refused", _("Refused")


class GatewayNotification(models.Model):
    """Every answer a gateway sent (server-to-server, the browser's return, a reconciliation query), kept as
    received with the verdict: refused ones (bad signature, unknown payment, wrong amount) are evidence."""

    provider = models.CharField(max_length=32)
    source = models.CharField(max_length=8)  # notify, return, query
    received_at = models.DateTimeField(default=timezone.now)
    params = models.JSONField(default=dict)
    reference = models.CharField(max_length=64, blank=True)
    payment = models.ForeignKey(Payment, models.PROTECT, null=True, blank=True, related_name="notifications")
    verdict = models.CharField(max_length=10, choices=NotificationVerdict.choices)
    reason = models.CharField(max_length=255, blank=True)
    remote_addr = models.GenericIPAddressField(null=True, blank=True)

    class Meta:
        ordering = ["-received_at", "-id"]
        verbose_name = _("gateway notification")
        verbose_name_plural = _("gateway notifications")

    def __str__(self):
        return f"{self.provider} {self.source} {self.reference} {self.verdict}"
