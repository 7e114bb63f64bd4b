"""The tester's side of the sandbox gateway (scripts/paygate): decide a payment on its page as a person would,
and read what it sent to the portal. Plain HTTP against the real process, no mocks."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from urllib.parse import parse_qsl, urlencode, urlsplit


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def decide(
    pay_url: str, decision: str = "approve", *, notify: bool = True, amount: str = "", currency: str = ""
) -> dict:
    """Press approve or decline on the gateway's page; the signed parameters it sends the browser back with."""
    form = {"decision": decision, "report_amount": amount, "report_currency": currency}
    if not notify:
        form["notify"] = "0"
    opener = urllib.request.build_opener(_NoRedirect)
    try:
        opener.open(urllib.request.Request(pay_url, data=urlencode(form).encode(), method="POST"), timeout=15)
    except urllib.error.HTTPError as redirect:
        assert redirect.code == 302, redirect.code
        return dict(parse_qsl(urlsplit(redirect.headers["Location"]).query))
    raise AssertionError("the gateway did not send the browser back")


def sent(pay_url: str) -> list[dict]:
    """The notifications the gateway sent (or tried to send) for this payment, oldest first."""
    base, _pay, transaction = pay_url.rpartition("/pay/")
    with urllib.request.urlopen(f"{base}/api/notifications/{transaction}", timeout=5) as answer:  # noqa: S310
        return json.loads(answer.read())
