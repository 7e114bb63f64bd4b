"""Receipt numbers: one series per agency and year, in order, none twice, none lost, under concurrency."""

import datetime as dt
import threading
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from freezegun import freeze_time

from dossiers import services
from dossiers.payments.models import Receipt
from dossiers.payments.receipts import amount_in_words
from dossiers.payments.services import payment_record
from tests.dossiers.payments.conftest import APPLICANT
from tests.factories import AgencyFactory, ProcedureFactory

HCM = ZoneInfo("Asia/Ho_Chi_Minh")


@pytest.mark.django_db(transaction=True)
def test_concurrent_payments_get_consecutive_receipt_numbers_without_gaps(procedure, clerk, cashier):
    """Ten counters take payments at the same instant (two of them refused): the eight receipts are numbered
    1..8, each once."""
    assert connection.vendor == "postgresql"
    dossiers = [services.dossier_receive(procedure=procedure, applicant=APPLICANT, by=clerk) for _ in range(10)]
    barrier, errors = threading.Barrier(10), []

    def pay(dossier, amount):
        try:
            barrier.wait()
            payment_record(dossier=dossier, by=cashier, channel="cash", amount=amount)
        except Exception as exc:  # noqa: BLE001 - the refused ones are counted below
            errors.append(type(exc).__name__)
        finally:
            connection.close()

    # Two ask for more than is owed: refused after the dossier is locked, before a number is taken.
    amounts = [50_000] * 8 + [60_000] * 2
    threads = [threading.Thread(target=pay, args=(d, a)) for d, a in zip(dossiers, amounts, strict=True)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == ["InvalidInput", "InvalidInput"]
    assert sorted(Receipt.objects.values_list("number", flat=True)) == list(range(1, 9))


@pytest.mark.django_db
def test_each_agency_and_year_has_its_own_series(procedure, clerk, cashier):
    other = ProcedureFactory(agency=AgencyFactory(code="H56.09"))
    with freeze_time(dt.datetime(2026, 12, 31, 16, tzinfo=HCM)):
        a1 = services.dossier_receive(procedure=procedure, applicant=APPLICANT, by=clerk)
        b1 = services.dossier_receive(procedure=other, applicant=APPLICANT, by=clerk)
        payment_record(dossier=a1, by=cashier, channel="cash", amount=50_000)
        payment_record(dossier=b1, by=cashier, channel="cash", amount=50_000)
    with freeze_time(dt.datetime(2027, 1, 4, 8, tzinfo=HCM)):
        a2 = services.dossier_receive(procedure=procedure, applicant=APPLICANT, by=clerk)
        payment_record(dossier=a2, by=cashier, channel="cash", amount=50_000)
    numbers = sorted(Receipt.objects.values_list("agency__code", "year", "number", "symbol"))
    assert numbers == [
        ("H56.01", 2026, 1, "H56.01/26E"),
        ("H56.01", 2027, 1, "H56.01/27E"),
        ("H56.09", 2026, 1, "H56.09/26E"),
    ]


@pytest.mark.parametrize(
    ("amount", "words"),
    [
        (50_000, "Năm mươi nghìn đồng"),
        (105_000, "Một trăm linh năm nghìn đồng"),
        (1_250_000, "Một triệu hai trăm năm mươi nghìn đồng"),
        (21_015, "Hai mươi mốt nghìn không trăm mười lăm đồng"),
        (2_000_000_000, "Hai tỷ đồng"),
        (1_000_000_000_000, "Một nghìn tỷ đồng"),
    ],
)
def test_amount_in_words_reads_as_vietnamese_receipts_write_it(amount, words):
    assert amount_in_words(amount) == words
