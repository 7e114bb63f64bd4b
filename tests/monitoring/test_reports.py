"""Periodic reports (monitoring/reports): the figures equal the dashboard's and the scorecard's for the same
period, the official layout in XLSX and PDF, made once per closed period by beat, a new version on request
with what changed (the old one kept as it was), e-mailed to the directors, downloadable by directors only."""

import datetime as dt
import hashlib
import io

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.core.management import CommandError, call_command
from django.utils import timezone
from freezegun import freeze_time
from openpyxl import load_workbook
from pypdf import PdfReader

from dossiers.models import Channel, Outcome
from dossiers.workflow import DossierStatus as S
from monitoring import tasks
from monitoring.models import OutboxMessage, PeriodicReport
from monitoring.periods import add_months, month_period, quarter_period, year_period
from monitoring.reports.figures import COLUMNS
from monitoring.reports.services import ReportError, closed_periods, periodic_report_make, report_file
from tests.exports import csv_table, number
from tests.factories import DossierFactory, ProcedureFactory
from tests.monitoring.conftest import run_together
from tests.monitoring.test_scorecard import HCM, at, history


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def demo(db):
    """The demo center with 1,200 dossiers over the twelve months before today."""
    call_command("seed_demo", dossiers=1200, seed=17, stdout=io.StringIO())


def resolved(procedure, received: dt.datetime, ready: dt.datetime):
    """A dossier transferred then resolved, with the result columns dossier_resolve sets (the dashboard's)."""
    dossier = history(procedure, received, ("transfer", received + dt.timedelta(hours=1)), ("resolve", ready))
    outcome = (
        Outcome.LATE
        if ready > dossier.due_at
        else Outcome.EARLY
        if ready.date() < dossier.due_at.date()
        else Outcome.ON_TIME
    )
    dossier.result_ready_at, dossier.outcome = ready, outcome
    dossier.save(update_fields=["result_ready_at", "outcome"])  # a save, so the supervision rollups count it
    return dossier


def last_month():
    return month_period(add_months(timezone.localdate().replace(day=1), -1))


def dashboard_csv(client, period, table: str, **filters) -> list[dict]:
    """The rows of a dashboard download (tests/exports.py reads it as Vietnamese Excel does), by heading."""
    response = client.get("/giam-sat/", {**period.params(), **filters, "export": table, "format": "csv"})
    assert response.status_code == 200
    _heading, (columns, *rows) = csv_table(response)
    return [dict(zip(columns, row, strict=True)) for row in rows]


def test_report_equals_the_dashboard_and_the_scorecard_for_the_same_month(demo, client):
    period = last_month()
    client.force_login(User.objects.get(username="giamdoc"))
    report = periodic_report_make(period=period)
    figures = report.figures
    assert figures["totals"]["received"] > 50  # the demo fills every month
    # The dashboard's table by agency, as its export gives it (the columns by their headings).
    shown = {row["Mã"]: row for row in dashboard_csv(client, period, "agencies") if row["Mã"]}
    headings = {"received": "Đã tiếp nhận", "resolved": "Đã giải quyết", "early": "Trước hạn", "on_time": "Đúng hạn",
                "late": "Trễ hạn", "stopped": "Dừng xử lý hoặc rút"}  # fmt: skip
    assert {line["code"] for line in figures["agencies"]} == set(shown)
    for line in figures["agencies"]:
        for key, heading in headings.items():
            assert line[key] == int(shown[line["code"]][heading]), (line["code"], key)
    # Received by channel: each channel's dashboard (the channel filter) gives the same count.
    for channel, key in [(Channel.ONLINE, "received_online"), (Channel.COUNTER, "received_counter"),
                         (Channel.POST, "received_post")]:  # fmt: skip
        summary = {row["Chỉ số"]: row["Giá trị"] for row in dashboard_csv(client, period, "summary", channel=channel)}
        assert figures["totals"][key] == int(summary["Đã tiếp nhận"]), channel
    assert figures["totals"]["received"] == sum(figures["totals"][k] for k in
                                                ("received_online", "received_counter", "received_post"))  # fmt: skip
    # By field: the same counts, grouped otherwise.
    for key in COLUMNS:
        assert sum(line[key] for line in figures["fields"]) == figures["totals"][key], key
        assert sum(line[key] for line in figures["agencies"]) == figures["totals"][key], key
    # The scorecard: the dashboard's scorecard export and its ranking.
    card = dashboard_csv(client, period, "scorecard")
    assert number(card[-1]["Điểm"]) == figures["scorecard"]["total_points"]
    ranking = dashboard_csv(client, period, "scorecard-ranking")
    assert [(r["Mã"], number(r["Điểm"])) for r in ranking] == [
        (r["code"], r["points"]) for r in figures["scorecard"]["ranking"]
    ]
    totals = figures["totals"]
    assert totals["in_progress"] == totals["in_progress_within"] + totals["in_progress_overdue"]


@freeze_time(dt.datetime(2026, 12, 10, 10, tzinfo=HCM))
def test_in_progress_is_judged_at_the_period_end_and_does_not_change_when_the_dossier_finishes_later(procedure):
    november = month_period(dt.date(2026, 11, 1))
    # Received 2/11, 3 working days: due 5/11. One still open at the end of November (overdue), one received
    # 27/11 and due 2/12 (within time at the end of November) and resolved in December.
    overdue = history(procedure, at(11, 2), ("transfer", at(11, 2, 10)))
    resolved(procedure, at(11, 27), at(12, 1))
    report = periodic_report_make(period=november)
    totals = report.figures["totals"]
    assert (totals["received"], totals["resolved"]) == (2, 0)
    assert (totals["in_progress"], totals["in_progress_within"], totals["in_progress_overdue"]) == (2, 1, 1)
    assert overdue.status == S.IN_PROGRESS


def test_closed_periods_are_the_last_month_quarter_and_year():
    assert closed_periods(dt.date(2026, 1, 3)) == [
        month_period(dt.date(2025, 12, 1)), quarter_period(2025, 4), year_period(2025)
    ]  # fmt: skip
    assert closed_periods(dt.date(2026, 5, 31)) == [
        month_period(dt.date(2026, 4, 1)), quarter_period(2026, 1), year_period(2025)
    ]  # fmt: skip


def test_a_period_not_yet_ended_has_no_report(db):
    today = timezone.localdate()
    with pytest.raises(ReportError):
        periodic_report_make(period=month_period(today.replace(day=1)))
    assert not PeriodicReport.objects.exists()


@freeze_time(dt.datetime(2026, 12, 2, 1, 30, tzinfo=HCM))
def test_beat_makes_each_closed_period_once_and_emails_the_directors(
    procedure, director, lead, django_capture_on_commit_callbacks
):
    director.email = "giamdoc@example.vn"
    director.save()
    lead.email = "lead@example.vn"
    lead.save()
    resolved(procedure, at(11, 2), at(11, 4))
    with django_capture_on_commit_callbacks(execute=True):
        tasks.periodic_reports_task()
    made = list(PeriodicReport.objects.order_by("kind"))
    assert [(r.kind, r.first, r.version) for r in made] == [
        ("month", dt.date(2026, 11, 1), 1), ("quarter", dt.date(2026, 7, 1), 1), ("year", dt.date(2025, 1, 1), 1)
    ]  # fmt: skip
    # One e-mail per report to the director (not the agency's lead), with the Excel and PDF files.
    assert sorted(m.to[0] for m in mail.outbox) == ["giamdoc@example.vn"] * 3
    november = next(m for m in mail.outbox if "11/2026" in m.subject)
    names = sorted(name for name, _content, _type in november.attachments)
    assert names == ["bao-cao-tthc-month-2026-11-v1.pdf", "bao-cao-tthc-month-2026-11-v1.xlsx"]
    report = made[0]
    for name, content, _type in november.attachments:
        expected = report.pdf_sha256 if name.endswith(".pdf") else report.xlsx_sha256
        assert hashlib.sha256(content).hexdigest() == expected
    # Beat again (a second beat, or the next night): nothing new is made or sent.
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        tasks.periodic_reports_task()
    assert PeriodicReport.objects.count() == 3 and mail.outbox == []


@freeze_time(dt.datetime(2026, 12, 10, 10, tzinfo=HCM))
def test_making_again_writes_a_new_version_with_what_changed_and_keeps_the_first_as_it_was(procedure, director):
    november = month_period(dt.date(2026, 11, 1))
    history(procedure, at(11, 2), ("transfer", at(11, 2, 10)))
    first = periodic_report_make(period=november)
    first_pdf = report_file(report=first, fmt="pdf")[1]
    assert periodic_report_make(period=november).pk == first.pk  # without "again": the same report
    # A dossier received in November is entered late.
    DossierFactory(procedure=procedure, received_at=at(11, 20), due_at=at(11, 25), status=S.IN_PROGRESS)
    second = periodic_report_make(period=november, by=director, again=True)
    assert (second.version, second.created_by) == (2, director)
    assert second.figures["totals"]["received"] == first.figures["totals"]["received"] + 1
    changed = {(c["where"], c["what"]): (c["before"], c["after"]) for c in second.changes}
    assert changed[(f"{procedure.agency.name} ({procedure.agency.code})", "received")] == (1, 2)
    # The first version is untouched: its row, its figures and its files (checksums still match).
    first.refresh_from_db()
    assert first.version == 1 and first.figures["totals"]["received"] == 1
    assert report_file(report=first, fmt="pdf")[1] == first_pdf
    # A third making without any change says so.
    third = periodic_report_make(period=november, again=True)
    assert third.version == 3 and third.changes == []


@freeze_time(dt.datetime(2026, 12, 10, 10, tzinfo=HCM))
def test_xlsx_and_pdf_have_the_official_layout_and_the_figures(procedure, other_agency):
    november = month_period(dt.date(2026, 11, 1))
    resolved(procedure, at(11, 2), at(11, 4))
    history(ProcedureFactory(agency=other_agency), at(11, 3), ("transfer", at(11, 3, 10)))
    report = periodic_report_make(period=november)
    book = load_workbook(io.BytesIO(report_file(report=report, fmt="xlsx")[1]))
    sheet = book.worksheets[0]
    texts = [cell.value for row in sheet.iter_rows(max_row=12) for cell in row if cell.value]
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in texts and "Độc lập - Tự do - Hạnh phúc" in texts
    assert any("01/11/2026" in str(t) and "30/11/2026" in str(t) for t in texts)
    assert sheet.merged_cells.ranges  # two-row headings, letterhead
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    names = {row[1]: row for row in rows if row[1] in (procedure.agency.name, other_agency.name)}
    total = next(row for row in rows if row[0] == "Tổng cộng")
    # Columns: received total, online, counter, post; resolved total, early, on time, late; stopped; in progress
    # total, within time, overdue; early-or-on-time %.
    assert names[procedure.agency.name][2:15] == [1, 0, 1, 0, 1, 1, 0, 0, 0, 0, 0, 0, 100.0]
    assert names[other_agency.name][2:15] == [1, 0, 1, 0, 0, 0, 0, 0, 0, 1, 0, 1, None]
    assert total[2:14] == [2, 0, 2, 0, 1, 1, 0, 0, 0, 1, 0, 1]
    assert [ws.title for ws in book.worksheets][2]  # the scorecard sheet
    pdf = PdfReader(io.BytesIO(report_file(report=report, fmt="pdf")[1]))
    text = " ".join(page.extract_text() for page in pdf.pages)
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert procedure.agency.name in text and other_agency.name in text
    fonts = str(pdf.pages[0]["/Resources"]["/Font"].values())
    assert fonts  # the DejaVu font is embedded (the slips' renderer)


@freeze_time(dt.datetime(2026, 12, 10, 10, tzinfo=HCM))
def test_the_reports_page_and_downloads_are_for_directors_only(client, procedure, director, lead):
    report = periodic_report_make(period=month_period(dt.date(2026, 11, 1)))
    client.force_login(lead)
    assert client.get("/giam-sat/bao-cao/").status_code == 403
    assert client.get(f"/giam-sat/bao-cao/{report.pk}/pdf/").status_code == 403
    client.force_login(director)
    page = client.get("/giam-sat/bao-cao/")
    assert page.status_code == 200 and f'id="report-{report.pk}"' in page.content.decode()
    for fmt, kind in [("pdf", "application/pdf"), ("xlsx", "spreadsheetml")]:
        response = client.get(f"/giam-sat/bao-cao/{report.pk}/{fmt}/")
        assert response.status_code == 200 and kind in response["Content-Type"]
        assert "attachment" in response["Content-Disposition"]
    assert client.get(f"/giam-sat/bao-cao/{report.pk}/doc/").status_code == 404


@freeze_time(dt.datetime(2026, 12, 10, 10, tzinfo=HCM))
def test_an_altered_file_is_refused_not_served(client, procedure, director, settings):
    report = periodic_report_make(period=month_period(dt.date(2026, 11, 1)))
    with open(report.pdf.path, "ab") as stored:
        stored.write(b"%changed")
    client.force_login(director)
    response = client.get(f"/giam-sat/bao-cao/{report.pk}/pdf/")
    assert response.status_code == 409
    assert client.get(f"/giam-sat/bao-cao/{report.pk}/xlsx/").status_code == 200


@freeze_time(dt.datetime(2026, 12, 10, 10, tzinfo=HCM))
def test_a_director_asks_for_a_report_again(client, procedure, director):
    november = month_period(dt.date(2026, 11, 1))
    periodic_report_make(period=november)
    client.force_login(director)
    response = client.post("/giam-sat/bao-cao/lam-lai/", {"kind": "month", "first": "2026-11-01"})
    assert response.status_code == 302
    assert list(PeriodicReport.objects.values_list("version", "created_by")) == [(2, director.pk), (1, None)]
    # A period not ended, or not a period at all: refused with a message, nothing made.
    for data in [{"kind": "month", "first": "2026-12-01"}, {"kind": "quarter", "first": "2026-11-01"},
                 {"kind": "month", "first": "hôm qua"}]:  # fmt: skip
        client.post("/giam-sat/bao-cao/lam-lai/", data)
    assert PeriodicReport.objects.count() == 2


@freeze_time(dt.datetime(2026, 12, 10, 10, tzinfo=HCM))
def test_a_past_period_is_made_from_the_command_line(procedure):
    history(procedure, at(10, 5), ("transfer", at(10, 5, 10)))
    out = io.StringIO()
    call_command("periodic_report", kind="month", first="2026-10-01", stdout=out)
    report = PeriodicReport.objects.get()
    assert (report.first, report.version, report.figures["totals"]["received"]) == (dt.date(2026, 10, 1), 1, 1)
    assert report.pdf_sha256 in out.getvalue()
    call_command("periodic_report", kind="month", first="2026-10-01", stdout=io.StringIO())
    assert PeriodicReport.objects.count() == 1  # made already: left alone
    call_command("periodic_report", kind="month", first="2026-10-01", again=True, stdout=io.StringIO())
    assert PeriodicReport.objects.count() == 2
    with pytest.raises(CommandError):
        call_command("periodic_report", kind="month", first="2026-12-01", stdout=io.StringIO())  # not ended


@pytest.mark.django_db(transaction=True)
@freeze_time(dt.datetime(2026, 12, 10, 10, tzinfo=HCM))
def test_two_workers_making_the_same_report_at_once_keep_one_and_email_it_once(procedure, director, tmp_path):
    director.email = "giamdoc@example.vn"
    director.save()
    history(procedure, at(11, 2), ("transfer", at(11, 2, 10)))
    november = month_period(dt.date(2026, 11, 1))
    made = run_together(lambda: periodic_report_make(period=november).pk, 2)
    assert len(set(made)) == 1
    report = PeriodicReport.objects.get()
    assert OutboxMessage.objects.filter(report=report).count() == 1
    # The loser's files are removed: only the kept report's two remain, and they match their checksums.
    stored = sorted(path.name for path in tmp_path.rglob("*") if path.is_file())
    assert stored == sorted(report_file(report=report, fmt=fmt)[0] for fmt in ("pdf", "xlsx"))
