from django.db import models
from django.utils.translation import gettext_lazy as _


class AgencyKind(models.TextChoices):
    DEPARTMENT = "department", _("Provincial department")
    BOARD = "board", _("Management board")
    CENTRAL = "central", _("Central agency in the province")
    DISTRICT = "district", _("District")


class Agency(models.Model):
    code = models.CharField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=255)
    short_name = models.CharField(_("short name"), max_length=64)
    kind = models.CharField(_("kind"), max_length=16, choices=AgencyKind.choices)
    # The line above the agency's name on the letters it issues (Forms 02, 04, 05): its superior body.
    letterhead_parent = models.CharField(
        _("superior body on letterheads"),
        max_length=255,
        blank=True,
        help_text=_(
            "Printed above the agency's name on the letters it issues, e.g. “UBND TỈNH QUẢNG TRỊ” or "
            "“BỘ CÔNG AN”. Empty: the provincial People's Committee, as in the center's own header."
        ),
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")

    def __str__(self):
        return self.name


class Field(models.Model):
    """A field of procedures (lĩnh vực), e.g. business registration, land, construction."""

    code = models.CharField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=255)

    class Meta:
        ordering = ["name"]
        verbose_name = _("field")
        verbose_name_plural = _("fields")

    def __str__(self):
        return self.name


class OnlineLevel(models.TextChoices):
    FULL = "full", _("Full online")
    PARTIAL = "partial", _("Partial online")
    NONE = "none", _("Not online")


class FeeKind(models.TextChoices):
    # Law 97/2015/QH13 on fees and charges: "phí" pays for a service, "lệ phí" for a state administrative act.
    CHARGE = "charge", _("Administrative charge")
    FEE = "fee", _("Service fee")


class ProcedureQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)


class Procedure(models.Model):
    code = models.CharField(_("national code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=500)
    # Accent-free lower-case copy of code and name, so "dang ky kinh doanh" finds "Đăng ký kinh doanh".
    search_text = models.TextField(_("search text"), editable=False, default="")
    agency = models.ForeignKey(Agency, models.PROTECT, related_name="procedures", verbose_name=_("agency"))
    field = models.ForeignKey(Field, models.PROTECT, related_name="procedures", verbose_name=_("field"))
    processing_days = models.PositiveSmallIntegerField(_("processing time (working days)"))
    fee_text = models.CharField(_("fees"), max_length=500, blank=True)
    fee_amount = models.PositiveIntegerField(_("fee amount (VND)"), default=0)
    # What fee_amount is (a service fee "phí" or an administrative charge "lệ phí", Law 97/2015/QH13) and the
    # text that sets it: printed on the dossier's charges and receipts (dossiers/payments).
    fee_kind = models.CharField(
        _("kind of fee"),
        max_length=8,
        choices=FeeKind.choices,
        default=FeeKind.CHARGE,
    )
    fee_legal_basis = models.CharField(_("legal basis of the fee"), max_length=500, blank=True)
    # Can the fee be paid online through the payment platform (scorecard, online payment group)?
    fee_payable_online = models.BooleanField(_("fee payable online"), default=True)
    online_level = models.CharField(_("online level"), max_length=8, choices=OnlineLevel.choices)
    result_type = models.CharField(_("result"), max_length=500)
    legal_basis = models.TextField(_("legal basis"), blank=True)
    # As the national procedures database publishes them (trình tự thực hiện, yêu cầu, điều kiện).
    steps_text = models.TextField(_("steps to follow"), blank=True, help_text=_("One step a line."))
    conditions = models.TextField(_("requirements and conditions"), blank=True)
    handled_at_center = models.BooleanField(_("handled at the center"), default=True)
    is_active = models.BooleanField(_("active"), default=True)

    objects = ProcedureQuerySet.as_manager()

    class Meta:
        ordering = ["code"]
        verbose_name = _("procedure")
        verbose_name_plural = _("procedures")

    def __str__(self):
        return f"{self.code} — {self.name}"

    def save(self, *args, **kwargs):
        from procedures.search import fold

        self.search_text = fold(f"{self.code} {self.name}")
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "search_text"}
        super().save(*args, **kwargs)


class RequiredDocument(models.Model):
    """One item of the dossier's components (thành phần hồ sơ), in order."""

    procedure = models.ForeignKey(Procedure, models.CASCADE, related_name="documents")
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    name = models.CharField(_("document"), max_length=500)
    originals = models.PositiveSmallIntegerField(_("originals"), default=0)
    copies = models.PositiveSmallIntegerField(_("copies"), default=0)
    is_optional = models.BooleanField(_("optional"), default=False)
    # The blank form (mẫu đơn, tờ khai) the applicant fills in, where the document is one: a link to it
    # on the national procedures database or the province's portal.
    form_url = models.URLField(_("form to download (link)"), max_length=1000, blank=True)

    class Meta:
        ordering = ["procedure", "position", "id"]
        verbose_name = _("required document")
        verbose_name_plural = _("required documents")

    def __str__(self):
        return self.name


class ProcedureStep(models.Model):
    """A step of an inter-agency chain (một cửa liên thông): which agency, how many working days."""

    procedure = models.ForeignKey(Procedure, models.CASCADE, related_name="steps")
    position = models.PositiveSmallIntegerField(_("position"))
    agency = models.ForeignKey(Agency, models.PROTECT, related_name="+", verbose_name=_("agency"))
    working_days = models.PositiveSmallIntegerField(_("working days"))
    description = models.CharField(_("description"), max_length=255, blank=True)

    class Meta:
        ordering = ["procedure", "position"]
        constraints = [models.UniqueConstraint(fields=["procedure", "position"], name="unique_step_position")]
        verbose_name = _("inter-agency step")
        verbose_name_plural = _("inter-agency steps")

    def __str__(self):
        return f"{self.position}. {self.agency} ({self.working_days})"
