"""Charts drawn on the server as SVG: no script, sharp on screen and when printed on A4.

Each chart has a title and a text alternative, every bar a tooltip (<title>) and, where given, a link
to the dossiers behind it. Colours match the badges of site.css (early green, on time blue, late red).
format_html escapes every argument, so numbers are formatted to strings first (`_n`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from center.numbers import localised, percentage

COLOURS = {"early": "#2e8b57", "on_time": "#2f6db5", "late": "#c0392b", "bar": "#a3111b"}
FONT = mark_safe('font-family="Segoe UI, Roboto, Noto Sans, Arial, sans-serif"')


@dataclass(frozen=True)
class Series:
    key: str
    label: str
    values: list[int]
    links: list[str] | None = None


def _n(value: float) -> str:
    return f"{value:.1f}"


def _colour(key: str) -> str:
    return COLOURS.get(key, COLOURS["bar"])


def _nice_ceiling(value: float) -> int:
    """A round axis maximum at or above value (1, 2, 2.5, 5 × 10^n)."""
    if value <= 0:
        return 1
    exponent = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * exponent:
            return math.ceil(step * exponent)
    return 10 * exponent


def _thousands(value: float) -> str:
    """An axis tick in the page's language (4.558 in Vietnamese, 4,558 in English), rounded as elsewhere."""
    return localised(value, 0)


def _linked(svg: str, href: str | None) -> str:
    return format_html('<a href="{}">{}</a>', href, mark_safe(svg)) if href else svg


def _text(x: float, y: float, text, *, size=12, anchor="start", fill="#1b1f24", tip=None) -> str:
    title = format_html("<title>{}</title>", tip) if tip else ""
    return format_html(
        '<text x="{}" y="{}" font-size="{}" text-anchor="{}" fill="{}" {}>{}{}</text>',
        _n(x), _n(y), size, anchor, fill, FONT, text, title,
    )  # fmt: skip


def _rect(key: str, x: float, y: float, w: float, h: float, value: int, tip: str) -> str:
    return format_html(
        '<rect class="bar bar-{}" x="{}" y="{}" width="{}" height="{}" fill="{}" data-value="{}">'
        "<title>{}</title></rect>",
        key, _n(x), _n(y), _n(w), _n(h), _colour(key), value, tip,
    )  # fmt: skip


def _legend(series: list[Series], x: float, y: float) -> str:
    parts = []
    for s in series:
        parts.append(
            format_html('<rect x="{}" y="{}" width="12" height="12" fill="{}"/>', _n(x), _n(y), _colour(s.key))
        )
        parts.append(_text(x + 16, y + 11, s.label))
        x += 28 + 7 * len(s.label)
    return "".join(parts)


def stacked_columns(*, title: str, categories: list[str], series: list[Series], width=760, height=300) -> SafeString:
    """Columns per category (e.g. month), stacked by series (e.g. early, on time, late)."""
    left, right, top, bottom = 56, 10, 36, 36
    plot_w, plot_h = width - left - right, height - top - bottom
    totals = [sum(s.values[i] for s in series) for i in range(len(categories))]
    maximum = _nice_ceiling(max(totals, default=0))
    slot = plot_w / max(len(categories), 1)
    bar_w = slot * 0.62
    parts = [_legend(series, left, 8)]
    for tick in range(5):
        y = top + plot_h - plot_h * tick / 4
        parts.append(
            format_html('<line x1="{}" x2="{}" y1="{}" y2="{}" stroke="#d5dae0"/>', left, width - right, _n(y), _n(y))
        )
        parts.append(_text(left - 6, y + 4, _thousands(maximum * tick / 4), size=12, anchor="end"))
    for i, category in enumerate(categories):
        x = left + slot * i + (slot - bar_w) / 2
        base = top + plot_h
        for s in series:
            value = s.values[i]
            if value:
                h = plot_h * value / maximum
                base -= h
                rect = _rect(s.key, x, base, bar_w, h, value, f"{category} — {s.label}: {value}")
                parts.append(_linked(rect, s.links[i] if s.links else None))
        parts.append(_text(x + bar_w / 2, height - bottom + 16, category, size=12, anchor="middle"))
    return _svg(title, width, height, parts)


def horizontal_bars(
    *, title: str, labels: list[str], values: list[int], links: list[str] | None = None, key="late", width=760
) -> SafeString:
    """One bar per label (e.g. procedures by late count), the value printed after the bar."""
    label_w, right, row_h = 300, 60, 26
    height = max(len(labels), 1) * row_h + 12
    maximum = max(values, default=0) or 1
    parts = []
    for i, (label, value) in enumerate(zip(labels, values, strict=True)):
        y = 6 + i * row_h
        w = max((width - label_w - right) * value / maximum, 1)
        short = label if len(label) <= 48 else label[:47] + "…"
        parts.append(_text(label_w - 8, y + 16, short, anchor="end", tip=label))
        parts.append(
            _linked(_rect(key, label_w, y + 3, w, row_h - 8, value, f"{label}: {value}"), links[i] if links else None)
        )
        parts.append(_text(label_w + w + 6, y + 16, value))
    return _svg(title, width, height, parts)


def share_bars(*, title: str, rows: list[tuple[str, list[tuple[str, str, int]]]], width=760) -> SafeString:
    """100% stacked bars, one per row: rows = [(label, [(key, series label, count), ...])]."""
    label_w, row_h = 260, 30
    height = max(len(rows), 1) * row_h + 30
    parts = []
    if rows:
        parts.append(_legend([Series(key, label, []) for key, label, _count in rows[0][1]], label_w, 4))
    for i, (label, segments) in enumerate(rows):
        y = 26 + i * row_h
        total = sum(count for _key, _label, count in segments)
        parts.append(
            _text(label_w - 8, y + 15, label if len(label) <= 40 else label[:39] + "…", anchor="end", tip=label)
        )
        x = label_w
        for key, series_label, count in segments:
            if not total or not count:
                continue
            w = (width - label_w - 4) * count / total
            share = f"{localised(percentage(count / total), 1)}%"
            parts.append(_rect(key, x, y, w, row_h - 8, count, f"{label} — {series_label}: {count} ({share})"))
            if w > 38:
                whole = f"{localised(percentage(count / total, 0), 0)}%"
                parts.append(_text(x + w / 2, y + 15, whole, size=12, anchor="middle", fill="#fff"))
            x += w
    return _svg(title, width, height, parts)


def _svg(title: str, width: int, height: int, parts: list[str]) -> SafeString:
    return format_html(
        '<svg class="chart" viewBox="0 0 {} {}" width="100%" role="img" aria-label="{}" '
        'xmlns="http://www.w3.org/2000/svg" preserveAspectRatio="xMinYMin meet"><title>{}</title>{}</svg>',
        width, height, title, title, mark_safe("".join(str(p) for p in parts)),
    )  # fmt: skip
