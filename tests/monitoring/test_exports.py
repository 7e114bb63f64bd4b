"""Numbers and downloads as a Vietnamese office reads them: thousands grouped (4.558), decimal comma,
the page and its files rounded alike, Excel offered first, a CSV that Vietnamese Excel splits into
columns, files named after their period and filters with a heading saying what they hold."""

import datetime as dt
import re

import pytest
from django.template import Context, Template
from django.utils import timezone, translation

from dossiers.workflow import DossierStatus as S
from tests.exports import csv_table, xlsx_table
from tests.factories import DossierFactory


def render(text: str, **values) -> str:
    with translation.override("vi"):
        return Template("{% load humanize supervision %}" + text).render(Context(values))


def test_vietnamese_numbers_group_thousands_and_use_a_decimal_comma():
    assert render("{{ n|intcomma }}", n=4558) == "4.558"
    assert render("{{ n|intcomma }}", n=1234567) == "1.234.567"
    assert render("{{ s|percent }}", s=0.853) == "85,3%"
    assert render("{{ v|decimal:2 }}", v=1234.5) == "1.234,50"


@pytest.fixture
def sixteen_resolved(procedure):
    """15 on time and 1 late in November 2026: a late share of 1/16 = 6.25 %, which rounds half up to 6.3."""
    ready = timezone.make_aware(dt.datetime(2026, 11, 10, 10))
    for n in range(16):
        DossierFactory(
            procedure=procedure, status=S.RESULT_READY, received_at=ready - dt.timedelta(days=3),
            due_at=ready + (dt.timedelta(hours=-1) if n == 0 else dt.timedelta(hours=1)), result_ready_at=ready,
            outcome="late" if n == 0 else "on_time",
        )  # fmt: skip


NOVEMBER = {"period": "month", "month": "2026-11"}


def test_the_page_and_its_csv_and_excel_round_a_share_alike(client, director, agency, sixteen_resolved):
    client.force_login(director)
    page = client.get("/giam-sat/", NOVEMBER)
    html = page.content.decode()
    row = html[html.index(f'data-code="{agency.code}"') :].split("</tr>", 1)[0]
    assert "6,3%" in row
    _heading, rows = csv_table(client.get(page.context["exports"]["agencies"]["csv"]))
    late = rows[0].index("% trễ hạn")
    assert [r[late] for r in rows[1:] if r[0] == agency.code] == ["6,3%"]
    _heading, cells = xlsx_table(client.get(page.context["exports"]["agencies"]["xlsx"]))
    assert [r[late] for r in cells[1:] if r[0] == agency.code] == [pytest.approx(0.063)]


def test_downloads_offer_excel_first(client, director, sixteen_resolved):
    client.force_login(director)
    html = client.get("/giam-sat/", NOVEMBER).content.decode()
    for links in re.findall(r'<span class="sup-export no-print">(.*?)</span>', html):
        assert re.findall(r">(Excel|CSV)</a>", links) == ["Excel", "CSV"]


def test_the_csv_opens_in_vietnamese_excel_and_says_what_it_holds(client, director, agency, sixteen_resolved):
    client.force_login(director)
    page = client.get("/giam-sat/", {**NOVEMBER, "agency": agency.code, "channel": "counter"})
    response = client.get(page.context["exports"]["trend"]["csv"])
    heading, rows = csv_table(response)  # starts with the BOM, split on ";"
    assert heading["Tiêu đề"] == "Diễn biến" and heading["Kỳ báo cáo"] == "11/2026"
    assert heading["Bộ lọc"] == f"Cơ quan: {agency.name}; Kênh nộp: Tại quầy"
    assert re.fullmatch(r"\d\d/\d\d/\d{4} \d\d:\d\d", heading["Thời điểm lập"])
    assert rows[0][:2] == ["Tháng", "Trước hạn"] and rows[-1][0] == "11/2026"
    name = response["Content-Disposition"]
    assert name == 'attachment; filename="trend_2026-11_h56.01_counter.csv"'
    assert f"{timezone.localdate():%Y%m%d}" not in name
    excel = client.get(page.context["exports"]["trend"]["xlsx"])
    assert excel["Content-Disposition"] == 'attachment; filename="trend_2026-11_h56.01_counter.xlsx"'
    assert xlsx_table(excel)[0]["Bộ lọc"] == heading["Bộ lọc"]
