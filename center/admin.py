from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import User
from django.utils.translation import gettext_lazy as _

from center import admin_calendar  # noqa: F401  (registers the calendar's two admins)
from center.models import PersonalDataAccess
from counters.models import StaffProfile

admin.site.site_header = _("One-stop center administration")
admin.site.site_title = _("One-stop center")
admin.site.index_title = _("Master data")


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


@admin.register(PersonalDataAccess)
class PersonalDataAccessAdmin(admin.ModelAdmin):
    """Read-only: the record of who was shown which applicant's personal data, and why (Law 91/2025/QH15).
    Written only by center.privacy.personal_data_access_record; nobody adds, edits or deletes it here."""

    list_display = ["at", "user", "dossier_code", "purpose", "view_name", "ip_address"]
    list_filter = ["purpose"]
    search_fields = ["dossier_code", "user__username"]
    date_hierarchy = "at"
    list_select_related = ["user"]
    show_full_result_count = False

    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in self.model._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
