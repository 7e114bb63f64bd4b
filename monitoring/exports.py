"""Every table of the supervision pages as Excel (openpyxl, offered first) or CSV.

A page builds a `Table` once; the page shows it and the export writes the same rows, so what is
downloaded is what is seen (lists are exported whole, not just the page on screen). Both files start
with a heading saying what they hold (title, period, filters, when generated: `About`), and are named
after the table, the period and the filters, not the day of the download.

The CSV is for Excel on a Vietnamese-locale PC: UTF-8 with a BOM (else the letters come out garbled),
";" between fields (that locale's list separator: with "," Excel put each line in one cell) and numbers
written as the page writes them, rounded once (center/numbers.py) with the language's decimal separator
and no thousands separator (6,3 in Vietnamese), so Excel reads them as numbers.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.http import HttpResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from center.numbers import localised, percentage, rounded

FORMATS = ("xlsx", "csv")  # in the order offered: Excel first
CSV_DELIMITER = ";"
# Lists longer than this are cut in the Excel file (openpyxl holds rows in memory); CSV streams all.
XLSX_MAX_ROWS = 200_000


class Percent(float):
    """A share between 0 and 1, written as a percentage."""


@dataclass
class Table:
    name: str
    title: str
    columns: list[str]
    rows: Iterable[list] | Callable[[], Iterable[list]]

    def iter_rows(self) -> Iterable[list]:
        return self.rows() if callable(self.rows) else self.rows


@dataclass(frozen=True)
class About:
    """What a download holds besides its rows: the period and the filters it was made with."""

    period: str = ""  # as the page shows it: 11/2026, Quý 4/2026, 04/11/2026 – 13/11/2026
    filters: tuple[tuple[str, str], ...] = ()  # (label, value) of each filter applied
    slug: str = ""  # the period and filters in the file name: 2026-11_H56.01_online

    def heading(self, table: Table) -> list[list[str]]:
        chosen = "; ".join(f"{label}: {value}" for label, value in self.filters)
        return [
            [_("Title"), str(table.title)],
            [_("Period"), self.period or "—"],
            [_("Filters"), chosen or _("none")],
            [_("Generated at"), timezone.localtime().strftime("%d/%m/%Y %H:%M")],
        ]

    def filename(self, table: Table, extension: str) -> str:
        parts = [slugify(table.name), *[_name_part(p) for p in self.slug.split("_") if p]]
        return "_".join(part for part in parts if part) + f".{extension}"


def _name_part(text: str) -> str:
    """A piece of a file name: letters, digits, dots and dashes (agency codes keep their dots)."""
    return ".".join(slugify(word) for word in text.split(".") if slugify(word))


def _plain(value):
    """A value as the CSV writes it (numbers in the active language, rounded as on the page)."""
    if value is None:
        return ""
    if isinstance(value, Percent):
        return f"{localised(percentage(value), 1, grouping=False)}%"
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).strftime("%d/%m/%Y %H:%M")
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, float):
        return localised(value, 2, grouping=False)
    return str(value)


class _Echo:
    def write(self, value):
        return value


def csv_response(table: Table, about: About) -> StreamingHttpResponse:
    writer = csv.writer(_Echo(), delimiter=CSV_DELIMITER)

    def lines():
        yield "\ufeff"  # BOM: Excel then reads the Vietnamese letters as UTF-8
        for line in about.heading(table):
            yield writer.writerow(line)
        yield writer.writerow([])
        yield writer.writerow([str(c) for c in table.columns])
        for row in table.iter_rows():
            yield writer.writerow([_plain(v) for v in row])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{about.filename(table, "csv")}"'
    return response


def _cell(sheet, value):
    if isinstance(value, Percent):
        cell = WriteOnlyCell(sheet, value=float(percentage(value) / 100))
        cell.number_format = "0.0%"
        return cell
    if isinstance(value, float):
        cell = WriteOnlyCell(sheet, value=float(rounded(value, 2)))
        cell.number_format = "#,##0.00"
        return cell
    if isinstance(value, dt.datetime):
        cell = WriteOnlyCell(sheet, value=timezone.localtime(value).replace(tzinfo=None))
        cell.number_format = "DD/MM/YYYY HH:MM"
        return cell
    if isinstance(value, dt.date):
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = "DD/MM/YYYY"
        return cell
    return WriteOnlyCell(sheet, value="" if value is None else value if isinstance(value, int | float) else str(value))


def xlsx_response(table: Table, about: About) -> HttpResponse:
    book = Workbook(write_only=True)
    sheet = book.create_sheet(title=_sheet_title(table))
    bold = Font(bold=True)
    for label, value in about.heading(table):
        name = WriteOnlyCell(sheet, value=label)
        name.font = bold
        sheet.append([name, value])
    sheet.append([])
    header = []
    for column in table.columns:
        cell = WriteOnlyCell(sheet, value=str(column))
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    for count, row in enumerate(table.iter_rows()):
        if count >= XLSX_MAX_ROWS:
            break
        sheet.append([_cell(sheet, v) for v in row])
    response = HttpResponse(content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="{about.filename(table, "xlsx")}"'
    book.save(response)
    return response


def _sheet_title(table: Table) -> str:
    """Excel refuses a sheet name over 31 characters or with any of []:*?/\\."""
    return "".join(c for c in str(table.title) if c not in "[]:*?/\\")[:31] or "Sheet"


def export_response(table: Table, fmt: str, about: About):
    return csv_response(table, about) if fmt == "csv" else xlsx_response(table, about)
