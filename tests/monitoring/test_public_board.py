"""The public punctuality board: open to all, per agency early / on time / late over twelve months."""

import datetime as dt

from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.factories import DossierFactory, ProcedureFactory


def resolved(procedure, outcome, days_ago):
    ready = timezone.now() - dt.timedelta(days=days_ago)
    return DossierFactory(
        procedure=procedure, status="returned", result_ready_at=ready, due_at=ready, outcome=outcome,
        received_at=ready - dt.timedelta(days=5), applicant_name="Trần Thị Bí Mật",
    )  # fmt: skip


def test_board_shows_each_agencys_shares_over_twelve_months(client, procedure, other_agency):
    other = ProcedureFactory(agency=other_agency)
    for outcome in ["early", "early", "on_time", "late"]:
        resolved(procedure, outcome, 30)
    resolved(procedure, "late", 400)  # older than twelve months: not counted
    resolved(other, "late", 10)
    DossierFactory(procedure=other, status="in_progress")  # not resolved: not counted
    response = client.get("/cong-khai/dung-han/")
    assert response.status_code == 200
    rows = {row.code: row.tally for row in response.context["agencies"]}
    assert {k: rows[procedure.agency.code][k] for k in ("resolved", "early", "on_time", "late")} == {
        "resolved": 4, "early": 2, "on_time": 1, "late": 1,
    }  # fmt: skip
    assert rows[other_agency.code]["late"] == 1 and rows[other_agency.code].punctual_rate == 0
    assert [r.code for r in response.context["agencies"]][0] == procedure.agency.code  # most punctual first
    html = response.content.decode()
    assert "<svg" in html and html.count('class="bar bar-') == 4  # early, on time, late; late only
    assert "75,0%" in html  # 3 of 4 early or on time, with the Vietnamese decimal comma
    assert "Bí Mật" not in html


def test_board_is_cached_for_a_while(client, procedure):
    resolved(procedure, "early", 3)
    client.get("/cong-khai/dung-han/")
    resolved(procedure, "late", 3)
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/cong-khai/dung-han/")
    assert not [q for q in queries if "dossiers_dossier" in q["sql"]]
    assert response.context["totals"].tally["resolved"] == 1
    cache.clear()
    assert client.get("/cong-khai/dung-han/").context["totals"].tally["resolved"] == 2


def test_board_is_linked_from_every_page(client, db):
    assert 'href="/cong-khai/dung-han/"' in client.get("/").content.decode()
