"""The archive's tables. Plain integer columns, not foreign keys, for the catalogue (site, agency,
procedure): like the rollups, an archived row is a record, and it must not stop the catalogue from changing;
a restore checks that what it points at still exists (the database refuses it otherwise)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from dossiers.archive.records import ExactJSONEncoder
from dossiers.models import Channel, Outcome
from dossiers.workflow import DossierStatus


class ArchivedDossier(models.Model):
    code = models.CharField(_("dossier code"), max_length=40, unique=True)
    dossier_id = models.BigIntegerField(_("dossier id"), unique=True)
    # What the rollups count by (monitoring/rollups/maintain.py State), as the dossier last had it.
    received_at = models.DateTimeField(null=True, blank=True)
    result_ready_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(_("status"), max_length=24, choices=DossierStatus.choices)
    outcome = models.CharField(_("punctuality"), max_length=8, choices=Outcome.choices, blank=True)
    site_id = models.IntegerField(null=True, blank=True)
    agency_id = models.IntegerField()
    procedure_id = models.IntegerField()
    channel = models.CharField(_("channel"), max_length=8, choices=Channel.choices)
    due_at = models.DateTimeField(null=True, blank=True)
    counter_id = models.IntegerField(null=True, blank=True)
    handed_over_at = models.DateTimeField(null=True, blank=True)
    handover_due_at = models.DateTimeField(null=True, blank=True)
    # The sum of the rating's five criteria (what Flow.score_sum adds), None when the dossier was not rated.
    rating_score = models.PositiveSmallIntegerField(null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"))
    archived_at = models.DateTimeField(_("archived at"))
    # {"rows": the dossier and its rows in django.core.serializers' JSON form, parents first;
    #  "links": ids of rows that outlive the dossier and pointed at it (feedback, queue tickets, saved documents)}
    record = models.JSONField(encoder=ExactJSONEncoder)

    class Meta:
        ordering = ["-archived_at", "-id"]
        verbose_name = _("archived dossier")
        verbose_name_plural = _("archived dossiers")
        indexes = [
            models.Index(fields=["received_at"], name="archive_received"),
            models.Index(fields=["result_ready_at"], name="archive_result_ready"),
            models.Index(fields=["closed_at"], name="archive_closed"),
        ]

    def __str__(self):
        return self.code


class ArchivedFile(models.Model):
    """A file of an archived dossier: its document id (another dossier's file may have been reused from it,
    and a restore of that one needs this one back first) and the storage key its bytes are still kept at."""

    archive = models.ForeignKey(ArchivedDossier, models.CASCADE, related_name="files")
    document_id = models.BigIntegerField(unique=True)
    storage_name = models.CharField(max_length=500)

    def __str__(self):
        return f"{self.archive_id} {self.document_id}"
