"""Numbers that a view reads straight from a query string or a posted field, outside any form."""

from __future__ import annotations

# The largest value of a PostgreSQL bigint: ids and counts all fit in it.
LARGEST = 2**63 - 1


def positive_int(value: object) -> int | None:
    """The positive whole number written in ASCII digits, or None for anything else.

    `"²".isdigit()` is True and `int("²")` then raises ValueError (a 500); `int("٣")` is 3 and `int("")`
    raises: ids come from the portal's own links and forms, which only ever write ASCII digits.
    """
    if not isinstance(value, str) or not value.isascii() or not value.isdigit() or len(value) > 19:
        return None
    number = int(value)
    return number if 0 < number <= LARGEST else None
