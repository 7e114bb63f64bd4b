"""Guessing a dossier's lookup secret against a real server (gunicorn, 2 processes x 8 threads) and the
real Redis: 200 wrong secrets sent at once get exactly PUBLIC_LOOKUP_SLOW_AFTER answers before the
refusals (center/ratelimit.py), and an unknown code looks exactly like a wrong secret. In one process:
a burst gets no more answers than allowed."""

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
ENDPOINTS = {
    "page": "/tra-cuu/{code}/?secret={secret}",
    "api": "/api/v1/public/dossiers/{code}/?secret={secret}",
}


@pytest.fixture(scope="module")
def server(django_db_setup):
    # The server's cache is the same Redis database as this process's (REDIS_URL), so cache.clear() here
    # resets the server's counts too.
    with gunicorn(workers=2, threads=8) as base_url:
        yield base_url


@pytest.fixture
def dossier(procedure, clerk):
    cache.clear()
    return receive(procedure, clerk)


@pytest.mark.parametrize("endpoint", ENDPOINTS)
@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_200_wrong_secrets_at_once_get_exactly_the_allowed_number_of_answers(server, dossier, endpoint):
    url = server + ENDPOINTS[endpoint].format(code=dossier.code, secret=WRONG)

    answers = all_at_once([lambda: fetch(url)] * ATTEMPTS, workers=ATTEMPTS)

    statuses = Counter(answer.status for answer in answers)
    allowed = settings.PUBLIC_LOOKUP_SLOW_AFTER
    assert statuses == {404: allowed, 429: ATTEMPTS - allowed}, statuses
    refused = next(answer for answer in answers if answer.status == 429)
    assert 0 < int(refused.headers["Retry-After"]) <= 30
    # The right secret is refused too while the client must wait: the limit is per client, not per guess.
    assert fetch(server + ENDPOINTS[endpoint].format(code=dossier.code, secret=dossier.secret)).status == 429


def _comparable(answer: Answer, typed: str = "") -> tuple:
    """Status, type and body; in HTML the CSRF token (masked afresh on every answer) is blanked, and so is
    the code the client typed (the page offers it back in the form)."""
    body = re.sub(rb'name="csrfmiddlewaretoken" value="[^"]+"', b'name="csrfmiddlewaretoken" value=""', answer.body)
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
def test_unknown_codes_and_wrong_secrets_count_towards_one_limit(server, dossier, endpoint):
    allowed = settings.PUBLIC_LOOKUP_SLOW_AFTER
    guesses = [
        ENDPOINTS[endpoint].format(code=dossier.code if n % 2 else f"H56.12-261124-{9000 + n}", secret=WRONG)
        for n in range(allowed)
    ]
    assert [fetch(server + path).status for path in guesses] == [404] * allowed

    codes = (dossier.code, "H56.12-261124-9999")
    refused = [fetch(server + ENDPOINTS[endpoint].format(code=code, secret=WRONG)) for code in codes]

    assert [answer.status for answer in refused] == [429, 429]
    assert _comparable(refused[0], codes[0]) == _comparable(refused[1], codes[1])


def test_a_burst_gets_no_more_answers_than_allowed():
    """In one process against the real Redis: 60 threads guess at once, each lookup taking 20 ms. Every
    lookup runs, but its answer is given only after one atomic step that refuses a limited client whatever
    it found: exactly `slow_after` guesses are answered, so a right secret hidden in the burst is told only
    if it is one of those."""
    limit = ratelimit.Limit(scope="burst", slow_after=5, block_after=10, window=900, delay=30, block_for=1800)
    request = RequestFactory().get("/", REMOTE_ADDR="203.0.113.60")

    def guess():
        time.sleep(0.02)

    def attempt():
        try:
            return ratelimit.guarded(limit, request, guess)
        except ratelimit.RateLimited as limited:
            return limited

    outcomes = all_at_once([attempt] * 60, workers=60)

    refusals = [outcome for outcome in outcomes if isinstance(outcome, ratelimit.RateLimited)]
    assert len(refusals) == 60 - limit.slow_after
    assert outcomes.count(None) == limit.slow_after
    told = {(refusal.retry_after, refusal.blocked) for refusal in refusals}
    assert all(0 < retry_after <= limit.delay and not blocked for retry_after, blocked in told), told
