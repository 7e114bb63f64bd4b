"""Citizens' sign-in and sign-out pages (the OpenID Connect flow itself is mozilla-django-oidc's)."""

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import auth, messages
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView, get_next_url

from center.citizens.backends import is_citizen


def citizen_sign_in_page(request):
    """The choice to sign in with the national identity; the button starts the flow at the provider."""
    next_url = get_next_url(request, "next") or ""
    start = reverse("citizen-oidc-start") + (f"?{urlencode({'next': next_url})}" if next_url else "")
    return render(
        request,
        "citizens/sign_in.html",
        {"start_url": start, "staff_signed_in": request.user.is_authenticated and not is_citizen(request.user)},
    )


class CitizenSignInStart(OIDCAuthenticationRequestView):
    """Off to the identity provider with state, nonce and a PKCE challenge (S256)."""


class CitizenSignInCallback(OIDCAuthenticationCallbackView):
    """Back from the provider: the code is exchanged (with the PKCE verifier), the ID token checked, the
    citizen account made or refreshed; then to "My dossiers" or the page the citizen came from."""

    @property
    def success_url(self):
        return self.request.session.get("oidc_login_next") or reverse("citizen-dossiers")

    @property
    def failure_url(self):
        return reverse("citizen-sign-in")

    def login_failure(self):
        messages.error(
            self.request,
            _("Signing in with the identity provider did not succeed. Nothing was changed; try again."),
        )
        return super().login_failure()


@require_POST
def citizen_sign_out(request):
    """Out of the portal, then out of the provider too when it offers it (RP-initiated logout)."""
    home = request.build_absolute_uri(reverse("home"))
    if not is_citizen(request.user):  # staff log out on the staff page (a citizen's sign-out ends no staff session)
        return HttpResponseRedirect(home)
    id_token = request.session.get("oidc_id_token")
    auth.logout(request)
    if id_token and settings.OIDC_OP_LOGOUT_ENDPOINT:
        query = urlencode(
            {"id_token_hint": id_token, "post_logout_redirect_uri": home, "client_id": settings.OIDC_RP_CLIENT_ID}
        )
        return HttpResponseRedirect(f"{settings.OIDC_OP_LOGOUT_ENDPOINT}?{query}")
    return HttpResponseRedirect(home)
