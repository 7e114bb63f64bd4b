"""Every URL of the portal, pages and API, as every role: the answer the matrix (tests/security/matrix.py)
says, writes that happen only for those entitled, and agency B's staff never shown agency A's dossiers.

The URLs come from the URL resolver: a new URL without a row in the matrix (matrix.py, matrix_admin.py) fails
`test_the_matrix_covers_every_url`, and so does a row whose URL no longer exists.
"""

from __future__ import annotations

import json

import pytest
from django.core.cache import cache
from django.db import transaction
from django.test import Client
from django.urls import URLResolver, get_resolver, resolve

from center.models import PersonalDataAccess
from counters.models import CounterSlip, Ticket
from dossiers.models import Dossier, DossierEvent, SatisfactionRating
from monitoring.models import Alert, Feedback, OutboxMessage
from tests.security.conftest import ROLES, World
from tests.security.matrix import CASES, PERSONAL_A, PERSONAL_B, Case, Outcome
from tests.security.matrix_admin import admin_cases

ALL_CASES = CASES + admin_cases()


def portal_routes() -> set[str]:
    """Every route the resolver knows, spelled as ResolverMatch.route spells it."""

    def walk(patterns, prefix: str):
        for pattern in patterns:
            route = URLResolver._join_route(prefix, str(pattern.pattern))
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns, route)
            else:
                yield route

    return set(walk(get_resolver().url_patterns, ""))


def test_the_matrix_covers_every_url():
    listed = {case.route for case in ALL_CASES}
    routes = portal_routes()
    assert not routes - listed, f"URLs without a row in tests/security/matrix.py: {sorted(routes - listed)}"
    assert not listed - routes, f"rows for URLs that no longer exist: {sorted(listed - routes)}"


def footprint() -> tuple[int, ...]:
    """Rows a refused request must not have written."""
    return (
        Dossier.objects.count(),
        DossierEvent.objects.count(),
        PersonalDataAccess.objects.count(),
        Feedback.objects.exclude(answer="").count(),
        SatisfactionRating.objects.count(),
        Ticket.objects.count(),
        CounterSlip.objects.count(),
        OutboxMessage.objects.count(),
        Alert.objects.filter(acknowledged_at__isnull=False).count(),
    )


def send(client: Client, case: Case, world: World):
    path = case.path(world)
    if case.method == "GET":
        return client.get(path)
    data = case.data(world) if case.data else {}
    if case.method != "POST":  # DELETE and the like: an API's JSON body
        return client.generic(case.method, path, json.dumps(data), content_type="application/json")
    if case.json:
        return client.post(path, data=json.dumps(data), content_type="application/json")
    return client.post(path, data)


def _answer(response, outcome: Outcome) -> str | None:
    """What is wrong with the response's status and redirect, if anything."""
    location = response.get("Location", "")
    if response.status_code != outcome.status:
        return f"{response.status_code}{' -> ' + location if location else ''}, expected {outcome}"
    if outcome.status == 302:
        to_login = location.startswith(("/accounts/login/", "/admin/login/"))
        if outcome.to and not location.startswith(outcome.to):
            return f"302 -> {location}, expected {outcome}"
        if not outcome.to and to_login:
            return f"302 -> {location} (a login page), expected {outcome}"
    return None


def _leaks(role: str, case: Case, world: World, body: str) -> list[str]:
    """Another agency's applicants or (outside the public pages) dossier codes, or any applicant shown to a
    stranger: what this role must never be shown."""
    hidden: tuple[str, ...] = ()
    if role in ("anonymous", "specialist_b"):
        hidden += PERSONAL_A
    if role in ("anonymous", "specialist_a", "lead_a"):
        hidden += PERSONAL_B
    if role == "specialist_b" and not case.public:
        hidden += (world.dossier.code, world.returned.code)
    if role in ("specialist_a", "lead_a"):
        hidden += (world.dossier_b.code,)
    return [f"shows {value!r}" for value in hidden if value in body]


def _refused(outcome: Outcome) -> bool:
    return outcome.status >= 400 or (outcome.status == 302 and outcome.to is not None)


@pytest.mark.parametrize("case", ALL_CASES, ids=lambda case: case.id)
def test_each_role_gets_what_the_matrix_says(case: Case, shared_world: World, db):
    world = shared_world
    assert resolve(case.path(world).split("?")[0]).route == case.route, "the path does not exercise this URL"
    problems = []
    for role in ROLES:
        expected = case.expect[role]
        with transaction.atomic():  # each role starts from the same data
            cache.clear()
            client = Client()
            if world.users[role] is not None:
                client.force_login(world.users[role])
            before, probe_before = footprint(), case.probe(world) if case.probe else None
            response = send(client, case, world)
            wrong = _answer(response, expected)
            body = b"" if response.streaming else response.content
            wrong_list = [wrong] if wrong else []
            wrong_list += _leaks(role, case, world, body.decode(errors="replace"))
            if case.probe is not None and (case.probe(world) != probe_before) != expected.changed:
                wrong_list.append("the change happened" if not expected.changed else "nothing changed")
            if _refused(expected) and footprint() != before:
                wrong_list.append(f"refused, yet wrote rows: {before} -> {footprint()}")
            problems += [f"{role}: {text}" for text in wrong_list]
            transaction.set_rollback(True)
    assert not problems, "\n".join(problems)
