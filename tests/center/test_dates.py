"""Far dates (center/dates.py): outside 01/01/2000..31/12/2100 a date is refused wherever it can be typed,
with the project's JSON error on the API and a form error on the pages, never a 500; an extension is
bounded by the service for both."""

import json

import pytest

from dossiers import services
from dossiers.models import Dossier, DossierEvent
from tests.dossiers.walk import APPLICANT

pytestmark = pytest.mark.django_db

OUT_OF_RANGE = "Nhập ngày trong khoảng từ 01/01/2000 đến 31/12/2100."


@pytest.fixture
def dossier(procedure, clerk, counter):
    received = services.dossier_receive(procedure=procedure, applicant=APPLICANT, by=clerk, counter=counter)
    return services.dossier_transfer(dossier=received, by=clerk)


@pytest.mark.parametrize(
    ("url", "params", "field"),
    [
        ("/api/v1/dossiers/", {"received_to": "9999-12-31"}, "received_to"),
        ("/api/v1/dossiers/", {"resolved_to": "9999-12-31"}, "resolved_to"),
        ("/api/v1/dossiers/", {"due_from": "0001-01-01"}, "due_from"),
        ("/api/v1/monitoring/compliance/", {"from": "9999-01-01", "to": "9999-12-31"}, "from"),
        ("/api/v1/monitoring/compliance/", {"from": "0001-01-01", "to": "0001-12-31"}, "from"),
        ("/api/v1/monitoring/compliance/", {"from": "2100-12-01", "to": "2101-01-31"}, "to"),
    ],
)
def test_the_api_answers_a_far_date_with_a_400_naming_the_field(api_as, director, dossier, url, params, field):
    response = api_as(director).get(url, params)
    assert response.status_code == 400
    body = response.json()
    assert body["detail"] == OUT_OF_RANGE
    assert body["errors"][field] == [OUT_OF_RANGE]


@pytest.mark.parametrize(
    ("url", "params"),
    [
        ("/can-bo/", {"received_to": "9999-12-31"}),
        ("/can-bo/", {"due_from": "0001-01-01"}),
        ("/giam-sat/", {"month": "9999-12"}),
        ("/giam-sat/", {"month": "0001-01"}),
        ("/giam-sat/", {"period": "custom", "from": "9999-01-01", "to": "9999-12-31"}),
        ("/giam-sat/qua-han/", {"period": "custom", "from": "0001-01-01", "to": "0001-01-02"}),
        ("/giam-sat/ho-so/", {"metric": "received", "period": "month", "month": "9999-12"}),
        (f"/giam-sat/co-quan/{'H56.01'}/", {"month": "9999-12"}),
    ],
)
def test_the_pages_answer_a_far_date_with_a_form_error(client, director, dossier, url, params):
    client.force_login(director)
    response = client.get(url, params)
    assert response.status_code in (200, 400)
    assert OUT_OF_RANGE in response.content.decode()


def test_the_edges_of_the_range_are_accepted(api_as, director, dossier):
    response = api_as(director).get("/api/v1/monitoring/compliance/", {"from": "2098-01-01", "to": "2100-12-31"})
    assert response.status_code == 200
    response = api_as(director).get("/api/v1/dossiers/", {"received_from": "2000-01-01", "received_to": "2100-12-31"})
    assert response.status_code == 200
    assert [row["code"] for row in response.json()["results"]] == [dossier.code]


def footprint():
    return list(Dossier.objects.values_list("extended_due_at", flat=True)), DossierEvent.objects.count()


@pytest.mark.parametrize(
    ("day", "message"),
    [("9999-12-31", OUT_OF_RANGE), ("2100-12-31", "Ngày hẹn mới chỉ được lùi tối đa một năm, chậm nhất là ngày")],
)
def test_an_extension_to_a_far_date_is_refused_by_the_api(api_as, specialist, dossier, day, message):
    before = footprint()
    response = api_as(specialist).post(
        f"/api/v1/dossiers/{dossier.code}/extend/",
        json.dumps({"new_due_date": day, "reason": "Cần xác minh", "version": dossier.version}),
        content_type="application/json",
    )
    assert response.status_code == 400
    assert message in response.json()["errors"]["new_due_date"][0]
    assert footprint() == before


@pytest.mark.parametrize(
    ("day", "message"),
    [("9999-12-31", OUT_OF_RANGE), ("2100-12-31", "Ngày hẹn mới chỉ được lùi tối đa một năm, chậm nhất là ngày")],
)
def test_an_extension_to_a_far_date_is_a_form_error_on_the_page(client, specialist, dossier, day, message):
    client.force_login(specialist)
    before = footprint()
    response = client.post(
        f"/can-bo/ho-so/{dossier.code}/extend/",
        {"extend-new_due_date": day, "extend-reason": "Cần xác minh", "version": dossier.version},
    )
    assert response.status_code == 400
    html = response.content.decode()
    # Each date its own message (either message for either date passed before).
    assert message in html
    assert footprint() == before
