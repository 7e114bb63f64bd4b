"""What is owed, payments at the counter, receipts and their cancellation."""

import uuid

import pytest

from center.errors import Conflict, InvalidInput, NotAllowed
from dossiers import services
from dossiers.models import DossierEvent
from dossiers.payments.models import Charge, Payment, PaymentStatus, Receipt
from dossiers.payments.selectors import dossier_account
from dossiers.payments.services import charge_set, payment_record, receipt_cancel
from dossiers.workflow import DossierStatus as S
from tests.dossiers.payments.conftest import APPLICANT
from tests.factories import ProcedureFactory

pytestmark = pytest.mark.django_db


def test_receipt_fixes_the_procedures_fee_as_the_dossiers_charge(received, procedure):
    procedure.fee_legal_basis = "Thông tư 47/2019/TT-BTC"
    procedure.save()
    [charge] = received.charges.all()
    assert (charge.amount, charge.description, charge.kind, charge.source) == (
        50_000,
        "50.000 đồng",
        "charge",
        "procedure",
    )
    procedure.fee_amount = 80_000  # a later change of the catalogue does not change what was owed
    procedure.save()
    assert dossier_account(received).due == 50_000


def test_a_procedure_without_fee_owes_nothing(agency, clerk):
    free = ProcedureFactory(agency=agency, fee_amount=0, fee_text="Không")
    dossier = services.dossier_receive(procedure=free, applicant=APPLICANT, by=clerk)
    assert not Charge.objects.filter(dossier=dossier).exists()
    assert dossier_account(dossier).total == 0


def test_an_online_filing_owes_the_fee_from_the_start(procedure):
    dossier = services.dossier_submit(procedure=procedure, applicant=APPLICANT)
    assert dossier_account(dossier).due == 50_000


def test_agency_charge_pauses_a_dossier_being_processed(awaiting_payment):
    dossier = awaiting_payment
    assert dossier.status == S.AWAITING_PAYMENT
    assert dossier.pauses.get(ended_at__isnull=True).kind == "payment"
    account = dossier_account(dossier)
    assert (account.total, account.due) == (150_000, 150_000)
    event = DossierEvent.objects.filter(dossier=dossier).last()
    assert event.kind == "request_payment" and "100.000 đồng" in event.note


def test_charge_is_refused_to_counter_staff_and_for_a_bad_amount(in_progress, clerk, specialist):
    with pytest.raises(NotAllowed):
        charge_set(dossier=in_progress, by=clerk, kind="charge", description="x", amount=1000)
    with pytest.raises(InvalidInput):
        charge_set(dossier=in_progress, by=specialist, kind="charge", description="x", amount=0)
    in_progress.refresh_from_db()
    assert in_progress.status == S.IN_PROGRESS and in_progress.charges.count() == 1


def test_cash_payment_issues_receipt_number_one_of_the_agency_and_year(received, cashier):
    payment = payment_record(dossier=received, by=cashier, channel="cash", amount=50_000)
    receipt = payment.receipt
    assert (payment.status, receipt.number, receipt.amount, receipt.agency_id) == (
        "paid",
        1,
        50_000,
        received.agency_id,
    )
    assert receipt.lines == [{"kind": "charge", "description": "50.000 đồng", "legal_basis": "", "amount": 50_000}]
    assert receipt.payer_name == APPLICANT.name
    assert dossier_account(received).due == 0
    assert DossierEvent.objects.filter(dossier=received, kind="payment").count() == 1


def test_the_same_counter_form_sent_twice_records_one_payment(received, cashier):
    token = uuid.uuid4()
    first = payment_record(dossier=received, by=cashier, channel="card", amount=20_000, request_token=token)
    again = payment_record(dossier=received, by=cashier, channel="card", amount=20_000, request_token=token)
    assert first.pk == again.pk and Payment.objects.count() == 1


def test_more_than_due_or_nothing_due_is_refused_and_writes_nothing(received, cashier):
    with pytest.raises(InvalidInput):
        payment_record(dossier=received, by=cashier, channel="cash", amount=50_001)
    with pytest.raises(InvalidInput):
        payment_record(dossier=received, by=cashier, channel="cheque", amount=50_000)
    payment_record(dossier=received, by=cashier, channel="cash", amount=50_000)
    with pytest.raises(Conflict):
        payment_record(dossier=received, by=cashier, channel="cash", amount=1)
    assert Payment.objects.count() == 1 and Receipt.objects.count() == 1


def test_a_specialist_cannot_record_payments(received, specialist):
    with pytest.raises(NotAllowed):
        payment_record(dossier=received, by=specialist, channel="cash", amount=50_000)
    assert not Payment.objects.exists()


def test_counter_payment_of_all_that_is_owed_resumes_the_dossier(awaiting_payment, cashier):
    payment_record(dossier=awaiting_payment, by=cashier, channel="cash", amount=100_000)
    awaiting_payment.refresh_from_db()
    assert awaiting_payment.status == S.AWAITING_PAYMENT  # 50.000 still due
    payment_record(dossier=awaiting_payment, by=cashier, channel="card", amount=50_000)
    awaiting_payment.refresh_from_db()
    assert awaiting_payment.status == S.IN_PROGRESS
    resumed = DossierEvent.objects.get(dossier=awaiting_payment, kind="payment_received")
    assert resumed.actor == cashier


def test_cancelling_a_receipt_needs_a_reason_and_keeps_it(received, cashier):
    payment = payment_record(dossier=received, by=cashier, channel="cash", amount=50_000)
    with pytest.raises(InvalidInput):
        receipt_cancel(receipt=payment.receipt, by=cashier, reason="   ")
    receipt = receipt_cancel(receipt=payment.receipt, by=cashier, reason="Ghi sai số tiền")
    assert receipt.cancelled_at is not None and receipt.cancel_reason == "Ghi sai số tiền"
    assert Receipt.objects.filter(pk=receipt.pk).exists()
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.CANCELLED and dossier_account(received).due == 50_000
    with pytest.raises(Conflict):
        receipt_cancel(receipt=receipt, by=cashier, reason="again")
    # The next receipt takes the next number: a cancelled one's is never given again.
    again = payment_record(dossier=received, by=cashier, channel="cash", amount=50_000)
    assert again.receipt.number == receipt.number + 1
    assert DossierEvent.objects.filter(dossier=received, kind="receipt_cancelled").count() == 1


def test_a_specialist_cannot_cancel_receipts(received, cashier, specialist):
    payment = payment_record(dossier=received, by=cashier, channel="cash", amount=50_000)
    with pytest.raises(NotAllowed):
        receipt_cancel(receipt=payment.receipt, by=specialist, reason="x")
    assert Receipt.objects.get().cancelled_at is None
