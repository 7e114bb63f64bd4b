"""The directors' dashboard: who sees it, numbers that equal a direct count, drill-downs that add up,
a constant number of queries, exports of every table."""

import datetime as dt
import io
import re

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.models import Avg, F, Q
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from freezegun import freeze_time

from dossiers.models import Dossier, SatisfactionRating
from monitoring.models import Alert
from procedures.models import Agency, Procedure
from tests.exports import csv_table, xlsx_table
from tests.factories import AlertFactory, DossierFactory, ProcedureFactory
from tests.monitoring.conftest import NOW


def last_twelve_months() -> dict:
    """The demo data spans the twelve months before today; a calendar year may have barely begun."""
    today = timezone.localdate()
    return {"period": "custom", "from": (today - dt.timedelta(days=364)).isoformat(), "to": today.isoformat()}


OPEN = ["received", "in_progress", "awaiting_supplement", "awaiting_payment"]


def local_day_start(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(0)))


def count_links(html: str, metric: str) -> dict[str, int]:
    """{query string: number shown} for every link of the page to the dossiers behind `metric`."""
    found = {}
    for href, count in re.findall(r'href="(/giam-sat/ho-so/\?[^"]*)" data-count="(\d+)"', html):
        if f"metric={metric}" in href.replace("&amp;", "&"):
            found[href.replace("&amp;", "&")] = int(count)
    return found


@pytest.fixture
def demo(db):
    """The demo generator's data: 13 agencies, 151 procedures, 1,500 dossiers over twelve months."""
    call_command("seed_demo", dossiers=1500, seed=11, stdout=io.StringIO())
    return Dossier.objects.count()


@pytest.fixture
def giamdoc(demo, client):
    from django.contrib.auth.models import User

    client.force_login(User.objects.get(username="giamdoc"))
    return client


# --- who sees it ---------------------------------------------------------------------------------


def test_anonymous_is_sent_to_login(client, db):
    response = client.get("/giam-sat/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("who", ["clerk", "specialist"])
def test_staff_without_the_permission_are_refused(client, request, who):
    client.force_login(request.getfixturevalue(who))
    for url in ["/giam-sat/", "/giam-sat/canh-bao/", "/giam-sat/qua-han/", "/giam-sat/ho-so/?metric=late"]:
        assert client.get(url).status_code == 403, url


def test_a_lead_sees_only_their_agency(client, lead, agency, other_agency, procedure):
    DossierFactory(procedure=procedure)
    DossierFactory(procedure=ProcedureFactory(agency=other_agency))
    client.force_login(lead)
    response = client.get("/giam-sat/")
    assert response.status_code == 200
    rows = re.findall(r'<tr data-code="([^"]+)"', response.content.decode())
    assert rows == [agency.code]
    assert response.context["tiles"][0]["count"] == 1  # received: their agency's only
    assert client.get("/giam-sat/", {"agency": other_agency.code}).status_code == 403
    assert client.get(f"/giam-sat/co-quan/{other_agency.code}/").status_code == 403
    assert client.get(f"/giam-sat/co-quan/{agency.code}/").status_code == 200
    assert client.get("/giam-sat/ho-so/", {"metric": "received", "agency": other_agency.code}).status_code == 403


def test_a_director_sees_every_agency(client, director, agency, other_agency):
    client.force_login(director)
    rows = re.findall(r'<tr data-code="([^"]+)"', client.get("/giam-sat/").content.decode())
    assert set(rows) == {agency.code, other_agency.code}


# --- numbers equal a direct count on generated data ------------------------------------------------


def test_numbers_equal_a_direct_count_on_generated_data(giamdoc, demo):
    today = timezone.localdate()
    first = today.replace(day=1) - dt.timedelta(days=200)
    params = {"period": "custom", "from": first.isoformat(), "to": today.isoformat()}
    response = giamdoc.get("/giam-sat/", params)
    assert response.status_code == 200
    start, end = local_day_start(first), local_day_start(today + dt.timedelta(days=1))
    now = response.context["scope"].now
    received = Dossier.objects.filter(received_at__gte=start, received_at__lt=end)
    resolved = Dossier.objects.filter(result_ready_at__gte=start, result_ready_at__lt=end)
    direct = {
        "received": received.count(),
        "resolved": resolved.count(),
        "early": resolved.filter(outcome="early").count(),
        "on_time": resolved.filter(outcome="on_time").count(),
        "late": resolved.filter(outcome="late").count(),
        "open": Dossier.objects.filter(status__in=OPEN).count(),
        "overdue": Dossier.objects.filter(status__in=["received", "in_progress"], due_at__lt=now).count(),
        "online": received.filter(channel="online").count(),
    }
    assert min(direct.values()) > 0, direct  # the generated data exercises every figure
    tiles = {t["key"]: t for t in response.context["tiles"]}
    for key, value in direct.items():
        assert tiles[key]["count"] == value, key
    assert tiles["late"]["rate"] == pytest.approx(direct["late"] / direct["resolved"])
    ratings = SatisfactionRating.objects.filter(dossier__in=resolved)
    mean = ratings.aggregate(m=Avg(F("reception") + F("attitude") + F("timeliness") + F("clarity") + F("result")))
    assert tiles["satisfaction"]["score"] == pytest.approx(mean["m"] / 5)

    # Per agency, as the table shows it, against one plain count each.
    for agency in Agency.objects.all():
        row = next(r for r in response.context["rows"] if r.code == agency.code)
        cells = {key: cell.value for (key, _h, _k), cell in zip(response.context["columns"], row.cells, strict=True)}
        assert cells["received"] == received.filter(agency=agency).count()
        assert cells["late"] == resolved.filter(agency=agency, outcome="late").count()
        assert cells["overdue"] == direct_overdue(agency, now)


def direct_overdue(agency, now) -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM dossiers_dossier WHERE agency_id = %s AND status IN ('received', 'in_progress') "
            "AND due_at < %s",
            [agency.pk, now],
        )
        return cursor.fetchone()[0]


def test_every_number_of_the_agency_table_adds_up_to_its_dossier_list(giamdoc):
    html = giamdoc.get("/giam-sat/", last_twelve_months()).content.decode()
    checked = 0
    for metric in ["received", "late", "overdue", "stopped"]:
        links = count_links(html, metric)
        assert links, metric
        for href, number in list(links.items())[:4]:
            listing = giamdoc.get(href)
            assert listing.status_code == 200
            assert listing.context["page"].paginator.count == number, href
            checked += 1
    assert checked >= 12


def test_agency_page_drills_down_to_procedures_that_add_up(giamdoc):
    agency = Agency.objects.get(code="H56.01")
    dashboard = giamdoc.get("/giam-sat/", last_twelve_months())
    agency_row = next(r for r in dashboard.context["rows"] if r.code == agency.code)
    response = giamdoc.get(agency_row.link)
    assert response.status_code == 200 and response.context["level"] == "procedure"
    procedures = response.context["rows"]
    assert {r.code for r in procedures} <= set(Procedure.objects.filter(agency=agency).values_list("code", flat=True))
    for index, (key, _h, kind) in enumerate(response.context["columns"]):
        if kind == "count":
            assert sum(r.cells[index].value for r in procedures) == agency_row.cells[index].value, key


def test_the_scorecard_replaces_the_service_index_and_every_number_lists_what_it_counts(giamdoc):
    response = giamdoc.get("/giam-sat/", last_twelve_months())
    card = response.context["scorecard"]
    assert "indicators" not in response.context
    on_time = next(i for i in card.indicators if i.key == "on_time")
    assert on_time.measured and 0 < on_time.value <= 1 and on_time.points == round(on_time.value * 20, 2)
    links = [link for row in response.context["scorecard_rows"] for link in row["links"]]
    assert len(links) >= 8
    for _label, count, href in links:
        listing = giamdoc.get(href)
        assert listing.status_code == 200 and listing.context["page"].paginator.count == count, href
    html = response.content.decode()
    assert "766/QĐ-TTg" in html and 'id="scorecard-total"' in html and 'id="indicator-synchronised"' in html
    assert not next(i for i in card.indicators if i.key == "synchronised").measured
    ranked = [total for _a, total in ((a, c.total_points) for a, c in response.context["ranking"])]
    assert ranked == sorted(ranked, reverse=True) and len(ranked) == Agency.objects.filter(is_active=True).count()


def test_the_dashboard_needs_the_same_number_of_queries_for_more_data(client, director, procedure, other_agency):
    def measure():
        client.force_login(director)
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/giam-sat/", {"period": "year"}).status_code == 200
        return len(queries)

    DossierFactory(procedure=procedure)
    # One of each kind already, so queries skipped for an empty set (Django asks nothing for `IN ()`) are
    # counted on both sides.
    DossierFactory(procedure=procedure, status="result_ready", result_ready_at=timezone.now(), outcome="late")
    AlertFactory()
    small = measure()
    for n in range(40):
        p = ProcedureFactory(agency=other_agency if n % 2 else procedure.agency)
        DossierFactory(procedure=p, overdue=True)
        DossierFactory(procedure=p, status="result_ready", result_ready_at=timezone.now(), outcome="late")
        AlertFactory()
    assert measure() == small


# --- filters, sorting, bad input, exports ---------------------------------------------------------


def test_filters_by_channel_field_and_period(giamdoc):
    today = timezone.localdate()
    field = Procedure.objects.filter(agency__code="H56.01").first().field
    params = {"period": "month", "month": f"{today:%Y-%m}", "channel": "online", "field": field.code}
    tiles = {t["key"]: t for t in giamdoc.get("/giam-sat/", params).context["tiles"]}
    start = local_day_start(today.replace(day=1))
    expected = Dossier.objects.filter(Q(received_at__gte=start), channel="online", procedure__field=field).count()
    assert tiles["received"]["count"] == expected


def test_sorting_the_agency_table(giamdoc):
    response = giamdoc.get("/giam-sat/", {**last_twelve_months(), "sort": "late", "dir": "desc"})
    index = [k for k, _h, _kind in response.context["columns"]].index("late")
    values = [r.cells[index].value for r in response.context["rows"]]
    assert values == sorted(values, reverse=True) and values[0] > 0


def test_bad_filters_get_a_message_in_vietnamese(client, director):
    client.force_login(director)
    response = client.get("/giam-sat/", {"period": "month", "month": "2026-13"})
    assert response.status_code == 200
    assert "Nhập tháng theo dạng NNNN-TT" in response.content.decode()
    response = client.get("/giam-sat/", {"period": "custom", "from": "2026-05-01", "to": "2026-04-01"})
    assert "Ngày cuối không được trước ngày đầu" in response.content.decode()
    response = client.get("/giam-sat/ho-so/", {"metric": "nonsense"})
    assert response.status_code == 400
    response = client.get("/giam-sat/ho-so/", {"metric": "late", "procedure": "9.999999"})
    assert response.status_code == 400 and "Không có thủ tục nào có mã này" in response.content.decode()


def test_every_dashboard_table_exports_to_csv_and_excel(giamdoc):
    page = giamdoc.get("/giam-sat/", last_twelve_months())
    assert set(page.context["exports"]) == {
        "summary", "agencies", "trend", "top-late", "scorecard", "scorecard-ranking",
    }  # fmt: skip
    for name, links in page.context["exports"].items():
        response = giamdoc.get(links["csv"])
        assert response.status_code == 200 and response["Content-Type"].startswith("text/csv"), name
        heading, rows = csv_table(response)
        assert len(rows) > 1, name
        response = giamdoc.get(links["xlsx"])
        assert response.status_code == 200, name
        assert len(xlsx_table(response)[1]) == len(rows), name
    _heading, agencies = csv_table(giamdoc.get(page.context["exports"]["agencies"]["csv"]))
    assert agencies[-1][1] == "Tổng cộng"
    assert int(agencies[-1][2]) == page.context["tiles"][0]["count"]  # the received column


def test_dossier_list_and_overdue_list_export_every_row(giamdoc):
    listing = giamdoc.get("/giam-sat/ho-so/", {**last_twelve_months(), "metric": "received"})
    count = listing.context["page"].paginator.count
    assert count > 50  # more than one page on screen
    assert len(csv_table(giamdoc.get(listing.context["exports"]["csv"]))[1]) == count + 1
    overdue = giamdoc.get("/giam-sat/qua-han/")
    _heading, rows = xlsx_table(giamdoc.get(overdue.context["exports"]["xlsx"]))
    assert len(rows) == overdue.context["page"].paginator.count + 1


def test_overdue_list_shows_working_days_late(client, director, procedure):
    with freeze_time(NOW):  # a Wednesday: "now" must be a working day for the count below
        DossierFactory(procedure=procedure, status="in_progress", due_at=NOW - dt.timedelta(days=14))
        DossierFactory(procedure=procedure, status="in_progress", due_at=NOW - dt.timedelta(hours=2))
        DossierFactory(procedure=procedure, status="awaiting_supplement", due_at=NOW - dt.timedelta(days=3))
        client.force_login(director)
        response = client.get("/giam-sat/qua-han/")
    rows = response.context["rows"]
    assert len(rows) == 2  # the paused dossier is not overdue
    assert [late for _d, late in rows] == [10, 1]  # longest first; a started working day counts as one


# --- the alert inbox -------------------------------------------------------------------------------


def test_alert_inbox_lists_and_acknowledges(client, lead, agency, other_agency):
    mine = AlertFactory(dossier=DossierFactory(procedure=ProcedureFactory(agency=agency), overdue=True))
    theirs = AlertFactory(dossier=DossierFactory(procedure=ProcedureFactory(agency=other_agency), overdue=True))
    client.force_login(lead)
    response = client.get("/giam-sat/canh-bao/")
    assert [a.pk for a in response.context["page"]] == [mine.pk]
    response = client.post(f"/giam-sat/canh-bao/{mine.pk}/xac-nhan/", {"next": "/giam-sat/canh-bao/"}, follow=True)
    assert "Đã xác nhận cảnh báo" in response.content.decode()
    mine.refresh_from_db()
    assert mine.acknowledged_by == lead and mine.acknowledged_at is not None
    assert client.get("/giam-sat/canh-bao/").context["page"].paginator.count == 0
    assert client.get("/giam-sat/canh-bao/", {"state": "done"}).context["page"].paginator.count == 1
    again = client.post(f"/giam-sat/canh-bao/{mine.pk}/xac-nhan/", follow=True)
    assert "đã được xác nhận trước đó" in again.content.decode()
    assert client.post(f"/giam-sat/canh-bao/{theirs.pk}/xac-nhan/").status_code == 403
    assert Alert.objects.get(pk=theirs.pk).acknowledged_at is None


def test_specialist_cannot_acknowledge(client, specialist):
    alert = AlertFactory()
    client.force_login(specialist)
    assert client.post(f"/giam-sat/canh-bao/{alert.pk}/xac-nhan/").status_code == 403
    assert client.get(f"/giam-sat/canh-bao/{alert.pk}/xac-nhan/").status_code == 405


def test_nav_links_supervision_for_those_who_may_see_it(client, director, specialist):
    client.force_login(director)
    assert 'href="/giam-sat/"' in client.get("/").content.decode()
    client.force_login(specialist)
    html = client.get("/").content.decode()
    assert 'href="/giam-sat/"' not in html and 'href="/cong-khai/dung-han/"' in html


def test_average_queue_wait_comes_from_the_tickets_called(client, director, lead, agency, other_agency):
    from counters.models import Ticket
    from tests.factories import ServiceGroupFactory

    now = timezone.now()
    ours, theirs = ServiceGroupFactory(agencies=[agency]), ServiceGroupFactory(agencies=[other_agency])
    day = timezone.localdate()
    for number, (group, wait) in enumerate([(ours, 300), (ours, 600), (theirs, 1800), (ours, None)], start=1):
        Ticket.objects.create(group=group, day=day, number=number, issued_at=now, wait_seconds=wait)
    client.force_login(director)
    tile = next(t for t in client.get("/giam-sat/").context["tiles"] if t["key"] == "queue_wait")
    assert tile["minutes"] == pytest.approx(15) and tile["sub"] == 3  # (5 + 10 + 30) / 3; not yet called: out
    client.force_login(lead)
    tile = next(t for t in client.get("/giam-sat/").context["tiles"] if t["key"] == "queue_wait")
    assert tile["minutes"] == pytest.approx(7.5) and tile["sub"] == 2


def test_agency_page_exports_its_procedures(giamdoc):
    page = giamdoc.get("/giam-sat/co-quan/H56.01/", last_twelve_months())
    assert "procedures" in page.context["exports"]
    response = giamdoc.get(page.context["exports"]["procedures"]["xlsx"])
    heading, rows = xlsx_table(response)
    assert heading["Bộ lọc"] == "Cơ quan: Sở Tài chính"
    assert len(rows) == len(page.context["rows"]) + 2  # header, procedures, total


def test_a_custom_period_longer_than_a_year_has_no_scorecard_and_says_why(giamdoc):
    response = giamdoc.get("/giam-sat/", {"period": "custom", "from": "2021-12-01", "to": "2026-11-30"})
    assert response.status_code == 200
    assert response.context["scorecard"] is None and response.context["ranking"] == []
    assert "kỳ này dài hơn một năm" in response.content.decode()
    assert giamdoc.get("/giam-sat/", {"period": "custom", "from": "2021-12-01", "to": "2026-11-30",
                                      "export": "scorecard", "format": "csv"}).status_code == 404  # fmt: skip
    year = giamdoc.get("/giam-sat/", {"period": "custom", "from": "2025-12-01", "to": "2026-11-30"})
    assert year.context["scorecard"] is not None
