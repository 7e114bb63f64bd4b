"""Pages of the sites: supervision by site (directors all, a site head their own), the public chooser,
live page and booking, the kiosk's check-in, the staff's bookings of the day and the staffing hints."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone
from freezegun import freeze_time

from center import roles
from counters import booking
from counters.models import Appointment, AppointmentStatus, Ticket
from dossiers.workflow import DossierStatus
from tests.factories import DossierFactory, SiteFactory, UserFactory

HCM = ZoneInfo("Asia/Ho_Chi_Minh")


@pytest.fixture
def branch(db):
    return SiteFactory(code="cn-bac", name="Chi nhánh phía Bắc")


@pytest.fixture
def site_head(branch):
    return UserFactory(username="head", role=roles.SITE_HEAD, site=branch)


@pytest.fixture
def received_at_both(procedure, branch, counter):
    DossierFactory(procedure=procedure, site=counter.site)
    DossierFactory(procedure=procedure, site=branch)
    DossierFactory(procedure=procedure, site=branch, status=DossierStatus.IN_PROGRESS)


def _book_at_nine(group):
    """Booked at 08:00 on Monday 16/11/2026 for 09:00 the same day."""
    return booking.appointment_book(
        site=group.site,
        group=group,
        start=dt.datetime(2026, 11, 16, 9, tzinfo=HCM),
        applicant_name="Trần Thị Bình",
        applicant_phone="0912345678",
        applicant_id_number="001203004567",
    )


def _counts(page: str, site_code: str) -> str:
    row = page.split(f'data-site="{site_code}"', 1)[1].split("</tr>", 1)[0]
    return row


def test_directors_compare_every_site_on_the_dashboard(client, director, branch, received_at_both):
    client.force_login(director)
    page = client.get(reverse("monitoring-dashboard")).content.decode()
    assert 'id="site-comparison"' in page
    assert ">2<" in _counts(page, "cn-bac") and ">1<" in _counts(page, "tt-tinh")


def test_a_site_head_sees_only_their_site(client, site_head, branch, received_at_both, counter):
    client.force_login(site_head)
    page = client.get(reverse("monitoring-dashboard")).content.decode()
    assert 'data-site="cn-bac"' in page and f'data-site="{counter.site.code}"' not in page
    assert client.get(reverse("monitoring-dashboard"), {"site": counter.site.code}).status_code == 403


def test_the_public_punctuality_board_filters_by_site(client, procedure, branch, counter):
    now = timezone.now()
    ready = {"status": DossierStatus.RESULT_READY, "result_ready_at": now, "outcome": "on_time"}
    DossierFactory(procedure=procedure, site=branch, **ready)
    DossierFactory(procedure=procedure, site=counter.site, **{**ready, "outcome": "late"})
    everywhere = client.get(reverse("public-punctuality")).content.decode()
    assert 'id="punctuality-sites"' in everywhere
    branch_only = client.get(reverse("public-punctuality"), {"site": "cn-bac"}).content.decode()
    assert "Chi nhánh phía Bắc" in branch_only.split('id="site-shown"', 1)[1]
    assert 'id="punctuality-sites"' not in branch_only


def test_the_chooser_lists_the_sites_with_their_waits(client, group, branch):
    page = client.get(reverse("sites")).content.decode()
    assert 'data-site="cn-bac"' in page and f'data-site="{group.site.code}"' in page
    assert "js/sites.js" in page


def test_booking_on_the_public_page_leads_to_the_confirmation_with_its_qr(client, group, counter):
    with freeze_time(dt.datetime(2026, 11, 16, 8, tzinfo=HCM)):
        query = {"site": group.site.code, "group": "A", "date": "17/11/2026"}
        page = client.get(reverse("book"), query).content.decode()
        assert 'value="2026-11-17T09:00:00+07:00"' in page
        response = client.post(
            reverse("book") + "?date=17/11/2026",
            {
                "site": group.site.code, "group": "A", "start": "2026-11-17T09:00:00+07:00",
                "applicant_name": "Trần Thị Bình", "applicant_phone": "0912345678",
                "applicant_id_number": "001203004567",
            },
        )  # fmt: skip
        appointment = Appointment.objects.get()
        assert response.status_code == 302 and response["Location"] == reverse("appointment", args=[appointment.code])
        confirmation = client.get(response["Location"]).content.decode()
        assert appointment.code in confirmation and "data:image/svg+xml" in confirmation
        client.post(reverse("appointment-change", args=[appointment.code]), {"phone": "0912345678"})
    assert Appointment.objects.get().status == AppointmentStatus.CANCELLED


def test_a_bad_booking_on_the_page_keeps_what_was_typed(client, group, counter):
    with freeze_time(dt.datetime(2026, 11, 16, 8, tzinfo=HCM)):
        response = client.post(
            reverse("book"),
            {
                "site": group.site.code, "group": "A", "start": "2026-11-17T09:00:00+07:00",
                "applicant_name": "Trần Thị Bình", "applicant_phone": "12", "applicant_id_number": "001203004567",
            },
        )  # fmt: skip
    assert response.status_code == 400 and "Trần Thị Bình" in response.content.decode()
    assert not Appointment.objects.exists()


def test_the_kiosk_checks_a_booking_in_and_prints_its_ticket(client, group, counter):
    with freeze_time(dt.datetime(2026, 11, 16, 8, tzinfo=HCM)):
        appointment = _book_at_nine(group)
        response = client.post(reverse("kiosk-check-in"), {"code": appointment.code.lower(), "site": group.site.code})
        ticket = Ticket.objects.get()
        assert response["Location"] == reverse("kiosk-ticket", args=[ticket.pk]) + "?print=1"
        page = client.get(response["Location"]).content.decode()
    assert 'id="ticket-appointment"' in page and "09:00" in page


def test_counter_staff_see_todays_bookings_of_their_site(client, clerk, group, counter):
    with freeze_time(dt.datetime(2026, 11, 16, 8, tzinfo=HCM)):
        appointment = _book_at_nine(group)
        client.force_login(clerk)
        page = client.get(reverse("appointments-today")).content.decode()
    assert appointment.code in page and "T. T. B." in page and "Trần Thị Bình" not in page


def test_citizens_and_specialists_do_not_see_bookings_or_staffing(client, specialist, db):
    assert client.get(reverse("appointments-today")).status_code == 302
    client.force_login(specialist)
    assert client.get(reverse("appointments-today")).status_code == 403
    assert client.get(reverse("staffing")).status_code == 403
    assert client.get(reverse("booking-use")).status_code == 403


def test_directors_see_staffing_hints_and_booking_use(client, director, group, counter):
    client.force_login(director)
    page = client.get(reverse("staffing"), {"site": group.site.code, "weekday": 1, "target": 10}).content.decode()
    assert 'data-group="A"' in page and "staffing-table" in page
    assert client.get(reverse("booking-use")).status_code == 200


def test_a_site_head_cannot_ask_for_another_sites_staffing(client, site_head, group):
    client.force_login(site_head)
    assert client.get(reverse("staffing"), {"site": group.site.code}).status_code == 403
    assert client.get(reverse("staffing"), {"site": "cn-bac"}).status_code == 200


def test_a_kiosk_ticket_with_a_mistyped_phone_is_refused_and_numbers_nothing(client, group):
    response = client.post(reverse("kiosk"), {"group": group.pk, "site": group.site.code, "phone": "12"}, follow=True)
    assert not Ticket.objects.exists()
    assert '<li class="message error">' in response.content.decode()


def test_the_release_task_releases_late_bookings(group, counter, settings):
    from counters.tasks import appointment_release_no_shows_task

    with freeze_time(dt.datetime(2026, 11, 16, 8, tzinfo=HCM)):
        _book_at_nine(group)
    with freeze_time(dt.datetime(2026, 11, 16, 9, 30, tzinfo=HCM)):
        assert appointment_release_no_shows_task.delay().get() == 1
    assert Appointment.objects.get().status == AppointmentStatus.NO_SHOW


def test_a_site_heads_compliance_api_counts_only_their_sites_dossiers(api_as, site_head, received_at_both):
    client = api_as(site_head)
    today = timezone.localdate().isoformat()
    data = client.get(reverse("api-monitoring-compliance"), {"from": today, "to": today}).json()
    assert data["totals"]["received"] == 2
