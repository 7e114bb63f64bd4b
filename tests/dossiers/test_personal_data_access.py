"""Every staff page that shows an applicant's personal data records who saw it and why."""

import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from center import roles
from center.models import PersonalDataAccess
from center.privacy import search_hash
from counters import services as counter_services
from counters.models import SlipKind
from dossiers import services
from dossiers.workflow import DossierStatus as S
from tests.factories import DossierFactory, UserFactory

pytestmark = pytest.mark.django_db

ID_NUMBER = "001203004567"


@pytest.fixture
def dossier(procedure, clerk):
    received = services.dossier_receive(
        procedure=procedure, applicant=services.Applicant("Nguyễn Văn An", ID_NUMBER, "0912345678"), by=clerk
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


# --- worklists: one row per dossier shown, all in one insert; searches kept as a keyed hash -------


def _inserts(queries) -> list[str]:
    return [q["sql"] for q in queries if q["sql"].startswith('INSERT INTO "center_personaldataaccess"')]


def test_a_worklist_page_records_every_dossier_it_shows_in_one_insert(client, clerk, procedure):
    DossierFactory.create_batch(30, procedure=procedure, status=S.RECEIVED)
    client.force_login(clerk)
    client.get("/can-bo/")  # warm the session (its first list, filed online, is empty: nothing recorded)

    with CaptureQueriesContext(connection) as queries:
        response = client.get("/can-bo/", {"list": "cho-chuyen", "page": 1})

    shown = {dossier.code for dossier, _left in response.context["rows"]}
    assert len(shown) == 25
    accesses = list(PersonalDataAccess.objects.all())
    assert {a.dossier_code for a in accesses} == shown and len(accesses) == 25
    assert {(a.user, a.purpose, a.view_name, a.search_hash) for a in accesses} == {
        (clerk, "dossier_processing", "staff-home", "")
    }
    assert len({a.at for a in accesses}) == 1  # one showing
    assert len(_inserts(queries)) == 1


def test_a_search_by_id_number_is_recorded_as_a_keyed_hash_never_the_number(client, clerk, dossier):
    client.force_login(clerk)
    response = client.get("/can-bo/", {"list": "tat-ca", "q": f" {ID_NUMBER} "})

    assert [d.code for d, _left in response.context["rows"]] == [dossier.code]
    access = PersonalDataAccess.objects.get()
    assert (access.dossier_code, access.search_hash) == (dossier.code, search_hash(ID_NUMBER))
    stored = [str(value) for value in PersonalDataAccess.objects.values().get().values()]
    assert not any(ID_NUMBER in value for value in stored)


def test_a_search_that_finds_nothing_is_still_recorded(client, clerk, dossier):
    client.force_login(clerk)
    response = client.get("/can-bo/", {"list": "tat-ca", "q": "079099000001"})

    assert response.context["rows"] == []
    access = PersonalDataAccess.objects.get()
    assert (access.dossier_id, access.search_hash) == (None, search_hash("079099000001"))


def test_an_empty_worklist_records_nothing(client, clerk, dossier):
    client.force_login(clerk)
    assert client.get("/can-bo/", {"list": "moi-nop"}).context["rows"] == []
    assert not PersonalDataAccess.objects.exists()


# --- directors read to supervise -------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "/can-bo/?list=tat-ca",
        "/can-bo/ho-so/{code}/",
        "/can-bo/ho-so/{code}/phieu/tiep-nhan/",
        "/api/v1/dossiers/{code}/",
    ],
)
def test_a_directors_reading_is_supervision(client, director, dossier, url):
    client.force_login(director)
    assert client.get(url.format(code=dossier.code)).status_code == 200
    access = PersonalDataAccess.objects.get()
    assert (access.user, access.dossier_code, access.purpose) == (director, dossier.code, "supervision")


def test_an_agency_leads_reading_of_a_dossier_is_processing(client, lead, dossier):
    client.force_login(lead)
    assert client.get(f"/can-bo/ho-so/{dossier.code}/").status_code == 200
    assert PersonalDataAccess.objects.get().purpose == "dossier_processing"


def test_an_administrators_reading_on_the_staff_pages_is_administration(client, dossier):
    client.force_login(UserFactory(username="quantri", role=roles.ADMINISTRATOR))
    assert client.get(f"/can-bo/ho-so/{dossier.code}/").status_code == 200
    assert PersonalDataAccess.objects.get().purpose == "administration"


# --- counter slips (guidance, refusal): no dossier, but the applicant's ID number and phone ------


@pytest.fixture
def counter_slip(procedure, clerk):
    return counter_services.counter_slip_issue(
        kind=SlipKind.GUIDANCE,
        procedure=procedure,
        applicant_name="Lê Thị Cúc",
        applicant_id_number=ID_NUMBER,
        applicant_phone="0912345678",
        missing=["Bản sao giấy khai sinh"],
        by=clerk,
    )


@pytest.mark.parametrize(
    ("url", "view_name"), [("/can-bo/phieu/{n}/", "counter-slip"), ("/can-bo/phieu/{n}.pdf", "counter-slip-pdf")]
)
def test_printing_a_counter_slip_is_recorded(client, clerk, counter_slip, url, view_name):
    client.force_login(clerk)
    response = client.get(url.format(n=counter_slip.number))

    assert response.status_code == 200
    access = PersonalDataAccess.objects.get()
    assert (access.user, access.counter_slip_number, access.purpose) == (clerk, counter_slip.number, "slip_printing")
    assert (access.dossier_id, access.view_name) == (None, view_name)


def test_a_counter_slip_refused_records_nothing(client, specialist, counter_slip):
    client.force_login(specialist)
    assert client.get(f"/can-bo/phieu/{counter_slip.number}/").status_code == 403
    assert not PersonalDataAccess.objects.exists()


# --- supervision lists and their exports show codes, never personal data: nothing to record ---------


@pytest.mark.parametrize(
    "url",
    [
        "/giam-sat/ho-so/?metric=received",
        "/giam-sat/ho-so/?metric=received&export=dossiers-received&format=csv",
        "/giam-sat/ho-so/?metric=received&export=dossiers-received&format=xlsx",
    ],
)
def test_supervision_lists_and_exports_hold_no_personal_data(client, director, dossier, url):
    client.force_login(director)
    response = client.get(url)

    assert response.status_code == 200
    body = b"".join(response.streaming_content) if response.streaming else response.content
    if url.endswith("xlsx"):
        body = "".join(str(c.value) for row in load_workbook(io.BytesIO(body)).active.iter_rows() for c in row)
    else:
        body = body.decode("utf-8-sig")
    assert dossier.code in body
    assert all(data not in body for data in ("Nguyễn Văn An", ID_NUMBER, "0912345678"))
    assert not PersonalDataAccess.objects.exists()


def test_a_search_from_the_default_tab_records_what_it_found_and_the_search(client, clerk, dossier):
    client.force_login(clerk)
    response = client.get("/can-bo/", {"q": ID_NUMBER})  # the clerk's first tab (filed online) holds no dossier

    assert [d.code for d, _left in response.context["rows"]] == [dossier.code]
    access = PersonalDataAccess.objects.get()
    assert (access.dossier_code, access.search_hash, access.view_name) == (
        dossier.code,
        search_hash(ID_NUMBER),
        "staff-home",
    )
