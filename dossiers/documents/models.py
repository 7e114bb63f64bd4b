"""A file attached to a dossier: a scanned or uploaded component, or the electronic result.

Registered in the `dossiers` app (dossiers/models.py imports this module), so its migrations live in
dossiers/migrations. The bytes live in the "documents" storage (settings.STORAGES), never at a public URL:
they are served only by the permission-checked views of dossiers/documents/ (STYLE.md, "Files").
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from center.models import AppendOnlyModel

# The component of a dossier's result file (the others are the positions of the procedure's documents).
RESULT = "result"


class ScanStatus(models.TextChoices):
    PENDING = "pending", _("Being checked")
    CLEAN = "clean", _("Checked, no malware")
    INFECTED = "infected", _("Malware found: refused")
    FAILED = "failed", _("Could not be checked")


class Uploader(models.TextChoices):
    STAFF = "staff", _("Staff")
    APPLICANT = "applicant", _("Applicant")


class DossierDocumentQuerySet(models.QuerySet):
    def clean(self):
        return self.filter(scan_status=ScanStatus.CLEAN)

    def results(self):
        return self.filter(component=RESULT)

    def components(self):
        return self.exclude(component=RESULT)


class DossierDocument(models.Model):
    dossier = models.ForeignKey("dossiers.Dossier", models.PROTECT, related_name="files", verbose_name=_("dossier"))
    # The position (as text) of the procedure's required document this file is a copy of, or "result".
    component = models.CharField(_("component"), max_length=8)
    # The component's name when the file was attached (the procedure's list may change later).
    component_name = models.CharField(_("document"), max_length=500, blank=True)
    original_name = models.CharField(_("file name"), max_length=255)
    size = models.PositiveBigIntegerField(_("size (bytes)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    # Detected from the content (dossiers/documents/checks.py), never taken from the client.
    content_type = models.CharField(_("content type"), max_length=100)
    pages = models.PositiveIntegerField(_("pages"), null=True, blank=True)
    storage_name = models.CharField(max_length=500, editable=False)
    scan_status = models.CharField(
        _("malware check"), max_length=8, choices=ScanStatus.choices, default=ScanStatus.PENDING
    )
    scan_signature = models.CharField(_("malware found"), max_length=255, blank=True)
    scanned_at = models.DateTimeField(_("checked at"), null=True, blank=True)
    scan_attempts = models.PositiveSmallIntegerField(default=0)
    # While pending: when the scanner is asked again (backoff doubling after each time it did not answer).
    next_scan_at = models.DateTimeField(null=True, blank=True)
    uploader = models.CharField(_("uploaded by"), max_length=12, choices=Uploader.choices)
    # The staff member, when staff uploaded it; for the applicant, the account's reference if any.
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("staff")
    )
    uploader_reference = models.CharField(max_length=100, blank=True)
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)
    # The number the agency gave its result (e.g. a certificate number); results only.
    result_number = models.CharField(_("result number"), max_length=64, blank=True)
    # Taken from already digitised data (a citizen's saved document, an earlier result): scorecard 4.3.
    reused_from = models.ForeignKey(
        "self", models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("reused from")
    )

    objects = DossierDocumentQuerySet.as_manager()

    class Meta:
        app_label = "dossiers"
        ordering = ["dossier", "uploaded_at", "id"]
        verbose_name = _("dossier file")
        verbose_name_plural = _("dossier files")
        indexes = [
            models.Index(fields=["dossier", "component"], name="docfile_dossier_component"),
            models.Index(fields=["next_scan_at"], name="docfile_pending", condition=models.Q(scan_status="pending")),
        ]
        constraints = [
            models.CheckConstraint(
                name="docfile_result_number_on_results_only",
                condition=models.Q(component="result") | models.Q(result_number=""),
            ),
            models.CheckConstraint(
                name="docfile_staff_upload_names_staff",
                condition=~models.Q(uploader="staff") | models.Q(uploaded_by__isnull=False),
            ),
        ]

    def __str__(self):
        return f"{self.dossier_id} {self.component} {self.original_name}"

    @property
    def is_result(self) -> bool:
        return self.component == RESULT

    @property
    def is_clean(self) -> bool:
        return self.scan_status == ScanStatus.CLEAN


class DocumentAccess(AppendOnlyModel):
    """One opening of a dossier's file: which file, by whom (a staff user or the applicant), when, from where.

    Staff openings are also written to the personal-data access log (center/privacy.py), which names the
    dossier but not the file; this names the file."""

    document = models.ForeignKey(DossierDocument, models.PROTECT, related_name="accesses")
    at = models.DateTimeField(default=timezone.now)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+")
    by_applicant = models.BooleanField(default=False)
    ip_address = models.GenericIPAddressField(null=True, blank=True)

    class Meta:
        app_label = "dossiers"
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["document", "at"], name="docaccess_document_at")]

    def __str__(self):
        return f"{self.document_id} {self.user_id or 'applicant'} {self.at:%Y-%m-%d %H:%M}"
