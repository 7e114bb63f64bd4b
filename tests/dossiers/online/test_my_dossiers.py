"""“My dossiers”: the citizen's dossiers (online and at the counter with their number), nobody else's."""

import pytest
from django.urls import reverse

from dossiers.services import Applicant, dossier_receive
from tests.factories import DossierFactory

pytestmark = pytest.mark.django_db


def test_a_dossier_received_at_the_counter_with_the_citizens_number_is_theirs(
    citizen_client, citizen, procedure, clerk
):
    at_counter = dossier_receive(
        procedure=procedure,
        applicant=Applicant(name=citizen.full_name, id_number=citizen.id_number, phone="0912345678"),
        by=clerk,
    )
    someone_else = DossierFactory(procedure=procedure, applicant_id_number="045085004321")

    page = citizen_client.get(reverse("citizen-dossiers")).content.decode()

    assert at_counter.code in page and someone_else.code not in page
    detail = citizen_client.get(reverse("citizen-dossier", args=[at_counter.code]))
    assert detail.status_code == 200 and at_counter.code in detail.content.decode()
    assert citizen_client.get(reverse("citizen-dossier", args=[someone_else.code])).status_code == 404


def test_a_passport_with_the_same_digits_is_not_the_citizens(citizen_client, citizen, procedure):
    passport = DossierFactory(procedure=procedure, applicant_id_type="passport", applicant_id_number=citizen.id_number)

    assert passport.code not in citizen_client.get(reverse("citizen-dossiers")).content.decode()
