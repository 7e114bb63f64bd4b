"""Citizens sign in at a real OpenID Connect provider (scripts/idp/, authorization code + PKCE) and get a
citizen account that never mixes with staff accounts."""

from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from django.contrib.auth import get_user_model
from django.urls import reverse

from center.citizens.demo import demo_citizens
from center.models import CitizenAccount
from tests import identity_provider as idp

pytestmark = pytest.mark.django_db

HOA = demo_citizens()[0]


def test_sign_in_makes_a_verified_citizen_account_from_the_providers_claims(client, oidc):
    answer = idp.sign_in(client, HOA["id_number"])

    assert answer.status_code == 302 and answer["Location"] == reverse("citizen-dossiers")
    account = CitizenAccount.objects.get()
    assert (account.full_name, account.id_number, account.phone) == (HOA["name"], HOA["id_number"], HOA["phone"])
    assert account.verified_by_provider and account.verified_at is not None
    assert account.issuer == oidc.issuer
    page = client.get(reverse("citizen-dossiers"))
    assert page.status_code == 200 and HOA["name"] in page.content.decode()


def test_the_authorization_request_carries_a_pkce_challenge(client, oidc):
    answer = client.get(reverse("citizen-oidc-start"))

    query = parse_qs(urlsplit(answer["Location"]).query)
    assert answer["Location"].startswith(oidc.settings()["OIDC_OP_AUTHORIZATION_ENDPOINT"])
    assert query["code_challenge_method"] == ["S256"] and len(query["code_challenge"][0]) >= 43
    assert query["response_type"] == ["code"] and "openid" in query["scope"][0].split()


def test_a_code_exchanged_without_its_pkce_verifier_is_refused_by_the_provider(client, oidc):
    start = client.get(reverse("citizen-oidc-start"))
    back = urlsplit(idp.sign_in_at_provider(start["Location"], HOA["id_number"]))
    session = client.session
    for entry in session["oidc_states"].values():
        entry["code_verifier"] = "x" * 64  # not the one whose challenge the provider holds
    session.save()

    answer = client.get(f"{back.path}?{back.query}")

    assert answer["Location"] == reverse("citizen-sign-in")
    assert not CitizenAccount.objects.exists()
    assert "_auth_user_id" not in client.session


def test_signing_in_again_finds_the_same_account(client, oidc):
    idp.sign_in(client, HOA["id_number"])
    client.logout()
    idp.sign_in(client, HOA["id_number"])

    assert CitizenAccount.objects.count() == 1 and get_user_model().objects.count() == 1


def test_the_citizens_user_has_no_password_no_role_and_cannot_log_in_as_staff(client, oidc):
    idp.sign_in(client, HOA["id_number"])
    user = CitizenAccount.objects.get().user

    assert not user.has_usable_password() and not user.is_staff and not user.groups.exists()
    assert client.get(reverse("staff-home")).status_code in (302, 403)
    client.logout()
    assert not client.login(username=user.username, password="")


def test_a_citizen_is_refused_staff_permissions_even_if_a_group_is_given_by_mistake(client, oidc, clerk):
    idp.sign_in(client, HOA["id_number"])
    user = CitizenAccount.objects.get().user
    user.groups.set(clerk.groups.all())
    user = get_user_model().objects.get(pk=user.pk)

    assert not user.has_perm("dossiers.receive_dossier")
    assert client.get(reverse("dossier-receive")).status_code in (302, 403)


def test_a_staff_session_is_not_a_citizens(client, clerk):
    client.force_login(clerk)

    answer = client.get(reverse("citizen-dossiers"))

    assert answer.status_code == 302 and answer["Location"].startswith(reverse("citizen-sign-in"))


def test_sign_out_ends_the_session_and_continues_at_the_providers_logout(client, oidc):
    idp.sign_in(client, HOA["id_number"])

    answer = client.post(reverse("citizen-sign-out"))

    assert answer["Location"].startswith(oidc.settings()["OIDC_OP_LOGOUT_ENDPOINT"])
    assert "id_token_hint=" in answer["Location"]
    assert client.get(reverse("citizen-dossiers")).status_code == 302
    at_provider = requests.get(answer["Location"], allow_redirects=False, timeout=10)
    assert at_provider.status_code == 302 and at_provider.headers["Location"] == "http://testserver/"


def test_a_wrong_password_at_the_provider_signs_no_one_in(client, oidc):
    with pytest.raises(AssertionError):
        idp.sign_in(client, HOA["id_number"], password="wrong-password")
    assert not CitizenAccount.objects.exists()
