"""Password reset: requests are limited per client address and per e-mail address, and a reset mail that is
not sent (the default backend writes it to the log) shows no usable link there."""

import re

import pytest
from django.core import mail

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

RESET = "/accounts/password_reset/"


@pytest.fixture
def limits(settings):
    settings.PASSWORD_RESET_PER_ADDRESS = 10
    settings.PASSWORD_RESET_PER_EMAIL = 3
    return settings


@pytest.fixture
def staff(db):
    return UserFactory(username="tiepnhan1", email="tiepnhan1@dichvucong.example.gov.vn")


def ask(client, email, address="203.0.113.5"):
    return client.post(RESET, {"email": email}, REMOTE_ADDR=address)


def test_a_reset_request_sends_one_mail(limits, client, staff):
    response = ask(client, staff.email)
    assert response.status_code == 302 and len(mail.outbox) == 1
    assert mail.outbox[0].to == [staff.email]


def test_a_flood_of_31_requests_for_one_mailbox_sends_three_mails(limits, client, staff):
    """The attack sent 31 mails to one mailbox in seconds; from 31 addresses, three get through."""
    statuses = [ask(client, staff.email, address=f"198.51.100.{n}").status_code for n in range(31)]

    assert statuses == [302] * 3 + [429] * 28
    assert len(mail.outbox) == 3


def test_the_refusal_says_how_long_to_wait_in_vietnamese(limits, client, staff):
    for _ in range(3):
        ask(client, staff.email)
    response = ask(client, staff.email.upper())  # the same mailbox, however it is typed

    assert response.status_code == 429 and 0 < int(response["Retry-After"]) <= 3600
    assert "Có quá nhiều yêu cầu đặt lại mật khẩu" in response.content.decode()
    assert "60 phút" in response.content.decode()
    assert len(mail.outbox) == 3


def test_one_address_cannot_ask_for_many_mailboxes(limits, client):
    emails = [UserFactory(email=f"canbo{n}@dichvucong.example.gov.vn").email for n in range(12)]

    statuses = [ask(client, email).status_code for email in emails]

    assert statuses == [302] * 10 + [429] * 2 and len(mail.outbox) == 10
    assert ask(client, emails[11], address="198.51.100.7").status_code == 302  # another client is not held up


def test_unknown_addresses_count_too_so_the_refusal_reveals_nothing(limits, client, staff):
    for _ in range(3):
        assert ask(client, "no-one@example.com").status_code == 302
    assert ask(client, "no-one@example.com").status_code == 429
    assert mail.outbox == []


def test_the_default_backend_writes_the_mail_to_the_log_without_its_link(settings, console, client, staff):
    settings.EMAIL_BACKEND = "center.mail.LogEmailBackend"

    assert ask(client, staff.email).status_code == 302

    log = console.getvalue()
    assert "email_not_sent" in log and re.search(r"/accounts/reset/[^/\s]+/\[token\]/", log), log
    assert not re.search(r"[0-9a-z]+-[0-9a-f]{32}", log) and staff.email not in log
