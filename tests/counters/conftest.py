import pytest

from center import roles
from counters.models import StaffProfile
from tests.factories import AgencyFactory, CounterFactory, ServiceGroupFactory, UserFactory


@pytest.fixture
def group(agency, counter):
    """Tickets of group A are called at counter 1 (which serves the agency)."""
    return ServiceGroupFactory(prefix="A", name="Sở Tài chính", agencies=[agency])


@pytest.fixture
def other_group(db):
    """Group B belongs to an agency that counter 1 does not serve."""
    agency = AgencyFactory(code="H56.09", name="Sở Xây dựng")
    counter = CounterFactory(number=9, name="Quầy Xây dựng")
    counter.agencies.add(agency)
    return ServiceGroupFactory(prefix="B", name="Sở Xây dựng", agencies=[agency])


@pytest.fixture
def second_counter(agency):
    counter = CounterFactory(number=2, name="Quầy 2")
    counter.agencies.add(agency)
    return counter


@pytest.fixture
def second_clerk(second_counter):
    return UserFactory(username="clerk2", role=roles.COUNTER_STAFF, counter=second_counter)


def seat(user, counter):
    StaffProfile.objects.filter(user=user).update(counter=counter)
