"""What a signed-in citizen sees: their dossiers, drafts and saved documents."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from center.models import CitizenAccount
from dossiers.identity import IdentityDocument
from dossiers.models import Dossier


def citizen_dossiers(*, citizen: CitizenAccount) -> QuerySet[Dossier]:
    """Dossiers the citizen filed online, and those received anywhere with their personal identification
    number (the number is the provider's, verified: a counter receipt typed with it is theirs)."""
    mine = Q(online_filing__citizen=citizen)
    if citizen.verified_by_provider and citizen.id_number:
        mine |= Q(applicant_id_type=IdentityDocument.CITIZEN_ID, applicant_id_number=citizen.id_number)
    return (
        Dossier.objects.filter(mine)
        .select_related("procedure", "agency", "current_agency")
        .order_by("-created_at", "-id")
    )


def citizen_dossier_get(*, citizen: CitizenAccount, code: str) -> Dossier | None:
    return citizen_dossiers(citizen=citizen).filter(code=code).first()


def citizen_drafts(*, citizen: CitizenAccount):
    from dossiers.online.models import OnlineFiling

    return OnlineFiling.objects.filter(citizen=citizen, dossier__isnull=True).select_related("procedure")


def citizen_saved_documents(*, citizen: CitizenAccount):
    from dossiers.online.models import SavedDocument

    return SavedDocument.objects.filter(citizen=citizen)


def online_check_due(dossiers) -> dict:
    """{dossier id: when the counter must have checked it} for the online filings among `dossiers` (one query)."""
    from dossiers.online.models import OnlineFiling

    ids = [dossier.pk for dossier in dossiers]
    if not ids:
        return {}
    return dict(OnlineFiling.objects.filter(dossier_id__in=ids).values_list("dossier_id", "check_due_at"))
