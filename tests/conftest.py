import pytest
from rest_framework.test import APIClient

from center import roles
from tests.factories import AgencyFactory, CounterFactory, ProcedureFactory, UserFactory


@pytest.fixture(autouse=True)
def _english_off(settings):
    """Tests read messages in the default language (Vietnamese) unless they switch."""
    settings.LANGUAGE_CODE = "vi"


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with empty caches: rate-limit counts (center/ratelimit.py), ready public answers and
    the punctuality board must not carry over. On Redis both aliases are one database: flushed once. Nor
    does a Redis outage a test made (center/redis_guard.py: the server is left alone for a few seconds)."""
    from django.conf import settings
    from django.core.cache import caches

    from center.redis_guard import redis_unanswered_forget

    redis_unanswered_forget()
    caches["default"].clear()
    if settings.CACHES["optional"].get("LOCATION") != settings.CACHES["default"].get("LOCATION"):
        caches["optional"].clear()


@pytest.fixture
def agency(db):
    return AgencyFactory(code="H56.01", name="Sở Tài chính", short_name="STC")


@pytest.fixture
def other_agency(db):
    return AgencyFactory(code="H56.06", name="Sở Nông nghiệp và Môi trường", short_name="SNNMT")


@pytest.fixture
def procedure(agency):
    return ProcedureFactory(agency=agency, code="1.004227", name="Đăng ký thành lập doanh nghiệp tư nhân")


@pytest.fixture
def counter(agency):
    counter = CounterFactory(number=1, name="Quầy 1")
    counter.agencies.add(agency)
    return counter


@pytest.fixture
def clerk(db, counter):
    """Counter staff of the center."""
    return UserFactory(username="clerk", role=roles.COUNTER_STAFF, counter=counter)


@pytest.fixture
def specialist(agency):
    return UserFactory(username="specialist", role=roles.AGENCY_SPECIALIST, agency=agency)


@pytest.fixture
def other_specialist(other_agency):
    return UserFactory(username="other_specialist", role=roles.AGENCY_SPECIALIST, agency=other_agency)


@pytest.fixture
def lead(agency):
    return UserFactory(username="lead", role=roles.AGENCY_LEAD, agency=agency)


@pytest.fixture
def director(db):
    return UserFactory(username="director", role=roles.CENTER_DIRECTOR)


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def api_as(api):
    def login(user):
        api.force_authenticate(user)
        return api

    return login


def _free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="session")
def paygate():
    """The sandbox payment gateway (scripts/paygate/server.py) as a separate process on a free port, for the
    whole session: {"url", "merchant", "secret"}."""
    import subprocess
    import sys
    import time
    import urllib.request
    from pathlib import Path

    port = _free_port()
    config = {"url": f"http://127.0.0.1:{port}", "merchant": "TEST-MERCHANT", "secret": "test-shared-secret"}
    script = Path(__file__).resolve().parent.parent / "scripts" / "paygate" / "server.py"
    process = subprocess.Popen(  # noqa: S603 (our own script)
        [
            sys.executable,
            str(script),
            "--port",
            str(port),
            "--merchant",
            config["merchant"],
            "--secret",
            config["secret"],
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _attempt in range(100):
            try:
                with urllib.request.urlopen(f"{config['url']}/healthz", timeout=1) as answer:  # noqa: S310
                    if answer.status == 200:
                        break
            except OSError:
                time.sleep(0.05)
        else:
            raise RuntimeError("the sandbox payment gateway did not start")
        yield config
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture
def sandbox_gateway(settings, paygate):
    """Payments go to the session's sandbox gateway; the portal's own address is a closed port, so the sandbox's
    notifications go nowhere unless a test delivers them (tests/dossiers/payments/gateway.py) or runs a live
    server (browser tests set PUBLIC_BASE_URL to it)."""
    settings.PAYMENT_GATEWAY = "sandbox"
    settings.PAYMENT_GATEWAYS = {
        "sandbox": {
            "class": "dossiers.payments.gateways.sandbox.SandboxGateway",
            "url": paygate["url"],
            "merchant": paygate["merchant"],
            "secret": paygate["secret"],
            "timeout": 5.0,
        }
    }
    settings.PUBLIC_BASE_URL = "http://127.0.0.1:9"
    return paygate
