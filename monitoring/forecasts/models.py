"""What the forecast keeps: the fitted curves (ForecastModel), each open dossier's prediction
(DossierForecast) so pages never refit, and the apology letters drafted for dossiers at risk
(ExtensionDraft). Imported by monitoring/models.py: they belong to the monitoring app."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ForecastModel(models.Model):
    """One fit of the baseline: the curves per group (monitoring/forecasts/survival.py) as JSON."""

    trained_at = models.DateTimeField(_("trained at"))
    # The history used: dossiers received before this moment, as they stood then.
    trained_until = models.DateTimeField(_("history until"))
    dossiers = models.PositiveIntegerField(_("dossiers learnt from"))
    tables = models.JSONField(default=dict)

    class Meta:
        ordering = ["-trained_at", "-id"]
        get_latest_by = "trained_at"
        verbose_name = _("forecast model")
        verbose_name_plural = _("forecast models")

    def __str__(self):
        return f"{self.trained_at:%Y-%m-%d %H:%M} ({self.dossiers})"


class ForecastLevel(models.TextChoices):
    PROCEDURE = "procedure", _("the same procedure")
    AGENCY = "agency", _("the same agency's procedures")
    ALL = "all", _("all procedures")


class DossierForecast(models.Model):
    """The latest prediction for an open dossier; replaced by each refresh, deleted once it closes."""

    dossier = models.OneToOneField("dossiers.Dossier", models.CASCADE, primary_key=True, related_name="forecast")
    model = models.ForeignKey(ForecastModel, models.CASCADE, related_name="+")
    computed_at = models.DateTimeField(_("computed at"))
    finish_p50 = models.DateTimeField(_("expected finish"))
    finish_p90 = models.DateTimeField(_("finish at the latest (90 %)"))
    overdue_risk = models.FloatField(_("risk of missing the deadline"))
    # Why: the group the estimate rests on, how many comparable dossiers, the time used and left.
    level = models.CharField(_("based on"), max_length=12, choices=ForecastLevel.choices)
    comparable = models.PositiveIntegerField(_("comparable dossiers"))
    elapsed_days = models.FloatField(_("working days used"))
    paused = models.BooleanField(_("paused"), default=False)

    class Meta:
        verbose_name = _("dossier forecast")
        verbose_name_plural = _("dossier forecasts")
        indexes = [models.Index(fields=["-overdue_risk"], name="forecast_risk")]

    def __str__(self):
        return f"{self.dossier_id} {self.overdue_risk:.2f}"


class DraftStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for the specialist")
    CONFIRMED = "confirmed", _("Issued")
    DISCARDED = "discarded", _("Discarded")


class ExtensionDraft(models.Model):
    """An apology and extension letter (Form 04) the portal drafted for a dossier at risk, with the new
    date the forecast proposes; the specialist confirms (dossiers.services.dossier_extend) or discards it.
    One per dossier, ever (a database constraint), however often the refresh runs."""

    dossier = models.OneToOneField("dossiers.Dossier", models.CASCADE, related_name="extension_draft")
    created_at = models.DateTimeField(_("drafted at"))
    proposed_due_at = models.DateTimeField(_("proposed new appointment"))
    overdue_risk = models.FloatField(_("risk when drafted"))
    status = models.CharField(_("status"), max_length=10, choices=DraftStatus.choices, default=DraftStatus.PENDING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("decided by")
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    class Meta:
        verbose_name = _("drafted apology letter")
        verbose_name_plural = _("drafted apology letters")

    def __str__(self):
        return f"{self.dossier_id} {self.status}"
