"""Logging helpers: no citizen's ID number, phone number, dossier lookup secret or password-reset token ever
reaches a log line.

Logs are copied to collectors, backups and support tickets, far beyond the purpose the data was given
for (Law on Personal Data Protection 91/2025/QH15). `MaskPersonalData` sits on the log handlers in
settings.LOGGING, so it sees every record from every library (Django's request errors, database errors
whose details quote a row, Celery, our own named events) before any formatter writes it.
"""

from __future__ import annotations

import logging
import re

# A citizen ID (căn cước) number: exactly 12 digits.
CITIZEN_ID = re.compile(r"(?<!\d)\d{12}(?!\d)")
# A Vietnamese phone number: 0, 84 or +84, then a non-zero digit and 8 or 9 more digits (mobile 10 digits
# in all, landline 11), optionally grouped with spaces, dots or dashes ("0912 345 678", "+84 24 3825 1234").
PHONE = re.compile(r"(?<![\d+])(?:\+84|84|0)[ .-]?[1-9](?:[ .-]?\d){8,9}(?!\d)")

# A dossier's lookup secret as the tracking URL carries it (QR codes, SMS texts, runserver's request lines).
LOOKUP_SECRET = re.compile(r"(?<![A-Za-z0-9_])(secret=)[^&\s\"'<>]+", re.IGNORECASE)

# A password-reset link (/accounts/reset/<user id>/<token>/) and a token of Django's default generator
# (base-36 timestamp, dash, 32 hex digits) on its own: either lets its reader set the account's password.
# The page the link leads to, /reset/<user id>/set-password/, holds no token and stays readable.
RESET_LINK = re.compile(r"(/reset/[^/\s]+/)(?!set-password/)[^/\s\"'<>?#]+")
RESET_TOKEN = re.compile(r"(?<![0-9A-Za-z])[0-9a-z]{1,13}-[0-9a-f]{32}(?![0-9A-Za-z])")

# An e-mail Message-ID (<176485928472.1234.5678@host>, as Django's make_msgid writes it): its digit runs are
# a timestamp and random numbers, not an ID or a phone; masking them made mails untraceable in the log.
MESSAGE_ID = re.compile(r"(<[^<>\s@]+@[^<>\s@]+>)")

CITIZEN_ID_MASK = "[citizen-id]"
PHONE_MASK = "[phone]"
SECRET_MASK = r"\1[secret]"
RESET_LINK_MASK = r"\1[token]"
RESET_TOKEN_MASK = "[token]"

# Attributes every LogRecord has; anything else was passed with `extra=` and is masked too.
_STANDARD = frozenset(logging.makeLogRecord({}).__dict__) | {"message", "asctime", "taskName"}
_exceptions = logging.Formatter()


def mask_personal_data(text: str) -> str:
    """The text with citizen ID numbers, phone numbers, lookup secrets and password-reset tokens replaced by
    placeholders."""
    parts = MESSAGE_ID.split(text)  # text, message id, text, ...: the ids are left as they are
    return "".join(part if i % 2 else _mask_part(part) for i, part in enumerate(parts))


def _mask_part(text: str) -> str:
    text = RESET_TOKEN.sub(RESET_TOKEN_MASK, RESET_LINK.sub(RESET_LINK_MASK, text))
    return LOOKUP_SECRET.sub(SECRET_MASK, PHONE.sub(PHONE_MASK, CITIZEN_ID.sub(CITIZEN_ID_MASK, text)))


def _masked(value):
    if isinstance(value, str):
        return mask_personal_data(value)
    if isinstance(value, list | tuple):
        return type(value)(_masked(item) for item in value)
    if isinstance(value, dict):
        return {key: _masked(item) for key, item in value.items()}
    if value is None or isinstance(value, int | float):  # numbers stay numbers in JSON lines
        return value
    # Any other object is written as its text (django.request's `request`: `<WSGIRequest: GET '...?secret=...'>`
    # on every 4xx/5xx): that text, masked, replaces the object when it holds personal data.
    try:
        text = str(value)
    except Exception:  # a broken __str__: formatters will fail on it too, nothing to mask
        return value
    masked = mask_personal_data(text)
    return value if masked == text else masked


class MaskPersonalData(logging.Filter):
    """Rewrite each record so that its message, `extra` fields (strings, containers and any other object, such
    as the request Django attaches), traceback and stack hold no ID number, phone number or secret."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a broken format string: leave it for logging to report
            return True
        record.msg, record.args = mask_personal_data(message), ()
        for name, value in list(record.__dict__.items()):
            if name not in _STANDARD:
                setattr(record, name, _masked(value))
        if record.exc_info:
            # Formatters print exc_text when there is no exc_info (plain and JSON alike).
            record.exc_text = mask_personal_data(record.exc_text or _exceptions.formatException(record.exc_info))
            record.exc_info = None
        elif record.exc_text:
            record.exc_text = mask_personal_data(record.exc_text)
        if record.stack_info:
            record.stack_info = mask_personal_data(record.stack_info)
        return True
