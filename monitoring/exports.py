"""Every table of the supervision pages as CSV (UTF-8 with BOM, opens in Excel) or Excel (openpyxl).

A page builds a `Table` once; the page shows it and the export writes the same rows, so what is
downloaded is what is seen (lists are exported whole, not just the page on screen).
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.http import HttpResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.text import slugify
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

FORMATS = ("csv", "xlsx")
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


def _plain(value):
    if value is None:
        return ""
    if isinstance(value, Percent):
        return f"{100 * value:.1f}%"
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).strftime("%d/%m/%Y %H:%M")
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, float):
        return f"{value:.2f}"
    return str(value)


class _Echo:
    def write(self, value):
        return value


def csv_response(table: Table) -> StreamingHttpResponse:
    writer = csv.writer(_Echo())

    def lines():
        yield "\ufeff"  # BOM: Excel then reads the Vietnamese letters as UTF-8
        yield writer.writerow([str(c) for c in table.columns])
        for row in table.iter_rows():
            yield writer.writerow([_plain(v) for v in row])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_filename(table)}.csv"'
    return response


def _cell(sheet, value):
    if isinstance(value, Percent):
        cell = WriteOnlyCell(sheet, value=float(value))
        cell.number_format = "0.0%"
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


def xlsx_response(table: Table) -> HttpResponse:
    book = Workbook(write_only=True)
    sheet = book.create_sheet(title=str(table.title)[:31] or "Sheet")
    bold = Font(bold=True)
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
    response["Content-Disposition"] = f'attachment; filename="{_filename(table)}.xlsx"'
    book.save(response)
    return response


def _filename(table: Table) -> str:
    return f"{slugify(table.name)}-{timezone.localdate():%Y%m%d}"


def export_response(table: Table, fmt: str):
    return xlsx_response(table) if fmt == "xlsx" else csv_response(table)
