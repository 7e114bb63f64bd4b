"""What a view reads straight from a query string or a posted field, outside any form."""

from __future__ import annotations

from django.utils.http import url_has_allowed_host_and_scheme

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


def next_url(request, default: str) -> str:
    """Where to go after a posted form: its `next` field if that is a path of this site, else `default`.

    Only a path: `redirect("abc")` takes a bare word for a URL pattern's name, and raised NoReverseMatch
    (a 500) for a tampered `next`; a path starting with one slash is never read as a name.
    """
    target = request.POST.get("next", "")
    if target.startswith("/") and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return default
