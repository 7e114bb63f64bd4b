import datetime as dt
import hashlib

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from center.people import full_name
from dossiers.identity import ID_NUMBER_MAX_LENGTH, ID_TYPE_NAME_MAX_LENGTH, IdentityDocument
from procedures.models import Agency

SITE_CODE_VALIDATOR = RegexValidator(r"^[a-z0-9][a-z0-9-]{0,31}$", _("Lower-case letters, digits and hyphens."))


class SiteKind(models.TextChoices):
    """The places a province serves people at (Decree 118/2025/NĐ-CP, art. 7; DOMAIN.md "The institution")."""

    PROVINCIAL_CENTER = "center", _("Provincial public administration service center")
    BRANCH = "branch", _("Branch of the provincial center")
    COMMUNE = "commune", _("Commune public administration service center")


class Site(models.Model):
    """A place where citizens are received: the provincial center, one of its branches, a commune's center.

    Each has its own hall (counters, service groups, kiosks, board), opening hours and days off; any site
    receives any of the province's procedures it offers (Decree 118: regardless of residence), and the
    dossier goes to the competent agency as from the provincial center.
    """

    code = models.CharField(
        _("code"),
        max_length=32,
        unique=True,
        validators=[SITE_CODE_VALIDATOR],
        help_text=_("In addresses, e.g. tt-tinh."),
    )
    kind = models.CharField(_("kind"), max_length=8, choices=SiteKind.choices, default=SiteKind.PROVINCIAL_CENTER)
    name = models.CharField(_("name"), max_length=255)
    address = models.CharField(_("address"), max_length=500, blank=True)
    latitude = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    opens_at = models.TimeField(_("opens at"), default=dt.time(7, 30))
    lunch_starts = models.TimeField(_("lunch break from"), default=dt.time(11, 30))
    lunch_ends = models.TimeField(_("lunch break until"), default=dt.time(13, 0))
    closes_at = models.TimeField(_("closes at"), default=dt.time(17, 0))
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("site")
        verbose_name_plural = _("sites")

    def __str__(self):
        return self.name

    def sessions(self) -> tuple[tuple[dt.time, dt.time], ...]:
        """The morning and afternoon sessions of the site's working day (local time)."""
        return ((self.opens_at, self.lunch_starts), (self.lunch_ends, self.closes_at))


class SiteDayOff(models.Model):
    """A day this site is closed although the province works (a commune's own event, repairs...).

    Its calendar is the province's (center/workdays.py) with these days added as days off; deadlines stay
    on the province's calendar, since the agency, not the site, resolves the dossier.
    """

    site = models.ForeignKey(Site, models.CASCADE, related_name="days_off", verbose_name=_("site"))
    date = models.DateField(_("date"))
    reason = models.CharField(_("reason"), max_length=255, blank=True)

    class Meta:
        ordering = ["date"]
        verbose_name = _("site day off")
        verbose_name_plural = _("site days off")
        constraints = [models.UniqueConstraint(fields=["site", "date"], name="unique_site_day_off")]

    def __str__(self):
        return f"{self.site} {self.date:%d/%m/%Y}"


def default_site() -> Site:
    """The provincial center: where rows made before sites existed belong, and new ones when none is named."""
    site = Site.objects.filter(kind=SiteKind.PROVINCIAL_CENTER).order_by("pk").first()
    if site is None:
        site = Site.objects.create(code="tt-tinh", kind=SiteKind.PROVINCIAL_CENTER, name=settings.CENTER_NAME)
    return site


def default_site_id() -> int:
    return default_site().pk


def _site_field(related_name: str) -> models.ForeignKey:
    return models.ForeignKey(
        Site, models.PROTECT, default=default_site_id, related_name=related_name, verbose_name=_("site")
    )


class Counter(models.Model):
    """A reception counter (quầy) in a site's hall, serving one or more agencies."""

    site = _site_field("counters")
    number = models.PositiveSmallIntegerField(_("number"))
    name = models.CharField(_("name"), max_length=255)
    agencies = models.ManyToManyField(Agency, related_name="counters", verbose_name=_("agencies served"))
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["site", "number"]
        verbose_name = _("counter")
        verbose_name_plural = _("counters")
        constraints = [models.UniqueConstraint(fields=["site", "number"], name="unique_counter_number_of_site")]

    def __str__(self):
        return f"{self.number:02d} — {self.name}"


class StaffProfile(models.Model):
    """Who a staff member works for (an agency, or the center when empty), at which site, and where they sit.

    Staff move between sites: changing `site` (admin) moves them; they sit only at their site's counters.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="staff_profile", verbose_name=_("user")
    )
    site = _site_field("staff")
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

    site = _site_field("service_groups")
    prefix = models.CharField(_("ticket prefix"), max_length=2, help_text=_("One or two capital letters, e.g. A."))
    name = models.CharField(_("name"), max_length=255)
    agencies = models.ManyToManyField(Agency, related_name="service_groups", verbose_name=_("agencies"))
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["site", "position", "prefix"]
        verbose_name = _("service group")
        verbose_name_plural = _("service groups")
        constraints = [models.UniqueConstraint(fields=["site", "prefix"], name="unique_group_prefix_of_site")]

    def __str__(self):
        return f"{self.prefix} — {self.name}"


class KioskDevice(models.Model):
    """A ticket kiosk of the hall, registered so that it may print tickets at a busy hall's pace
    (counters/kiosk.py); any other client gets a tight per-address limit.

    Registered from the kiosk's own browser by an administrator, which then keeps a long-lived cookie
    holding a random token; only the token's SHA-256 is stored, so the table cannot be used to pose as a
    kiosk. Switching it off (or deleting it) revokes the cookie.
    """

    site = _site_field("kiosks")
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
    # A booked citizen's ticket (checked in with the appointment's code): called before walk-ins from the
    # slot's start until its end; before the start it queues as a walk-in.
    priority_from = models.DateTimeField(_("called first from"), null=True, blank=True)
    priority_until = models.DateTimeField(_("called first until"), null=True, blank=True)
    # Given at the kiosk to be told by SMS when few people are ahead (QUEUE_SMS_WHEN_AHEAD).
    phone = models.CharField(_("phone"), max_length=16, blank=True)
    ahead_notified_at = models.DateTimeField(_("told by SMS at"), null=True, blank=True)

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


class AppointmentStatus(models.TextChoices):
    BOOKED = "booked", _("Booked")
    CHECKED_IN = "checked_in", _("Checked in")
    CANCELLED = "cancelled", _("Cancelled")
    NO_SHOW = "no_show", _("Did not come")


class Appointment(models.Model):
    """A time booked at a site for a service group (lịch hẹn): checked in at the kiosk with its code or
    QR, it gives a ticket called before walk-ins within its slot; not checked in by APPOINTMENT_RELEASE_
    AFTER_MINUTES after the start, it is released as a no-show (counters/appointments)."""

    code = models.CharField(_("confirmation code"), max_length=12, unique=True)
    site = models.ForeignKey(Site, models.PROTECT, related_name="appointments", verbose_name=_("site"))
    group = models.ForeignKey(
        ServiceGroup, models.PROTECT, related_name="appointments", verbose_name=_("service group")
    )
    procedure = models.ForeignKey(
        "procedures.Procedure", models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("procedure")
    )
    start = models.DateTimeField(_("start"))
    end = models.DateTimeField(_("end"))
    day = models.DateField(_("day"))
    applicant_name = models.CharField(_("full name"), max_length=255)
    applicant_phone = models.CharField(_("phone"), max_length=16)
    applicant_id_number = models.CharField(_("identity document number"), max_length=ID_NUMBER_MAX_LENGTH)
    applicant_email = models.EmailField(_("e-mail"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=AppointmentStatus.choices, default=AppointmentStatus.BOOKED
    )
    created_at = models.DateTimeField(_("booked at"))
    checked_in_at = models.DateTimeField(_("checked in at"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    released_at = models.DateTimeField(_("released at"), null=True, blank=True)
    ticket = models.OneToOneField(
        Ticket, models.SET_NULL, null=True, blank=True, related_name="appointment", verbose_name=_("queue ticket")
    )

    class Meta:
        ordering = ["start", "pk"]
        verbose_name = _("appointment")
        verbose_name_plural = _("appointments")
        indexes = [
            models.Index(fields=["group", "start", "status"], name="appointment_slot"),
            models.Index(fields=["day", "applicant_id_number"], name="appointment_day_identity"),
            models.Index(fields=["day", "applicant_phone"], name="appointment_day_phone"),
            models.Index(fields=["status", "start"], name="appointment_status_start"),
        ]

    def __str__(self):
        return self.code


class TicketDay(models.Model):
    """The queue waits of one closed day of one service group, counted once the day is over (counters/rollups.py):
    tickets called (those with a wait) and the sum of their waits. A ticket belongs to the day it was taken
    and is only ever called that day, so a closed day's row never changes; the dashboard reads these rows for
    closed days and today's tickets live, whatever the years of history."""

    day = models.DateField(_("day"))
    group = models.ForeignKey(ServiceGroup, models.CASCADE, related_name="+", verbose_name=_("service group"))
    tickets = models.PositiveIntegerField(_("tickets called"))
    wait_seconds = models.BigIntegerField(_("sum of waiting times (s)"))

    class Meta:
        ordering = ["day", "group"]
        verbose_name = _("queue day")
        verbose_name_plural = _("queue days")
        constraints = [models.UniqueConstraint(fields=["day", "group"], name="unique_ticket_day_of_group")]

    def __str__(self):
        return f"{self.group_id} {self.day:%d/%m/%Y}"
