from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class CalendarOverride(models.Model):
    """A day the center declares off, or a compensatory working day it declares on."""

    date = models.DateField(_("date"), unique=True)
    is_working_day = models.BooleanField(
        _("working day"), help_text=_("Ticked: a working day (e.g. a make-up Saturday). Unticked: a day off.")
    )
    reason = models.CharField(_("reason"), max_length=255)

    class Meta:
        ordering = ["-date"]
        verbose_name = _("calendar override")
        verbose_name_plural = _("calendar overrides")

    def __str__(self):
        return f"{self.date:%d/%m/%Y} — {self.reason}"


class NationalDayKind(models.TextChoices):
    """What a national calendar decision does to one date."""

    # A working day given off in exchange for a Saturday worked (hoán đổi ngày làm việc).
    SWAPPED_DAY_OFF = "swapped_day_off", _("Swapped day off")
    # The Saturday worked in exchange (ngày làm bù).
    MAKEUP_WORKING_DAY = "makeup_working_day", _("Make-up working day")
    # A day off the announcement fixes: Tết's five days, the day next to 2/9, a compensatory day (nghỉ bù).
    ANNOUNCED_DAY_OFF = "announced_day_off", _("Announced holiday")
    # A day off the government adds beyond the Labour Code (e.g. a one-off national celebration).
    EXTRA_DAY_OFF = "extra_day_off", _("Extra day off")


class NationalDayChange(models.Model):
    """One date the government's yearly holiday decisions set, with the document that sets it.

    Applied on top of the `holidays` package and under the center's own overrides (center/workdays.py):
    the package misses some announced swaps, and its older versions miss more. An administrator adds next
    year's decisions here when the Government Office or the Ministry of Home Affairs announces them.
    """

    date = models.DateField(_("date"), unique=True)
    is_working_day = models.BooleanField(
        _("working day"),
        help_text=_("Ticked: a working day (a make-up Saturday). Unticked: a day off."),
    )
    kind = models.CharField(_("kind"), max_length=24, choices=NationalDayKind.choices)
    document_number = models.CharField(
        _("document number"),
        max_length=64,
        help_text=_("The number of the decision, official letter or announcement, e.g. 12729/VPCP-KGVX."),
    )
    document_date = models.DateField(_("document date"))
    issuer = models.CharField(
        _("issued by"), max_length=255, help_text=_("e.g. Government Office, Ministry of Home Affairs.")
    )
    note = models.CharField(_("note"), max_length=500, blank=True)

    class Meta:
        ordering = ["-date"]
        verbose_name = _("national calendar decision")
        verbose_name_plural = _("national calendar decisions")
        constraints = [
            # A Saturday worked is a working day, every other kind is a day off: the two fields agree.
            models.CheckConstraint(
                condition=models.Q(kind="makeup_working_day", is_working_day=True)
                | (~models.Q(kind="makeup_working_day") & models.Q(is_working_day=False)),
                name="national_day_kind_matches_working_day",
                violation_error_message=_("A make-up working day is a working day; every other kind is a day off."),
            )
        ]

    def __str__(self):
        return f"{self.date:%d/%m/%Y} — {self.get_kind_display()} ({self.document_number})"

    @property
    def source(self) -> str:
        return f"{self.document_number} ({self.document_date:%d/%m/%Y}, {self.issuer})"


class AppendOnlyModel(models.Model):
    """A record that is written once and never edited or deleted through the ORM (audit trails)."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError(f"{type(self).__name__} rows are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError(f"{type(self).__name__} rows are append-only.")


class AccessPurpose(models.TextChoices):
    """Why staff were shown an applicant's personal data (Law 91/2025/QH15: access bound to a purpose)."""

    DOSSIER_PROCESSING = "dossier_processing", _("Processing the dossier")
    SLIP_PRINTING = "slip_printing", _("Printing a slip for the applicant")
    SUPERVISION = "supervision", _("Supervision and inspection")
    REGISTER = "register", _("Keeping the dossier register (Form 07)")
    ADMINISTRATION = "administration", _("System administration")
    FEEDBACK_HANDLING = "feedback_handling", _("Handling a citizen's feedback")


class PersonalDataAccess(AppendOnlyModel):
    """One showing of personal data to a user: an applicant's (name, ID number, phone, email, address) on a
    dossier or a counter slip, a feedback sender's (name, phone, email), or a search by such data.

    The Law on Personal Data Protection (91/2025/QH15) binds access to a purpose and asks for a record of
    it. Written by `center.privacy`; append-only, like the dossier's audit trail. What was shown is kept by
    id and code, without foreign keys, so the record stands on its own. A page listing several dossiers
    writes one row per dossier (so "who saw my data" is one indexed query), all in one insert and with the
    same time; a search also keeps a keyed hash of what was searched (an ID number is never stored).
    """

    at = models.DateTimeField(_("time"), default=timezone.now)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("user"))
    dossier_id = models.BigIntegerField(_("dossier id"), null=True, blank=True)
    dossier_code = models.CharField(_("dossier code"), max_length=40, blank=True)
    feedback_id = models.BigIntegerField(_("feedback id"), null=True, blank=True)
    counter_slip_number = models.CharField(_("counter slip number"), max_length=40, blank=True)
    search_hash = models.CharField(
        _("search (keyed hash)"),
        max_length=64,
        blank=True,
        help_text=_("HMAC-SHA256 of the search term: the admin search finds it when given the same term."),
    )
    purpose = models.CharField(_("purpose"), max_length=32, choices=AccessPurpose.choices)
    view_name = models.CharField(_("page or API"), max_length=200, blank=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("personal data access")
        verbose_name_plural = _("personal data accesses")
        indexes = [
            models.Index(fields=["dossier_code", "at"], name="pdaccess_dossier_at"),
            models.Index(fields=["user", "at"], name="pdaccess_user_at"),
            models.Index(fields=["at"], name="pdaccess_at"),
            # Partial: most rows are about dossiers, so these stay small.
            models.Index(
                fields=["feedback_id", "at"], name="pdaccess_feedback_at", condition=models.Q(feedback_id__isnull=False)
            ),
            models.Index(
                fields=["counter_slip_number"],
                name="pdaccess_counter_slip",
                condition=~models.Q(counter_slip_number=""),
            ),
            models.Index(fields=["search_hash"], name="pdaccess_search", condition=~models.Q(search_hash="")),
        ]
        constraints = [
            models.CheckConstraint(
                name="pdaccess_says_what_was_shown",
                condition=models.Q(dossier_id__isnull=False)
                | models.Q(feedback_id__isnull=False)
                | ~models.Q(counter_slip_number="")
                | ~models.Q(search_hash=""),
            ),
        ]

    def __str__(self):
        shown = self.dossier_code or self.counter_slip_number or (self.feedback_id and f"#{self.feedback_id}") or ""
        return f"{shown} {self.user_id} {self.at:%Y-%m-%d %H:%M}".strip()


class CitizenAccount(models.Model):
    """A citizen signed in through the identity provider (OpenID Connect): not a staff account.

    Django's sign-in machinery needs a user row, so each citizen has one, made for this purpose only: no
    password (unusable), no group, no permission, never staff. The staff login (center.citizens.backends.
    StaffBackend) refuses users that have a citizen account, and the citizen backend returns no other users,
    so one person's two roles are two accounts that never mix. Name and identity number come from the
    provider's claims and are marked verified by it (scorecard 4.5: applicants verified by the national
    identity); they are refreshed at each sign-in.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="citizen_account", verbose_name=_("user")
    )
    issuer = models.CharField(_("identity provider"), max_length=255)
    subject = models.CharField(_("identifier at the provider"), max_length=255)
    full_name = models.CharField(_("full name"), max_length=255)
    id_number = models.CharField(_("personal identification number"), max_length=12, db_index=True)
    phone = models.CharField(_("phone"), max_length=16, blank=True)
    email = models.EmailField(_("email"), blank=True)
    verified_by_provider = models.BooleanField(
        _("verified by the identity provider"),
        default=False,
        help_text=_("Name and identification number were given by the identity provider at sign-in."),
    )
    verified_at = models.DateTimeField(_("last verified"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("citizen account")
        verbose_name_plural = _("citizen accounts")
        constraints = [models.UniqueConstraint(fields=["issuer", "subject"], name="citizen_unique_subject")]

    def __str__(self):
        return f"{self.full_name} ({self.id_number[:3]}…{self.id_number[-3:]})"
