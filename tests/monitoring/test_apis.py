"""Supervision API (compliance, alerts) and the dossier list API's filters as the issue states them."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.utils import timezone

from tests.factories import AlertFactory, DossierFactory, ProcedureFactory

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
KEYS = {"received", "resolved", "early", "on_time", "late", "open", "overdue"}


def local(y, m, d, hh=9, mm=0):
    return dt.datetime(y, m, d, hh, mm, tzinfo=HCM)


@pytest.fixture
def world(procedure, other_agency):
    """Dossiers of two agencies around 1-30 November 2026 (local time), some at the edges of days."""
    other = ProcedureFactory(agency=other_agency, code="2.000001")
    ready = {"status": "result_ready"}
    made = {
        # received 31/10 23:30 local = 31/10 16:30 UTC: outside; resolved 1/11 00:10 local (31/10 UTC): inside
        "edge": DossierFactory(procedure=procedure, received_at=local(2026, 10, 31, 23, 30),
                               due_at=local(2026, 11, 3), result_ready_at=local(2026, 11, 1, 0, 10),
                               outcome="early", **ready),
        "early": DossierFactory(procedure=procedure, received_at=local(2026, 11, 2), due_at=local(2026, 11, 5),
                                result_ready_at=local(2026, 11, 4), outcome="early", **ready),
        "on_time": DossierFactory(procedure=procedure, received_at=local(2026, 11, 2), due_at=local(2026, 11, 5),
                                  result_ready_at=local(2026, 11, 5, 8), outcome="on_time", **ready),
        "late": DossierFactory(procedure=other, received_at=local(2026, 11, 10), due_at=local(2026, 11, 13),
                               result_ready_at=local(2026, 11, 30, 23, 50), outcome="late", **ready),
        "after": DossierFactory(procedure=other, received_at=local(2026, 11, 20), due_at=local(2026, 11, 25),
                                result_ready_at=local(2026, 12, 1, 0, 5), outcome="late", **ready),
        "open": DossierFactory(procedure=procedure, received_at=local(2026, 11, 30, 23, 59), status="in_progress",
                               due_at=timezone.now() + dt.timedelta(days=3)),
        "overdue": DossierFactory(procedure=other, received_at=local(2026, 11, 3), status="in_progress",
                                  due_at=timezone.now() - dt.timedelta(days=1)),
    }  # fmt: skip
    return made


def test_compliance_has_exactly_the_shape_of_the_issue(api_as, director, world, agency, other_agency):
    response = api_as(director).get("/api/v1/monitoring/compliance/", {"from": "2026-11-01", "to": "2026-11-30"})
    assert response.status_code == 200, response.content
    body = response.json()
    assert set(body) == {"totals", "by_agency"}
    assert set(body["totals"]) == KEYS
    assert body["totals"] == {
        "received": 6,  # all but "edge" (23:30 local on 31/10); "open" came at 23:59 local on the 30th
        "resolved": 4,  # edge (00:10 local on the 1st), early, on_time, late (23:50 local on the 30th)
        "early": 2, "on_time": 1, "late": 1,
        "open": 2, "overdue": 1,
    }  # fmt: skip
    assert [row["agency"] for row in body["by_agency"]] == sorted([agency.code, other_agency.code])
    by_code = {row["agency"]: row for row in body["by_agency"]}
    assert set(by_code[agency.code]) == KEYS | {"agency"}
    assert by_code[other_agency.code] == {
        "agency": other_agency.code, "received": 3, "resolved": 1, "early": 0, "on_time": 0, "late": 1,
        "open": 1, "overdue": 1,
    }  # fmt: skip
    for key in KEYS:
        assert sum(row[key] for row in body["by_agency"]) == body["totals"][key]


def test_compliance_for_one_agency(api_as, director, world, other_agency):
    body = (
        api_as(director)
        .get("/api/v1/monitoring/compliance/", {"from": "2026-11-01", "to": "2026-11-30", "agency": other_agency.code})
        .json()
    )
    assert [row["agency"] for row in body["by_agency"]] == [other_agency.code]
    assert body["totals"]["late"] == 1 and body["totals"]["received"] == 3


def test_compliance_is_limited_to_a_leads_agency(api_as, lead, world, agency, other_agency):
    client = api_as(lead)
    body = client.get("/api/v1/monitoring/compliance/", {"from": "2026-11-01", "to": "2026-11-30"}).json()
    assert [row["agency"] for row in body["by_agency"]] == [agency.code]
    response = client.get(
        "/api/v1/monitoring/compliance/", {"from": "2026-11-01", "to": "2026-11-30", "agency": other_agency.code}
    )
    assert response.status_code == 403 and "cơ quan mình" in response.json()["detail"]


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"to": "2026-11-30"}, "from"),
        ({"from": "2026-11-30", "to": "2026-11-01"}, "to"),
        ({"from": "30/11/2026", "to": "2026-11-30"}, "from"),
        ({"from": "2026-11-01", "to": "2026-11-30", "agency": "NOPE"}, "agency"),
    ],
)
def test_compliance_rejects_bad_input_in_vietnamese(api_as, director, db, params, field):
    response = api_as(director).get("/api/v1/monitoring/compliance/", params)
    assert response.status_code == 400
    assert field in response.json()["errors"]
    assert response.json()["detail"].isascii() is False  # a Vietnamese message, not an English one


@pytest.mark.parametrize("who", ["clerk", "specialist"])
def test_compliance_and_alerts_refuse_other_roles(api_as, request, who):
    client = api_as(request.getfixturevalue(who))
    assert client.get("/api/v1/monitoring/compliance/", {"from": "2026-11-01", "to": "2026-11-30"}).status_code == 403
    assert client.get("/api/v1/monitoring/alerts/").status_code == 403


def test_alerts_api_filters_by_kind_and_open_and_paginates(api_as, director, lead, agency, other_agency):
    mine = DossierFactory(procedure=ProcedureFactory(agency=agency), overdue=True)
    AlertFactory(dossier=mine, kind="overdue")
    AlertFactory(dossier=mine, kind="escalated", acknowledged_by=director, acknowledged_at=timezone.now())
    AlertFactory(dossier=DossierFactory(procedure=ProcedureFactory(agency=other_agency), overdue=True), kind="near_due")
    client = api_as(director)
    body = client.get("/api/v1/monitoring/alerts/").json()
    assert body["count"] == 3 and {"next", "previous", "results"} <= set(body)
    item = body["results"][0]
    assert set(item) >= {"id", "kind", "dossier", "agency", "due_at", "raised_at", "acknowledged_by", "acknowledged_at"}
    assert [a["kind"] for a in client.get("/api/v1/monitoring/alerts/", {"kind": "overdue"}).json()["results"]] == [
        "overdue"
    ]
    assert client.get("/api/v1/monitoring/alerts/", {"open": "true"}).json()["count"] == 2
    closed = client.get("/api/v1/monitoring/alerts/", {"open": "false"}).json()["results"]
    assert [a["kind"] for a in closed] == ["escalated"] and closed[0]["acknowledged_by"] == "director"
    assert client.get("/api/v1/monitoring/alerts/", {"kind": "nonsense"}).status_code == 400
    assert api_as(lead).get("/api/v1/monitoring/alerts/").json()["count"] == 2  # their agency's only


def test_alerts_api_acknowledges_once(api_as, director):
    alert = AlertFactory()
    client = api_as(director)
    response = client.post(f"/api/v1/monitoring/alerts/{alert.pk}/acknowledge/")
    assert response.status_code == 200 and response.json()["acknowledged_by"] == "director"
    again = client.post(f"/api/v1/monitoring/alerts/{alert.pk}/acknowledge/")
    assert again.status_code == 409 and "đã được xác nhận" in again.json()["detail"]


def test_alerts_list_costs_a_constant_number_of_queries(api_as, director, django_assert_max_num_queries):
    for _ in range(30):
        AlertFactory()
    with django_assert_max_num_queries(8):
        assert len(api_as(director).get("/api/v1/monitoring/alerts/").json()["results"]) == 30


# --- GET /api/v1/dossiers/ as the issue asks ---------------------------------------------------------


def codes(response) -> set[str]:
    assert response.status_code == 200, response.content
    return {item["code"] for item in response.json()["results"]}


def test_dossier_list_items_have_the_fields_of_the_issue(api_as, director, world):
    item = api_as(director).get("/api/v1/dossiers/").json()["results"][0]
    assert {"code", "procedure", "agency", "status", "received_at", "due_at", "result_ready_at", "outcome"} <= set(item)


def test_dossier_list_filters_on_local_dates_inclusive(api_as, director, world):
    client = api_as(director)
    w = {name: d.code for name, d in world.items()}
    november = {"received_from": "2026-11-01", "received_to": "2026-11-30"}
    assert codes(client.get("/api/v1/dossiers/", november)) == {
        w["early"],
        w["on_time"],
        w["late"],
        w["after"],
        w["open"],
        w["overdue"],
    }
    resolved = codes(client.get("/api/v1/dossiers/", {"resolved_from": "2026-11-01", "resolved_to": "2026-11-30"}))
    assert resolved == {w["edge"], w["early"], w["on_time"], w["late"]}
    assert codes(client.get("/api/v1/dossiers/", {"resolved_from": "2026-12-01"})) == {w["after"]}


def test_dossier_list_filters_status_agency_procedure_outcome(api_as, director, world, other_agency):
    client = api_as(director)
    w = {name: d.code for name, d in world.items()}
    assert codes(client.get("/api/v1/dossiers/", {"status": "in_progress"})) == {w["open"], w["overdue"]}
    assert codes(client.get("/api/v1/dossiers/", {"agency": other_agency.code})) == {
        w["late"],
        w["after"],
        w["overdue"],
    }
    assert codes(client.get("/api/v1/dossiers/", {"procedure": "2.000001", "outcome": "late"})) == {
        w["late"],
        w["after"],
    }
    assert client.get("/api/v1/dossiers/", {"received_from": "yesterday"}).status_code == 400
    assert client.get("/api/v1/dossiers/", {"outcome": "sometime"}).status_code == 400


def test_dossier_list_is_limited_to_the_agency_of_its_staff(api_as, specialist, director, world, agency):
    mine = {d.code for d in world.values() if d.agency_id == agency.id}
    assert codes(api_as(specialist).get("/api/v1/dossiers/")) == mine
    assert api_as(director).get("/api/v1/dossiers/").json()["count"] == len(world)


def test_dossier_list_is_paginated(api_as, director, procedure, settings):
    for _ in range(55):
        DossierFactory(procedure=procedure)
    body = api_as(director).get("/api/v1/dossiers/").json()
    assert body["count"] == 55 and len(body["results"]) == 50 and body["next"]


def test_dates_are_compared_in_local_time_not_utc(world):
    # The "edge" dossier was resolved on 1/11 local, which is still 31/10 in UTC.
    with connection.cursor() as cursor:
        cursor.execute("SELECT (result_ready_at AT TIME ZONE 'UTC')::date FROM dossiers_dossier WHERE code = %s",
                       [world["edge"].code])  # fmt: skip
        assert cursor.fetchone()[0] == dt.date(2026, 10, 31)
