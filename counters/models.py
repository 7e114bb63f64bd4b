import hashlib

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from center.people import full_name
from dossiers.identity import ID_NUMBER_MAX_LENGTH, ID_TYPE_NAME_MAX_LENGTH, IdentityDocument
from procedures.models import Agency


class Counter(models.Model):
    """A reception counter (quầy) in the hall, serving one or more agencies."""

    number = models.PositiveSmallIntegerField(_("number"), unique=True)
    name = models.CharField(_("name"), max_length=255)
    agencies = models.ManyToManyField(Agency, related_name="counters", verbose_name=_("agencies served"))
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["number"]
        verbose_name = _("counter")
        verbose_name_plural = _("counters")

    def __str__(self):
        return f"{self.number:02d} — {self.name}"


class StaffProfile(models.Model):
    """Who a staff member works for (an agency, or the center when empty) and where they sit."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="staff_profile", verbose_name=_("user")
    )
    agency = models.ForeignKey(
        Agency,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="staff",
        verbose_name=_("agency"),
        help_text=_("Empty for the center's own staff."),
    )
    counter = models.ForeignKey(
        Counter, models.SET_NULL, null=True, blank=True, related_name="staff", verbose_name=_("counter")
    )
    title = models.CharField(_("title"), max_length=128, blank=True)

    class Meta:
        verbose_name = _("staff profile")
        verbose_name_plural = _("staff profiles")

    def __str__(self):
        return full_name(self.user)


class ServiceGroup(models.Model):
    """What a citizen picks at the kiosk: one agency or a group of them, with its own ticket numbers.

    The counters that call its tickets are those serving at least one of its agencies.
    """

    prefix = models.CharField(
        _("ticket prefix"), max_length=2, unique=True, help_text=_("One or two capital letters, e.g. A.")
    )
    name = models.CharField(_("name"), max_length=255)
    agencies = models.ManyToManyField(Agency, related_name="service_groups", verbose_name=_("agencies"))
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["position", "prefix"]
        verbose_name = _("service group")
        verbose_name_plural = _("service groups")

    def __str__(self):
        return f"{self.prefix} — {self.name}"


class KioskDevice(models.Model):
    """A ticket kiosk of the hall, registered so that it may print tickets at a busy hall's pace
    (counters/kiosk.py); any other client gets a tight per-address limit.

    Registered from the kiosk's own browser by an administrator, which then keeps a long-lived cookie
    holding a random token; only the token's SHA-256 is stored, so the table cannot be used to pose as a
    kiosk. Switching it off (or deleting it) revokes the cookie.
    """

    name = models.CharField(_("name"), max_length=100, help_text=_("Where it stands, e.g. Kiosk by the entrance."))
    token_digest = models.CharField(max_length=64, unique=True, editable=False)
    is_active = models.BooleanField(_("active"), default=True)
    registered_at = models.DateTimeField(_("registered at"), auto_now_add=True)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        editable=False,
        related_name="+",
        verbose_name=_("registered by"),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("kiosk device")
        verbose_name_plural = _("kiosk devices")

    def __str__(self):
        return self.name

    @staticmethod
    def digest(token: str) -> str:
        """What the database keeps of a kiosk's token."""
        return hashlib.sha256(token.encode()).hexdigest()


class TicketStatus(models.TextChoices):
    WAITING = "waiting", _("Waiting")
    CALLED = "called", _("Called")
    SERVING = "serving", _("Being served")
    DONE = "done", _("Served")
    NO_SHOW = "no_show", _("Did not come")


class Ticket(models.Model):
    """A queue number (số thứ tự) taken at the kiosk, with the times the dashboard measures."""

    group = models.ForeignKey(ServiceGroup, models.PROTECT, related_name="tickets", verbose_name=_("service group"))
    day = models.DateField(_("day"))
    number = models.PositiveIntegerField(_("number"))
    status = models.CharField(_("status"), max_length=8, choices=TicketStatus.choices, default=TicketStatus.WAITING)
    issued_at = models.DateTimeField(_("taken at"))
    first_called_at = models.DateTimeField(_("first called at"), null=True, blank=True)
    called_at = models.DateTimeField(_("last called at"), null=True, blank=True)
    call_count = models.PositiveSmallIntegerField(_("times called"), default=0)
    serving_started_at = models.DateTimeField(_("service started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    # Seconds from taking the ticket to the first call, and from the start of service to its end.
    wait_seconds = models.PositiveIntegerField(_("waiting time (s)"), null=True, blank=True)
    service_seconds = models.PositiveIntegerField(_("service time (s)"), null=True, blank=True)
    counter = models.ForeignKey(
        Counter, models.SET_NULL, null=True, blank=True, related_name="tickets", verbose_name=_("counter")
    )
    served_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("staff")
    )
    dossiers = models.ManyToManyField(
        "dossiers.Dossier", blank=True, related_name="tickets", verbose_name=_("dossiers received")
    )

    class Meta:
        ordering = ["day", "group", "number"]
        verbose_name = _("queue ticket")
        verbose_name_plural = _("queue tickets")
        constraints = [models.UniqueConstraint(fields=["group", "day", "number"], name="unique_ticket_of_day")]
        indexes = [
            models.Index(fields=["day", "status", "group"], name="ticket_day_status"),
            models.Index(fields=["counter", "status"], name="ticket_counter_status"),
        ]

    def __str__(self):
        return self.label

    @property
    def label(self) -> str:
        """What the hall sees: prefix and three digits, e.g. A007."""
        return f"{self.group.prefix}{self.number:03d}"


class SlipKind(models.TextChoices):
    GUIDANCE = "guidance", _("Guidance on a dossier to complete")
    REFUSAL = "refusal", _("Refusal to receive")


class CounterSlip(models.Model):
    """A slip given at the counter when no dossier is received: what is missing, or why it is refused.

    Guidance lists everything missing at once (Decree 118/2025/NĐ-CP, as art. 19 of Decree 61/2018 did
    before it); a refusal (Form 03 of Circular 03/2025/TT-VPCP) gives the reason. Kept so that it can be
    reprinted and counted.
    """

    kind = models.CharField(_("kind"), max_length=8, choices=SlipKind.choices)
    number = models.CharField(_("slip number"), max_length=40, unique=True)
    procedure = models.ForeignKey("procedures.Procedure", models.PROTECT, related_name="+", verbose_name=_("procedure"))
    applicant_name = models.CharField(_("full name"), max_length=255)
    applicant_id_type = models.CharField(
        _("identity document"), max_length=12, choices=IdentityDocument.choices, default=IdentityDocument.CITIZEN_ID
    )
    applicant_id_type_name = models.CharField(_("kind of document"), max_length=ID_TYPE_NAME_MAX_LENGTH, blank=True)
    applicant_id_number = models.CharField(_("identity document number"), max_length=ID_NUMBER_MAX_LENGTH, blank=True)
    applicant_phone = models.CharField(_("phone"), max_length=16, blank=True)
    applicant_address = models.CharField(_("address"), max_length=500, blank=True)
    missing = models.JSONField(_("what is missing"), default=list, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    issued_at = models.DateTimeField(_("issued at"))
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("staff"))
    counter = models.ForeignKey(
        Counter, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("counter")
    )
    ticket = models.ForeignKey(
        Ticket, models.SET_NULL, null=True, blank=True, related_name="slips", verbose_name=_("queue ticket")
    )
    # The receive form's token: a resent form finds the slip it already made.
    token = models.UUIDField(unique=True, null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-issued_at"]
        verbose_name = _("counter slip")
        verbose_name_plural = _("counter slips")

    def __str__(self):
        return self.number
