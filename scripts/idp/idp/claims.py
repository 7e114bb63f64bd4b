"""What the provider tells the portal about a signed-in person, as an identity provider of citizens does:
the name, the personal identification number, contact details (OpenID Connect standard claims where there
is one; `citizen_id` for the number)."""

from oauth2_provider.oauth2_validators import OAuth2Validator


class CitizenClaims(OAuth2Validator):
    oidc_claim_scope = {
        **OAuth2Validator.oidc_claim_scope,
        "name": "profile",
        "citizen_id": "profile",
        "birthdate": "profile",
        "email": "email",
        "phone_number": "phone",
    }

    def get_claim_dict(self, request):
        """The subject is the person's identification number, not the provider's row id: stable whatever
        order the demo citizens were made in (the portal's demo data names the same subjects)."""
        return {**super().get_claim_dict(request), "sub": request.user.username}

    def get_additional_claims(self, request):
        user = request.user
        citizen = getattr(user, "citizen", None)
        claims = {"citizen_id": user.username, "email": user.email}
        if citizen is not None:
            claims |= {"name": citizen.full_name, "phone_number": citizen.phone}
            if citizen.birth_date:
                claims["birthdate"] = citizen.birth_date.isoformat()
        return claims
