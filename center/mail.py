"""The e-mail backend for a portal that sends no mail: each message becomes a log record.

Django's console backend prints mails to stdout, which under `make serve` is the production log: a
password-reset mail's link there lets anyone who reads the log take over the account. A log record instead
passes center.logs.MaskPersonalData like every other one (reset links and tokens, ID and phone numbers
masked) and stays one line under LOG_FORMAT=json. `make serve` still refuses it unless ALLOW_CONSOLE_EMAIL=1
(center/checks.py): with it, no one receives a reset mail.
"""

import logging

from django.core.mail.backends.base import BaseEmailBackend

logger = logging.getLogger("center.mail")


class LogEmailBackend(BaseEmailBackend):
    def send_messages(self, email_messages) -> int:
        for message in email_messages:
            # The subject and text, for a developer to read; not the addresses (personal data, and of no use).
            logger.info(
                "email_not_sent: %s\n%s", message.subject, message.body, extra={"recipients": len(message.recipients())}
            )
        return len(email_messages)
