"""Every staff page that shows an applicant's personal data records who saw it and why."""

import pytest

from center import roles
from center.models import PersonalDataAccess
from dossiers import services
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def dossier(procedure, clerk):
    received = services.dossier_receive(
        procedure=procedure, applicant=services.Applicant("Nguyễn Văn An", "001203004567", "0912345678"), by=clerk
    )
    received = services.dossier_transfer(dossier=received, by=clerk)
    return services.dossier_resolve(dossier=received, by=UserFactory(username="root", is_superuser=True))


@pytest.mark.parametrize(
    ("url", "purpose"),
    [
        ("/can-bo/ho-so/{code}/", "dossier_processing"),
        ("/can-bo/ho-so/{code}/phieu/tiep-nhan/", "slip_printing"),
        ("/can-bo/tra-ket-qua/?q={code}", "dossier_processing"),
    ],
)
def test_staff_pages_record_the_access(client, clerk, dossier, url, purpose):
    client.force_login(clerk)
    assert client.get(url.format(code=dossier.code)).status_code == 200
    access = PersonalDataAccess.objects.get()
    assert (access.user, access.dossier_code, access.purpose) == (clerk, dossier.code, purpose)


def test_admin_change_page_records_the_access(client, dossier):
    administrator = UserFactory(username="quantri", role=roles.ADMINISTRATOR, is_staff=True)
    client.force_login(administrator)
    assert client.get(f"/admin/dossiers/dossier/{dossier.pk}/change/").status_code == 200
    assert PersonalDataAccess.objects.get().purpose == "administration"


def test_refused_pages_record_nothing(client, other_specialist, dossier):
    client.force_login(other_specialist)
    assert client.get(f"/can-bo/ho-so/{dossier.code}/").status_code == 404
    assert not PersonalDataAccess.objects.exists()
