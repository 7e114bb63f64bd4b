"""The public API is throttled per client (load protection, not a security control); staff APIs are not."""

import pytest

from dossiers import services

pytestmark = pytest.mark.django_db


@pytest.fixture
def three_a_minute(settings):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"public": "3/min"}}


@pytest.fixture
def dossier(procedure, clerk):
    return services.dossier_receive(
        procedure=procedure, applicant=services.Applicant("Nguyễn Văn An", "001203004567", "0912345678"), by=clerk
    )


def public_urls(dossier):
    return [
        "/api/v1/procedures/",
        f"/api/v1/procedures/{dossier.procedure.code}/",
        "/api/v1/calendar/due-date/?start=2026-11-23T09:00:00&days=3",
        f"/api/v1/public/dossiers/{dossier.code}/?secret={dossier.secret}",
    ]


@pytest.mark.parametrize("which", range(4))
def test_a_client_past_the_rate_gets_a_429_in_its_language_with_retry_after(three_a_minute, api, dossier, which):
    url = public_urls(dossier)[which]
    for _ in range(3):
        assert api.get(url, REMOTE_ADDR="203.0.113.5").status_code == 200

    response = api.get(url, REMOTE_ADDR="203.0.113.5")

    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert response.json() == {"detail": f"Có quá nhiều yêu cầu từ kết nối của bạn: vui lòng thử lại sau "
                               f"{response['Retry-After']} giây."}  # fmt: skip


def test_the_public_endpoints_share_one_allowance(three_a_minute, api, dossier):
    statuses = [api.get(url, REMOTE_ADDR="203.0.113.5").status_code for url in public_urls(dossier)]
    assert statuses == [200, 200, 200, 429]


def test_each_client_has_its_own_allowance(three_a_minute, api, dossier):
    for _ in range(3):
        api.get("/api/v1/procedures/", REMOTE_ADDR="203.0.113.5")
    assert api.get("/api/v1/procedures/", REMOTE_ADDR="203.0.113.5").status_code == 429
    assert api.get("/api/v1/procedures/", REMOTE_ADDR="198.51.100.7").status_code == 200


def test_behind_a_trusted_proxy_clients_are_told_apart_by_the_forwarded_address(three_a_minute, settings, api):
    settings.RATELIMIT_PROXY_COUNT = 1

    def via_proxy(client_address):
        return api.get("/api/v1/procedures/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=client_address)

    assert [via_proxy("203.0.113.5").status_code for _ in range(4)] == [200, 200, 200, 429]
    assert via_proxy("198.51.100.7").status_code == 200


def test_staff_apis_are_not_throttled(three_a_minute, api_as, dossier, clerk):
    client = api_as(clerk)
    assert [client.get("/api/v1/dossiers/").status_code for _ in range(5)] == [200] * 5


def test_no_client_address_is_kept_in_redis(three_a_minute, api, client, dossier, settings):
    """Every per-client count (API throttle, lookup limiter, login and password-reset limits) is kept under a
    keyed hash of the address, never the address itself."""
    from center.cache import redis_client

    address = "203.0.113.77"
    for url in public_urls(dossier):
        api.get(url, REMOTE_ADDR=address)
    api.get(f"/api/v1/public/dossiers/{dossier.code}/?secret=WRONG", REMOTE_ADDR=address)
    client.post("/accounts/login/", {"username": "x", "password": "wrong-password"}, REMOTE_ADDR=address)
    client.post("/accounts/password_reset/", {"email": "a@example.com"}, REMOTE_ADDR=address)

    keys = [key.decode() for key in redis_client().scan_iter(count=1000)]
    assert any(":throttle_public_" in key for key in keys), keys
    assert any("login-address" in key for key in keys) and any("password-reset" in key for key in keys), keys
    assert not [key for key in keys if address in key]
