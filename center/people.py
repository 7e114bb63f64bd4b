"""How staff are named to people: in Vietnamese order, family name first.

Django's User splits a name in two: `last_name` holds the family and middle names (họ và tên đệm, "Trần
Thị"), `first_name` the given name (tên, "Giám"). Its own get_full_name() puts the given name first, the
Western way ("Giám Trần Thị"), and get_short_name() gives the given name alone, which reads as a nickname
on a slip or a welcome. Every page, slip, export and the admin name a member of staff through `full_name`.
"""

from __future__ import annotations


def full_name(user) -> str:
    """ "Trần Thị" + "Giám" -> "Trần Thị Giám"; the username when no name was entered; "" for nobody."""
    if user is None:
        return ""
    parts = (getattr(user, "last_name", "").strip(), getattr(user, "first_name", "").strip())
    return " ".join(part for part in parts if part) or user.get_username()
