"""Who may sign in how: staff with a password (StaffBackend), citizens only through the identity provider
(CitizenOidcBackend, mozilla-django-oidc: authorization code + PKCE, RS256 ID token checked against the
provider's keys). Each backend returns only its own kind of user, also when a session is read back
(get_user), so a staff session never becomes a citizen's and a citizen can never use a staff page."""

import logging

import requests
from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import SuspiciousOperation
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from center.citizens.services import VerifiedIdentity, citizen_account_sign_in

log = logging.getLogger("center.citizens")


def is_citizen(user) -> bool:
    return bool(user and user.is_authenticated and hasattr(user, "citizen_account"))


class StaffBackend(ModelBackend):
    """Django's password login, for staff only: a citizen's user (which has no password anyway) is refused."""

    def user_can_authenticate(self, user):
        return super().user_can_authenticate(user) and not hasattr(user, "citizen_account")

    def get_user(self, user_id):
        user = super().get_user(user_id)
        return None if user is None or hasattr(user, "citizen_account") else user

    def get_all_permissions(self, user_obj, obj=None):
        return set() if hasattr(user_obj, "citizen_account") else super().get_all_permissions(user_obj, obj)


class CitizenOidcBackend(OIDCAuthenticationBackend):
    def authenticate(self, request, **kwargs):
        """The library's flow; a provider that refuses the code (a wrong PKCE verifier, a code used twice),
        cannot be reached, or sends a token that fails its checks signs no one in (the citizen is told and
        may try again), instead of an error page."""
        try:
            return super().authenticate(request, **kwargs)
        except (requests.RequestException, SuspiciousOperation, ValueError) as error:
            log.warning("citizen_sign_in_failed", extra={"error": type(error).__name__})
            return None

    def get_or_create_user(self, access_token, id_token, payload):
        """The citizen for the verified ID token (`payload`) and the user-info claims, which must be about
        the same person (OpenID Connect Core 5.3.2: the user-info `sub` equals the ID token's)."""
        claims = self.get_userinfo(access_token, id_token, payload)
        if str(claims.get("sub")) != str(payload.get("sub")):
            raise SuspiciousOperation("user-info subject differs from the ID token's")
        identity = VerifiedIdentity.from_claims(
            {**claims, "iss": payload.get("iss"), "sub": payload.get("sub")},
            name_claim=settings.OIDC_CLAIM_NAME,
            id_number_claim=settings.OIDC_CLAIM_ID_NUMBER,
        )
        problem = identity.problem()
        if problem:
            log.warning("citizen_sign_in_refused", extra={"reason": problem})
            raise SuspiciousOperation(problem)
        return citizen_account_sign_in(identity=identity).user

    def get_user(self, user_id):
        user = super().get_user(user_id)
        return user if user is not None and hasattr(user, "citizen_account") else None

    # A citizen holds no permission whatever groups a mistake might give the user row.
    def get_all_permissions(self, user_obj, obj=None):
        return set()

    def has_perm(self, user_obj, perm, obj=None):
        return False
