"""The SMS gateway interface: one method, `send(to, text)`, and the backend chosen by settings.SMS_BACKEND.

No vendor is built in: a province plugs in its carrier's or the national SMS brandname gateway by
writing a small class with the same method. A backend raises SmsError (or any exception) when the
message was not accepted; the outbox then retries it with backoff.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.utils.module_loading import import_string

log = logging.getLogger("monitoring.sms")


class SmsError(Exception):
    """The gateway did not accept the message."""


class BaseSmsBackend:
    def send(self, to: str, text: str) -> None:
        raise NotImplementedError


class ConsoleSmsBackend(BaseSmsBackend):
    """Writes the message to the log instead of sending it (development, and the default)."""

    def send(self, to: str, text: str) -> None:
        log.info("sms_sent to=%s text=%s", to, text)


# Messages "sent" by the locmem backend, for tests (like django.core.mail.outbox).
outbox: list[tuple[str, str]] = []


class LocmemSmsBackend(BaseSmsBackend):
    """Keeps messages in `monitoring.sms.outbox` (tests)."""

    def send(self, to: str, text: str) -> None:
        outbox.append((to, text))


def get_backend() -> BaseSmsBackend:
    return import_string(settings.SMS_BACKEND)()
