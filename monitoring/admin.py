from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from monitoring.models import Alert, OutboxMessage, PeriodicReport, StaffContact, SweepState
from monitoring.services import outbox_resolve_uncertain


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
    """Read-only record of notifications: what was sent, what waits, what was given up and why. The one
    decision left to a person: a message whose sending was interrupted (status uncertain) may or may not
    have reached its recipient; after asking them, mark it sent or send it again."""

    list_display = ["created_at", "channel", "template", "status", "attempts", "next_attempt_at", "sent_at"]
    list_filter = ["status", "channel", "template"]
    search_fields = ["dossier__code", "recipient"]
    actions = ["mark_sent", "send_again"]

    def has_resolve_permission(self, request):
        return request.user.has_perm("monitoring.change_outboxmessage")

    @admin.action(description=_("Uncertain messages: the recipient got it (mark as sent)"), permissions=["resolve"])
    def mark_sent(self, request, queryset):
        done = outbox_resolve_uncertain(message_ids=list(queryset.values_list("pk", flat=True)), sent=True)
        text = ngettext("%(count)d message marked as sent.", "%(count)d messages marked as sent.", done)
        self.message_user(request, text % {"count": done})

    @admin.action(description=_("Uncertain messages: send again"), permissions=["resolve"])
    def send_again(self, request, queryset):
        done = outbox_resolve_uncertain(message_ids=list(queryset.values_list("pk", flat=True)), sent=False)
        text = ngettext("%(count)d message will be sent again.", "%(count)d messages will be sent again.", done)
        self.message_user(request, text % {"count": done})


@admin.register(SweepState)
class SweepStateAdmin(ReadOnly):
    list_display = ["name", "swept_at", "last_candidates", "last_alerts", "last_duration_ms"]


@admin.register(PeriodicReport)
class PeriodicReportAdmin(ReadOnly):
    """Read-only and never deleted: a report, once made, is kept as it was (a new version is made instead,
    on the directors' reports page)."""

    list_display = ["kind", "first", "last", "version", "created_at", "created_by"]
    list_filter = ["kind"]
    fields = ["kind", "first", "last", "version", "created_at", "created_by", "xlsx", "xlsx_sha256", "pdf",
              "pdf_sha256", "changes"]  # fmt: skip

    def has_delete_permission(self, request, obj=None):
        return False
