"""Reads of dossiers, limited to what the caller may see."""

from django.db.models import Prefetch, QuerySet

from center.roles import user_agency_id
from dossiers.models import Dossier, DossierEvent
from dossiers.permissions import agency_scope


def dossier_list(*, user) -> QuerySet[Dossier]:
    """Dossiers the user may see: all for the center's staff, their agency's for an agency's staff."""
    if not user.is_authenticated or not user.has_perm("dossiers.view_dossier"):
        return Dossier.objects.none()
    queryset = Dossier.objects.select_related("procedure", "agency", "current_agency", "counter")
    agency_id = user_agency_id(user)
    if agency_id is not None and not user.is_superuser:
        queryset = queryset.filter(agency_scope(agency_id))
    return queryset


def dossier_get(*, user, code: str) -> Dossier | None:
    return (
        dossier_list(user=user)
        .select_related("received_by")
        .prefetch_related(
            Prefetch("events", queryset=DossierEvent.objects.select_related("actor", "agency")),
            "steps__agency",
            "extensions",
            "pauses",
        )
        .filter(code=code)
        .first()
    )


def dossier_public_get(*, code: str, secret: str) -> Dossier | None:
    """The dossier matching both code and secret, else None (the caller cannot tell which was wrong).

    The secret is checked on a one-row read before anything else is loaded, so a wrong secret for an
    existing code costs the same queries (and time) as a code that does not exist.
    """
    import hmac

    row = Dossier.objects.filter(code=(code or "").strip().upper()).values_list("pk", "secret").first()
    supplied = (secret or "").strip().upper().encode()
    expected = row[1].encode() if row else b"\0" * 8
    if not (hmac.compare_digest(supplied, expected) and row is not None):
        return None
    # Only what the public answers show (dossiers/public_status.py, PublicDossierOutput): the timeline
    # names each step's agency from its event, so the steps themselves are not loaded (2 queries less).
    return (
        Dossier.objects.select_related("procedure", "agency", "current_agency")
        .prefetch_related(Prefetch("events", queryset=DossierEvent.objects.select_related("agency")), "extensions")
        .get(pk=row[0])
    )
