"""The adapter for the bundled sandbox gateway (scripts/paygate/): a real HTTP service with its own pages
where a tester approves or declines a payment.

Its protocol, shaped as the national payment platform's and VNPAY-style gateways' are (README, "Payments"):
- start: POST {url}/api/payments with merchant, reference, amount, currency, description, return_url,
  notify_url, signature; answers {"transaction", "pay_url"}.
- answers (server-to-server notification to notify_url, the browser's return to return_url, a query): the
  parameters merchant, reference, transaction, amount, currency, status (paid/failed/pending), paid_at,
  message and signature.
- signature: HMAC-SHA256 with the merchant's shared secret over the other parameters sorted by name, as
  `name=value` pairs URL-encoded and joined with `&` (empty values left out), in lower-case hex.
- query: GET {url}/api/payments/{reference}?merchant=...&signature=... (signed the same way).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import urllib.error
import urllib.request
from urllib.parse import quote, urlencode, urlsplit

from django.utils.translation import gettext_lazy as _

from dossiers.payments.gateways.base import (
    PENDING,
    GatewayRefused,
    GatewayResult,
    GatewayUnavailable,
    PaymentGateway,
    PaymentRequest,
    SignatureInvalid,
)

STATUSES = {"paid", "failed", PENDING}


def canonical(params: dict[str, str]) -> str:
    return "&".join(
        f"{quote(str(k), safe='')}={quote(str(v), safe='')}"
        for k, v in sorted(params.items())
        if k != "signature" and v not in ("", None)
    )


def sign(params: dict[str, str], secret: str) -> str:
    return hmac.new(secret.encode(), canonical(params).encode(), hashlib.sha256).hexdigest()


class SandboxGateway(PaymentGateway):
    key = "sandbox"
    name = _("Sandbox gateway (for testing)")

    def __init__(self, *, url: str, merchant: str, secret: str, timeout: float = 5.0):
        super().__init__(url=url, merchant=merchant)
        self.url, self.merchant, self.secret, self.timeout = url.rstrip("/"), merchant, secret, timeout

    def browser_origins(self) -> list[str]:
        parts = urlsplit(self.url)
        return [f"{parts.scheme}://{parts.netloc}"]

    def _call(self, request: urllib.request.Request) -> dict:
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310 (our setting's URL)
                return json.loads(response.read())
        except urllib.error.HTTPError as error:
            raise GatewayRefused(f"{error.code} {error.read()[:200]!r}") from error
        except (OSError, ValueError) as error:  # refused, timed out, reset, not JSON
            raise GatewayUnavailable(str(error)) from error

    def create_payment(self, request: PaymentRequest) -> str:
        params = {
            "merchant": self.merchant,
            "reference": request.reference,
            "amount": str(request.amount),
            "currency": request.currency,
            "description": request.description,
            "return_url": request.return_url,
            "notify_url": request.notify_url,
        }
        params["signature"] = sign(params, self.secret)
        body = urlencode(params).encode()
        answer = self._call(urllib.request.Request(f"{self.url}/api/payments", data=body, method="POST"))
        if not answer.get("pay_url"):
            raise GatewayRefused(f"no pay_url in {answer!r}")
        return answer["pay_url"]

    def verify_callback(self, params: dict[str, str]) -> GatewayResult:
        given = params.get("signature", "")
        if not given or not hmac.compare_digest(given.encode(), sign(params, self.secret).encode()):
            raise SignatureInvalid("signature")
        if params.get("merchant") != self.merchant or params.get("status") not in STATUSES:
            raise SignatureInvalid("merchant or status")
        try:
            amount = int(params.get("amount", ""))
            paid_at = dt.datetime.fromisoformat(params["paid_at"]) if params.get("paid_at") else None
        except ValueError as error:
            raise SignatureInvalid("amount or paid_at") from error
        return GatewayResult(
            reference=params.get("reference", ""),
            status=params["status"],
            amount=amount,
            currency=params.get("currency", ""),
            transaction=params.get("transaction", ""),
            paid_at=paid_at,
            message=params.get("message", ""),
        )

    def query(self, *, reference: str) -> dict[str, str]:
        params = {"merchant": self.merchant, "reference": reference}
        params["signature"] = sign(params, self.secret)
        url = f"{self.url}/api/payments/{quote(reference, safe='')}?{urlencode(params)}"
        answer = self._call(urllib.request.Request(url, method="GET"))
        return {str(k): str(v) for k, v in answer.items()}
