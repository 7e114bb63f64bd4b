import pytest

from dossiers import services
from tests.factories import UserFactory

APPLICANT = services.Applicant(name="Trần Thị Bình", id_number="079190001234", phone="0912345678")


@pytest.fixture
def received(procedure, clerk, counter):
    """A dossier received at the counter for a procedure with a 50.000 đồng fee."""
    return services.dossier_receive(procedure=procedure, applicant=APPLICANT, by=clerk, counter=counter)


@pytest.fixture
def in_progress(received, clerk):
    return services.dossier_transfer(dossier=received, by=clerk)


@pytest.fixture
def awaiting_payment(in_progress, specialist):
    """Being processed, then the agency set a case-dependent charge: the dossier waits, its clock paused."""
    from dossiers.payments.services import charge_set

    charge_set(
        dossier=in_progress,
        by=specialist,
        kind="charge",
        description="Lệ phí cấp giấy chứng nhận",
        legal_basis="Thông tư 85/2019/TT-BTC",
        amount=100_000,
    )
    in_progress.refresh_from_db()
    return in_progress


@pytest.fixture
def cashier(counter):
    from center import roles

    return UserFactory(username="cashier", role=roles.COUNTER_STAFF, counter=counter)
