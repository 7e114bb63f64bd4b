from django.contrib import admin

from monitoring.models import Alert, OutboxMessage, StaffContact, SweepState


class ReadOnly(admin.ModelAdmin):
    """Rows written by the services only; the admin shows them."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(StaffContact)
class StaffContactAdmin(admin.ModelAdmin):
    """Where staff get deadline alerts by SMS (email goes to the account's address)."""

    list_display = ["user", "mobile", "sms_enabled", "email_enabled"]
    search_fields = ["user__username", "user__last_name", "mobile"]
    raw_id_fields = ["user"]


@admin.register(Alert)
class AlertAdmin(ReadOnly):
    """Read-only: alerts are raised by the sweep and acknowledged on the supervision pages."""

    list_display = ["dossier", "kind", "agency", "due_at", "raised_at", "acknowledged_at"]
    list_filter = ["kind", "agency"]
    list_select_related = ["dossier", "agency"]
    search_fields = ["dossier__code"]


@admin.register(OutboxMessage)
class OutboxMessageAdmin(ReadOnly):
    """Read-only record of notifications: what was sent, what waits, what was given up and why."""

    list_display = ["created_at", "channel", "template", "status", "attempts", "next_attempt_at", "sent_at"]
    list_filter = ["status", "channel", "template"]
    search_fields = ["dossier__code", "recipient"]


@admin.register(SweepState)
class SweepStateAdmin(ReadOnly):
    list_display = ["name", "swept_at", "last_candidates", "last_alerts", "last_duration_ms"]
