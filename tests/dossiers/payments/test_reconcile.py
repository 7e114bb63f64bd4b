"""Reconciliation: a Celery task asks the gateway about payments whose notification never came."""

import datetime as dt

import pytest
from django.utils import timezone

from dossiers.payments.models import Payment, PaymentStatus
from dossiers.payments.services import payment_start, payments_reconcile
from dossiers.payments.tasks import payments_reconcile_task
from dossiers.workflow import DossierStatus as S
from tests.dossiers.payments.sandbox import decide

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("sandbox_gateway")]
LATER = dt.timedelta(minutes=20)


def test_a_payment_whose_notification_was_lost_is_found_paid_by_asking_the_gateway(awaiting_payment):
    payment, pay_url = payment_start(dossier=awaiting_payment)
    decide(pay_url, "approve", notify=False)  # and the citizen closed the browser on the gateway's page
    assert payments_reconcile()["asked"] == 0  # too recent: its notification may still come
    counts = payments_reconcile(now=timezone.now() + LATER)
    assert counts == {"asked": 1, "paid": 1, "failed": 0, "expired": 0, "unreachable": 0}
    payment.refresh_from_db()
    awaiting_payment.refresh_from_db()
    assert payment.status == PaymentStatus.PAID and payment.receipt.number == 1
    assert awaiting_payment.status == S.IN_PROGRESS
    assert payments_reconcile(now=timezone.now() + LATER)["asked"] == 0  # safe to run again


def test_a_payment_still_pending_at_the_gateway_waits_then_is_given_up(received, settings):
    payment, _url = payment_start(dossier=received)  # the citizen never decided
    assert payments_reconcile(now=timezone.now() + LATER)["asked"] == 1
    assert Payment.objects.get(pk=payment.pk).status == PaymentStatus.PENDING
    much_later = timezone.now() + dt.timedelta(minutes=settings.PAYMENT_EXPIRE_AFTER_MINUTES + 1)
    assert payments_reconcile(now=much_later)["expired"] == 1
    assert Payment.objects.get(pk=payment.pk).status == PaymentStatus.FAILED


def test_an_unreachable_gateway_leaves_the_payment_pending(received, settings):
    payment, _url = payment_start(dossier=received)
    settings.PAYMENT_GATEWAYS = {"sandbox": {**settings.PAYMENT_GATEWAYS["sandbox"], "url": "http://127.0.0.1:9"}}
    assert payments_reconcile(now=timezone.now() + LATER)["unreachable"] == 1
    assert Payment.objects.get(pk=payment.pk).status == PaymentStatus.PENDING


def test_the_beat_task_runs_the_reconciliation(received):
    assert payments_reconcile_task.delay().get() == {
        "asked": 0, "paid": 0, "failed": 0, "expired": 0, "unreachable": 0,
    }  # fmt: skip
