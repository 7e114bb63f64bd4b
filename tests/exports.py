"""Reading the portal's downloads in tests as a person's Excel does: the heading block (title, period,
filters, generated at), a blank line, then the table (monitoring/exports.py)."""

import csv
import io

from openpyxl import load_workbook


def _split(lines: list[list]) -> tuple[dict, list[list]]:
    blank = next(i for i, line in enumerate(lines) if not any(cell not in (None, "") for cell in line))
    return {line[0]: line[1] for line in lines[:blank]}, lines[blank + 1 :]


def csv_table(response) -> tuple[dict, list[list[str]]]:
    """(heading, rows: the columns then the data) of a CSV download, split on ";" as Excel in Vietnamese."""
    body = b"".join(response.streaming_content) if response.streaming else response.content
    text = body.decode("utf-8")
    assert text.startswith("\ufeff")  # the BOM: Excel reads UTF-8
    return _split(list(csv.reader(io.StringIO(text[1:]), delimiter=";")))


def xlsx_table(response) -> tuple[dict, list[tuple]]:
    sheet = load_workbook(io.BytesIO(response.content)).active
    return _split([list(row) for row in sheet.iter_rows(values_only=True)])


def number(text: str) -> float:
    """A number as the Vietnamese CSV writes it (decimal comma, no thousands separator)."""
    return float(text.replace(",", "."))
