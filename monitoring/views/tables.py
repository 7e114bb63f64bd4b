"""The dashboard's tables, built once for the page and for the CSV/Excel export of the same rows."""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.utils.translation import gettext as _

from monitoring.exports import Percent, Table
from monitoring.metrics import COUNT_COLUMNS, LABELS
from monitoring.selectors.dashboard import Row
from monitoring.views.common import metric_link, url_with


def columns() -> list[tuple[str, str, str]]:
    """(key, header, kind) of the agency and procedure tables; counts link to their dossiers."""
    counts = [(key, str(LABELS[key]), "count") for key in COUNT_COLUMNS]
    rates = [
        ("early_rate", _("Early %"), "percent"),
        ("on_time_rate", _("On time %"), "percent"),
        ("late_rate", _("Late %"), "percent"),
        ("online_share", _("Online share"), "percent"),
        ("satisfaction", _("Satisfaction (of 3)"), "score"),
    ]
    return counts[:5] + rates[:3] + counts[5:] + rates[3:]


SORT_KEYS = {"name", *COUNT_COLUMNS, "early_rate", "on_time_rate", "late_rate", "online_share", "satisfaction"}


def value_of(row: Row, key: str):
    if key in COUNT_COLUMNS:
        return row.tally[key]
    if key == "satisfaction":
        return row.satisfaction
    return getattr(row.tally, key)


@dataclass
class Cell:
    value: object
    kind: str
    link: str | None = None


@dataclass
class DisplayRow:
    name: str
    code: str
    link: str | None
    cells: list[Cell] = field(default_factory=list)


def header_links(path: str, params: dict, sort: str, descending: bool) -> list[dict]:
    """The table's headers, each a link that sorts by it (again: the other way round)."""
    headers = []
    for key, header, _kind in [("name", _("Name"), "text"), *columns()]:
        # The current column sorts the other way round; others: names A to Z, numbers largest first.
        first = "asc" if key == "name" else "desc"
        direction = ("asc" if descending else "desc") if key == sort else first
        headers.append(
            {
                "key": key,
                "label": header,
                "link": f"{path}?{urlencode({**params, 'sort': key, 'dir': direction})}",
                "active": key == sort,
                "descending": descending,
            }
        )
    return headers


def sort_rows(rows: list[Row], sort: str, descending: bool) -> list[Row]:
    if sort not in SORT_KEYS:
        return rows
    if sort == "name":
        return sorted(rows, key=lambda r: r.name, reverse=descending)
    present = [r for r in rows if value_of(r, sort) is not None]
    missing = [r for r in rows if value_of(r, sort) is None]
    return sorted(present, key=lambda r: (value_of(r, sort), r.name), reverse=descending) + missing


def breakdown(rows: list[Row], totals: Row, params: dict, *, level: str) -> tuple[list[DisplayRow], DisplayRow]:
    """Display rows with a link on every count; level "agency" links names to the agency's page."""
    cols = columns()

    def display(row: Row, extra: dict, link: str | None) -> DisplayRow:
        shown = DisplayRow(row.name, row.code, link)
        for key, _header, kind in cols:
            target = metric_link(params, key, **extra) if kind == "count" else None
            shown.cells.append(Cell(value_of(row, key), kind, target))
        return shown

    shown = []
    for row in rows:
        if level == "agency":
            shown.append(display(row, {"agency": row.code}, url_with("monitoring-agency", params, row.code)))
        else:
            shown.append(display(row, {"procedure": row.code}, None))
    return shown, display(totals, {}, None)


def breakdown_table(name: str, title: str, rows: list[Row], totals: Row) -> Table:
    cols = columns()

    def values(row: Row, code: str, label: str) -> list:
        out = [code, label]
        for key, _header, kind in cols:
            value = value_of(row, key)
            out.append(Percent(value) if kind == "percent" and value is not None else value)
        out.append(row.ratings)
        return out

    def generate():
        for row in rows:
            yield values(row, row.code, row.name)
        yield values(totals, "", _("Total"))

    headers = [_("Code"), _("Name"), *[str(header) for _k, header, _kind in cols], _("Ratings")]
    return Table(name=name, title=title, columns=headers, rows=generate)
