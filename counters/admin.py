from django.contrib import admin
from django.contrib.auth.models import User
from django.utils.translation import gettext_lazy as _

from center import roles
from center.admin import RecordsPersonalDataAccess
from center.admin_widgets import TolerantAutocompleteMixin
from counters.models import Counter, CounterSlip, KioskDevice, ServiceGroup, Site, SiteDayOff, StaffProfile, Ticket


class SiteDayOffInline(admin.TabularInline):
    model = SiteDayOff
    extra = 1


@admin.register(Site)
class SiteAdmin(admin.ModelAdmin):
    """The province's reception sites; moving a staff member is changing the site in their profile."""

    list_display = ["name", "code", "kind", "address", "position", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "code", "address"]
    inlines = [SiteDayOffInline]


@admin.register(Counter)
class CounterAdmin(admin.ModelAdmin):
    list_display = ["number", "name", "site", "is_active"]
    list_filter = ["site", "is_active", "agencies"]
    filter_horizontal = ["agencies"]
    search_fields = ["name"]


@admin.register(StaffProfile)
class StaffProfileAdmin(TolerantAutocompleteMixin, admin.ModelAdmin):
    list_display = ["user", "site", "agency", "counter", "title"]
    list_filter = ["site", "agency", "counter"]
    search_fields = ["user__username", "user__first_name", "user__last_name"]
    autocomplete_fields = ["user", "agency"]
    list_select_related = ["user", "site", "agency", "counter"]

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        return type(form.__name__, (ProfileGrantCheckedForm, form), {"granter": request.user})

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        # Only the profile of an account the user may manage (center.roles): an administrator who set a
        # director's agency would narrow what the director supervises.
        if db_field.name == "user":
            kwargs["queryset"] = roles.manageable_accounts(request.user, User.objects.all())
            kwargs["error_messages"] = {"invalid_choice": _("Only a superuser manages this account.")}
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or roles.can_manage_account(request.user, obj.user))

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or roles.can_manage_account(request.user, obj.user))


class ProfileGrantCheckedForm:
    """An agency's staff keep an agency here too (center.roles.role_grant_problem)."""

    granter = None

    def clean(self):
        cleaned = super().clean()
        user = cleaned.get("user")
        if user is not None:
            has_agency = cleaned.get("agency") is not None
            problem = roles.role_grant_problem(self.granter, role_names=roles.user_roles(user), has_agency=has_agency)
            if problem:
                self.add_error("agency", problem)
        return cleaned


@admin.register(ServiceGroup)
class ServiceGroupAdmin(admin.ModelAdmin):
    list_display = ["prefix", "name", "site", "position", "is_active"]
    list_filter = ["site"]
    list_editable = ["position", "is_active"]
    filter_horizontal = ["agencies"]
    search_fields = ["name", "prefix"]


@admin.register(KioskDevice)
class KioskDeviceAdmin(admin.ModelAdmin):
    """Kiosks are registered from their own screen (/lay-so/dang-ky-may/), which receives the token;
    here they are renamed, switched off (revoking the token) or deleted."""

    list_display = ["name", "site", "is_active", "registered_at", "registered_by"]
    list_editable = ["is_active"]
    list_select_related = ["registered_by"]
    readonly_fields = ["registered_at", "registered_by"]

    def has_add_permission(self, request):
        return False


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
class CounterSlipAdmin(RecordsPersonalDataAccess, admin.ModelAdmin):
    """Read-only; its page shows the applicant's ID number and phone, so each showing is recorded."""

    shown_as = "counter_slips"
    list_display = ["number", "kind", "procedure", "issued_at", "counter"]
    list_filter = ["kind", "counter"]
    list_select_related = ["procedure", "counter"]
    search_fields = ["number"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
