"""The report's files, from its figures: XLSX (openpyxl) and PDF (the slips' renderer, DejaVu embedded).

The layout follows the provincial reports "Báo cáo tình hình, kết quả giải quyết TTHC" (the form of the
Government Office's circulars on reporting, e.g. II.06a of Circular 01/2020/TT-VPCP): the authority and the
center on the left and the national motto on the right, the title, the reporting unit and the period, then
tables whose headings are in two rows (received: total, online, at the counter, by post; resolved: total,
early, on time, late; in progress at the period's end: total, within time, overdue), by agency and by field,
and the Decision 766 scorecard. Written in the portal's default language (Vietnamese).
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from dossiers.slips.pdf import render_pdf
from monitoring.periods import MONTH, QUARTER, YEAR, quarter_of


@dataclass(frozen=True)
class Heading:
    label: str
    columns: list[tuple[str, str]]  # (figure key, label of the second heading row)


def headings() -> list[Heading]:
    total = _("Total number")
    return [
        Heading(_("Dossiers received"), [
            ("received", total), ("received_online", _("Online")), ("received_counter", _("At the counter")),
            ("received_post", _("By post")),
        ]),
        Heading(_("Dossiers resolved"), [
            ("resolved", total), ("early", _("Early")), ("on_time", _("On time")), ("late", _("Late")),
        ]),
        Heading(_("Stopped or withdrawn"), [("stopped", "")]),
        Heading(_("Dossiers in progress at the period's end"), [
            ("in_progress", total), ("in_progress_within", _("Within time")), ("in_progress_overdue", _("Overdue")),
        ]),
        Heading(_("Resolved early or on time (%)"), [("punctual_rate", "")]),
    ]  # fmt: skip


def value(line: dict, key: str):
    if key == "punctual_rate":
        return round(100 * (line["early"] + line["on_time"]) / line["resolved"], 2) if line["resolved"] else None
    return line[key]


def period_title(figures: dict) -> str:
    period = figures["period"]
    first, last = dt.date.fromisoformat(period["first"]), dt.date.fromisoformat(period["last"])
    if period["kind"] == MONTH:
        label = _("Month %(month)s") % {"month": f"{first:%m/%Y}"}
    elif period["kind"] == QUARTER:
        label = _("Quarter %(q)s/%(y)s") % {"q": quarter_of(first), "y": first.year}
    elif period["kind"] == YEAR:
        label = _("Year %(year)s") % {"year": first.year}
    else:
        label = ""
    return _("Reporting period: %(label)s (from %(first)s to %(last)s)") % {
        "label": label, "first": f"{first:%d/%m/%Y}", "last": f"{last:%d/%m/%Y}",
    }  # fmt: skip


def letterhead(figures: dict, *, version: int, made_at: dt.datetime) -> dict:
    return {
        "parent": settings.CENTER_PARENT.upper(),
        "center": settings.CENTER_NAME.upper(),
        "title": _("REPORT ON THE HANDLING AND RESULTS OF ADMINISTRATIVE PROCEDURES"),
        "subtitle": _("under the one-stop mechanism"),
        "period": period_title(figures),
        "unit": _("Reporting unit: %(unit)s") % {"unit": settings.CENTER_NAME},
        "version": _("Version %(version)s, made on %(when)s")
        % {"version": version, "when": f"{timezone.localtime(made_at):%d/%m/%Y %H:%M}"},
    }


def tables(figures: dict) -> list[dict]:
    """The two tables of counts: title, the name column's heading, lines (number, name, values), total."""
    keys = [key for heading in headings() for key, _label in heading.columns]

    def lines(rows):
        return [(n, row["name"], [value(row, k) for k in keys]) for n, row in enumerate(rows, start=1)]

    total = [value(figures["totals"], k) for k in keys]
    return [
        {"title": _("I. Results by agency"), "name": _("Agency"), "lines": lines(figures["agencies"]), "total": total},
        {"title": _("II. Results by field"), "name": _("Field"), "lines": lines(figures["fields"]), "total": total},
    ]


def render_context(figures: dict, *, version: int, made_at: dt.datetime) -> dict:
    return {
        "head": letterhead(figures, version=version, made_at=made_at),
        "headings": headings(),
        "tables": tables(figures),
        "scorecard": figures["scorecard"],
    }


# --- XLSX -------------------------------------------------------------------------------------------------

THIN = Side(style="thin", color="000000")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
BOLD = Font(bold=True)


def _put(sheet, row: int, column: int, content, *, bold=False, box=True, align=CENTER, merge_to: int | None = None):
    cell = sheet.cell(row=row, column=column, value=content)
    cell.font = BOLD if bold else Font()
    cell.alignment = align
    if box:
        cell.border = BOX
    if merge_to and merge_to > column:
        sheet.merge_cells(start_row=row, start_column=column, end_row=row, end_column=merge_to)
        if box:
            for extra in range(column + 1, merge_to + 1):
                sheet.cell(row=row, column=extra).border = BOX
    return cell


def _head(sheet, head: dict, width: int) -> int:
    """The letterhead and title; returns the next free row."""
    half = max(width // 2, 2)
    motto = [_("SOCIALIST REPUBLIC OF VIETNAM"), _("Independence - Freedom - Happiness")]
    for row, (left, right) in enumerate(zip([head["parent"], head["center"]], motto, strict=True), start=1):
        _put(sheet, row, 1, left, bold=row == 2, box=False, merge_to=half)
        _put(sheet, row, half + 1, right, bold=True, box=False, merge_to=width)
    for row, text in enumerate([head["title"], head["subtitle"], head["period"], head["unit"]], start=4):
        _put(sheet, row, 1, text, bold=row == 4, box=False, merge_to=width)
    _put(sheet, 8, 1, head["version"], box=False, merge_to=width, align=Alignment(horizontal="right"))
    return 10


def _count_sheet(book: Workbook, table: dict, head: dict, heads: list[Heading]) -> None:
    sheet = book.create_sheet(title=str(table["title"])[:31].replace("/", "-"))
    width = 2 + sum(len(h.columns) for h in heads)
    row = _head(sheet, head, width)
    _put(sheet, row, 1, table["title"], bold=True, box=False, merge_to=width, align=Alignment(horizontal="left"))
    row += 1
    _put(sheet, row, 1, _("No."), bold=True)
    _put(sheet, row, 2, table["name"], bold=True)
    sheet.merge_cells(start_row=row, start_column=1, end_row=row + 1, end_column=1)
    sheet.merge_cells(start_row=row, start_column=2, end_row=row + 1, end_column=2)
    column = 3
    for heading in heads:
        last = column + len(heading.columns) - 1
        _put(sheet, row, column, heading.label, bold=True, merge_to=last)
        for offset, (_key, label) in enumerate(heading.columns):
            _put(sheet, row + 1, column + offset, label, bold=True)
        if len(heading.columns) == 1:  # one column: its heading spans both rows
            sheet.merge_cells(start_row=row, start_column=column, end_row=row + 1, end_column=column)
        column = last + 1
    sheet.cell(row=row + 1, column=1).border = BOX
    sheet.cell(row=row + 1, column=2).border = BOX
    row += 2
    for number, name, values in table["lines"]:
        _put(sheet, row, 1, number)
        _put(sheet, row, 2, name, align=Alignment(vertical="center", wrap_text=True))
        for offset, figure in enumerate(values):
            _put(sheet, row, 3 + offset, figure)
        row += 1
    _put(sheet, row, 1, _("Total"), bold=True, merge_to=2)
    for offset, figure in enumerate(table["total"]):
        _put(sheet, row, 3 + offset, figure, bold=True)
    sheet.column_dimensions["A"].width = 6
    sheet.column_dimensions["B"].width = 42
    for index in range(3, width + 1):
        sheet.column_dimensions[get_column_letter(index)].width = 11
    sheet.freeze_panes = sheet.cell(row=12, column=3)


def _grid(sheet, row: int, title, columns: list, lines: list[list]) -> int:
    """A titled table of four columns from `row`; returns the last row written."""
    _put(sheet, row, 1, title, bold=True, box=False, merge_to=4, align=Alignment(horizontal="left"))
    row += 1
    for column, label in enumerate(columns, start=1):
        _put(sheet, row, column, label, bold=True)
    for line in lines:
        row += 1
        for column, content in enumerate(line, start=1):
            _put(sheet, row, column, content)
    return row


def _scorecard_sheet(book: Workbook, scorecard: dict, head: dict) -> None:
    sheet = book.create_sheet(title=str(_("Decision 766 scorecard"))[:31])
    groups = [[n, g["name"], g["points"], g["max_points"]] for n, g in enumerate(scorecard["groups"], start=1)]
    row = _grid(sheet, _head(sheet, head, 4), _("III. Decision 766 scorecard"),
                [_("No."), _("Group"), _("Points"), _("Maximum")], groups) + 1  # fmt: skip
    _put(sheet, row, 1, _("Total"), bold=True, merge_to=2)
    _put(sheet, row, 3, scorecard["total_points"], bold=True)
    _put(sheet, row, 4, 100, bold=True)
    ranks = [[n, r["name"], r["code"], r["points"]] for n, r in enumerate(scorecard["ranking"], start=1)]
    _grid(sheet, row + 2, _("Agencies ranked by scorecard total"), [_("Rank"), _("Agency"), _("Code"), _("Points")],
          ranks)  # fmt: skip
    for letter, width in zip("ABCD", (8, 48, 14, 12), strict=True):
        sheet.column_dimensions[letter].width = width


def render_xlsx(figures: dict, *, version: int, made_at: dt.datetime) -> bytes:
    with override(settings.LANGUAGE_CODE):
        context = render_context(figures, version=version, made_at=made_at)
        book = Workbook()
        book.remove(book.active)
        for table in context["tables"]:
            _count_sheet(book, table, context["head"], context["headings"])
        _scorecard_sheet(book, context["scorecard"], context["head"])
        out = io.BytesIO()
        book.save(out)
    return out.getvalue()


def render_report_pdf(figures: dict, *, version: int, made_at: dt.datetime) -> bytes:
    with override(settings.LANGUAGE_CODE):
        return render_pdf("monitoring/reports/pdf.html", render_context(figures, version=version, made_at=made_at))
