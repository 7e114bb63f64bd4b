from django.conf import settings
from django.db import models, router, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from center import glossary
from center.models import AppendOnlyModel
from counters.models import Counter, Site
from dossiers.identity import ID_NUMBER_MAX_LENGTH, ID_TYPE_NAME_MAX_LENGTH, IdentityDocument
from dossiers.workflow import DossierStatus
from procedures.models import Agency, Procedure


class Channel(models.TextChoices):
    COUNTER = "counter", _("At the counter")
    ONLINE = "online", _("Online")
    POST = "post", _("By post")


class Outcome(models.TextChoices):
    """Punctuality of a resolved dossier, named as everywhere else (center/glossary.py)."""

    EARLY = "early", glossary.EARLY
    ON_TIME = "on_time", glossary.ON_TIME
    LATE = "late", glossary.LATE


class ReturnMethod(models.TextChoices):
    COUNTER = "counter", _("At the counter")
    POST = "post", _("By public postal service")


class DossierQuerySet(models.QuerySet):
    def open(self):
        from dossiers.workflow import OPEN

        return self.filter(status__in=OPEN)


class Dossier(models.Model):
    code = models.CharField(_("dossier code"), max_length=40, unique=True)
    secret = models.CharField(_("lookup secret"), max_length=16)
    procedure = models.ForeignKey(Procedure, models.PROTECT, related_name="dossiers", verbose_name=_("procedure"))
    # The competent agency (from the procedure), kept on the row so filters and scopes need no join.
    agency = models.ForeignKey(Agency, models.PROTECT, related_name="dossiers", verbose_name=_("agency"))
    current_agency = models.ForeignKey(
        Agency, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("current agency")
    )
    current_step = models.PositiveSmallIntegerField(_("current step"), default=0)

    applicant_name = models.CharField(_("full name"), max_length=255)
    # The identity document shown at the counter (dossiers/identity.py): a citizen ID card, a passport for
    # foreigners, or another document named in applicant_id_type_name.
    applicant_id_type = models.CharField(
        _("identity document"), max_length=12, choices=IdentityDocument.choices, default=IdentityDocument.CITIZEN_ID
    )
    applicant_id_type_name = models.CharField(_("kind of document"), max_length=ID_TYPE_NAME_MAX_LENGTH, blank=True)
    applicant_id_number = models.CharField(_("identity document number"), max_length=ID_NUMBER_MAX_LENGTH)
    applicant_phone = models.CharField(_("phone"), max_length=16)
    applicant_email = models.EmailField(_("email"), blank=True)
    applicant_address = models.CharField(_("address"), max_length=500, blank=True)
    applicant_organisation = models.CharField(_("organisation"), max_length=255, blank=True)
    applicant_tax_code = models.CharField(_("tax code"), max_length=14, blank=True)

    channel = models.CharField(_("channel"), max_length=8, choices=Channel.choices, default=Channel.COUNTER)
    documents = models.JSONField(_("documents received"), default=list, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    received_at = models.DateTimeField(_("received at"), null=True, blank=True)
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("received by"),
    )
    counter = models.ForeignKey(
        Counter, models.SET_NULL, null=True, blank=True, related_name="dossiers", verbose_name=_("counter")
    )
    # Where it was received (counters.Site; Decree 118: any site of the province, whatever the residence);
    # empty for a filing that came in online.
    site = models.ForeignKey(
        Site, models.PROTECT, null=True, blank=True, related_name="dossiers", verbose_name=_("receiving site")
    )
    # When the counter must hand the dossier to the agency (dossiers/handover.py: same working day, or the
    # next morning when received after HANDOVER_CUTOFF), and when the first transfer did it.
    handover_due_at = models.DateTimeField(_("hand-over due at"), null=True, blank=True)
    handed_over_at = models.DateTimeField(_("handed over at"), null=True, blank=True)
    # The legal deadline; a supplement pause pushes it back, an extension does not (DOMAIN.md).
    due_at = models.DateTimeField(_("due at"), null=True, blank=True)
    # The new appointment promised in an apology letter (Form 04), if any.
    extended_due_at = models.DateTimeField(_("new appointment"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=24, choices=DossierStatus.choices)
    result_ready_at = models.DateTimeField(_("result ready at"), null=True, blank=True)
    returned_at = models.DateTimeField(_("returned at"), null=True, blank=True)
    returned_to = models.CharField(_("collected by"), max_length=255, blank=True)
    return_method = models.CharField(_("returned"), max_length=8, choices=ReturnMethod.choices, blank=True)
    outcome = models.CharField(_("punctuality"), max_length=8, choices=Outcome.choices, blank=True)
    # Set by the receive form so a resent form finds the dossier it already created.
    receipt_token = models.UUIDField(null=True, blank=True, unique=True, editable=False)
    # SHA-256 of the request that created the dossier with receipt_token (dossiers.services
    # receipt_fingerprint): a resent token must come with the same request, or it would hand one
    # applicant's dossier, code and secret to another request.
    # (db_default as well: demo and benchmark rows are loaded with COPY, which leaves these columns out.)
    receipt_fingerprint = models.CharField(max_length=64, blank=True, editable=False, default="", db_default="")
    # Optimistic concurrency: +1 in the same transaction as every change (dossiers.services). An action
    # states the version it was made from; a stale one is refused, so a double click or a retry acts once.
    version = models.PositiveIntegerField(_("version"), default=1, db_default=1, editable=False)

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = DossierQuerySet.as_manager()

    class Meta:
        ordering = ["-received_at", "-id"]
        verbose_name = _("dossier")
        verbose_name_plural = _("dossiers")
        indexes = [
            models.Index(fields=["status", "due_at"], name="dossier_status_due"),
            # The overdue list, longest overdue first (monitoring/selectors/lists.py): read in order from here, not
            # every overdue dossier sorted (20 ms at 10M dossiers for the dashboard's first eight).
            models.Index(
                fields=["due_at", "id"],
                condition=models.Q(status__in=["received", "in_progress"]),
                name="dossier_running_due",
            ),
            models.Index(fields=["agency", "received_at"], name="dossier_agency_received"),
            models.Index(fields=["received_at"], name="dossier_received"),
            models.Index(fields=["result_ready_at"], name="dossier_result_ready"),
            models.Index(fields=["current_agency", "status"], name="dossier_current_agency"),
            models.Index(fields=["site", "received_at"], name="dossier_site_received"),
        ]
        permissions = [
            ("receive_dossier", _("Can receive dossiers at the counter")),
            ("transfer_dossier", _("Can hand dossiers over to agencies and steps")),
            ("process_dossier", _("Can process dossiers (supplements, payment, refuse, resolve)")),
            ("extend_dossier", _("Can extend a dossier with an apology letter")),
            ("record_supplement", _("Can record supplements and payments received")),
            ("return_dossier", _("Can return results")),
            ("withdraw_dossier", _("Can record a withdrawal at the applicant's request")),
            ("print_register", _("Can print the dossier register (Form 07)")),
        ]

    def __str__(self):
        return self.code

    # The supervision rollups (monitoring/rollups) move with every save and deletion, in its transaction.
    def save(self, *args, **kwargs):
        from monitoring.rollups import maintain

        with transaction.atomic(using=router.db_for_write(Dossier)):
            old = maintain.stored_state(self, kwargs.get("update_fields"))
            with maintain.counted_by_insert(self, old) as counted:
                super().save(*args, **kwargs)
            if not counted:
                maintain.dossier_saved(self, old, kwargs.get("update_fields"))

    def delete(self, *args, **kwargs):
        from monitoring.rollups import maintain

        with transaction.atomic(using=router.db_for_write(Dossier)):
            old = maintain.stored_state(self)
            result = super().delete(*args, **kwargs)
            if old is not maintain.UNCOUNTED:
                maintain.dossier_changed(old, None, dossier_pk=None)
        return result

    @property
    def appointment_at(self):
        """The date promised to the applicant: the extension's if any, else the legal deadline."""
        return self.extended_due_at or self.due_at


class DossierEvent(AppendOnlyModel):
    """One entry of the dossier's audit trail: written with every change, never edited or deleted."""

    dossier = models.ForeignKey(Dossier, models.PROTECT, related_name="events")
    at = models.DateTimeField(_("time"), default=timezone.now)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+")
    kind = models.CharField(_("action"), max_length=32)
    from_status = models.CharField(_("from"), max_length=24, choices=DossierStatus.choices, blank=True)
    to_status = models.CharField(_("to"), max_length=24, choices=DossierStatus.choices)
    agency = models.ForeignKey(Agency, models.PROTECT, null=True, blank=True, related_name="+")
    note = models.TextField(_("note"), blank=True)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["dossier", "at"], name="event_dossier_at")]
        verbose_name = _("dossier event")
        verbose_name_plural = _("dossier events")

    def __str__(self):
        return f"{self.dossier_id} {self.kind} {self.at:%Y-%m-%d %H:%M}"


class DossierStep(models.Model):
    """A hand-over to an agency (or a step of an inter-agency chain) with its own due date."""

    dossier = models.ForeignKey(Dossier, models.CASCADE, related_name="steps")
    position = models.PositiveSmallIntegerField()
    agency = models.ForeignKey(Agency, models.PROTECT, related_name="+")
    handed_over_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, related_name="+")
    started_at = models.DateTimeField()
    due_at = models.DateTimeField()
    completed_at = models.DateTimeField(null=True, blank=True)
    outcome = models.CharField(max_length=8, choices=Outcome.choices, blank=True)

    class Meta:
        ordering = ["dossier", "position"]
        constraints = [models.UniqueConstraint(fields=["dossier", "position"], name="unique_dossier_step")]
        indexes = [models.Index(fields=["agency", "completed_at"], name="step_agency_completed")]

    def __str__(self):
        return f"{self.dossier_id} #{self.position} {self.agency_id}"


class PauseKind(models.TextChoices):
    SUPPLEMENT = "supplement", _("Awaiting supplement")
    PAYMENT = "payment", _("Awaiting payment")


class DossierPause(models.Model):
    """A stretch when the clock stood still; its working time is added back to the deadline."""

    dossier = models.ForeignKey(Dossier, models.CASCADE, related_name="pauses")
    kind = models.CharField(max_length=12, choices=PauseKind.choices)
    started_at = models.DateTimeField()
    ended_at = models.DateTimeField(null=True, blank=True)
    working_seconds = models.PositiveIntegerField(default=0)
    items = models.JSONField(_("what is missing"), default=list, blank=True)
    reason = models.TextField(blank=True)

    class Meta:
        ordering = ["dossier", "started_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["dossier"],
                condition=models.Q(ended_at__isnull=True),
                name="one_open_pause_per_dossier",
            )
        ]

    def __str__(self):
        return f"{self.dossier_id} {self.kind} {self.started_at:%Y-%m-%d}"


class DossierExtension(models.Model):
    """An apology and extension letter (Form 04): why, and the new appointment."""

    dossier = models.ForeignKey(Dossier, models.CASCADE, related_name="extensions")
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    previous_due_at = models.DateTimeField()
    new_due_at = models.DateTimeField()
    reason = models.TextField()

    # The letter is due before the appointment it replaces (DOMAIN.md "An extension"); one issued after it
    # is still recorded, since the duty remains, but counts as late. Computed from the two stored times.
    LATE_Q = models.Q(created_at__gt=models.F("previous_due_at"))

    class Meta:
        ordering = ["dossier", "created_at"]
        # The dashboard counts the letters of a period (monitoring/selectors/duties.py): by this index it reads
        # the period's letters, not every letter ever written.
        indexes = [models.Index(fields=["created_at", "previous_due_at"], name="extension_created")]

    def __str__(self):
        return f"{self.dossier_id} -> {self.new_due_at:%Y-%m-%d}"

    @property
    def issued_late(self) -> bool:
        return self.created_at > self.previous_due_at


class CodeSequence(models.Model):
    """The last sequence number given for a code prefix on one day (dossier codes, tickets)."""

    prefix = models.CharField(max_length=40)
    day = models.DateField()
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["prefix", "day"], name="unique_code_sequence")]

    def __str__(self):
        return f"{self.prefix} {self.day} {self.last_number}"


class Satisfaction(models.IntegerChoices):
    VERY_SATISFIED = 3, _("Very satisfied")
    SATISFIED = 2, _("Satisfied")
    UNSATISFIED = 1, _("Unsatisfied")


class SatisfactionRating(models.Model):
    """The applicant's rating of a returned dossier, once (DOMAIN.md, "Satisfaction")."""

    dossier = models.OneToOneField(Dossier, models.PROTECT, related_name="rating")
    reception = models.PositiveSmallIntegerField(_("reception and guidance"), choices=Satisfaction.choices)
    attitude = models.PositiveSmallIntegerField(_("staff attitude"), choices=Satisfaction.choices)
    timeliness = models.PositiveSmallIntegerField(_("time against the appointment"), choices=Satisfaction.choices)
    clarity = models.PositiveSmallIntegerField(_("clarity of procedure and documents"), choices=Satisfaction.choices)
    result = models.PositiveSmallIntegerField(_("the result"), choices=Satisfaction.choices)
    comment = models.TextField(_("comment"), blank=True, max_length=2000)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("satisfaction rating")
        verbose_name_plural = _("satisfaction ratings")

    CRITERIA = ("reception", "attitude", "timeliness", "clarity", "result")

    def __str__(self):
        return f"{self.dossier_id}: {self.overall}"

    def save(self, *args, **kwargs):
        from monitoring.rollups import maintain

        with transaction.atomic(using=router.db_for_write(SatisfactionRating)):
            old = maintain.stored_score(self)
            super().save(*args, **kwargs)
            maintain.rating_changed(self.dossier_id, old, maintain.score_of(self))

    def delete(self, *args, **kwargs):
        from monitoring.rollups import maintain

        with transaction.atomic(using=router.db_for_write(SatisfactionRating)):
            old = maintain.stored_score(self)
            result = super().delete(*args, **kwargs)
            maintain.rating_changed(self.dossier_id, old, None)
        return result

    @property
    def overall(self) -> int:
        """The lowest criterion: one unsatisfied answer makes the rating unsatisfied."""
        return min(getattr(self, name) for name in self.CRITERIA)


# Files attached to dossiers (a package of their own; the models belong to this app and its migrations).
from dossiers.documents.models import DocumentAccess, DossierDocument  # noqa: E402,F401

# Online filing by citizens (a package of its own; the models belong to this app and its migrations).
from dossiers.online.models import FilingComponent, OnlineFiling, SavedDocument  # noqa: E402,F401
