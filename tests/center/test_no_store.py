"""Pages and answers that hold personal data carry Cache-Control: no-store, so no browser or proxy keeps a
copy: everything served to a signed-in user (center/no_store.py) and the public answers that show a dossier."""

import pytest
from django.urls import reverse
from rest_framework.authtoken.models import Token

from counters import services as counter_services
from counters.models import SlipKind
from dossiers import services

pytestmark = pytest.mark.django_db


@pytest.fixture
def dossier(procedure, clerk):
    return services.dossier_receive(
        procedure=procedure, applicant=services.Applicant("Nguyễn Văn An", "001203004567", "0912345678"), by=clerk
    )


def never_stored(response) -> bool:
    assert response.status_code == 200, response.status_code
    return "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]


@pytest.mark.parametrize(
    "page",
    [
        "dossier-detail",  # the staff's dossier page
        "dossier-slip",  # a slip, as HTML and as PDF
        "dossier-slip-pdf",
        "staff-home",  # the worklists: names of applicants
    ],
)
def test_a_staff_members_dossier_pages_are_never_stored(client, clerk, dossier, page):
    client.force_login(clerk)
    args = {"dossier-detail": [dossier.code], "staff-home": []}.get(page, [dossier.code, "tiep-nhan"])
    assert never_stored(client.get(reverse(page, args=args)))


@pytest.mark.parametrize("page", ["counter-slip", "counter-slip-pdf"])
def test_counter_slips_are_never_stored(client, clerk, procedure, page):
    slip = counter_services.counter_slip_issue(
        kind=SlipKind.REFUSAL, procedure=procedure, applicant_name="Nguyễn Văn An", by=clerk,
        applicant_id_number="001203004567", reason="Không thuộc thẩm quyền",
    )  # fmt: skip
    client.force_login(clerk)
    assert never_stored(client.get(reverse(page, args=[slip.number])))


def test_the_detail_api_with_a_token_is_never_stored(client, clerk, dossier):
    token = Token.objects.create(user=clerk)
    response = client.get(f"/api/v1/dossiers/{dossier.code}/", HTTP_AUTHORIZATION=f"Token {token.key}")
    assert never_stored(response)


def test_the_public_tracking_page_and_api_are_never_stored(client, dossier):
    assert never_stored(client.get(f"/tra-cuu/{dossier.code}/", {"secret": dossier.secret}))
    # Twice: the second answer comes ready-made from the cache (dossiers/public_answers.py).
    for _ in range(2):
        assert never_stored(client.get(f"/api/v1/public/dossiers/{dossier.code}/", {"secret": dossier.secret}))


def test_the_public_catalogue_may_still_be_cached(client, procedure):
    response = client.get("/api/v1/procedures/")
    assert response.status_code == 200 and "no-store" not in response.get("Cache-Control", "")
