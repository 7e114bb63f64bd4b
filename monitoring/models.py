from django.db import models
from django.utils.translation import gettext_lazy as _

from center import glossary


class DashboardAccess(models.Model):
    """Holds the permission to see the supervision dashboard (no rows)."""

    class Meta:
        managed = False
        default_permissions = ()
        permissions = [("view_dashboard", _("Can see the supervision dashboard"))]

    def __str__(self):
        return "dashboard"


class FeedbackTopic(models.TextChoices):
    PROCEDURE = "procedure", _("An administrative procedure or its rules")
    CONDUCT = "conduct", _("Conduct of staff")
    DELAY = "delay", _("A late or lost dossier")
    FACILITIES = "facilities", _("Facilities and services at the center")
    OTHER = "other", _("Something else")


class FeedbackStatus(models.TextChoices):
    """The national portal's handling of feedback (DOMAIN.md, "Feedback and complaints"): it is refused
    (within 2 working days), the sender is asked for more information (within 5), or it is answered
    (within 15), each counted from receipt or from the last forwarding."""

    NEW = "new", _("Received")
    FORWARDED = "forwarded", _("Forwarded to the agency")
    AWAITING_INFO = "awaiting_info", _("Waiting for more information from the sender")
    REFUSED = "refused", _("Refused")
    ANSWERED = "answered", _("Answered")
    CLOSED = "closed", _("Closed")


class Feedback(models.Model):
    """A citizen's feedback or petition (phản ánh, kiến nghị), tracked by its code until answered."""

    tracking_code = models.CharField(_("tracking code"), max_length=20, unique=True)
    topic = models.CharField(_("topic"), max_length=16, choices=FeedbackTopic.choices)
    subject = models.CharField(_("subject"), max_length=255)
    content = models.TextField(_("content"), max_length=5000)
    dossier = models.ForeignKey(
        "dossiers.Dossier", models.SET_NULL, null=True, blank=True, related_name="feedback", verbose_name=_("dossier")
    )
    agency = models.ForeignKey(
        "procedures.Agency", models.PROTECT, null=True, blank=True, related_name="feedback", verbose_name=_("agency")
    )
    sender_name = models.CharField(_("full name"), max_length=255)
    sender_phone = models.CharField(_("phone"), max_length=16, blank=True)
    sender_email = models.EmailField(_("email"), blank=True)
    status = models.CharField(_("status"), max_length=16, choices=FeedbackStatus.choices, default=FeedbackStatus.NEW)
    created_at = models.DateTimeField(_("sent at"), auto_now_add=True)
    # The answer is due a set number of working days after receipt.
    due_at = models.DateTimeField(_("answer due at"))
    answer = models.TextField(_("answer"), blank=True)
    answered_by = models.ForeignKey(
        "auth.User", models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("answered by")
    )
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    # The handling deadlines count from receipt, from the last forwarding, or from when the information the
    # center asked for arrived (a complete feedback received again).
    forwarded_at = models.DateTimeField(_("last forwarded at"), null=True, blank=True)
    info_requested_at = models.DateTimeField(_("more information asked at"), null=True, blank=True)
    info_received_at = models.DateTimeField(_("more information received at"), null=True, blank=True)
    refused_at = models.DateTimeField(_("refused at"), null=True, blank=True)
    # The sender's view of the answer, for the service index ("satisfaction with feedback handling").
    sender_satisfied = models.BooleanField(_("sender satisfied with the answer"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "due_at"], name="feedback_status_due")]
        verbose_name = _("feedback")
        verbose_name_plural = _("feedback")

    def __str__(self):
        return self.tracking_code


# --- Supervision: deadline alerts, the notification outbox, the sweep's watermark ----------------


class AlertKind(models.TextChoices):
    NEAR_DUE = "near_due", glossary.NEAR_DUE
    OVERDUE = "overdue", glossary.OVERDUE
    ESCALATED = "escalated", _("Escalated to the director")
    # An online filing still not checked at the counter past ONLINE_FILING_CHECK_WORKING_DAYS.
    CHECK_LATE = "check_late", _("Online filing not checked in time")
    # Raised from the forecast (monitoring/forecasts), while there is still time to act.
    AT_RISK = "at_risk", _("At risk of being late")


class Alert(models.Model):
    """A dossier crossed a deadline threshold. One per dossier and kind, ever (a database constraint),
    however often the sweep runs and however many workers run it at once."""

    dossier = models.ForeignKey("dossiers.Dossier", models.CASCADE, related_name="alerts", verbose_name=_("dossier"))
    kind = models.CharField(_("kind"), max_length=12, choices=AlertKind.choices)
    # The competent agency, copied from the dossier so an agency lead's inbox needs no join.
    agency = models.ForeignKey("procedures.Agency", models.PROTECT, related_name="+", verbose_name=_("agency"))
    # The deadline the dossier was judged against when the alert was raised.
    due_at = models.DateTimeField(_("due at"))
    raised_at = models.DateTimeField(_("raised at"))
    acknowledged_by = models.ForeignKey(
        "auth.User", models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("acknowledged by")
    )
    acknowledged_at = models.DateTimeField(_("acknowledged at"), null=True, blank=True)

    class Meta:
        ordering = ["-raised_at", "-id"]
        verbose_name = _("alert")
        verbose_name_plural = _("alerts")
        constraints = [models.UniqueConstraint(fields=["dossier", "kind"], name="one_alert_per_dossier_and_kind")]
        indexes = [
            # The inbox: open alerts, newest first, optionally of one agency.
            models.Index(
                fields=["agency", "-raised_at"],
                name="alert_open_agency",
                condition=models.Q(acknowledged_at__isnull=True),
            ),
            models.Index(fields=["kind", "-raised_at"], name="alert_kind_raised"),
        ]

    def __str__(self):
        return f"{self.dossier_id} {self.kind}"


class DeadlineRecheck(models.Model):
    """A dossier whose clock resumed (supplement or payment received): its deadline moved while the
    sweep was not looking, so the next sweep judges it in full. Written in the dossier's transaction,
    consumed (deleted by id) by the sweep, so a resume recorded while a sweep runs is kept for the next."""

    dossier = models.ForeignKey("dossiers.Dossier", models.CASCADE, related_name="+")
    queued_at = models.DateTimeField()

    def __str__(self):
        return str(self.dossier_id)


class SweepState(models.Model):
    """The deadline sweep's watermark: the thresholds up to which dossiers have been judged.

    The next sweep looks only at deadlines between these and the new thresholds (an indexed range on
    dossiers' (status, due_at)), so its cost follows what changed, not the number of open dossiers.
    """

    name = models.CharField(_("name"), max_length=32, unique=True)
    swept_at = models.DateTimeField(_("swept at"), null=True, blank=True)
    # Dossiers with due_at <= near_due_until / < overdue_until / <= escalate_until have been judged.
    near_due_until = models.DateTimeField(_("near due judged up to"), null=True, blank=True)
    overdue_until = models.DateTimeField(_("overdue judged up to"), null=True, blank=True)
    escalate_until = models.DateTimeField(_("escalation judged up to"), null=True, blank=True)
    last_candidates = models.PositiveIntegerField(_("dossiers looked at last time"), default=0)
    last_alerts = models.PositiveIntegerField(_("alerts raised last time"), default=0)
    last_duration_ms = models.PositiveIntegerField(_("last run (ms)"), default=0)

    class Meta:
        verbose_name = _("deadline sweep state")
        verbose_name_plural = _("deadline sweep states")

    def __str__(self):
        return f"{self.name} {self.swept_at}"


class StaffContact(models.Model):
    """Where a staff member gets deadline alerts by SMS (email goes to the account's address)."""

    user = models.OneToOneField("auth.User", models.CASCADE, related_name="alert_contact", verbose_name=_("user"))
    mobile = models.CharField(_("mobile phone for SMS alerts"), max_length=16, blank=True)
    sms_enabled = models.BooleanField(_("send alerts by SMS"), default=True)
    email_enabled = models.BooleanField(_("send alerts by email"), default=True)

    class Meta:
        verbose_name = _("alert contact")
        verbose_name_plural = _("alert contacts")

    def __str__(self):
        return f"{self.user_id} {self.mobile}"


class OutboxChannel(models.TextChoices):
    EMAIL = "email", _("Email")
    SMS = "sms", _("SMS")


class OutboxStatus(models.TextChoices):
    PENDING = "pending", _("Waiting to be sent")
    # Claimed by a worker and committed before the gateway call: never picked up again automatically.
    SENDING = "sending", _("Being sent")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Gave up")
    # Stuck in "sending" (the worker stopped between the gateway call and recording it): the gateway may
    # or may not have accepted it, so a person decides (admin: send again, or mark as sent).
    UNCERTAIN = "uncertain", _("Not known whether sent")


class OutboxMessage(models.Model):
    """A message to send, written in the same transaction as the event that calls for it.

    A Celery task delivers it after commit; if the broker or the mail server is down the row waits,
    and the periodic flush retries it with backoff. `dedupe_key` makes enqueueing idempotent; the claim
    (status "sending", committed before the gateway call) makes sending happen at most once.
    """

    channel = models.CharField(_("channel"), max_length=8, choices=OutboxChannel.choices)
    recipient = models.CharField(_("recipient"), max_length=254)
    user = models.ForeignKey("auth.User", models.SET_NULL, null=True, blank=True, related_name="+")
    dossier = models.ForeignKey("dossiers.Dossier", models.CASCADE, null=True, blank=True, related_name="+")
    template = models.CharField(_("message"), max_length=32)
    subject = models.CharField(_("subject"), max_length=255, blank=True)
    body = models.TextField(_("text"))
    dedupe_key = models.CharField(max_length=200, unique=True)
    status = models.CharField(_("status"), max_length=10, choices=OutboxStatus.choices, default=OutboxStatus.PENDING)
    created_at = models.DateTimeField(_("created at"))
    next_attempt_at = models.DateTimeField(_("next attempt at"))
    # Also the id of the current attempt: a worker records the outcome only of the attempt it claimed.
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    sending_since = models.DateTimeField(_("sending since"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    # An email sent with a periodic report's files attached (its XLSX and PDF).
    report = models.ForeignKey(
        "monitoring.PeriodicReport", models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("report")
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("outgoing message")
        verbose_name_plural = _("outgoing messages")
        indexes = [
            models.Index(
                fields=["next_attempt_at"],
                name="outbox_pending_due",
                condition=models.Q(status="pending"),
            )
        ]

    def __str__(self):
        return f"{self.channel} {self.template} {self.status}"


# --- Periodic reports (monitoring/reports/) -------------------------------------------------------------


class ReportKind(models.TextChoices):
    MONTH = "month", _("Monthly")
    QUARTER = "quarter", _("Quarterly")
    YEAR = "year", _("Yearly")


def report_upload_to(report: "PeriodicReport", filename: str) -> str:
    return f"reports/{report.kind}/{report.first:%Y-%m-%d}/v{report.version}/{filename}"


class PeriodicReport(models.Model):
    """One version of the report a center files for a closed month, quarter or year: its figures as computed,
    the XLSX and PDF made from them with their SHA-256, and what changed against the previous version.

    Written once and never changed (monitoring/reports/services.py creates rows and nothing updates them);
    generating the report again writes the next version beside it."""

    kind = models.CharField(_("kind"), max_length=8, choices=ReportKind.choices)
    first = models.DateField(_("first day"))
    last = models.DateField(_("last day"))
    version = models.PositiveSmallIntegerField(_("version"))
    created_at = models.DateTimeField(_("made at"))
    created_by = models.ForeignKey(
        "auth.User", models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("made by")
    )
    figures = models.JSONField(_("figures"))
    changes = models.JSONField(_("changes from the previous version"), default=list, blank=True)
    xlsx = models.FileField(_("Excel file"), upload_to=report_upload_to, max_length=200)
    xlsx_sha256 = models.CharField(_("Excel file SHA-256"), max_length=64)
    pdf = models.FileField(_("PDF file"), upload_to=report_upload_to, max_length=200)
    pdf_sha256 = models.CharField(_("PDF file SHA-256"), max_length=64)

    class Meta:
        ordering = ["-first", "kind", "-version"]
        verbose_name = _("periodic report")
        verbose_name_plural = _("periodic reports")
        constraints = [
            models.UniqueConstraint(fields=["kind", "first", "version"], name="one_report_per_period_and_version")
        ]

    def __str__(self):
        return f"{self.kind} {self.first} v{self.version}"


# The forecast's tables live in their package (monitoring/forecasts/models.py); imported here so that
# Django finds them among the monitoring app's models.
from monitoring.forecasts.models import DossierForecast, ExtensionDraft, ForecastModel  # noqa: E402, F401
from monitoring.rollups.models import Flow, OpenStock  # noqa: E402, F401  (the same for the rollups)
