"""The one rounding of figures shown or exported: half up, once, so a page and its CSV or Excel file
agree to the last digit (a share of 0.0625 is 6.3 % everywhere; Python's own float formatting gave 6.2 in
the CSV beside 6,3 on the page). Localising the result is Django's (`number_format`: 6,3 in Vietnamese)."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django.utils.formats import number_format


def rounded(value, digits: int) -> Decimal:
    return Decimal(str(value)).quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)


def percentage(share, digits: int = 1) -> Decimal:
    """A share 0..1 as a percentage, rounded."""
    return rounded(Decimal(str(share)) * 100, digits)


def localised(value, digits: int, *, grouping: bool = True) -> str:
    """`value` rounded and written in the active language: 4.558 and 85,3 in Vietnamese."""
    return number_format(rounded(value, digits), digits, force_grouping=grouping)
