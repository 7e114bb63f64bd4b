from django.contrib import admin
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from center.admin import RecordsPersonalDataAccess
from dossiers.models import Dossier, DossierEvent
from procedures.templatetags.documents import document_counts


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
    exclude = ["documents"]  # shown as documents_received
    show_full_result_count = False

    def get_readonly_fields(self, request, obj=None):
        # The documents received as a numbered list, not the JSON they are kept in.
        return [f.name if f.name != "documents" else "documents_received" for f in self.model._meta.fields]

    @admin.display(description=_("documents received"))
    def documents_received(self, obj):
        items = [(d.get("name", ""), document_counts(d.get("originals", 0), d.get("copies", 0))) for d in obj.documents]
        if not items:
            return "—"
        return format_html("<ol>{}</ol>", format_html_join("", "<li>{} <small>({})</small></li>", items))

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False
