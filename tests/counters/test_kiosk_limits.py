"""Floods of the kiosk (issue 10, item 7): a registered kiosk prints at a hall's pace, others few tickets."""

import pytest
from django.test import Client
from django.urls import reverse

from center import roles
from counters import services
from counters.kiosk import DEVICE_COOKIE
from counters.models import KioskDevice, Ticket
from tests.factories import UserFactory


@pytest.fixture
def administrator(db):
    return UserFactory(username="admin1", role=roles.ADMINISTRATOR, is_staff=True)


def registered_kiosk(administrator, name="Kiosk cửa chính") -> Client:
    """A browser registered as a kiosk from its own screen, then signed out: only its cookie stays."""
    kiosk = Client()
    kiosk.force_login(administrator)
    response = kiosk.post(reverse("kiosk-register"), {"name": name})
    assert response.status_code == 302
    cookie = kiosk.cookies[DEVICE_COOKIE]
    kiosk.logout()  # (the test client forgets every cookie here; a browser keeps the kiosk's)
    kiosk.cookies[DEVICE_COOKIE] = cookie.value
    kiosk.cookies[DEVICE_COOKIE].update({key: cookie[key] for key in ("httponly", "max-age")})
    return kiosk


def take(client, group):
    return client.post(reverse("kiosk"), {"group": group.pk})


def test_a_flood_from_an_unregistered_client_gets_five_tickets(client, group):
    answers = [take(client, group) for _ in range(300)]
    assert [answer.status_code for answer in answers] == [302] * 5 + [429] * 295
    assert Ticket.objects.count() == 5
    refused = answers[-1]
    assert "Nhiều số thứ tự đã được lấy từ kết nối này trong thời gian ngắn" in refused.content.decode()
    assert "10 phút" in refused.content.decode()
    assert 0 < int(refused["Retry-After"]) <= 600
    # No refusal took a number: the next ticket of the day follows the fifth.
    assert services.ticket_issue(group=group).label == "A006"


def test_a_registered_kiosk_prints_twenty_a_minute(administrator, group):
    kiosk = registered_kiosk(administrator)
    answers = [take(kiosk, group) for _ in range(25)]
    assert [answer.status_code for answer in answers] == [302] * 20 + [429] * 5
    assert "Máy lấy số này đã in nhiều số thứ tự trong thời gian ngắn" in answers[-1].content.decode()
    assert 0 < int(answers[-1]["Retry-After"]) <= 60
    assert Ticket.objects.count() == 20
    # Each kiosk has its own count, and an unregistered screen in the same hall its own (smaller) one.
    other = registered_kiosk(administrator, "Kiosk tầng 2")
    assert take(other, group).status_code == 302
    assert take(Client(), group).status_code == 302


def test_a_switched_off_kiosk_is_limited_as_any_other_client(administrator, group):
    kiosk = registered_kiosk(administrator)
    KioskDevice.objects.update(is_active=False)
    answers = [take(kiosk, group) for _ in range(7)]
    assert [answer.status_code for answer in answers] == [302] * 5 + [429] * 2


def test_a_forged_cookie_counts_as_an_unregistered_client(client, administrator, group):
    registered_kiosk(administrator)
    client.cookies[DEVICE_COOKIE] = "not-a-kiosk-token"
    answers = [take(client, group) for _ in range(6)]
    # Exactly an unregistered client's five (a forged cookie taken for a kiosk would get twenty).
    assert [answer.status_code for answer in answers] == [302] * 5 + [429]
    assert Ticket.objects.count() == 5


def test_registering_keeps_only_a_digest_of_the_token(administrator):
    kiosk = registered_kiosk(administrator)
    token = kiosk.cookies[DEVICE_COOKIE]
    assert token["httponly"] and int(token["max-age"]) > 365 * 24 * 3600
    device = KioskDevice.objects.get()
    assert (device.name, device.registered_by) == ("Kiosk cửa chính", administrator)
    assert device.token_digest == KioskDevice.digest(token.value) != token.value


def test_registering_needs_a_name_and_writes_nothing_without_it(client, administrator):
    client.force_login(administrator)
    response = client.post(reverse("kiosk-register"), {"name": "   "})
    assert response.status_code == 400
    assert "Hãy đặt tên cho máy lấy số này" in response.content.decode()
    assert not KioskDevice.objects.exists()
    assert DEVICE_COOKIE not in response.cookies


@pytest.mark.parametrize("name", ["\u200b\u200b", "\u2800", "\u3000 \u200d"])
def test_a_name_of_invisible_characters_is_no_name(client, administrator, name):
    client.force_login(administrator)
    response = client.post(reverse("kiosk-register"), {"name": name})
    assert response.status_code == 400
    assert "Hãy đặt tên cho máy lấy số này" in response.content.decode()
    assert not KioskDevice.objects.exists()


def test_a_kiosk_name_is_stored_as_other_text_is(client, administrator):
    client.force_login(administrator)
    client.post(reverse("kiosk-register"), {"name": "  Kiosk\u200b   cửa  chính "})
    assert KioskDevice.objects.get().name == "Kiosk cửa chính"


def test_the_registration_page_says_which_kiosk_this_screen_is(administrator):
    kiosk = registered_kiosk(administrator)
    kiosk.force_login(administrator)
    page = kiosk.get(reverse("kiosk-register")).content.decode()
    assert "Màn hình này đã được đăng ký là máy lấy số “Kiosk cửa chính”." in page
    KioskDevice.objects.update(is_active=False)  # switched off: no longer this screen's kiosk
    assert "đã được đăng ký" not in kiosk.get(reverse("kiosk-register")).content.decode()


def test_a_clerk_cannot_register_a_kiosk(client, clerk):
    client.force_login(clerk)
    assert client.post(reverse("kiosk-register"), {"name": "Máy của tôi"}).status_code == 403
    assert not KioskDevice.objects.exists()


def test_the_registration_page_asks_for_a_name_and_says_when_the_screen_is_already_a_kiosk(administrator):
    kiosk = Client()
    kiosk.force_login(administrator)
    page = kiosk.get(reverse("kiosk-register")).content.decode()
    assert "Đăng ký màn hình này làm máy lấy số" in page and 'name="name"' in page
    assert "Màn hình này đã được đăng ký là máy lấy số" not in page
    kiosk.post(reverse("kiosk-register"), {"name": "Kiosk cửa chính"})
    page = kiosk.get(reverse("kiosk-register")).content.decode()
    assert "Màn hình này đã được đăng ký là máy lấy số “Kiosk cửa chính”." in page
