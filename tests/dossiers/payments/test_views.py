"""The fee pages: the staff's dossier page and receipts, the citizen's tracking and payment pages, the takings
report and its export."""

import pytest
from django.urls import reverse

from center import roles
from dossiers.payments.models import Payment, Receipt
from dossiers.payments.public import payment_page_url, receipt_public_url
from dossiers.payments.services import payment_record
from dossiers.public_views import tracking_url
from tests.exports import xlsx_table
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_dossier_page_shows_what_is_owed_and_the_counter_records_a_payment(client, received, cashier):
    client.force_login(cashier)
    page = client.get(reverse("dossier-detail", args=[received.code])).content.decode()
    assert 'id="staff-fees-due"' in page and "50.000 đ" in page and 'data-action="record-payment"' in page
    form = {"pay-request_token": "6b0e7a10-0000-4000-8000-000000000001", "pay-channel": "card", "pay-amount": "50000"}
    answer = client.post(reverse("payment-record", args=[received.code]), form)
    assert answer.status_code == 302 and answer["Location"].endswith("#fees")
    client.post(reverse("payment-record", args=[received.code]), form)  # a double click: one payment
    payment = Payment.objects.get()
    assert (payment.channel, payment.recorded_by) == ("card", cashier)
    receipt_page = client.get(reverse("payment-receipt", args=[payment.receipt.pk])).content.decode()
    assert 'id="receipt-number">0000001<' in receipt_page and "Năm mươi nghìn đồng" in receipt_page
    pdf = client.get(reverse("payment-receipt-pdf", args=[payment.receipt.pk]))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")


def test_receipt_cancel_page_needs_a_reason(client, received, cashier):
    receipt = payment_record(dossier=received, by=cashier, channel="cash", amount=50_000).receipt
    client.force_login(cashier)
    url = reverse("payment-receipt-cancel", args=[receipt.pk])
    client.post(url, {"reason": ""})
    assert Receipt.objects.get().cancelled_at is None
    client.post(url, {"reason": "Thu nhầm hồ sơ"})
    page = client.get(reverse("payment-receipt", args=[receipt.pk])).content.decode()
    assert 'id="receipt-cancelled"' in page and "Thu nhầm hồ sơ" in page


def test_tracking_page_shows_the_fees_and_the_way_to_pay_then_the_receipt(client, received, cashier):
    page = client.get(tracking_url(received.code, received.secret)).content.decode()
    assert 'id="fees-due"' in page and 'id="pay-online"' in page
    assert payment_page_url(received).replace("&", "&amp;") in page
    payment = payment_record(dossier=received, by=cashier, channel="cash", amount=50_000)
    page = client.get(tracking_url(received.code, received.secret)).content.decode()  # the kept page is renewed
    assert 'id="pay-online"' not in page and receipt_public_url(payment.receipt) in page
    assert client.get(receipt_public_url(payment.receipt)).content.startswith(b"%PDF")


def test_a_forged_receipt_link_finds_nothing(client, received, cashier):
    receipt = payment_record(dossier=received, by=cashier, channel="cash", amount=50_000).receipt
    token = receipt_public_url(receipt).rsplit("/", 1)[1].removesuffix(".pdf")
    forged = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    assert client.get(reverse("payment-receipt-public", args=[forged])).status_code == 404
    assert client.get(reverse("payment-receipt-public", args=["1"])).status_code == 404


def test_payment_page_needs_the_secret(client, received):
    assert 'id="pay-start"' in client.get(payment_page_url(received)).content.decode()
    wrong = client.get(reverse("payment-page", args=[received.code]), {"secret": "WRONG234"})
    assert wrong.status_code == 404
    assert not Payment.objects.exists()


def test_takings_per_day_agency_procedure_and_channel_and_their_export(client, received, cashier, procedure, clerk):
    from dossiers import services
    from tests.dossiers.payments.conftest import APPLICANT

    other = services.dossier_receive(procedure=procedure, applicant=APPLICANT, by=clerk)
    payment_record(dossier=received, by=cashier, channel="cash", amount=50_000)
    payment_record(dossier=other, by=cashier, channel="card", amount=20_000)
    payment_record(dossier=other, by=cashier, channel="card", amount=30_000)
    client.force_login(cashier)
    page = client.get(reverse("payment-takings"))
    rows = page.context["rows"]
    assert [(r.channel, r.count, r.amount) for r in rows] == [("card", 2, 50_000), ("cash", 1, 50_000)]
    assert page.context["total"] == 100_000
    export = client.get(reverse("payment-takings"), {"format": "xlsx"})
    heading, (_columns, *values) = xlsx_table(export)
    assert len(values) == 2 and [row[6] for row in values] == [50_000, 50_000]
    assert heading["Tiêu đề"] == "Số thu" and " – " in heading["Kỳ báo cáo"]


def test_a_specialist_cannot_see_the_takings(client, specialist):
    client.force_login(specialist)
    assert client.get(reverse("payment-takings")).status_code == 403


def test_an_agency_lead_sees_only_their_agencys_takings(client, received, cashier, other_agency, clerk):
    from dossiers import services
    from tests.dossiers.payments.conftest import APPLICANT
    from tests.factories import ProcedureFactory

    theirs = services.dossier_receive(procedure=ProcedureFactory(agency=other_agency), applicant=APPLICANT, by=clerk)
    payment_record(dossier=received, by=cashier, channel="cash", amount=50_000)
    payment_record(dossier=theirs, by=cashier, channel="cash", amount=50_000)
    lead = UserFactory(username="lead_other", role=roles.AGENCY_LEAD, agency=other_agency)
    client.force_login(lead)
    rows = client.get(reverse("payment-takings"), {"agency": received.agency_id}).context["rows"]
    assert [r.agency for r in rows] == [other_agency.name]


def test_showing_a_receipt_to_staff_is_recorded_as_personal_data_access(client, received, cashier):
    from center.models import PersonalDataAccess

    receipt = payment_record(dossier=received, by=cashier, channel="cash", amount=50_000).receipt
    client.force_login(cashier)
    client.get(reverse("payment-receipt", args=[receipt.pk]))
    client.get(reverse("payment-receipt-pdf", args=[receipt.pk]))
    assert PersonalDataAccess.objects.filter(user=cashier, dossier_id=received.pk, purpose="slip_printing").count() == 2
