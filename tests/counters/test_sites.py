"""Sites: each hall numbers its own tickets, calls only its own queue, and a dossier remembers where it
was received; dossier codes stay unique across the province."""

import pytest

from center import roles
from center.errors import NotAllowed
from counters import services
from counters.models import Site, SiteKind, Ticket, default_site_id
from dossiers.services import Applicant, dossier_receive
from tests.factories import CounterFactory, ServiceGroupFactory, SiteFactory, UserFactory


@pytest.fixture
def branch(db):
    return SiteFactory(code="cn-bac", name="Chi nhánh phía Bắc")


@pytest.fixture
def branch_group(branch, agency):
    return ServiceGroupFactory(site=branch, prefix="A", name="Sở Tài chính", agencies=[agency])


@pytest.fixture
def branch_counter(branch, agency):
    counter = CounterFactory(site=branch, number=1, name="Quầy 1")
    counter.agencies.add(agency)
    return counter


def test_rows_made_without_a_site_belong_to_the_provincial_center(db):
    counter = CounterFactory()
    center = Site.objects.get(pk=default_site_id())
    assert counter.site == center
    assert center.kind == SiteKind.PROVINCIAL_CENTER


def test_two_sites_number_their_tickets_apart(group, branch_group):
    first_center, first_branch = services.ticket_issue(group=group), services.ticket_issue(group=branch_group)
    second_center = services.ticket_issue(group=group)
    assert [first_center.label, first_branch.label, second_center.label] == ["A001", "A001", "A002"]
    assert first_center.group.site_id != first_branch.group.site_id


def test_a_counter_calls_only_its_own_sites_queue(group, branch_group, branch_counter, counter, clerk):
    """Both halls serve the same agency with a group A: the branch's counter never calls the center's A001."""
    center_ticket = services.ticket_issue(group=group)
    branch_ticket = services.ticket_issue(group=branch_group)
    branch_clerk = UserFactory(username="branch-clerk", role=roles.COUNTER_STAFF, counter=branch_counter)
    called = services.ticket_call_next(counter=branch_counter, by=branch_clerk)
    assert called == branch_ticket
    assert Ticket.objects.get(pk=center_ticket.pk).status == "waiting"


def test_staff_sit_only_at_their_own_sites_counters(clerk, branch_counter):
    with pytest.raises(NotAllowed):
        services.staff_sit_at_counter(user=clerk, counter=branch_counter)
    assert clerk.staff_profile.counter != branch_counter


def test_a_dossier_records_the_site_it_was_received_at_and_codes_stay_unique(procedure, branch_counter, counter, clerk):
    branch_clerk = UserFactory(username="branch-clerk", role=roles.COUNTER_STAFF, counter=branch_counter)
    applicant = Applicant(name="Trần Thị Bình", id_number="001203004567", phone="0912345678")
    at_branch = dossier_receive(procedure=procedure, applicant=applicant, by=branch_clerk, counter=branch_counter)
    at_center = dossier_receive(procedure=procedure, applicant=applicant, by=clerk, counter=counter)
    assert (at_branch.site, at_center.site_id) == (branch_counter.site, default_site_id())
    # One province-wide sequence per agency and day: the second code follows the first, wherever received.
    assert at_branch.code.rsplit("-", 1)[1] == "0001"
    assert at_center.code.rsplit("-", 1)[1] == "0002"
