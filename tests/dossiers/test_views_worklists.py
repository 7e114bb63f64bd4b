"""Worklists per role: the right dossiers, filters and sorting, paginated at a constant query count."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from dossiers.workflow import DossierStatus as S
from tests.factories import DossierFactory, ProcedureFactory


def codes(response) -> list[str]:
    return [dossier.code for dossier, _left in response.context["rows"]]


def test_counter_staff_see_what_awaits_transfer_and_return(client, clerk, procedure):
    waiting = DossierFactory(procedure=procedure, status=S.RECEIVED)
    ready = DossierFactory(procedure=procedure, status=S.RESULT_READY, result_ready_at=timezone.now())
    DossierFactory(procedure=procedure, in_progress=True)
    client.force_login(clerk)
    response = client.get(reverse("staff-home"))
    assert response.context["current"].slug == "moi-nop"
    assert [w.slug for w, _count in response.context["tabs"]] == [
        "moi-nop",
        "cho-chuyen",
        "cho-bo-sung",
        "cho-tra",
        "tat-ca",
    ]
    assert codes(client.get(reverse("staff-home"), {"list": "cho-chuyen"})) == [waiting.code]
    assert codes(client.get(reverse("staff-home"), {"list": "cho-tra"})) == [ready.code]
    counts = {w.slug: n for w, n in response.context["tabs"]}
    assert counts == {"moi-nop": 0, "cho-chuyen": 1, "cho-bo-sung": 0, "cho-tra": 1, "tat-ca": 3}


def test_specialists_see_their_agency_in_process_with_days_left(client, specialist, procedure, other_agency):
    mine = DossierFactory(procedure=procedure, in_progress=True, due_at=timezone.now() + dt.timedelta(days=7))
    late = DossierFactory(procedure=procedure, overdue=True)
    DossierFactory(procedure=ProcedureFactory(agency=other_agency), in_progress=True)
    client.force_login(specialist)
    response = client.get(reverse("staff-home"))
    assert response.context["current"].slug == "dang-xu-ly"
    assert codes(response) == [late.code, mine.code]  # the most urgent first
    left = {d.code: days for d, days in response.context["rows"]}
    assert left[late.code] < 0 < left[mine.code]
    assert "quá hạn" in response.content.decode()


def test_filters_and_sorting(client, director, procedure):
    other = ProcedureFactory(code="2.000001")
    old = DossierFactory(procedure=procedure, received_at=timezone.now() - dt.timedelta(days=10))
    new = DossierFactory(procedure=procedure)
    DossierFactory(procedure=other)
    client.force_login(director)
    url = reverse("staff-home")
    assert codes(client.get(url, {"list": "tat-ca", "procedure": procedure.code, "ordering": "received_at"})) == [
        old.code,
        new.code,
    ]
    assert codes(client.get(url, {"list": "tat-ca", "procedure": procedure.code, "ordering": "-received_at"})) == [
        new.code,
        old.code,
    ]
    today = timezone.localdate().isoformat()
    assert set(codes(client.get(url, {"list": "tat-ca", "received_from": today}))) == {
        new.code,
        *codes(client.get(url, {"list": "tat-ca", "procedure": "2.000001"})),
    }
    assert codes(client.get(url, {"list": "tat-ca", "q": old.code.lower()})) == [old.code]


@pytest.mark.parametrize("list_slug", ["tat-ca", "cho-chuyen"])
def test_a_page_costs_the_same_queries_for_5_or_60_dossiers(client, clerk, procedure, list_slug):
    client.force_login(clerk)
    DossierFactory.create_batch(5, procedure=procedure)
    client.get(reverse("staff-home"), {"list": list_slug})  # warm the session and permission caches
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("staff-home"), {"list": list_slug})
    for agency_procedure in [ProcedureFactory() for _ in range(5)]:
        DossierFactory.create_batch(11, procedure=agency_procedure, counter=clerk.staff_profile.counter)
    with CaptureQueriesContext(connection) as many:
        response = client.get(reverse("staff-home"), {"list": list_slug, "page": 2})
    assert len(response.context["rows"]) == 25
    assert len(many) == len(few)


def test_anonymous_is_sent_to_login(client):
    response = client.get(reverse("staff-home"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_a_user_without_a_role_is_refused(client, db):
    from tests.factories import UserFactory

    client.force_login(UserFactory(username="nobody"))
    assert client.get(reverse("staff-home")).status_code == 403


SEARCH_SCOPE = "Kết quả tìm kiếm trong tất cả hồ sơ bạn được xem"


def test_a_search_from_any_tab_looks_through_every_dossier_the_user_may_see(client, clerk, procedure):
    waiting = DossierFactory(procedure=procedure, status=S.RECEIVED, applicant_name="Trần Văn Bảo")
    ready = DossierFactory(
        procedure=procedure, status=S.RESULT_READY, result_ready_at=timezone.now(), applicant_id_number="079203001234"
    )
    client.force_login(clerk)
    url = reverse("staff-home")
    tab = client.get(url)  # the clerk's first tab, filed online, holds neither
    assert tab.context["current"].slug == "moi-nop" and codes(tab) == [] and SEARCH_SCOPE not in tab.content.decode()

    found = client.get(url, {"list": "moi-nop", "q": "trần văn bảo"})
    assert codes(found) == [waiting.code]
    assert SEARCH_SCOPE in found.content.decode() and "1 hồ sơ" in found.content.decode()
    assert codes(client.get(url, {"q": " 079203001234 "})) == [ready.code]  # by ID number, from the default tab
    assert codes(client.get(url, {"list": "cho-tra", "q": waiting.code})) == [waiting.code]


def test_a_search_stays_within_the_agency_of_its_staff(client, specialist, procedure, other_agency):
    mine = DossierFactory(procedure=procedure, in_progress=True, applicant_name="Trần Văn Bảo")
    DossierFactory(procedure=ProcedureFactory(agency=other_agency), in_progress=True, applicant_name="Trần Văn Bảo")
    client.force_login(specialist)
    assert codes(client.get(reverse("staff-home"), {"q": "Trần Văn Bảo"})) == [mine.code]


def test_a_search_page_costs_the_same_queries_for_5_or_60_dossiers(client, clerk, procedure):
    client.force_login(clerk)
    DossierFactory.create_batch(5, procedure=procedure)
    search = {"q": "Nguyễn Văn An"}  # every factory dossier's applicant
    client.get(reverse("staff-home"), search)  # warm the session and permission caches
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("staff-home"), search)
    for agency_procedure in [ProcedureFactory() for _ in range(5)]:
        DossierFactory.create_batch(11, procedure=agency_procedure)
    with CaptureQueriesContext(connection) as many:
        response = client.get(reverse("staff-home"), {**search, "page": 2})
    assert len(response.context["rows"]) == 25
    assert len(many) == len(few)


def test_a_search_finds_a_passport_number_however_it_is_typed(client, clerk, procedure):
    foreigner = DossierFactory(
        procedure=procedure, status=S.RECEIVED, applicant_id_type="passport", applicant_id_number="M12345678"
    )
    client.force_login(clerk)
    assert codes(client.get(reverse("staff-home"), {"q": "m 1234 5678"})) == [foreigner.code]
