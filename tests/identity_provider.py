"""The local OpenID Connect provider (scripts/idp/) as the tests use it: a real provider in its own process,
and a citizen signing in at it the way a browser does (login form, redirects), for the Django test client."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import requests

from tests.center.processes import free_port, stop

ROOT = Path(__file__).resolve().parent.parent
MANAGE = ROOT / "scripts" / "idp" / "manage.py"
PASSWORD = "Demo@2026"
# Where the portal is reached in tests: Django's test client, and the live server (127.0.0.1, any port).
REDIRECT_URIS = (
    "http://testserver/dang-nhap/oidc/callback/",
    "http://127.0.0.1/dang-nhap/oidc/callback/",
    "http://localhost/dang-nhap/oidc/callback/",
)


@dataclass
class Provider:
    url: str

    @property
    def issuer(self) -> str:
        return f"{self.url}/o"

    def settings(self) -> dict:
        """The portal's OIDC_* settings pointing at this provider."""
        return {
            "OIDC_OP_AUTHORIZATION_ENDPOINT": f"{self.issuer}/authorize/",
            "OIDC_OP_TOKEN_ENDPOINT": f"{self.issuer}/token/",
            "OIDC_OP_USER_ENDPOINT": f"{self.issuer}/userinfo/",
            "OIDC_OP_JWKS_ENDPOINT": f"{self.issuer}/.well-known/jwks.json",
            "OIDC_OP_LOGOUT_ENDPOINT": f"{self.issuer}/logout/",
        }


def _environment(directory: str) -> dict:
    environment = {key: value for key, value in os.environ.items() if key != "DJANGO_SETTINGS_MODULE"}
    return environment | {"IDP_DIR": directory}


def start(directory: str):
    """Set the provider up in `directory` and start it on a free port: (Provider, process)."""
    environment = _environment(directory)
    setup = [sys.executable, str(MANAGE), "idp_setup"]
    for uri in REDIRECT_URIS:
        setup += ["--redirect-uri", uri]
    subprocess.run(setup, cwd=ROOT, env=environment, check=True, capture_output=True)
    port = free_port()
    log = open(Path(directory) / "server.log", "wb")  # noqa: SIM115  (closed with the process)
    process = subprocess.Popen(
        [sys.executable, str(MANAGE), "runserver", f"127.0.0.1:{port}", "--noreload", "--nothreading"],
        cwd=ROOT,
        env=environment,
        start_new_session=True,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    provider = Provider(url=f"http://127.0.0.1:{port}")
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the identity provider exited: {(Path(directory) / 'server.log').read_text()}")
        try:
            if requests.get(f"{provider.url}/healthz", timeout=2).status_code == 200:
                return provider, process
        except requests.ConnectionError:
            pass
        time.sleep(0.2)
    stop(process)
    raise TimeoutError("the identity provider did not answer within 60 s")


def running():
    """A context manager: the provider in a scratch directory, stopped and removed afterwards."""
    from contextlib import contextmanager

    @contextmanager
    def provider():
        with tempfile.TemporaryDirectory(prefix="idp-") as directory:
            started, process = start(directory)
            try:
                yield started
            finally:
                stop(process)

    return provider()


def sign_in_at_provider(authorize_url: str, id_number: str, password: str = PASSWORD) -> str:
    """Follow the provider's pages as a browser would: the login form, then its redirects. Returns the
    address the provider sends the browser back to (the portal's callback with code and state)."""
    browser = requests.Session()
    answer = browser.get(authorize_url, allow_redirects=False)
    login_url = requests.compat.urljoin(authorize_url, answer.headers["Location"])
    form = browser.get(login_url)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text).group(1)
    next_url = re.search(r'name="next" value="([^"]*)"', form.text).group(1).replace("&amp;", "&")
    answer = browser.post(
        login_url,
        data={"csrfmiddlewaretoken": token, "username": id_number, "password": password, "next": next_url},
        allow_redirects=False,
    )
    while answer.status_code in (301, 302) and urlsplit(answer.headers["Location"]).netloc in (
        "",
        urlsplit(authorize_url).netloc,
    ):
        answer = browser.get(requests.compat.urljoin(authorize_url, answer.headers["Location"]), allow_redirects=False)
    if answer.status_code != 302:
        raise AssertionError(f"the provider did not send the browser back: {answer.status_code} {answer.text[:500]}")
    return answer.headers["Location"]


def sign_in(client, id_number: str, password: str = PASSWORD, next_url: str = ""):
    """A citizen signs in with the Django test client through the provider; the callback's answer."""
    start_url = "/dang-nhap/oidc/bat-dau/" + (f"?next={next_url}" if next_url else "")
    answer = client.get(start_url)
    assert answer.status_code == 302, answer
    back = sign_in_at_provider(answer["Location"], id_number, password)
    parts = urlsplit(back)
    return client.get(f"{parts.path}?{parts.query}")
