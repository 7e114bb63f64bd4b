"""Many clients at once against a real server (gunicorn, 2 processes x 8 threads, on the test database):
parallel receipts never share a code, parallel moves of one dossier let exactly one through."""

import contextlib
import threading
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.utils import translation
from rest_framework.authtoken.models import Token

from dossiers import services
from dossiers.models import Dossier, DossierEvent
from dossiers.workflow import DossierStatus as S
from dossiers.workflow import TransitionError
from tests.center.processes import gunicorn, request

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


def test_20_parallel_resolutions_of_one_dossier_let_exactly_one_through(server, procedure, clerk, specialist):
    dossier = services.dossier_receive(
        procedure=procedure, applicant=services.Applicant("Nguyễn Văn An", "001203004567", "0912345678"), by=clerk
    )
    services.dossier_transfer(dossier=dossier, by=clerk)
    token = Token.objects.create(user=specialist).key
    url = f"{server}/api/v1/dossiers/{dossier.code}/resolve/"

    answers = in_parallel([lambda: request("POST", url, body={}, token=token)] * 20, workers=20)

    statuses = Counter(status for status, _ in answers)
    assert statuses == {200: 1, 409: 19}, answers
    with translation.override("vi"):
        refused = str(TransitionError(S.RESULT_READY, S.RESULT_READY).message)
    assert all(body == {"detail": refused} for status, body in answers if status == 409)
    assert DossierEvent.objects.filter(dossier=dossier, kind="resolve").count() == 1
    assert Dossier.objects.get(pk=dossier.pk).status == S.RESULT_READY
