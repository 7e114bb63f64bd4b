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
        *_FEEDBACK,
    ],
    AGENCY_SPECIALIST: [*_SPECIALIST, *_FEEDBACK],
    AGENCY_LEAD: [*_SPECIALIST, *_FEEDBACK, "monitoring.view_dashboard"],
    CENTER_DIRECTOR: ["dossiers.view_dossier", "monitoring.view_dashboard", *_FEEDBACK],
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
