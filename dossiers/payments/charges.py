"""What a dossier owes from its procedure, fixed when it is received or filed (dossiers.services calls this).

Kept apart from dossiers/payments/services.py, which calls the dossier services in turn: this module imports
nothing of them.
"""

from __future__ import annotations

from dossiers.models import Dossier
from dossiers.payments.models import Charge, ChargeSource
from procedures.models import FeeKind


def charges_fix_at_receipt(*, dossier: Dossier) -> list[Charge]:
    """The procedure's fee as the dossier's first charge, at the amount in force today (a later change of the
    catalogue does not change what a received dossier owes). Nothing when the procedure has no fee, or the
    dossier has charges already (safe to call again)."""
    procedure = dossier.procedure
    if not procedure.fee_amount or dossier.charges.exists():
        return []
    charge = Charge.objects.create(
        dossier=dossier,
        kind=procedure.fee_kind,
        description=(procedure.fee_text or str(FeeKind(procedure.fee_kind).label))[:500],
        legal_basis=procedure.fee_legal_basis,
        amount=procedure.fee_amount,
        source=ChargeSource.PROCEDURE,
    )
    return [charge]
