"""The dashboard's section on the center's own duties: hand-over punctuality per counter and agency, and
apology letters issued late; every number opens a list of exactly that many."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from freezegun import freeze_time

from dossiers import services
from tests.factories import CounterFactory, ProcedureFactory

APPLICANT = services.Applicant(name="Đỗ Minh Quân", id_number="001203004567", phone="0912345678")
NOW = "2026-11-26 16:00"
MONTH = {"period": "month", "month": "2026-11"}


def local(text: str) -> dt.datetime:
    return timezone.make_aware(dt.datetime.fromisoformat(text))


def receive(moment, procedure, clerk, counter=None):
    with freeze_time(local(moment)):
        return services.dossier_receive(procedure=procedure, applicant=APPLICANT, by=clerk, counter=counter)


def transfer(moment, dossier, clerk):
    with freeze_time(local(moment)):
        return services.dossier_transfer(dossier=dossier, by=clerk)


@pytest.fixture
def history(procedure, other_agency, clerk, counter, specialist):
    """Counter 1: three on time, two late, one overdue; counter 2 (other agency): one pending, one on time;
    one received without a counter, on time. One apology letter on time, one late."""
    counter_two = CounterFactory(number=2, name="Quầy 2")
    other = ProcedureFactory(agency=other_agency, code="2.000002")
    transfer("2026-11-24 16:00", receive("2026-11-24 10:00", procedure, clerk, counter), clerk)
    transfer("2026-11-26 14:00", receive("2026-11-25 15:30", procedure, clerk, counter), clerk)
    transfer("2026-11-24 09:00", receive("2026-11-20 11:00", procedure, clerk, counter), clerk)
    receive("2026-11-25 11:00", procedure, clerk, counter)
    receive("2026-11-26 15:20", other, clerk, counter_two)
    transfer("2026-11-23 09:00", receive("2026-11-20 16:00", other, clerk, counter_two), clerk)
    transfer("2026-11-19 10:00", receive("2026-11-19 08:00", procedure, clerk), clerk)
    receive("2026-10-30 09:00", procedure, clerk, counter)  # another month
    # Received 2 and 3 November (3 working days: due 5 and 6 November); letters the day before and after.
    early = transfer("2026-11-02 10:00", receive("2026-11-02 09:00", procedure, clerk, counter), clerk)
    tardy = transfer("2026-11-03 10:00", receive("2026-11-03 09:00", procedure, clerk, counter), clerk)
    for dossier, moment in [(early, "2026-11-04 09:00"), (tardy, "2026-11-07 09:00")]:
        with freeze_time(local(moment)):
            new_due = dossier.due_at + dt.timedelta(days=9)
            services.dossier_extend(dossier=dossier, by=specialist, new_due_at=new_due, reason="Chờ xác minh")


def figures(html: str, path: str) -> dict[str, int]:
    found = re.findall(rf'href="({re.escape(path)}\?[^"]*)" data-count="(\d+)"', html)
    return {href.replace("&amp;", "&"): int(count) for href, count in found}


def listed(client, href) -> int:
    page = client.get(href)
    assert page.status_code == 200, href
    return int(re.search(r'id="total-count" data-count="(\d+)"', page.content.decode()).group(1))


@pytest.mark.django_db
def test_hand_over_figures_per_counter_and_agency_equal_their_lists(client, director, history):
    client.force_login(director)
    with freeze_time(local(NOW)):
        html = client.get(reverse("monitoring-dashboard"), MONTH).content.decode()
        section = html.split('id="duties"', 1)[1].split("</section>", 1)[0]
        numbers = figures(section, reverse("monitoring-handover"))
        assert len(numbers) == 4 * (3 + 2 + 1)  # four states of counters 0, 1, 2, two agencies, the total
        for href, count in numbers.items():
            assert listed(client, href) == count, href
    totals = {re.search(r"state=(\w+)", h).group(1): c for h, c in numbers.items() if "counter=" not in h
              and "agency=" not in h}  # fmt: skip
    assert totals == {"on_time": 5, "late": 2, "overdue": 1, "pending": 1}
    by_counter_one = {re.search(r"state=(\w+)", h).group(1): c for h, c in numbers.items() if "counter=1" in h}
    assert by_counter_one == {"on_time": 3, "late": 2, "overdue": 1, "pending": 0}


@pytest.mark.django_db
def test_late_apology_letters_are_counted_and_listed(client, director, history):
    client.force_login(director)
    with freeze_time(local(NOW)):
        html = client.get(reverse("monitoring-dashboard"), MONTH).content.decode()
        numbers = figures(html, reverse("monitoring-late-apologies"))
        assert list(numbers.values()) == [1]
        for href, count in numbers.items():
            assert listed(client, href) == count


@pytest.mark.django_db
def test_a_lead_sees_only_their_agency_and_a_specialist_is_refused(client, lead, specialist, history, other_agency):
    client.force_login(lead)
    with freeze_time(local(NOW)):
        html = client.get(reverse("monitoring-dashboard"), MONTH).content.decode()
        section = html.split('id="duties"', 1)[1].split("</section>", 1)[0]
        assert other_agency.name not in section
        refused = client.get(reverse("monitoring-handover"), {**MONTH, "state": "late", "agency": other_agency.code})
        assert refused.status_code == 403
        client.force_login(specialist)
        assert client.get(reverse("monitoring-handover"), {**MONTH, "state": "late"}).status_code == 403
        assert client.get(reverse("monitoring-late-apologies"), MONTH).status_code == 403


def codes_listed(client, query) -> list[str]:
    """The dossier codes in the rows of a duty list, in the order shown."""
    page = client.get(reverse(query.pop("view")), query)
    assert page.status_code == 200
    table = page.content.decode().split('<table class="data">', 1)[1].split("</table>", 1)[0]
    return re.findall(r'<td><a href="/can-bo/ho-so/[^"]+/">([^<]+)</a></td>', table)


def received_at(moment: str) -> str:
    from dossiers.models import Dossier

    return Dossier.objects.get(received_at=local(moment)).code


@pytest.mark.django_db
def test_the_hand_over_list_shows_which_dossiers_and_when_they_were_handed_over(client, director, history):
    """The figures above compare a count with a count; this reads the rows: the right dossiers, in the order
    received, with the moment each reached the agency."""
    client.force_login(director)
    with freeze_time(local(NOW)):
        late = codes_listed(client, {"view": "monitoring-handover", **MONTH, "state": "late", "counter": 1})
        assert late == [received_at("2026-11-20 11:00"), received_at("2026-11-25 15:30")]
        page = client.get(reverse("monitoring-handover"), {**MONTH, "state": "late", "counter": 1}).content.decode()
        assert "24/11/2026 09:00" in page and "26/11/2026 14:00" in page
        overdue = codes_listed(client, {"view": "monitoring-handover", **MONTH, "state": "overdue"})
        assert overdue == [received_at("2026-11-25 11:00")]
        pending = codes_listed(client, {"view": "monitoring-handover", **MONTH, "state": "pending"})
        assert pending == [received_at("2026-11-26 15:20")]
        no_counter = codes_listed(client, {"view": "monitoring-handover", **MONTH, "state": "on_time", "counter": 0})
        assert no_counter == [received_at("2026-11-19 08:00")]


@pytest.mark.django_db
def test_the_late_apology_list_shows_only_the_letter_issued_after_the_due_date(client, director, history):
    client.force_login(director)
    with freeze_time(local(NOW)):
        listed_codes = codes_listed(client, {"view": "monitoring-late-apologies", **MONTH})
        assert listed_codes == [received_at("2026-11-03 09:00")]  # not the letter of 2 November's dossier
        page = client.get(reverse("monitoring-late-apologies"), MONTH).content.decode()
        assert "07/11/2026 09:00" in page and "04/11/2026 09:00" not in page


@pytest.mark.django_db
@pytest.mark.parametrize("query", [{"state": "nonsense"}, {"state": "late", "counter": "-1"}, {}])
def test_a_hand_over_list_with_bad_filters_says_so(client, director, query):
    client.force_login(director)
    response = client.get(reverse("monitoring-handover"), {**MONTH, **query})
    assert response.status_code == 400
    assert response.context["page"] is None and response.context["form"].errors
