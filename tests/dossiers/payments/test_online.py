"""Online payment through the real sandbox gateway (scripts/paygate, started by the `paygate` fixture): every
answer verified, matched and recorded once, whichever comes first; the failure cases of issue 14."""

import datetime as dt
import logging
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from freezegun import freeze_time

from dossiers.models import DossierEvent
from dossiers.payments.models import GatewayNotification, Payment, PaymentStatus, Receipt
from dossiers.payments.selectors import dossier_account
from dossiers.payments.services import payment_start
from dossiers.workflow import DossierStatus as S
from tests.dossiers.payments.sandbox import decide, sent


def local(y, m, d, hh=9, mm=0):
    return dt.datetime(y, m, d, hh, mm, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))


pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("sandbox_gateway")]


def notify(client, params):
    """Deliver a notification to the portal's endpoint as the gateway's server does."""
    return client.post(reverse("payment-notify", args=["sandbox"]), params)


def browser_returns(client, params):
    return client.get(reverse("payment-return", args=["sandbox"]), params)


def test_approved_payment_notified_before_the_browser_returns_is_recorded_once(client, received):
    payment, pay_url = payment_start(dossier=received)
    back = decide(pay_url, "approve")
    [notification] = sent(pay_url)
    assert notification["delivered"] is False  # the portal's address in tests is a closed port
    assert notify(client, notification["params"]).json() == {"status": "ok"}
    page = browser_returns(client, back)
    assert page.status_code == 200
    assert 'id="payment-paid"' in page.text and 'id="receipt-download"' in page.text
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.PAID and not payment.refund_due
    assert Payment.objects.filter(dossier=received, status=PaymentStatus.PAID).count() == 1
    assert Receipt.objects.filter(payment__dossier=received).count() == 1
    assert dossier_account(received).due == 0
    assert list(GatewayNotification.objects.order_by("id").values_list("source", "verdict")) == [
        ("notify", "accepted"),
        ("return", "duplicate"),
    ]


def test_browser_returning_before_the_notification_records_it_and_the_late_notification_changes_nothing(
    client, received
):
    payment, pay_url = payment_start(dossier=received)
    back = decide(pay_url, "approve", notify=False)
    assert sent(pay_url)[0].get("skipped")
    assert 'id="payment-paid"' in browser_returns(client, back).text
    late = dict(back)  # the gateway's notification carries the same signed parameters
    assert notify(client, late).json() == {"status": "duplicate"}
    assert Payment.objects.get(pk=payment.pk).status == PaymentStatus.PAID
    assert Receipt.objects.filter(payment=payment).count() == 1


def test_replayed_notification_records_one_payment(client, received):
    _payment, pay_url = payment_start(dossier=received)
    decide(pay_url, "approve")
    params = sent(pay_url)[0]["params"]
    answers = [notify(client, params).json()["status"] for _ in range(3)]
    assert answers == ["ok", "duplicate", "duplicate"]
    assert Payment.objects.filter(dossier=received, status=PaymentStatus.PAID).count() == 1
    assert DossierEvent.objects.filter(dossier=received, kind="payment").count() == 1


def test_tampered_notification_is_refused_logged_and_changes_nothing(client, received, caplog):
    payment, pay_url = payment_start(dossier=received)
    params = decide(pay_url, "approve", notify=False)
    forged = {**params, "amount": "1"}  # altered on the way: the signature no longer matches
    with caplog.at_level(logging.WARNING, logger="payments"):
        answer = notify(client, forged)
    assert answer.status_code == 400 and answer.json()["detail"]
    assert "payment_answer_refused" in caplog.text
    unsigned = {k: v for k, v in params.items() if k != "signature"}
    assert notify(client, unsigned).status_code == 400
    assert browser_returns(client, forged).status_code == 400
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.PENDING and not Receipt.objects.exists()
    assert set(GatewayNotification.objects.values_list("verdict", "reason")) == {("refused", "signature")}


@pytest.mark.parametrize(("amount", "currency", "reason"), [("50001", "", "amount"), ("", "USD", "currency")])
def test_signed_notification_with_another_amount_or_currency_is_refused(client, received, amount, currency, reason):
    payment, pay_url = payment_start(dossier=received)
    decide(pay_url, "approve", amount=amount, currency=currency)
    answer = notify(client, sent(pay_url)[0]["params"])
    assert answer.status_code == 400
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.PENDING and not Receipt.objects.exists()
    assert GatewayNotification.objects.get().reason == reason


def test_notification_for_a_payment_the_portal_never_started_is_refused(client, received, sandbox_gateway):
    from dossiers.payments.gateways import get_gateway
    from dossiers.payments.gateways.base import PaymentRequest

    pay_url = get_gateway().create_payment(
        PaymentRequest("NOT-OURS-1", 50_000, "VND", "x", "http://127.0.0.1:9/r", "http://127.0.0.1:9/n")
    )
    decide(pay_url, "approve")
    assert notify(client, sent(pay_url)[0]["params"]).status_code == 400
    assert GatewayNotification.objects.get().reason == "unknown"
    assert not Payment.objects.filter(status=PaymentStatus.PAID).exists()


def test_declined_payment_is_not_paid_and_the_citizen_can_try_again(client, received):
    payment, pay_url = payment_start(dossier=received)
    back = decide(pay_url, "decline")
    notify(client, sent(pay_url)[0]["params"])
    page = browser_returns(client, back)
    assert 'id="payment-failed"' in page.text
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.FAILED and dossier_account(received).due == 50_000
    again, again_url = payment_start(dossier=received)
    assert again.pk != payment.pk and again_url != pay_url


def test_gateway_down_tells_the_citizen_charges_nothing_and_a_retry_pays_once(client, received, settings):
    page_url = reverse("payment-page", args=[received.code])
    working = settings.PAYMENT_GATEWAYS
    settings.PAYMENT_GATEWAYS = {"sandbox": {**working["sandbox"], "url": "http://127.0.0.1:9"}}
    down = client.post(page_url, {"secret": received.secret})
    assert down.status_code == 503
    assert "Nothing was charged" in down.text or "Không có khoản tiền nào bị thu" in down.text
    assert list(Payment.objects.values_list("status", flat=True)) == [PaymentStatus.FAILED]
    settings.PAYMENT_GATEWAYS = working
    up = client.post(page_url, {"secret": received.secret})
    assert up.status_code == 302 and "/pay/" in up["Location"]
    back = decide(up["Location"], "approve")
    browser_returns(client, back)
    assert Payment.objects.filter(status=PaymentStatus.PAID).count() == 1
    assert dossier_account(received).paid == 50_000


def test_second_payment_of_a_paid_dossier_is_kept_and_flagged_for_refund(client, received):
    first, first_url = payment_start(dossier=received)
    second, second_url = payment_start(dossier=received)  # a second tab, before the first was paid
    browser_returns(client, decide(first_url, "approve"))
    browser_returns(client, decide(second_url, "approve"))
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, first.refund_due) == (PaymentStatus.PAID, False)
    assert (second.status, second.refund_due) == (PaymentStatus.PAID, True)
    account = dossier_account(received)
    assert (account.paid, account.due, account.refund_due) == (50_000, 0, 50_000)
    assert Receipt.objects.filter(payment__in=[first, second]).count() == 2
    assert DossierEvent.objects.filter(dossier=received, kind="payment_refund_due").count() == 1


def test_nothing_to_pay_is_refused_before_the_gateway_is_asked(received, cashier):
    from center.errors import Conflict
    from dossiers.payments.services import payment_record

    payment_record(dossier=received, by=cashier, channel="cash", amount=50_000)
    with pytest.raises(Conflict):
        payment_start(dossier=received)
    assert not Payment.objects.filter(channel="online").exists()


def test_paid_online_resumes_a_dossier_awaiting_payment_with_the_pause_added_back(
    client, procedure, clerk, counter, specialist
):
    from dossiers import services
    from dossiers.payments.services import charge_set
    from tests.dossiers.payments.conftest import APPLICANT

    with freeze_time(local(2026, 11, 16, 8)):  # a Monday
        dossier = services.dossier_receive(procedure=procedure, applicant=APPLICANT, by=clerk, counter=counter)
        dossier = services.dossier_transfer(dossier=dossier, by=clerk)
        charge_set(dossier=dossier, by=specialist, kind="charge", description="Lệ phí cấp giấy", amount=100_000)
    dossier.refresh_from_db()
    assert dossier.status == S.AWAITING_PAYMENT
    due_before = dossier.due_at
    with freeze_time(local(2026, 11, 16, 10)):  # paid two working hours later
        _payment, pay_url = payment_start(dossier=dossier)
        assert dossier_account(dossier).due == 150_000  # the procedure's fee and the agency's charge
        notify(client, decide(pay_url, "approve", notify=False))
    dossier.refresh_from_db()
    assert dossier.status == S.IN_PROGRESS
    assert dossier.due_at == due_before + dt.timedelta(hours=2)
    resumed = DossierEvent.objects.get(dossier=dossier, kind="payment_received")
    assert resumed.actor is None and resumed.from_status == S.AWAITING_PAYMENT
    assert dossier.pauses.get().working_seconds == 2 * 3600
