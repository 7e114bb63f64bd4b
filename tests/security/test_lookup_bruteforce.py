"""Guessing a dossier's lookup secret against a real server (gunicorn, 2 processes x 8 threads) and the
real Redis: 200 wrong secrets for one code sent at once, from one address or from 200, get exactly
PUBLIC_LOOKUP_CODE_SLOW_AFTER answers before the refusals (center/ratelimit.py); 200 guesses at once at
200 codes from one address get exactly PUBLIC_LOOKUP_ADDRESS_BLOCK_AFTER; an unknown code looks exactly
like a wrong secret, refusals included. In one process: a burst gets no more answers than allowed."""

from __future__ import annotations

import re
import time
from collections import Counter

import pytest
from django.conf import settings
from django.core.cache import cache
from django.test import RequestFactory

from center import ratelimit
from dossiers.models import Dossier
from tests.center.processes import gunicorn
from tests.dossiers.walk import receive
from tests.security.http import Answer, all_at_once, fetch

ATTEMPTS = 200
WRONG = "ZZZZ9999"
ADDRESS_CEILING = 50
ENDPOINTS = {
    "page": "/tra-cuu/{code}/?secret={secret}",
    "api": "/api/v1/public/dossiers/{code}/?secret={secret}",
}


@pytest.fixture(scope="module")
def server(django_db_setup):
    # The server's cache is the same Redis database as this process's (REDIS_URL), so cache.clear() here
    # resets the server's counts too.
    # Behind one trusted proxy, so a test can send guesses from many addresses (X-Forwarded-For); a lower
    # address ceiling than the default, so that 200 guesses pass it.
    env = {"RATELIMIT_PROXY_COUNT": "1", "PUBLIC_LOOKUP_ADDRESS_BLOCK_AFTER": str(ADDRESS_CEILING)}
    with gunicorn(workers=2, threads=8, env=env) as base_url:
        yield base_url


@pytest.fixture
def dossier(procedure, clerk):
    cache.clear()
    return receive(procedure, clerk)


def _from(address: str) -> dict:
    return {"X-Forwarded-For": address}


@pytest.mark.parametrize("addresses", ["one", "many"])
@pytest.mark.parametrize("endpoint", ENDPOINTS)
@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_200_wrong_secrets_at_once_get_exactly_the_allowed_number_of_answers(
    server, dossier, procedure, clerk, endpoint, addresses
):
    url = server + ENDPOINTS[endpoint].format(code=dossier.code, secret=WRONG)
    sender = (lambda n: "198.51.100.7") if addresses == "one" else (lambda n: f"198.51.{n // 100}.{n % 100 + 1}")

    answers = all_at_once([lambda n=n: fetch(url, headers=_from(sender(n))) for n in range(ATTEMPTS)], workers=ATTEMPTS)

    statuses = Counter(answer.status for answer in answers)
    allowed = settings.PUBLIC_LOOKUP_CODE_SLOW_AFTER
    assert statuses == {404: allowed, 429: ATTEMPTS - allowed}, statuses
    refused = next(answer for answer in answers if answer.status == 429)
    assert 0 < int(refused.headers["Retry-After"]) <= 30
    # The right secret is refused too while the code waits: were it let through, the refusals would tell
    # the wrong guesses from the right one.
    right = ENDPOINTS[endpoint].format(code=dossier.code, secret=dossier.secret)
    assert fetch(server + right, headers=_from("192.0.2.1")).status == 429
    # Someone else behind the guessing address, with their own code, is not refused.
    other = receive(procedure, clerk)
    mine = ENDPOINTS[endpoint].format(code=other.code, secret=other.secret)
    assert fetch(server + mine, headers=_from(sender(0))).status == 200


@pytest.mark.parametrize("endpoint", ENDPOINTS)
@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_200_guesses_at_200_codes_at_once_from_one_address_stop_at_its_ceiling(server, dossier, endpoint):
    """No code's own count sees one guess at each of many codes: the address's ceiling does, exactly."""
    paths = [ENDPOINTS[endpoint].format(code=f"H56.12-261124-{n:04d}", secret=WRONG) for n in range(ATTEMPTS)]

    answers = all_at_once([lambda path=path: fetch(server + path) for path in paths], workers=ATTEMPTS)

    statuses = Counter(answer.status for answer in answers)
    assert statuses == {404: ADDRESS_CEILING, 429: ATTEMPTS - ADDRESS_CEILING}, statuses
    right = ENDPOINTS[endpoint].format(code=dossier.code, secret=dossier.secret)
    assert fetch(server + right).status == 429  # clear abuse: the address is refused, right lookups too
    assert fetch(server + right, headers=_from("192.0.2.1")).status == 200


def _comparable(answer: Answer, typed: str = "") -> tuple:
    """Status, type and body; in HTML the CSRF token (masked afresh on every answer) is blanked, and so is
    the code the client typed (the page offers it back in the form), and the seconds left to wait (two
    answers a moment apart may straddle a second)."""
    body = re.sub(rb'name="csrfmiddlewaretoken" value="[^"]+"', b'name="csrfmiddlewaretoken" value=""', answer.body)
    body = re.sub("\\d+( giây| seconds?)".encode(), rb"N\1", body)
    if typed:
        body = body.replace(typed.encode(), b"<typed>")
    return answer.status, answer.headers.get("Content-Type"), body


@pytest.mark.parametrize("endpoint", ENDPOINTS)
@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_an_unknown_code_and_a_wrong_secret_get_the_same_answer(server, dossier, endpoint):
    url = server + ENDPOINTS[endpoint].format(code=dossier.code, secret=WRONG)
    wrong_secret = fetch(url)
    Dossier.objects.filter(pk=dossier.pk).update(code=f"{dossier.code}9")  # the very same code, now unknown
    unknown_code = fetch(url)

    assert wrong_secret.status == 404
    assert _comparable(unknown_code) == _comparable(wrong_secret)


@pytest.mark.parametrize("endpoint", ENDPOINTS)
@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_an_unknown_code_is_limited_exactly_like_a_real_one(server, dossier, endpoint):
    """The refusal must not tell which codes exist: an unknown code is counted and refused like a real one."""
    allowed = settings.PUBLIC_LOOKUP_CODE_SLOW_AFTER
    codes = (dossier.code, "H56.12-261124-9999")
    refused = []
    for code in codes:
        url = server + ENDPOINTS[endpoint].format(code=code, secret=WRONG)
        assert [fetch(url).status for _ in range(allowed)] == [404] * allowed
        refused.append(fetch(url))

    assert [answer.status for answer in refused] == [429, 429]
    assert _comparable(refused[0], codes[0]) == _comparable(refused[1], codes[1])


def test_a_burst_gets_no_more_answers_than_allowed():
    """In one process against the real Redis: 60 threads guess at once, each lookup taking 20 ms. Every
    lookup runs, but its answer is given only after one atomic step that refuses a limited client whatever
    it found: exactly `slow_after` guesses are answered, so a right secret hidden in the burst is told only
    if it is one of those."""
    per_code = ratelimit.CodeLimit(slow_after=5, first_delay=30, max_delay=3600, memory=86400)
    limit = ratelimit.Limit(
        scope="burst", slow_after=1000, block_after=1000, window=900, delay=0, block_for=1800, per_code=per_code
    )
    request = RequestFactory().get("/", REMOTE_ADDR="203.0.113.60")

    def guess():
        time.sleep(0.02)

    def attempt():
        try:
            return ratelimit.guarded(limit, request, guess, code="H56.12-261124-0001")
        except ratelimit.RateLimited as limited:
            return limited

    outcomes = all_at_once([attempt] * 60, workers=60)

    refusals = [outcome for outcome in outcomes if isinstance(outcome, ratelimit.RateLimited)]
    assert len(refusals) == 60 - per_code.slow_after
    assert outcomes.count(None) == per_code.slow_after
    told = {(refusal.retry_after, refusal.code) for refusal in refusals}
    assert all(0 < retry_after <= per_code.first_delay and code for retry_after, code in told), told
