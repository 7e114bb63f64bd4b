from django.contrib import admin

from center.admin import RecordsPersonalDataAccess
from dossiers.models import Dossier, DossierEvent


class DossierEventInline(admin.TabularInline):
    model = DossierEvent
    fields = ["at", "kind", "from_status", "to_status", "agency", "actor", "note"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Dossier)
class DossierAdmin(RecordsPersonalDataAccess, admin.ModelAdmin):
    """Read-only: dossiers change only through the workflow services, which audit every change."""

    list_display = ["code", "procedure", "agency", "status", "received_at", "due_at", "outcome"]
    list_filter = ["status", "outcome", "channel", "agency"]
    search_fields = ["code"]
    list_select_related = ["procedure", "agency"]
    inlines = [DossierEventInline]
    shown_as = "dossiers"
    show_full_result_count = False

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False
