"""Online filing by signed-in citizens: the filing (a draft until submitted, then the dossier it became),
the document chosen for each component, and the citizen's saved documents (their own data store).

Registered in the `dossiers` app (dossiers/models.py imports this module), so its migrations live in
dossiers/migrations.
"""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from center.models import CitizenAccount


class ResultDelivery(models.TextChoices):
    """How the citizen wants the result (DOMAIN.md "Channels, documents and fees")."""

    ELECTRONIC = "electronic", _("Electronically, in my account")
    COUNTER = "counter", _("At the center's counter")
    POST = "post", _("By public postal service")


class SavedDocument(models.Model):
    """A file in the citizen's data store: uploaded by them, or kept from one of their dossiers (a result or
    a file they filed), reusable in a later filing (scorecard 4.3). Only its citizen ever sees it here; a
    copy attached to a dossier is a DossierDocument, checked and scanned as every dossier file is."""

    citizen = models.ForeignKey(CitizenAccount, models.CASCADE, related_name="saved_documents")
    title = models.CharField(_("document"), max_length=500)
    original_name = models.CharField(_("file name"), max_length=255)
    size = models.PositiveBigIntegerField(_("size (bytes)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    content_type = models.CharField(_("content type"), max_length=100)
    storage_name = models.CharField(max_length=500, editable=False)
    # The dossier file it was kept from (its bytes are that file's), or None for the citizen's own upload.
    source = models.ForeignKey(
        "dossiers.DossierDocument", models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("from")
    )
    created_at = models.DateTimeField(_("saved at"), default=timezone.now)

    class Meta:
        app_label = "dossiers"
        ordering = ["-created_at", "-id"]
        verbose_name = _("saved document")
        verbose_name_plural = _("saved documents")
        constraints = [
            models.UniqueConstraint(
                fields=["citizen", "source"], condition=models.Q(source__isnull=False), name="saved_once_per_source"
            )
        ]

    def __str__(self):
        return self.title


class OnlineFiling(models.Model):
    """A citizen's online filing of one procedure: kept as a draft (resumed later) until submitted, when
    `dossiers.services.dossier_submit` makes it a dossier (status submitted, with its code)."""

    citizen = models.ForeignKey(CitizenAccount, models.CASCADE, related_name="filings")
    procedure = models.ForeignKey("procedures.Procedure", models.PROTECT, related_name="+")
    dossier = models.OneToOneField(
        "dossiers.Dossier", models.PROTECT, null=True, blank=True, related_name="online_filing"
    )
    phone = models.CharField(_("phone"), max_length=16, blank=True)
    email = models.EmailField(_("email"), blank=True)
    address = models.CharField(_("address"), max_length=500, blank=True)
    delivery = models.CharField(
        _("result delivered"), max_length=12, choices=ResultDelivery.choices, default=ResultDelivery.ELECTRONIC
    )
    delivery_address = models.CharField(_("postal address for the result"), max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    # By when the counter must check the submitted filing and receive or refuse it (submission + the rule's
    # ONLINE_FILING_CHECK_WORKING_DAYS); the sweep raises an alert past it.
    check_due_at = models.DateTimeField(_("to be checked by"), null=True, blank=True)

    class Meta:
        app_label = "dossiers"
        ordering = ["-updated_at", "-id"]
        verbose_name = _("online filing")
        verbose_name_plural = _("online filings")
        indexes = [models.Index(fields=["citizen", "submitted_at"], name="filing_citizen_submitted")]

    def __str__(self):
        return f"{self.procedure_id} {self.citizen_id} {self.dossier_id or 'draft'}"

    @property
    def is_draft(self) -> bool:
        return self.dossier_id is None


class FilingComponent(models.Model):
    """The saved document the citizen chose for one of the procedure's required documents."""

    filing = models.ForeignKey(OnlineFiling, models.CASCADE, related_name="components")
    position = models.PositiveSmallIntegerField()
    name = models.CharField(_("document"), max_length=500)
    document = models.ForeignKey(SavedDocument, models.PROTECT, related_name="+")
    # Chosen from documents already in the store (an earlier filing's file or a result), not uploaded for
    # this filing: counted as reuse of digitised data (scorecard 4.3).
    reused = models.BooleanField(default=False)

    class Meta:
        app_label = "dossiers"
        ordering = ["filing", "position"]
        constraints = [models.UniqueConstraint(fields=["filing", "position"], name="one_document_per_component")]

    def __str__(self):
        return f"{self.filing_id} #{self.position}"
