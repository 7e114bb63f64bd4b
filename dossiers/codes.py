"""Dossier codes and lookup secrets (DOMAIN.md, "Dossier code")."""

import datetime as dt
import secrets

from django.db import connection

# No 0/O, 1/I/L: a secret read off paper must not be mistyped.
SECRET_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
SECRET_LENGTH = 8


def new_secret() -> str:
    return "".join(secrets.choice(SECRET_ALPHABET) for _ in range(SECRET_LENGTH))


def next_number(prefix: str, day: dt.date) -> int:
    """The next number of the day for `prefix`, atomically (one upsert; safe with concurrent requests)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO dossiers_codesequence (prefix, day, last_number) VALUES (%s, %s, 1) "
            "ON CONFLICT (prefix, day) DO UPDATE SET last_number = dossiers_codesequence.last_number + 1 "
            "RETURNING last_number",
            [prefix, day],
        )
        return cursor.fetchone()[0]


def dossier_code(agency_code: str, day: dt.date, number: int) -> str:
    return f"{agency_code}-{day:%y%m%d}-{number:04d}"


def new_dossier_code(agency_code: str, day: dt.date) -> str:
    return dossier_code(agency_code, day, next_number(agency_code, day))
