"""An archived dossier where a live one is looked for: the public lookup and the staff's dossier page say it
was archived (and when), instead of "not found"."""

from __future__ import annotations

import hmac

from center.roles import user_agency_id
from dossiers.archive.models import ArchivedDossier
from dossiers.selectors import public_credentials


def _dossier_fields(archived: ArchivedDossier) -> dict:
    return archived.record["rows"][0]["fields"]


def archived_public_get(*, code: str, secret: str) -> ArchivedDossier | None:
    """The archived dossier matching both code and secret (compared in constant time), else None: like the
    live lookup, a wrong code and a wrong secret are not told apart."""
    code, secret = public_credentials(code, secret)
    archived = ArchivedDossier.objects.filter(code=code).only("code", "archived_at", "record").first()
    expected = _dossier_fields(archived)["secret"].encode() if archived is not None else b"\0" * 8
    if not (hmac.compare_digest(secret.encode(), expected) and archived is not None):
        return None
    return archived


def archived_get(*, user, code: str) -> ArchivedDossier | None:
    """The archived dossier if the user could have seen it live: the center's staff any, an agency's staff
    those of their agency or last with it (dossiers.permissions.agency_scope, without the chain's steps)."""
    if not user.is_authenticated or not user.has_perm("dossiers.view_dossier"):
        return None
    archived = ArchivedDossier.objects.filter(code=code).first()
    agency_id = user_agency_id(user)
    if archived is None or agency_id is None or user.is_superuser:
        return archived
    if agency_id in (archived.agency_id, _dossier_fields(archived).get("current_agency")):
        return archived
    return None
