"""Citizen accounts: made and refreshed from the identity provider's claims at each sign-in."""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from center.models import CitizenAccount
from dossiers.identity import citizen_id_problem
from dossiers.validators import clean_name, normalize_digits

log = logging.getLogger("center.citizens")


@dataclass(frozen=True)
class VerifiedIdentity:
    """What the provider vouches for: who it is (issuer + subject), the name and the identification number."""

    issuer: str
    subject: str
    full_name: str
    id_number: str
    phone: str = ""
    email: str = ""

    def problem(self) -> str | None:
        """Why these claims cannot make a citizen account (logged, never shown: they come from the provider)."""
        if not self.issuer or not self.subject:
            return "no issuer or subject"
        if not self.full_name:
            return "no name"
        if citizen_id_problem(self.id_number):
            return "no valid personal identification number"
        return None

    @classmethod
    def from_claims(cls, claims: dict, *, name_claim: str, id_number_claim: str) -> VerifiedIdentity:
        return cls(
            issuer=str(claims.get("iss") or ""),
            subject=str(claims.get("sub") or ""),
            full_name=clean_name(str(claims.get(name_claim) or "")),
            id_number=normalize_digits(str(claims.get(id_number_claim) or "")).strip(),
            phone=normalize_digits(str(claims.get("phone_number") or "")).strip()[:16],
            email=str(claims.get("email") or "").strip()[:254],
        )


@transaction.atomic
def citizen_account_sign_in(*, identity: VerifiedIdentity) -> CitizenAccount:
    """The citizen's account for these claims, made on first sign-in and refreshed on each later one.

    The user row behind it has no password and no role (CitizenAccount's docstring)."""
    account = (
        CitizenAccount.objects.select_for_update()
        .select_related("user")
        .filter(issuer=identity.issuer, subject=identity.subject)
        .first()
    )
    now = timezone.now()
    if account is None:
        user = get_user_model()(username=f"citizen-{uuid.uuid4().hex}", is_staff=False, is_superuser=False)
        user.set_unusable_password()
        user.save()
        account = CitizenAccount(user=user, issuer=identity.issuer, subject=identity.subject, created_at=now)
        log.info("citizen_account_created")
    account.full_name = identity.full_name
    account.id_number = identity.id_number
    account.phone = identity.phone
    account.email = identity.email
    account.verified_by_provider = True
    account.verified_at = now
    account.save()
    log.info("citizen_signed_in", extra={"citizen_account_id": account.pk})
    return account
