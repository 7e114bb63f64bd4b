"""The demo payments (dossiers/payments/demo.py) are as the services would have left them."""

from collections import defaultdict
from io import StringIO

import pytest
from django.core.management import call_command
from freezegun import freeze_time

from dossiers.payments.models import Charge, Payment, Receipt, ReceiptSequence
from dossiers.payments.selectors import dossier_account

pytestmark = pytest.mark.django_db


def test_demo_payments_have_gap_free_receipts_and_every_channel():
    with freeze_time("2026-12-03 16:30+07:00"):
        call_command("seed_demo", "--dossiers", "1500", "--seed", "3", stdout=StringIO())
    assert set(Payment.objects.filter(status="paid").values_list("channel", flat=True)) == {"cash", "card", "online"}
    series = defaultdict(list)
    for agency, year, number in Receipt.objects.values_list("agency_id", "year", "number"):
        series[(agency, year)].append(number)
    assert all(sorted(numbers) == list(range(1, len(numbers) + 1)) for numbers in series.values())
    last = {(s.agency_id, s.year): s.last_number for s in ReceiptSequence.objects.all()}
    assert last == {key: len(numbers) for key, numbers in series.items()}
    # Each paid or cancelled payment has its receipt; failed and pending ones none.
    assert not Payment.objects.filter(status__in=["paid", "cancelled"], receipt__isnull=True).exists()
    assert not Receipt.objects.filter(payment__status__in=["failed", "pending"]).exists()
    assert (
        Receipt.objects.filter(cancelled_at__isnull=False).count() == Payment.objects.filter(status="cancelled").count()
    )
    # Nobody paid more than owed, except the payments flagged for a refund.
    for dossier_id in Payment.objects.filter(status="paid").values_list("dossier_id", flat=True).distinct()[:300]:
        account = dossier_account(Charge.objects.filter(dossier_id=dossier_id).first().dossier)
        assert account.paid <= account.total
