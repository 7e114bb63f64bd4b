"""Every page and every form of the portal, filled with bad values, as every role: never a 5xx.

The pages are the permission matrix's (tests/security/matrix.py, matrix_admin.py: one concrete address
per URL pattern, with real objects, and `test_the_matrix_covers_every_url` fails when a pattern has no
row), plus the pages of dossiers in the other states and of one whose appointment is 9999-12-31.

1. Every page is fetched as every role (the admin's pages only as the administrator): who is shown it,
   and the forms each is shown (fields found in the HTML: inputs, selects, text areas, buttons).
2. Each page's query string (once per URL pattern): the fields of its GET forms and the parameters the
   list pages read (KNOWN_PARAMS) all set to one bad value at a time, then each form field alone; the
   requests taken in turn by the roles shown the page. A refused role gets one bad query string.
3. Each POST form (once per URL pattern and set of fields): all fields bad at once, one request per bad
   value, then each field alone with the others as rendered, in turn by the roles shown it.
4. Each write of the matrix, by every role in turn, also those shown no form (refused, never a 5xx).

Bad values: empty, non-numeric, Unicode digits (superscript, Arabic-Indic), negative, huge, far dates,
a NUL byte, a very long string (field by field only: no server takes a query string of megabytes). The
admin site (Django's own code) gets a sample. Writes are not skipped (a bad value may be valid, e.g. an
empty note), and are rolled back at the end; admin delete confirmations are never posted (any POST
there deletes). The Django test client, no server: about 1,600 requests, under a minute of CPU.
schemathesis fuzzes the API by its schema (test_api_fuzz.py); here its addresses get the same bad
query strings and bodies.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urljoin, urlsplit

import pytest
from django.test import Client
from django.urls import Resolver404, resolve
from django.utils import timezone

from dossiers import slips
from dossiers.models import Dossier, DossierExtension
from dossiers.workflow import DossierStatus as S
from tests.dossiers.walk import dossier_in
from tests.security.conftest import ROLES
from tests.security.test_permission_matrix import ALL_CASES, portal_routes

BAD = ["", "abc", "²", "٣", "-1", str(10**30), "9999-12-31", "0001-01-01", "x\x00y", "đ" * 5000]
# The admin site is Django's own code: its pages and forms get a sample.
ADMIN_BAD = ["abc", "²", "9999-12-31", "đ" * 5000]
# Query parameters that the list pages, filters and exports read (a form shows only some of them).
KNOWN_PARAMS = [
    "q", "page", "list", "status", "agency", "procedure", "outcome", "channel", "ordering", "received_from",
    "received_to", "resolved_from", "resolved_to", "due_from", "due_to", "period", "month", "quarter", "year",
    "from", "to", "field", "metric", "export", "format", "sort", "dir", "kind", "state", "open", "code",
    "secret", "slip", "n", "ticket", "print", "dossier", "next", "o", "p", "all",
]  # fmt: skip
# The states the matrix's world lacks; their pages show other forms and slips.
MORE_STATES = [S.RECEIVED, S.AWAITING_SUPPLEMENT, S.AWAITING_PAYMENT, S.RESULT_READY, S.STOPPED]
FAR = timezone.make_aware(timezone.datetime(9999, 12, 31, 9, 0))


# --- the forms of a page ------------------------------------------------------------------------------


@dataclass
class Form:
    method: str
    action: str
    fields: dict[str, str] = field(default_factory=dict)  # name -> the value the page renders

    def key(self) -> tuple:
        return self.method, urlsplit(self.action).path, tuple(sorted(self.fields))


class FormParser(HTMLParser):
    """The forms of an HTML page: their method, action and named fields with their rendered values."""

    def __init__(self, page_url: str):
        super().__init__()
        self.page_url = page_url
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._select: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = {name: value or "" for name, value in attrs}
        if tag == "form":
            self._form = Form(attrs.get("method", "get").lower(), urljoin(self.page_url, attrs.get("action", "")))
            self.forms.append(self._form)
            return
        name = attrs.get("name")
        if self._form is None or not name:
            return
        if tag == "input" and attrs.get("type", "text") not in ("file", "image", "reset"):
            if attrs.get("type") not in ("checkbox", "radio") or name not in self._form.fields:
                self._form.fields[name] = attrs.get("value", "on" if attrs.get("type") == "checkbox" else "")
        elif tag == "button":
            self._form.fields.setdefault(name, attrs.get("value", ""))
        elif tag == "select":
            self._select = name
            self._form.fields.setdefault(name, "")
        elif tag == "option" and self._select and ("selected" in attrs or not self._form.fields[self._select]):
            self._form.fields[self._select] = attrs.get("value", "")
        elif tag == "textarea":
            self._textarea = name
            self._form.fields[name] = ""

    def handle_data(self, data):
        if self._form is not None and self._textarea:
            self._form.fields[self._textarea] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None


def forms_of(response, url: str) -> list[Form]:
    if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
        return []
    parser = FormParser(url)
    parser.feed(response.content.decode())
    return parser.forms


# --- the walk -------------------------------------------------------------------------------------------


def route_of(url: str) -> str:
    try:
        return resolve(urlsplit(url).path).route
    except Resolver404:
        return urlsplit(url).path


@dataclass
class Walk:
    clients: dict[str, Client]
    failures: dict[tuple, str] = field(default_factory=dict)  # (method, route, cause) -> first example
    requests: int = 0
    turn: int = 0  # rotates bad values and roles

    def send(self, role: str, method: str, url: str, data: dict | None = None, *, as_json: bool = False):
        self.requests += 1
        client = self.clients[role]
        if method == "get":
            response = client.get(url, data or {})
        elif as_json:
            response = client.post(url, json.dumps(data or {}), content_type="application/json")
        else:
            response = client.post(url, data or {})
        if response.status_code >= 500:
            error = getattr(response, "exc_info", None)
            shown = {k: (v[:20] + "…" if isinstance(v, str) and len(v) > 20 else v) for k, v in (data or {}).items()}
            cause = repr(error[1])[:200] if error else str(response.status_code)
            self.failures.setdefault(
                (method, route_of(url), cause), f"{role}: {method.upper()} {url} {shown} -> {cause}"
            )
        return response

    def next_bad(self) -> str:
        self.turn += 1
        return BAD[self.turn % len(BAD)]

    def fuzz(self, roles, method, url, fields, names, *, as_json=False, values=BAD):
        """All of `names` bad at once (one request per value), then each alone with the other fields as they
        were; the requests taken in turn by `roles` (those the page or form was shown to)."""
        requests = [{**fields, **dict.fromkeys(names, value)} for value in values]
        requests += [{**fields, name: self.next_bad()} for name in names]
        for data in requests:
            self.turn += 1
            self.send(roles[self.turn % len(roles)], method, url, data, as_json=as_json)


def split(url: str) -> tuple[str, dict[str, str]]:
    parts = urlsplit(url)
    return parts.path, dict(parse_qsl(parts.query, keep_blank_values=True))


def is_page(response) -> bool:
    return response.status_code == 200 and response.get("Content-Type", "").startswith(("text/", "application/json"))


def extra_pages(dossiers: list[Dossier], far: Dossier) -> list[str]:
    """The staff and public pages of dossiers in the states the matrix's world lacks; the far-dated one's
    slips too (the apology letter prints its date)."""
    pages = []
    for dossier in [*dossiers, far]:
        pages += [f"/can-bo/ho-so/{dossier.code}/", f"/tra-cuu/{dossier.code}/?secret={dossier.secret}"]
    return pages + [f"/can-bo/ho-so/{far.code}/phieu/{form.slug}/" for form, _n in slips.available_slips(far)]


@pytest.fixture(scope="module")
def fuzz_world(shared_world, django_db_blocker):
    """The matrix's world, plus a dossier in each other state and one whose appointment was moved to
    9999-12-31 before extensions were bounded (it must still show everywhere)."""
    w = shared_world
    clerk, specialist = w.users["counter"], w.users["specialist_a"]
    with django_db_blocker.unblock():
        more = [dossier_in(s, procedure=w.procedure_a, clerk=clerk, specialist=specialist) for s in MORE_STATES]
        far = dossier_in(S.IN_PROGRESS, procedure=w.procedure_a, clerk=clerk, specialist=specialist)
        DossierExtension.objects.create(
            dossier=far, created_at=timezone.now(), created_by=specialist, previous_due_at=far.due_at,
            new_due_at=FAR, reason="Nhập nhầm năm",
        )  # fmt: skip
        Dossier.objects.filter(pk=far.pk).update(extended_due_at=FAR)
        far.refresh_from_db()
    return w, extra_pages(more, far)


def test_the_walk_covers_every_url_pattern():
    assert {case.route for case in ALL_CASES} >= portal_routes()


def test_no_page_or_form_answers_a_5xx_to_bad_input(db, fuzz_world):
    world, more_pages = fuzz_world
    clients = {role: Client(raise_request_exception=False) for role in ROLES}
    for role, user in world.users.items():
        if user is not None:
            clients[role].force_login(user)
    walk = Walk(clients)
    started = time.monotonic()
    pages = list(dict.fromkeys(case.path(world) for case in ALL_CASES if case.method == "GET")) + more_pages

    # Every page as every role (only the administrator gets past the admin's login page): who sees it, and
    # the forms each is shown.
    shown: dict[str, list[tuple[str, str]]] = {}  # route -> (role, url) answered with the page
    forms: dict[tuple, tuple[Form, list[str]]] = {}  # (route, fields) -> the form, the roles shown it
    get_fields: dict[str, set[str]] = {}  # route -> the fields of its GET forms
    for url in pages:
        for role in ROLES:
            if url.startswith("/admin/") and role != "administrator" and url != "/admin/":
                continue
            response = walk.send(role, "get", url)
            if is_page(response):
                shown.setdefault(route_of(url), []).append((role, url))
            for form in forms_of(response, url):
                names = tuple(sorted(n for n in form.fields if n != "csrfmiddlewaretoken"))
                if form.method == "post" and names and not urlsplit(form.action).path.endswith("/delete/"):
                    key = (route_of(form.action), names)
                    forms.setdefault(key, (form, []))[1].append(role)
                elif form.method == "get":  # a filter form: its fields go into the page's query string
                    get_fields.setdefault(route_of(url), set()).update(names)

    # The query string of each page (once per route), the bad requests shared among the roles shown it;
    # a refused role gets one bad query string per page (the refusal must not read it badly either).
    for route, seen in shown.items():
        roles = list(dict.fromkeys(role for role, _url in seen))
        path, query = split(seen[0][1])
        own = sorted(get_fields.get(route, ()))
        admin = path.startswith("/admin/")
        if admin and "<path:object_id>" in route:  # an object's admin pages read no query string
            continue
        walk.fuzz(roles, "get", path, query, own, values=[])
        for value in ADMIN_BAD[:-1] if admin else BAD[:-1]:
            walk.turn += 1
            walk.send(roles[walk.turn % len(roles)], "get", path, {**query, **dict.fromkeys(KNOWN_PARAMS + own, value)})
    for url in pages:
        path, query = split(url)
        refused = [r for r in ROLES if r not in {r for r, _u in shown.get(route_of(url), [])}]
        if refused and not url.startswith("/admin/"):
            walk.turn += 1
            role = refused[walk.turn % len(refused)]
            walk.send(role, "get", path, {**query, **dict.fromkeys(KNOWN_PARAMS, walk.next_bad())})

    # Every POST form, once per route and set of fields, among the roles shown it.
    for (_route, names), (form, roles) in forms.items():
        if urlsplit(form.action).path.startswith("/admin/"):  # Django's own forms: all fields at once
            for value in ADMIN_BAD:
                walk.send(roles[0], "post", form.action, {**form.fields, **dict.fromkeys(names, value)})
        else:
            walk.fuzz(list(dict.fromkeys(roles)), "post", form.action, form.fields, list(names))

    # The matrix's writes as every role, also those shown no form: refused, but never with a 5xx.
    for case in ALL_CASES:
        path = case.path(world) if case.method == "POST" and case.data else ""
        if not path or path.endswith("/delete/"):
            continue
        roles = ["administrator"] if path.startswith("/admin/") else list(ROLES)
        data = case.data(world)
        names = [name for name, value in data.items() if not isinstance(value, list)]
        walk.fuzz(roles, "post", path, data, names, as_json=case.json, values=BAD[:6])

    print(f"page fuzz: {walk.requests} requests in {time.monotonic() - started:.1f} s")
    assert not walk.failures, "\n".join(walk.failures.values())
