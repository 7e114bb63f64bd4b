"""Personal data: who was shown an applicant's data and why (Law on Personal Data Protection 91/2025/QH15).

The law binds every access to personal data to a purpose and asks the controller to keep a record of
it. Every page or API that shows staff an applicant's identity (name, ID number, phone, email, address)
calls `personal_data_access_record` once per showing, after the permission check has passed.
"""

from __future__ import annotations

import ipaddress
import logging

from center.models import AccessPurpose, PersonalDataAccess
from center.ratelimit import client_address

log = logging.getLogger("center.privacy")


def _request_ip(request) -> str | None:
    """The client's address as the rate limits see it (behind RATELIMIT_PROXY_COUNT trusted proxies);
    None when it is not an IP address (never trust a header enough to store garbage)."""
    if request is None:
        return None
    address = client_address(request)
    try:
        return str(ipaddress.ip_address(address))
    except ValueError:
        return None


def _view_name(request) -> str:
    match = getattr(request, "resolver_match", None) if request is not None else None
    return (match.view_name or "")[:200] if match is not None else ""


def personal_data_access_record(*, user, dossier, purpose: str, request=None) -> PersonalDataAccess:
    """Record that `user` was shown `dossier`'s personal data, for `purpose` (an AccessPurpose)."""
    if purpose not in AccessPurpose.values:
        raise ValueError(f"unknown purpose of access to personal data: {purpose!r}")
    access = PersonalDataAccess.objects.create(
        user=user,
        dossier_id=dossier.pk,
        dossier_code=dossier.code,
        purpose=purpose,
        view_name=_view_name(request),
        ip_address=_request_ip(request),
    )
    log.info(
        "personal_data_access",
        extra={"dossier_id": dossier.pk, "user_id": user.pk, "purpose": purpose, "view_name": access.view_name},
    )
    return access


def personal_data_access_record_many(*, user, dossiers, purpose: str, request=None) -> int:
    """Record one showing of each of `dossiers` (a register or list page) in one insert, so the page's
    number of queries does not grow with its rows. Returns how many were recorded."""
    if purpose not in AccessPurpose.values:
        raise ValueError(f"unknown purpose of access to personal data: {purpose!r}")
    view_name, ip_address = _view_name(request), _request_ip(request)
    rows = [
        PersonalDataAccess(
            user=user, dossier_id=d.pk, dossier_code=d.code, purpose=purpose, view_name=view_name, ip_address=ip_address
        )
        for d in dossiers
    ]
    PersonalDataAccess.objects.bulk_create(rows, batch_size=2000)
    log.info(
        "personal_data_access_many",
        extra={"user_id": user.pk, "purpose": purpose, "view_name": view_name, "dossiers": len(rows)},
    )
    return len(rows)
