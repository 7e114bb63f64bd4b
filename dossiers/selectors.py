"""Reads of dossiers, limited to what the caller may see."""

import hmac
from dataclasses import dataclass

from django.db import connection
from django.db.models import Prefetch, QuerySet, prefetch_related_objects

from center.cache import remembered
from center.roles import user_agency_id
from dossiers.models import Dossier, DossierEvent, SatisfactionRating
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


# A loaded public dossier is cached under its version for this long (seconds); see dossier_public_get.
PUBLIC_CACHE_SECONDS = 600
# Part of the cache key: bump it when what a cached public dossier (or an answer built from it) holds
# changes, so that a new release never reads what an older one cached.
PUBLIC_CACHE_FORMAT = 2


@dataclass(frozen=True)
class PublicMatch:
    """A dossier whose code and secret were both given right: its key and its version, which names what
    is cached of it (the loaded dossier, ready-made answers) and changes whenever the dossier does."""

    pk: int
    code: str
    version: str


def public_credentials(code: str, secret: str) -> tuple[str, str]:
    """A dossier's code and secret as its receipt prints them (upper case, no spaces around)."""
    return (code or "").strip().upper(), (secret or "").strip().upper()


def dossier_public_match(*, code: str, secret: str) -> PublicMatch | None:
    """The dossier matching both code and secret, else None (the caller cannot tell which was wrong).

    One indexed one-row read, so a wrong secret for an existing code costs the same (and takes as long) as
    a code that does not exist; the secret is compared in constant time. The version is the last change
    (every change saves `updated_at`, dossiers/services.py) and whether the dossier was rated, so what is
    cached under it is never stale.
    """
    code, secret = public_credentials(code, secret)
    row = _public_version_row(code)
    supplied = secret.encode()
    expected = row[1].encode() if row else b"\0" * 8
    if not (hmac.compare_digest(supplied, expected) and row is not None):
        return None
    pk, _secret, version = row
    return PublicMatch(pk=pk, code=code, version=f"dossier-public:{PUBLIC_CACHE_FORMAT}:{pk}:{version}")


def dossier_public_load(match: PublicMatch) -> Dossier:
    """What the public answers show of a matched dossier, from the cache under its version (a citizen
    reloading the page, or many at once, cost one cache read) or loaded and kept there."""
    dossier = remembered(match.version, PUBLIC_CACHE_SECONDS, lambda: _public_dossier(match.pk))
    dossier.public_version = match.version  # what a page fragment built from it may be cached under
    return dossier


def dossier_public_get(*, code: str, secret: str) -> Dossier | None:
    """The dossier matching both code and secret, loaded for the public answers, else None."""
    match = dossier_public_match(code=code, secret=secret)
    return dossier_public_load(match) if match else None


def _public_version_row(code: str):
    """(pk, secret, version) of the dossier with this code, or None. The busiest query of the public portal,
    written as SQL: the ORM took as long to build it as the database took to answer it."""
    dossiers, ratings = Dossier._meta.db_table, SatisfactionRating._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT d.id, d.secret, d.updated_at, EXISTS (SELECT 1 FROM {ratings} r WHERE r.dossier_id = d.id) "
            f"FROM {dossiers} d WHERE d.code = %s",
            [code],
        )
        row = cursor.fetchone()
    if row is None:
        return None
    pk, secret, updated_at, rated = row
    # The version only has to change when the dossier does: the driver's own rendering of the time is enough.
    return pk, secret, f"{str(updated_at).replace(' ', 'T')}:{int(bool(rated))}"


def _public_dossier(pk: int) -> Dossier:
    """Only what the public answers show (dossiers/public_status.py, PublicDossierOutput): the timeline
    names each step's agency from its event, so the steps themselves are not loaded; the extensions and
    the open pause only when there are any."""
    dossier = Dossier.objects.select_related("procedure", "agency", "current_agency", "rating").get(pk=pk)
    lookups = [Prefetch("events", queryset=DossierEvent.objects.select_related("agency"))]
    if dossier.extended_due_at is not None:
        lookups.append("extensions")
    prefetch_related_objects([dossier], *lookups)
    dossier.open_pause = None
    if dossier.status in CLOCK_PAUSED:
        dossier.open_pause = dossier.pauses.filter(ended_at__isnull=True).first()
    return dossier
