"""Many clients at once against a real server (gunicorn, 2 processes x 8 threads, on the test database):
parallel receipts never share a code, parallel moves of one dossier let exactly one through, whether they
come from the API or from the staff pages (a double click, two tabs, a client's retry)."""

import contextlib
import re
import threading
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.conf import settings
from django.test import Client
from django.utils import translation
from rest_framework.authtoken.models import Token

from dossiers import services
from dossiers.models import Dossier, DossierEvent
from dossiers.workflow import DossierStatus as S
from tests.center.processes import gunicorn, request
from tests.factories import AgencyFactory, ProcedureStepFactory

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]


@pytest.fixture(scope="module")
def server(django_db_setup):
    """One server for the module; each test's rows are committed (transaction=True) and flushed after."""
    with gunicorn(workers=2, threads=8) as base_url:
        yield base_url


def in_parallel(calls: list, workers: int) -> list:
    """Run the calls from `workers` threads released together by a barrier; their results in order."""
    start = threading.Barrier(min(workers, len(calls)))

    def run(call):
        with contextlib.suppress(threading.BrokenBarrierError):  # fewer calls left than threads: go anyway
            start.wait(timeout=30)
        return call()

    with ThreadPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(run, calls))


def test_100_parallel_receipts_get_100_distinct_codes_and_no_5xx(server, procedure, clerk):
    token = Token.objects.create(user=clerk).key
    bodies = [
        {
            "procedure": procedure.code,
            "applicant_name": f"Nguyễn Văn {number}",
            "applicant_id_number": f"00120300{number:04d}",
            "applicant_phone": "0912345678",
        }
        for number in range(100)
    ]

    answers = in_parallel(
        [lambda body=body: request("POST", f"{server}/api/v1/dossiers/", body=body, token=token) for body in bodies],
        workers=50,
    )

    assert Counter(status for status, _ in answers) == {201: 100}, [a for a in answers if a[0] != 201][:3]
    codes = [body["code"] for _, body in answers]
    assert len(set(codes)) == 100
    assert sorted(int(code.rsplit("-", 1)[1]) for code in codes) == list(range(1, 101))  # no gap, no repeat
    assert Dossier.objects.count() == 100
    assert DossierEvent.objects.filter(kind="receive").count() == 100


APPLICANT = services.Applicant("Nguyễn Văn An", "001203004567", "0912345678")


def changed_message(dossier) -> str:
    """The 409's message, in Vietnamese, for a dossier as it is now."""
    with translation.override("vi"):
        return str(services.DossierChanged(Dossier.objects.get(pk=dossier.pk)).message)


@pytest.fixture
def chain(procedure, agency):
    """The procedure as an inter-agency chain of three agencies; the dossier is at the first."""
    for position, step_agency in enumerate([agency, AgencyFactory(code="H56.02"), AgencyFactory(code="H56.03")], 1):
        ProcedureStepFactory(procedure=procedure, position=position, agency=step_agency, working_days=2)
    return procedure


def test_20_parallel_resolutions_of_one_dossier_let_exactly_one_through(server, procedure, clerk, specialist):
    dossier = services.dossier_receive(procedure=procedure, applicant=APPLICANT, by=clerk)
    dossier = services.dossier_transfer(dossier=dossier, by=clerk)
    token = Token.objects.create(user=specialist).key
    url = f"{server}/api/v1/dossiers/{dossier.code}/resolve/"
    body = {"version": dossier.version}

    answers = in_parallel([lambda: request("POST", url, body=body, token=token)] * 20, workers=20)

    statuses = Counter(status for status, _ in answers)
    assert statuses == {200: 1, 409: 19}, answers
    assert all(body == {"detail": changed_message(dossier)} for status, body in answers if status == 409)
    assert DossierEvent.objects.filter(dossier=dossier, kind="resolve").count() == 1
    assert Dossier.objects.get(pk=dossier.pk).status == S.RESULT_READY


def test_10_parallel_identical_transfers_move_the_dossier_one_step(server, chain, clerk):
    """A hand-over is allowed from in_progress to in_progress, so the workflow table alone let parallel
    copies through one after another, each to the next agency of the chain: the version stops them."""
    dossier = services.dossier_receive(procedure=chain, applicant=APPLICANT, by=clerk)
    dossier = services.dossier_transfer(dossier=dossier, by=clerk)  # at the chain's first agency
    token = Token.objects.create(user=clerk).key
    url = f"{server}/api/v1/dossiers/{dossier.code}/transfer/"
    body = {"version": dossier.version, "note": "Chuyển bước 2"}

    answers = in_parallel([lambda: request("POST", url, body=body, token=token)] * 10, workers=10)

    assert Counter(status for status, _ in answers) == {200: 1, 409: 9}, answers
    assert all(body == {"detail": changed_message(dossier)} for status, body in answers if status == 409)
    (done,) = [body for status, body in answers if status == 200]
    after = Dossier.objects.get(pk=dossier.pk)
    assert done["version"] == after.version == dossier.version + 1
    assert (after.current_step, after.current_agency.code) == (2, "H56.02")
    assert DossierEvent.objects.filter(dossier=dossier, kind="transfer").count() == 2  # setup's + one


class _Stay(urllib.request.HTTPRedirectHandler):
    """Answer a redirect as it is (the page's 302), without following it."""

    def redirect_request(self, *args, **kwargs):
        return None


def _page(method: str, url: str, *, cookies: dict, form: dict | None = None):
    """(status, headers, text) of one request to a staff page with the browser's cookies."""
    data = urllib.parse.urlencode(form).encode() if form is not None else None
    headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items()), "Accept-Language": "vi"}
    call = urllib.request.Request(url, data=data, headers=headers, method=method)
    try:
        with urllib.request.build_opener(_Stay).open(call, timeout=30) as response:
            return response.status, response.headers, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read().decode()


def test_two_parallel_page_transfers_do_not_skip_an_agency_of_the_chain(server, chain, clerk):
    """The attack: two tabs (or a double click past the button's guard) POST "transfer" at once. Both used
    to succeed and the chain's second agency was "completed early" milliseconds after it started."""
    dossier = services.dossier_receive(procedure=chain, applicant=APPLICANT, by=clerk)
    services.dossier_transfer(dossier=dossier, by=clerk)
    browser = Client()
    browser.force_login(clerk)
    cookies = {settings.SESSION_COOKIE_NAME: browser.cookies[settings.SESSION_COOKIE_NAME].value}
    status, headers, page = _page("GET", f"{server}/can-bo/ho-so/{dossier.code}/", cookies=cookies)
    assert status == 200
    cookies[settings.CSRF_COOKIE_NAME] = re.search(rf"{settings.CSRF_COOKIE_NAME}=([^;]+)", headers["Set-Cookie"])[1]
    transfer_form = page[page.index('data-action="transfer"') :]
    form = {
        "csrfmiddlewaretoken": re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', transfer_form)[1],
        "version": re.search(r'name="version" value="([^"]+)"', transfer_form)[1],
        "transfer-note": "Chuyển bước 2",
    }
    url = f"{server}/can-bo/ho-so/{dossier.code}/transfer/"

    answers = in_parallel([lambda: _page("POST", url, cookies=cookies, form=form)] * 2, workers=2)

    assert [status for status, _headers, _text in answers] == [302, 302]  # each back to the dossier page
    after = Dossier.objects.get(pk=dossier.pk)
    assert (after.current_step, after.current_agency.code) == (2, "H56.02")
    step_2 = after.steps.get(position=2)
    assert step_2.completed_at is None and not after.steps.filter(position=3).exists()
    assert DossierEvent.objects.filter(dossier=dossier, kind="transfer").count() == 2  # setup's + one
