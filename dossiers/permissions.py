"""Which permission each dossier action needs, and who may touch which dossier."""

from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext as _

from center.errors import NotAllowed
from center.roles import user_agency_id

ACTION_PERMISSION = {
    "receive": "dossiers.receive_dossier",
    "accept": "dossiers.receive_dossier",
    "reject": "dossiers.receive_dossier",
    "transfer": "dossiers.transfer_dossier",
    "request_supplement": "dossiers.process_dossier",
    "supplement_received": "dossiers.record_supplement",
    "request_payment": "dossiers.process_dossier",
    "payment_received": "dossiers.record_supplement",
    "refuse": "dossiers.process_dossier",
    "extend": "dossiers.extend_dossier",
    "resolve": "dossiers.process_dossier",
    "return": "dossiers.return_dossier",
    "withdraw": "dossiers.withdraw_dossier",
}


def agency_scope(agency_id: int) -> Q:
    """Dossiers an agency's staff may see: its own, those now with it, and those it handled in a chain."""
    from dossiers.models import DossierStep

    handled = DossierStep.objects.filter(dossier=OuterRef("pk"), agency_id=agency_id)
    return Q(agency_id=agency_id) | Q(current_agency_id=agency_id) | Q(Exists(handled))


def can_see(user, dossier) -> bool:
    if not user.has_perm("dossiers.view_dossier"):
        return False
    agency_id = user_agency_id(user)
    if agency_id is None or user.is_superuser:
        return True
    return (
        dossier.agency_id == agency_id
        or dossier.current_agency_id == agency_id
        or dossier.steps.filter(agency_id=agency_id).exists()
    )


# Decree 118/2025 requires accepting a dossier wherever it is filed in the province, so receipt is
# not limited to the receiving staff member's own agency.
RECEIPT_ACTIONS = frozenset({"receive", "accept", "reject"})


def can_act(user, dossier, action: str) -> bool:
    """Has the action's permission and, for an agency's staff, the dossier is with their agency now."""
    if not user.has_perm(ACTION_PERMISSION[action]):
        return False
    agency_id = user_agency_id(user)
    if agency_id is None or user.is_superuser or action in RECEIPT_ACTIONS:
        return True
    return agency_id == (dossier.current_agency_id or dossier.agency_id)


def ensure_can_act(user, dossier, action: str) -> None:
    if not can_act(user, dossier, action):
        raise NotAllowed(_("You are not allowed to do this on dossier %(code)s.") % {"code": dossier.code})
