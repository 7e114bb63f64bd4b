from django.contrib import admin

from center.admin_widgets import TolerantAutocompleteMixin
from counters.models import Counter, CounterSlip, ServiceGroup, StaffProfile, Ticket


@admin.register(Counter)
class CounterAdmin(admin.ModelAdmin):
    list_display = ["number", "name", "is_active"]
    list_filter = ["is_active", "agencies"]
    filter_horizontal = ["agencies"]
    search_fields = ["name"]


@admin.register(StaffProfile)
class StaffProfileAdmin(TolerantAutocompleteMixin, admin.ModelAdmin):
    list_display = ["user", "agency", "counter", "title"]
    list_filter = ["agency", "counter"]
    search_fields = ["user__username", "user__first_name", "user__last_name"]
    autocomplete_fields = ["user", "agency"]
    list_select_related = ["user", "agency", "counter"]


@admin.register(ServiceGroup)
class ServiceGroupAdmin(admin.ModelAdmin):
    list_display = ["prefix", "name", "position", "is_active"]
    list_editable = ["position", "is_active"]
    filter_horizontal = ["agencies"]
    search_fields = ["name", "prefix"]


@admin.register(Ticket)
class TicketAdmin(admin.ModelAdmin):
    """Read-only: tickets change only at the kiosk and the counter desk."""

    list_display = ["label", "day", "status", "counter", "wait_seconds", "service_seconds"]
    list_filter = ["day", "status", "group", "counter"]
    list_select_related = ["group", "counter"]
    date_hierarchy = "day"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(CounterSlip)
class CounterSlipAdmin(admin.ModelAdmin):
    list_display = ["number", "kind", "procedure", "issued_at", "counter"]
    list_filter = ["kind", "counter"]
    list_select_related = ["procedure", "counter"]
    search_fields = ["number"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
