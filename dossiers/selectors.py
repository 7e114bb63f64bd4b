"""Reads of dossiers, limited to what the caller may see."""

import hmac
import re

from django.db.models import Prefetch, QuerySet, prefetch_related_objects

from center.roles import user_agency_id
from dossiers.models import Dossier, DossierEvent
from dossiers.permissions import agency_scope
from dossiers.workflow import CLOCK_PAUSED


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
        .select_related("received_by", "online_filing", "forecast", "extension_draft")
        .prefetch_related(
            Prefetch("events", queryset=DossierEvent.objects.select_related("actor", "agency")),
            "steps__agency",
            "extensions",
            "pauses",
        )
        .filter(code=code)
        .first()
    )


def printed_form(value: str) -> str:
    """A code or secret as the receipt prints it: read off paper, so spaces dropped and upper case
    ("h56.01 - 261123 - 0042" -> "H56.01-261123-0042")."""
    return re.sub(r"\s+", "", value or "").upper()


def public_credentials(code: str, secret: str) -> tuple[str, str]:
    return printed_form(code), printed_form(secret)


# What the public answers show of the dossier row itself (and the secret, which a rating checks): never the
# applicant's ID number, phone, e-mail or address, which the public path has no reason to read.
_PUBLIC_FIELDS = (
    "code", "secret", "applicant_name", "status", "received_at", "due_at", "extended_due_at",
    "result_ready_at", "returned_at", "outcome", "procedure__name", "agency__name", "current_agency__name",
)  # fmt: skip


def _public_dossier_by_code(code: str) -> Dossier | None:
    """One indexed read: the dossier with what the public answers show of it (dossiers/public_status.py,
    PublicDossierOutput). Sliced, not .first(): the code is unique, and ordering one row costs compilation.
    The rating is not joined: only a returned dossier can have one (read then, by public_status), and every
    table joined costs PostgreSQL more planning than the read itself takes."""
    found = (
        Dossier.objects.select_related("procedure", "agency", "current_agency")
        .only(*_PUBLIC_FIELDS)
        .filter(code=code)
        .order_by()[:1]
    )
    return next(iter(found), None)


def load_public_history(dossier: Dossier) -> None:
    """The events (the timeline names each step's agency from its event, so the steps themselves are not
    loaded), and the extensions and the open pause only when there are any."""
    lookups = [Prefetch("events", queryset=DossierEvent.objects.select_related("agency"))]
    if dossier.extended_due_at is not None:
        lookups.append("extensions")
    prefetch_related_objects([dossier], *lookups)
    dossier.open_pause = None
    if dossier.status in CLOCK_PAUSED:
        dossier.open_pause = dossier.pauses.filter(ended_at__isnull=True).first()


def dossier_public_get(*, code: str, secret: str) -> Dossier | None:
    """The dossier matching both code and secret, loaded for the public answers, else None: the caller
    cannot tell which was wrong, and the secret is compared in constant time. Its history is read only once
    the secret matched. Answers built from it are kept ready (dossiers/public_answers.py)."""
    code, secret = public_credentials(code, secret)
    dossier = _public_dossier_by_code(code)
    expected = dossier.secret.encode() if dossier is not None else b"\0" * 8
    if not (hmac.compare_digest(secret.encode(), expected) and dossier is not None):
        return None
    load_public_history(dossier)
    return dossier
