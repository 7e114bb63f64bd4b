"""Staff logins resist password guessing (django-axes), and passwords must be strong."""

import datetime as dt

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from freezegun import freeze_time

from tests.factories import TEST_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"


@pytest.fixture
def axes_on(settings):
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 5
    settings.AXES_COOLOFF_TIME = dt.timedelta(minutes=15)
    return settings


@pytest.fixture
def user(db):
    return UserFactory(username="tiepnhan1")


def attempt(client, password, username="tiepnhan1", address="203.0.113.5", url=LOGIN):
    return client.post(url, {"username": username, "password": password}, REMOTE_ADDR=address)


def logged_in(client) -> bool:
    return "_auth_user_id" in client.session


def test_the_right_password_logs_in(axes_on, client, user):
    response = attempt(client, TEST_PASSWORD)
    assert response.status_code == 302 and logged_in(client)


def test_after_five_wrong_passwords_even_the_right_one_is_refused_with_a_message(axes_on, client, user):
    for _ in range(5):
        assert attempt(client, "wrong-password").status_code in (200, 429)

    response = attempt(client, TEST_PASSWORD)

    assert response.status_code == 429
    page = response.content.decode()
    assert "Tạm dừng đăng nhập" in page and "15 phút" in page and "5 lần" in page
    assert not logged_in(client)


def test_the_lockout_ends_after_the_cool_off(axes_on, client, user):
    with freeze_time("2026-11-23 09:00:00+07:00") as clock:
        for _ in range(5):
            attempt(client, "wrong-password")
        clock.tick(dt.timedelta(minutes=16))
        response = attempt(client, TEST_PASSWORD)
        assert response.status_code == 302 and logged_in(client)


def test_trying_again_during_the_lockout_starts_the_cool_off_again(axes_on, client, user):
    """A guessing robot that keeps trying stays locked out; the page says to wait the full time."""
    with freeze_time("2026-11-23 09:00:00+07:00") as clock:
        for _ in range(5):
            attempt(client, "wrong-password")
        clock.tick(dt.timedelta(minutes=14))
        assert attempt(client, "another-guess").status_code == 429
        clock.tick(dt.timedelta(minutes=14))
        assert attempt(client, TEST_PASSWORD).status_code == 429
        clock.tick(dt.timedelta(minutes=16))
        assert attempt(client, TEST_PASSWORD).status_code == 302


def test_a_successful_login_starts_the_count_again(axes_on, client, user):
    for _ in range(4):
        attempt(client, "wrong-password")
    assert attempt(client, TEST_PASSWORD).status_code == 302
    client.logout()
    for _ in range(4):
        attempt(client, "wrong-password")
    assert attempt(client, TEST_PASSWORD).status_code == 302


def test_the_lockout_holds_for_that_username_from_that_address_only(axes_on, client, user):
    """Colleagues behind the center's one public address are not locked out by someone's mistakes."""
    colleague = UserFactory(username="tiepnhan2")
    for _ in range(5):
        attempt(client, "wrong-password")

    assert attempt(client, TEST_PASSWORD, username=colleague.username).status_code == 302
    client.logout()
    assert attempt(client, TEST_PASSWORD, address="198.51.100.20").status_code == 302


def test_the_admin_login_is_protected_too(axes_on, client, user):
    user.is_staff = True
    user.save()
    for _ in range(5):
        attempt(client, "wrong-password", url="/admin/login/")
    assert attempt(client, TEST_PASSWORD, url="/admin/login/").status_code == 429


def test_with_axes_off_the_test_suites_logins_still_work(client, user, settings):
    """The test overlay turns axes off: client.login (no request) and force_login keep working."""
    assert settings.AXES_ENABLED is False
    assert client.login(username="tiepnhan1", password=TEST_PASSWORD)


@pytest.mark.parametrize(
    "password",
    [
        "Ab@12345",  # shorter than 10
        "1234567890123",  # only digits
        "password123",  # a common password
        "tiepnhan1-2026",  # close to the username
    ],
)
def test_weak_passwords_are_refused(user, password):
    with pytest.raises(ValidationError):
        validate_password(password, user=user)


def test_a_long_uncommon_password_is_accepted(user):
    validate_password("Hoa-sen@Ven-song-2026", user=user)


@pytest.fixture
def address_limit(axes_on):
    axes_on.LOGIN_ADDRESS_FAILURE_LIMIT = 20
    return axes_on


def test_guessing_across_many_usernames_from_one_address_is_stopped(address_limit, client, user):
    """The attack tried 30 usernames from one address; each stayed under axes' per-username limit."""
    statuses = [attempt(client, "wrong-password", username=f"canbo{n}").status_code for n in range(30)]

    assert statuses == [200] * 20 + [429] * 10
    response = attempt(client, TEST_PASSWORD)  # even the right password, for any account, from there
    assert response.status_code == 429 and not logged_in(client)
    page = response.content.decode()
    assert "Tạm dừng đăng nhập" in page and "quá nhiều lần nhập sai mật khẩu từ kết nối của bạn" in page
    assert "15 phút" in page


def test_the_address_limit_holds_for_that_address_only(address_limit, client, user):
    for n in range(20):
        attempt(client, "wrong-password", username=f"canbo{n}")
    assert attempt(client, TEST_PASSWORD, address="198.51.100.20").status_code == 302


def test_the_admin_login_counts_towards_the_address_limit(address_limit, client, user):
    for n in range(20):
        attempt(client, "wrong-password", username=f"canbo{n}", url="/admin/login/")
    assert attempt(client, TEST_PASSWORD).status_code == 429 and not logged_in(client)


def test_a_few_mistakes_by_colleagues_behind_one_address_lock_no_one_out(address_limit, client, user):
    for n in range(19):
        attempt(client, "wrong-password", username=f"canbo{n}")
    assert attempt(client, TEST_PASSWORD).status_code == 302 and logged_in(client)
