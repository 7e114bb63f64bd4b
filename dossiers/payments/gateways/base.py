"""The one interface every payment gateway implements (after pretix's BasePaymentProvider).

The core never names a gateway: it asks the registry (dossiers.payments.gateways.get_gateway) for the one a
setting chooses and calls these methods. A gateway answers in its own words (its parameter names, its
signature scheme); `verify_callback` turns a signed answer into a `GatewayResult` or refuses it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


class GatewayUnavailable(Exception):
    """The gateway could not be reached or did not answer in time: nothing was charged, try again later."""


class GatewayRefused(Exception):
    """The gateway answered but would not start the payment (its message is for the log, not the citizen)."""


class SignatureInvalid(Exception):
    """An answer whose signature does not match: forged, altered on the way, or signed with another secret."""


PAID, FAILED, PENDING = "paid", "failed", "pending"


@dataclass(frozen=True)
class GatewayResult:
    """A verified answer about one payment."""

    reference: str  # ours, as sent to create_payment
    status: str  # PAID, FAILED or PENDING
    amount: int  # in the currency's units (đồng)
    currency: str
    transaction: str = ""  # the gateway's own id of the payment
    paid_at: dt.datetime | None = None
    message: str = ""  # the gateway's reason, for a failed payment
    extra: dict = field(default_factory=dict)


@dataclass(frozen=True)
class PaymentRequest:
    """What the core asks a gateway to collect."""

    reference: str
    amount: int
    currency: str
    description: str
    return_url: str  # where the gateway sends the citizen's browser back
    notify_url: str  # where the gateway sends its server-to-server notification


class PaymentGateway:
    """A payment gateway: start a payment, check its signed answers, ask about a payment (reconciliation)."""

    key = ""  # the registry's name for it (settings.PAYMENT_GATEWAYS), stored on each payment
    name = ""

    def __init__(self, **options):
        self.options = options

    def browser_origins(self) -> list[str]:
        """Where the citizen's browser is sent to pay (scheme://host[:port]): the payment page's
        Content-Security-Policy lets its form lead there."""
        return []

    def create_payment(self, request: PaymentRequest) -> str:
        """Register the payment with the gateway; the URL to send the citizen's browser to.
        Raises GatewayUnavailable (not reached) or GatewayRefused (reached, said no)."""
        raise NotImplementedError

    def verify_callback(self, params: dict[str, str]) -> GatewayResult:
        """The result a signed answer (notification, browser return, query answer) carries; raises
        SignatureInvalid when the signature is missing or wrong (compared in constant time)."""
        raise NotImplementedError

    def query(self, *, reference: str) -> dict[str, str]:
        """Ask the gateway about a payment whose notification never came: its signed answer, in the same shape
        verify_callback reads. Raises GatewayUnavailable."""
        raise NotImplementedError
