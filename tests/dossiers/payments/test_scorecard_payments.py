"""The scorecard's online payment group (DOMAIN.md, Decision 766) computed from the payments recorded."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from freezegun import freeze_time

from monitoring.periods import month_period
from monitoring.scorecard import scorecard
from tests.factories import DossierFactory, PaymentFactory, ProcedureFactory

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
NOVEMBER = month_period(dt.date(2026, 11, 1))


def at(month, day, hour=9):
    return dt.datetime(2026, month, day, hour, tzinfo=HCM)


@pytest.mark.django_db
@freeze_time(at(12, 10))
def test_online_payment_indicators_count_real_online_payments(procedure, agency):
    not_payable = ProcedureFactory(agency=agency, fee_payable_online=False)
    ProcedureFactory(agency=agency)  # fee, payable online, never paid online
    free = ProcedureFactory(agency=agency, fee_amount=0, fee_text="Không")
    paid_online = DossierFactory(procedure=procedure, received_at=at(11, 3))
    PaymentFactory(dossier=paid_online, online=True, paid_at=at(11, 3, 10))
    paid_cash = DossierFactory(procedure=procedure, received_at=at(11, 4))
    PaymentFactory(dossier=paid_cash, paid_at=at(11, 4))
    PaymentFactory(dossier=paid_cash, online=True, status="failed", paid_at=None)
    cancelled = DossierFactory(procedure=procedure, received_at=at(11, 5))
    PaymentFactory(dossier=cancelled, online=True, status="cancelled", paid_at=at(11, 5))
    DossierFactory(procedure=not_payable, received_at=at(11, 6))
    october = DossierFactory(procedure=procedure, received_at=at(10, 28))
    PaymentFactory(dossier=october, online=True, paid_at=at(11, 2))  # paid in November: the procedure counts
    DossierFactory(procedure=free, received_at=at(11, 7))  # no fee: outside the base
    late = DossierFactory(procedure=procedure, received_at=at(11, 20))
    PaymentFactory(dossier=late, online=True, paid_at=at(12, 2))  # paid after the period: not yet

    card = scorecard(NOVEMBER)
    indicators = {i.key: i for g in card.groups for i in g.indicators}
    payable, procedures, dossiers = (indicators[k] for k in ("payable_online", "procedures_paid_online",
                                                             "dossiers_paid_online"))  # fmt: skip
    assert (payable.numerator, payable.denominator) == (2, 3)
    assert payable.points == round(2 / 3 * 2 / 0.8, 2)
    assert (procedures.numerator, procedures.denominator) == (1, 3)
    assert (dossiers.numerator, dossiers.denominator) == (1, 5)
    assert dossiers.points == round(1 / 5 * 6, 2)
    assert all(i.measured for i in (payable, procedures, dossiers))
