from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group, User
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from center import (
    admin_calendar,  # noqa: F401  (registers the calendar's two admins)
    people,
    roles,
)
from center.models import AccessPurpose, PersonalDataAccess
from center.privacy import personal_data_shown, search_hash
from counters.models import StaffProfile

admin.site.site_header = _("One-stop center administration")
admin.site.site_title = _("One-stop center")
admin.site.index_title = _("Master data")


# The inline's form prefix: its fields arrive as "staff_profile-0-agency" beside the user's own.
PROFILE_PREFIX = StaffProfile._meta.get_field("user").remote_field.get_accessor_name()


class StaffProfileInline(admin.StackedInline):
    """Who the user works for and where they sit, edited on the user's own page."""

    model = StaffProfile
    can_delete = False
    extra = 0
    max_num = 1

    def get_extra(self, request, obj=None, **kwargs):
        # Shown open on a new account, so an agency's staff get their agency in the same step as their role.
        return 0 if obj is not None and hasattr(obj, "staff_profile") else 1


class GrantCheckedForm:
    """Mixed into the user's add and change forms: the roles ticked must suit the agency posted beside them
    (center.roles.role_grant_problem). `granter` is the signed-in user, set by StaffUserAdmin.get_form."""

    granter = None

    def clean(self):
        cleaned = super().clean()
        if "groups" in cleaned:
            names = {group.name for group in cleaned["groups"]}
            problem = roles.role_grant_problem(self.granter, role_names=names, has_agency=self._has_agency())
            if problem:
                self.add_error("groups", problem)
        return cleaned

    def _has_agency(self) -> bool:
        """Whether the staff profile inline, posted with the form, names an agency (the inline's own
        validation checks the value). Absent, the profile is saved without one."""
        return bool(self.data.get(f"{PROFILE_PREFIX}-0-agency"))


def grant_refused_message(by) -> str:
    labels = [str(roles.ROLE_LABELS.get(group.name, group.name)) for group in roles.grantable_groups(by)]
    return gettext("You may grant only these roles: %(roles)s. Only a superuser grants the others.") % {
        "roles": ", ".join(labels)
    }


class StaffUserAdmin(UserAdmin):
    """Accounts and their roles. Who may grant which role and touch which account is center.roles's rule
    (grantable_groups, manageable_accounts); every way in here goes through it: the forms' role choices,
    the change and password pages (has_change_permission), single and bulk deletion (has_delete_permission,
    which Django's delete_selected asks for each account)."""

    inlines = [StaffProfileInline]
    list_display = ["username", "full_name", "is_active", "is_staff"]
    list_filter = ["groups", "is_active", "is_staff", "staff_profile__agency"]
    # Roles on the add page too: a new account gets its role and agency in one step.
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("username", "usable_password", "password1", "password2", "groups")}),
    )

    @admin.display(description=_("Full name"), ordering="first_name")
    def full_name(self, user) -> str:
        """Family name first, as every page names staff (center.people); sorted by given name, the
        Vietnamese way."""
        return people.full_name(user)

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        return type(form.__name__, (GrantCheckedForm, form), {"granter": request.user})

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "groups":
            kwargs["queryset"] = roles.grantable_groups(request.user)
            kwargs["error_messages"] = {"invalid_choice": grant_refused_message(request.user)}
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def get_readonly_fields(self, request, obj=None):
        """Superuser status and permissions outside the roles are a superuser's to give: an administrator who
        could tick them would hold every permission (any action on any agency's dossiers)."""
        fields = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            fields += ["is_superuser", "user_permissions"]
        return fields

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or roles.can_manage_account(request.user, obj))

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or roles.can_manage_account(request.user, obj))


class RoleAdmin(GroupAdmin):
    """The roles' permissions are declared in center.roles and set by ensure_roles; only a superuser edits
    a group here, whatever permissions the administrator's group is given."""

    def has_add_permission(self, request):
        return roles.can_define_roles(request.user) and super().has_add_permission(request)

    def has_change_permission(self, request, obj=None):
        return roles.can_define_roles(request.user) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return roles.can_define_roles(request.user) and super().has_delete_permission(request, obj)


admin.site.unregister(User)
admin.site.register(User, StaffUserAdmin)
admin.site.unregister(Group)
admin.site.register(Group, RoleAdmin)


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
