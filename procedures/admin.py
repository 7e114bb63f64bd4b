from urllib.parse import urlencode

from django.contrib import admin
from django.core.validators import MinValueValidator
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from center.admin_widgets import TolerantAutocompleteMixin
from procedures.models import Agency, Field, Procedure, ProcedureStep, RequiredDocument


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "short_name", "kind", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["code", "name", "short_name"]


@admin.register(Field)
class FieldAdmin(admin.ModelAdmin):
    list_display = ["code", "name"]
    search_fields = ["code", "name"]


class RequiredDocumentInline(admin.TabularInline):
    model = RequiredDocument
    extra = 1


class ProcedureStepInline(TolerantAutocompleteMixin, admin.TabularInline):
    model = ProcedureStep
    extra = 0
    autocomplete_fields = ["agency"]


@admin.register(Procedure)
class ProcedureAdmin(TolerantAutocompleteMixin, admin.ModelAdmin):
    list_display = [
        "code",
        "name",
        "agency",
        "field",
        "processing_days",
        "online_level",
        "handled_at_center",
        "is_active",
    ]
    list_filter = ["agency", "field", "online_level", "handled_at_center", "is_active"]
    search_fields = ["code", "name", "search_text"]
    autocomplete_fields = ["agency", "field"]
    inlines = [RequiredDocumentInline, ProcedureStepInline]
    list_select_related = ["agency", "field"]
    readonly_fields = ["supplement_requests"]

    @admin.display(description=_("Supplement requests"))
    def supplement_requests(self, procedure):
        """Which documents applicants most often had to bring later (monitoring/forecasts/supplements.py), so
        that the procedure's guidance can be fixed."""
        if procedure.pk is None:
            return "—"
        url = f"{reverse('forecast-supplements')}?{urlencode({'procedure': procedure.code})}"
        return format_html('<a href="{}" id="supplement-requests">{}</a>', url, _("Documents missing most often"))

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name == "processing_days":
            # 0 days would make every dossier due the moment it is received (late before anyone saw it).
            field.validators.append(MinValueValidator(1, _("The processing time is at least one working day.")))
            field.widget.attrs["min"] = 1
        return field
