"""Roles as Django groups, and the permissions each holds: declared as data, applied after migrate."""

from django.utils.translation import gettext_lazy as _

COUNTER_STAFF = "counter_staff"
AGENCY_SPECIALIST = "agency_specialist"
AGENCY_LEAD = "agency_lead"
CENTER_DIRECTOR = "center_director"
ADMINISTRATOR = "administrator"

ROLE_LABELS = {
    COUNTER_STAFF: _("Counter staff"),
    AGENCY_SPECIALIST: _("Agency specialist"),
    AGENCY_LEAD: _("Agency lead"),
    CENTER_DIRECTOR: _("Center director"),
    ADMINISTRATOR: _("Administrator"),
}

_SPECIALIST = [
    "dossiers.view_dossier",
    "dossiers.transfer_dossier",
    "dossiers.process_dossier",
    "dossiers.record_supplement",
    "dossiers.extend_dossier",
]
# Citizens' feedback (monitoring/feedback.py): the center's staff see and handle all of it, an agency's
# staff only what was forwarded to their agency.
_FEEDBACK = ["monitoring.view_feedback", "monitoring.change_feedback"]

ROLE_PERMISSIONS: dict[str, list[str]] = {
    COUNTER_STAFF: [
        "dossiers.view_dossier",
        "dossiers.receive_dossier",
        "dossiers.transfer_dossier",
        "dossiers.record_supplement",
        "dossiers.return_dossier",
        "dossiers.withdraw_dossier",
        "dossiers.print_register",  # of their own counter (dossiers/register)
        # Fees at the counter (dossiers/payments): cash or card with its receipt; a receipt made in error is
        # cancelled with a reason; the takings of the day.
        "payments.record_payment",
        "payments.cancel_receipt",
        "payments.view_takings",
        *_FEEDBACK,
    ],
    AGENCY_SPECIALIST: [*_SPECIALIST, *_FEEDBACK],
    # The register (Form 07): a lead prints their agency's, a director every counter's and agency's.
    AGENCY_LEAD: [
        *_SPECIALIST,
        *_FEEDBACK,
        "monitoring.view_dashboard",
        "dossiers.print_register",
        "payments.view_takings",
    ],  # fmt: skip
    CENTER_DIRECTOR: [
        "dossiers.view_dossier",
        "monitoring.view_dashboard",
        "dossiers.print_register",
        *_FEEDBACK,
        "payments.view_takings",
    ],  # fmt: skip
    # Master data in the admin site; dossiers themselves change only through the services.
    ADMINISTRATOR: [
        "dossiers.view_dossier",
        *[
            f"{app}.{action}_{model}"
            for app, model in [
                ("procedures", "agency"),
                ("procedures", "field"),
                ("procedures", "procedure"),
                ("procedures", "requireddocument"),
                ("procedures", "procedurestep"),
                ("counters", "counter"),
                ("counters", "staffprofile"),
                ("counters", "servicegroup"),
                ("counters", "kioskdevice"),
                ("center", "calendaroverride"),
                ("center", "nationaldaychange"),
                ("auth", "user"),
            ]
            for action in ("view", "add", "change", "delete")
        ],
        "auth.view_group",
        # Who was shown which applicant's personal data (Law 91/2025/QH15), read-only in the admin.
        "center.view_personaldataaccess",
    ],
}


def ensure_roles(**kwargs):
    """Create the groups and give them exactly their declared permissions (safe to run again)."""
    from django.contrib.auth.models import Group, Permission

    for role, codenames in ROLE_PERMISSIONS.items():
        group, _created = Group.objects.get_or_create(name=role)
        wanted = []
        for dotted in codenames:
            app_label, codename = dotted.split(".")
            permission = Permission.objects.filter(content_type__app_label=app_label, codename=codename).first()
            if permission is not None:
                wanted.append(permission)
        group.permissions.set(wanted)


def user_roles(user) -> set[str]:
    if not user.is_authenticated:
        return set()
    return set(user.groups.values_list("name", flat=True))


def user_agency_id(user) -> int | None:
    """The agency a staff member belongs to; None for the center's staff (who see every agency)."""
    profile = getattr(user, "staff_profile", None)
    return profile.agency_id if profile else None


# --- who may grant what ----------------------------------------------------------------------------------
# An administrator staffs the counters and the agencies. Directors and administrators see or govern the
# whole center, so only a superuser makes one, or touches such an account (edits it, sets its password,
# deactivates or deletes it): an administrator who could would hand out the dashboard and every agency's
# dossiers, or take over a director's account by resetting its password.
STAFF_ROLES = frozenset({COUNTER_STAFF, AGENCY_SPECIALIST, AGENCY_LEAD})
# Their scope is their agency; without one they would act on every agency's dossiers (user_agency_id).
AGENCY_ROLES = frozenset({AGENCY_SPECIALIST, AGENCY_LEAD})


def _grants_everything(by) -> bool:
    return by.is_active and by.is_superuser


def _is_administrator(by) -> bool:
    return by.is_active and ADMINISTRATOR in user_roles(by)


def grantable_groups(by):
    """The groups `by` may give or take away: every group for a superuser, the staff roles for an
    administrator, none for anybody else."""
    from django.contrib.auth.models import Group

    if _grants_everything(by):
        return Group.objects.all()
    if _is_administrator(by):
        return Group.objects.filter(name__in=STAFF_ROLES)
    return Group.objects.none()


def manageable_accounts(by, accounts):
    """Of `accounts` (a User queryset), those `by` may edit, set the password of, deactivate or delete: for an
    administrator, accounts that are not superusers and hold no group beyond the staff roles (so neither
    another administrator's nor their own)."""
    from django.contrib.auth.models import Group

    if _grants_everything(by):
        return accounts
    if not _is_administrator(by):
        return accounts.none()
    beyond = Group.objects.exclude(name__in=STAFF_ROLES)
    return accounts.filter(is_superuser=False).exclude(groups__in=beyond)


def can_manage_account(by, account) -> bool:
    return manageable_accounts(by, type(account).objects.filter(pk=account.pk)).exists()


def role_grant_problem(by, *, role_names: set[str], has_agency: bool) -> str | None:
    """Why `by` may not leave an account with these roles and this agency, or None if they may. Groups
    outside grantable_groups are refused by the form's choices; this adds that an administrator's agency
    staff belong to an agency."""
    if _grants_everything(by) or not role_names & AGENCY_ROLES or has_agency:
        return None
    return str(_("An agency specialist or lead must belong to an agency: choose the agency in the staff profile."))


def can_define_roles(by) -> bool:
    """Editing a group's permissions changes what every holder of the role may do: a superuser's call."""
    return _grants_everything(by)
