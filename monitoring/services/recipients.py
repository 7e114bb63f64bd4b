"""Who gets a deadline alert: the responsible specialist and the agency's lead; the director too when
the alert is an escalation. Loaded once per sweep (a handful of staff), never per dossier."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.contrib.auth.models import User

from center import roles
from dossiers.models import DossierEvent
from monitoring.models import OutboxChannel


@dataclass
class Directory:
    users: dict[int, User] = field(default_factory=dict)
    specialists: dict[int, list[int]] = field(default_factory=lambda: defaultdict(list))
    leads: dict[int, list[int]] = field(default_factory=lambda: defaultdict(list))
    directors: list[int] = field(default_factory=list)

    def addresses(self, user_id: int) -> list[tuple[str, str]]:
        """(channel, address) pairs the user receives alerts on."""
        user = self.users[user_id]
        contact = getattr(user, "alert_contact", None)
        found = []
        if user.email and (contact is None or contact.email_enabled):
            found.append((OutboxChannel.EMAIL, user.email))
        if contact is not None and contact.mobile and contact.sms_enabled:
            found.append((OutboxChannel.SMS, contact.mobile))
        return found


def staff_directory() -> Directory:
    """Active specialists, leads and directors with their agency and contact (two small queries)."""
    directory = Directory()
    wanted = {roles.AGENCY_SPECIALIST, roles.AGENCY_LEAD, roles.CENTER_DIRECTOR}
    memberships = defaultdict(set)
    for user_id, group in User.groups.through.objects.filter(user__is_active=True, group__name__in=wanted).values_list(
        "user_id", "group__name"
    ):
        memberships[user_id].add(group)
    for user in User.objects.filter(pk__in=list(memberships)).select_related("staff_profile", "alert_contact"):
        directory.users[user.pk] = user
        profile = getattr(user, "staff_profile", None)
        agency_id = profile.agency_id if profile else None
        groups = memberships[user.pk]
        if roles.AGENCY_SPECIALIST in groups and agency_id:
            directory.specialists[agency_id].append(user.pk)
        if roles.AGENCY_LEAD in groups and agency_id:
            directory.leads[agency_id].append(user.pk)
        if roles.CENTER_DIRECTOR in groups and agency_id is None:
            directory.directors.append(user.pk)
    return directory


def responsible_specialists(dossier_rows: list[dict], directory: Directory) -> dict[int, list[int]]:
    """dossier id -> the specialist responsible: the last specialist of the agency now holding the
    dossier who acted on it; if none has yet, every specialist of that agency (one query)."""
    all_specialists = [pk for ids in directory.specialists.values() for pk in ids]
    holder = {row["pk"]: row["current_agency_id"] or row["agency_id"] for row in dossier_rows}
    last: dict[int, int] = {}
    if all_specialists and holder:
        events = (
            DossierEvent.objects.filter(dossier_id__in=list(holder), actor_id__in=all_specialists)
            .order_by("dossier_id", "-at", "-id")
            .values_list("dossier_id", "actor_id")
        )
        for dossier_id, actor_id in events:
            if dossier_id not in last and actor_id in directory.specialists.get(holder[dossier_id], ()):
                last[dossier_id] = actor_id
    return {
        dossier_id: [last[dossier_id]] if dossier_id in last else list(directory.specialists.get(agency_id, []))
        for dossier_id, agency_id in holder.items()
    }
