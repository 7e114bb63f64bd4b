from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import User
from django.utils.translation import gettext_lazy as _

from center.models import AccessPurpose, CalendarOverride, PersonalDataAccess
from center.privacy import personal_data_shown, search_hash
from counters.models import StaffProfile

admin.site.site_header = _("One-stop center administration")
admin.site.site_title = _("One-stop center")
admin.site.index_title = _("Master data")


@admin.register(CalendarOverride)
class CalendarOverrideAdmin(admin.ModelAdmin):
    list_display = ["date", "is_working_day", "reason"]
    list_filter = ["is_working_day"]
    date_hierarchy = "date"


class StaffProfileInline(admin.StackedInline):
    """Who the user works for and where they sit, edited on the user's own page."""

    model = StaffProfile
    can_delete = False
    extra = 0
    max_num = 1


class StaffUserAdmin(UserAdmin):
    inlines = [StaffProfileInline]
    list_display = ["username", "first_name", "last_name", "is_active", "is_staff"]
    list_filter = ["groups", "is_active", "is_staff", "staff_profile__agency"]

    def get_readonly_fields(self, request, obj=None):
        """Roles are given as groups. Superuser status and permissions outside the roles are a superuser's to
        give, and nobody else changes their own roles: an administrator who could tick them would hold every
        permission (any action on any agency's dossiers)."""
        fields = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            fields += ["is_superuser", "user_permissions"]
            if obj is not None and obj.pk == request.user.pk:
                fields += ["groups"]
        return fields

    def has_change_permission(self, request, obj=None):
        # A superuser's account, and so its password, is a superuser's business.
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_delete_permission(request, obj)


admin.site.unregister(User)
admin.site.register(User, StaffUserAdmin)


class RecordsPersonalDataAccess:
    """For a read-only admin whose change page shows personal data: each showing is recorded, with the
    purpose "administration" (Law 91/2025/QH15). `shown_as` names what it shows in `personal_data_shown`."""

    shown_as: str  # "dossiers" or "counter_slips"

    def change_view(self, request, object_id, form_url="", extra_context=None):
        shown = self.get_object(request, object_id)
        if shown is not None and self.has_view_permission(request, shown):
            personal_data_shown(
                user=request.user, purpose=AccessPurpose.ADMINISTRATION, request=request, **{self.shown_as: [shown]}
            )
        return super().change_view(request, object_id, form_url, extra_context)


@admin.register(PersonalDataAccess)
class PersonalDataAccessAdmin(admin.ModelAdmin):
    """Read-only: the record of who was shown which personal data, and why (Law 91/2025/QH15).
    Written only by center.privacy; nobody adds, edits or deletes it here. Searching for a term (an ID
    number, a name) also finds the worklist searches made with it, by its keyed hash."""

    list_display = [
        "at", "user", "purpose", "dossier_code", "feedback_id", "counter_slip_number", "view_name", "ip_address",
    ]  # fmt: skip
    list_filter = ["purpose"]
    search_fields = ["dossier_code", "counter_slip_number", "user__username"]
    date_hierarchy = "at"
    list_select_related = ["user"]
    show_full_result_count = False

    def get_search_results(self, request, queryset, search_term):
        found, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        if search_term.strip():
            found |= queryset.filter(search_hash=search_hash(search_term))
        return found, may_have_duplicates

    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in self.model._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
