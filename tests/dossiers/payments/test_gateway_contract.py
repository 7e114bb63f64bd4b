"""The contract every payment gateway adapter passes (STYLE.md, "Pluggable providers"): here the sandbox, a
real process; a real gateway's adapter runs the same checks where its credentials exist."""

import pytest

from dossiers.payments.gateways import UnknownGateway, get_gateway
from dossiers.payments.gateways.base import GatewayUnavailable, PaymentRequest, SignatureInvalid
from tests.dossiers.payments.sandbox import decide

pytestmark = pytest.mark.usefixtures("sandbox_gateway")


def request(reference):
    return PaymentRequest(reference, 75_000, "VND", "Lệ phí", "http://127.0.0.1:9/back", "http://127.0.0.1:9/notify")


def test_created_payment_is_pending_then_paid_as_the_gateway_answers(settings):
    gateway = get_gateway()
    pay_url = gateway.create_payment(request("CONTRACT-1"))
    pending = gateway.verify_callback(gateway.query(reference="CONTRACT-1"))
    assert (pending.status, pending.amount, pending.currency) == ("pending", 75_000, "VND")
    back = gateway.verify_callback(decide(pay_url, "approve", notify=False))
    assert (back.reference, back.status, back.amount) == ("CONTRACT-1", "paid", 75_000)
    assert back.transaction and back.paid_at is not None
    assert gateway.verify_callback(gateway.query(reference="CONTRACT-1")) == back


def test_an_answer_signed_with_another_secret_is_refused(settings):
    pay_url = get_gateway().create_payment(request("CONTRACT-2"))
    params = decide(pay_url, "decline", notify=False)
    settings.PAYMENT_GATEWAYS = {"sandbox": {**settings.PAYMENT_GATEWAYS["sandbox"], "secret": "another"}}
    with pytest.raises(SignatureInvalid):
        get_gateway().verify_callback(params)


def test_an_unreachable_gateway_raises_gateway_unavailable(settings):
    settings.PAYMENT_GATEWAYS = {"sandbox": {**settings.PAYMENT_GATEWAYS["sandbox"], "url": "http://127.0.0.1:9"}}
    with pytest.raises(GatewayUnavailable):
        get_gateway().create_payment(request("CONTRACT-3"))


def test_the_registry_knows_only_the_configured_gateways():
    assert get_gateway("sandbox").key == "sandbox"
    with pytest.raises(UnknownGateway):
        get_gateway("nope")
