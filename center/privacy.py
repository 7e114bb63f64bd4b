"""Personal data: who was shown whose data and why (Law on Personal Data Protection 91/2025/QH15).

The law binds every access to personal data to a purpose and asks the controller to keep a record of
it. Every page or API that shows staff personal data (an applicant's name, ID number, phone, email,
address; a feedback sender's name, phone, email) records the showing once, after the permission check
has passed: `personal_data_shown` for a page (all it shows in one insert), `personal_data_access_record`
for one dossier. `reading_purpose` says why a user reads: their own work, or supervision for those who
only watch (directors), or administration.
"""

from __future__ import annotations

import ipaddress
import logging
from collections.abc import Iterable

from django.utils import timezone
from django.utils.crypto import salted_hmac

from center.models import AccessPurpose, PersonalDataAccess
from center.ratelimit import client_address

log = logging.getLogger("center.privacy")

# Holding any of these, a user works on dossiers (counter staff, specialists, leads): what they read is for
# that work. Directors hold none of them (they watch: monitoring.view_dashboard); administrators neither.
WORK_PERMISSIONS = (
    "dossiers.receive_dossier",
    "dossiers.transfer_dossier",
    "dossiers.process_dossier",
    "dossiers.record_supplement",
    "dossiers.return_dossier",
    "dossiers.withdraw_dossier",
)
SUPERVISION_PERMISSION = "monitoring.view_dashboard"


def reading_purpose(user, work: str) -> str:
    """Why `user` is shown personal data on a page whose work is `work` (an AccessPurpose).

    Directors read to supervise, never to process; an agency's lead processes at their agency (their
    supervision pages show no personal data). Permissions are cached on the user: no query."""
    if any(user.has_perm(permission) for permission in WORK_PERMISSIONS):
        return work
    if user.has_perm(SUPERVISION_PERMISSION):
        return AccessPurpose.SUPERVISION
    return AccessPurpose.ADMINISTRATION


def search_hash(term: str) -> str:
    """A keyed hash of a search term (an ID number, a name): the same term gives the same hash, so an
    auditor who holds the term can find the searches, but the log never holds it. Keyed with SECRET_KEY,
    because a citizen ID has too few unknown digits for a plain hash to hide it."""
    normalised = " ".join(term.split()).casefold()
    return salted_hmac("center.privacy.search", normalised, algorithm="sha256").hexdigest()


def request_ip(request) -> str | None:
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


def personal_data_shown(
    *,
    user,
    purpose: str,
    request=None,
    dossiers: Iterable = (),
    feedback: Iterable = (),
    counter_slips: Iterable = (),
    search: str = "",
) -> list[PersonalDataAccess]:
    """Record that `user` was shown the personal data of these dossiers, feedback and counter slips, for
    `purpose` (an AccessPurpose): one row each, written in one insert with one time. A search (`search`,
    the term as typed) is kept as its keyed hash on every row, or on a row of its own if it found nothing.
    Nothing shown and nothing searched: nothing is written."""
    if purpose not in AccessPurpose.values:
        raise ValueError(f"unknown purpose of access to personal data: {purpose!r}")
    searched = search_hash(search) if search.strip() else ""
    common = {
        "at": timezone.now(),
        "user": user,
        "purpose": purpose,
        "view_name": _view_name(request),
        "ip_address": request_ip(request),
        "search_hash": searched,
    }
    rows = [PersonalDataAccess(dossier_id=d.pk, dossier_code=d.code, **common) for d in dossiers]
    rows += [PersonalDataAccess(feedback_id=f.pk, **common) for f in feedback]
    rows += [PersonalDataAccess(counter_slip_number=s.number, **common) for s in counter_slips]
    if not rows and searched:
        rows = [PersonalDataAccess(**common)]
    if not rows:
        return []
    # Batched: an Excel register may show thousands of dossiers in one request.
    written = PersonalDataAccess.objects.bulk_create(rows, batch_size=2000)
    log.info(
        "personal_data_access",
        extra={
            "user_id": user.pk,
            "purpose": purpose,
            "view_name": common["view_name"],
            "dossier_ids": [row.dossier_id for row in rows if row.dossier_id is not None],
            "feedback_ids": [row.feedback_id for row in rows if row.feedback_id is not None],
            "counter_slips": [row.counter_slip_number for row in rows if row.counter_slip_number],
            "searched": bool(searched),
        },
    )
    return written


def personal_data_access_record(*, user, dossier, purpose: str, request=None) -> PersonalDataAccess:
    """Record that `user` was shown `dossier`'s personal data, for `purpose` (an AccessPurpose)."""
    (access,) = personal_data_shown(user=user, purpose=purpose, request=request, dossiers=[dossier])
    return access
