"""Sites, appointments and the live wait in headless Chromium: a citizen books a time on the public page,
checks in at the kiosk with the code and is called before a walk-in who came earlier; a site's live page
follows the counters' calls within 10 s; two sites' kiosks, boards and live pages never mix numbers.

Screenshots: tests/artifacts/appointment.png, tests/artifacts/site-live.png."""

import datetime as dt
import time

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from center import roles
from center.models import CalendarOverride
from counters.models import Appointment, Ticket
from counters.services import ticket_call_next, ticket_issue
from tests.browser.conftest import login
from tests.factories import TEST_PASSWORD, AgencyFactory, CounterFactory, ServiceGroupFactory, SiteFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def hall():
    """The provincial center's group A at counter 1 with a seated clerk, open all day today."""
    agency = AgencyFactory(code="H56.01", name="Sở Tài chính", short_name="STC")
    counter = CounterFactory(number=1, name="Quầy 1")
    counter.agencies.add(agency)
    group = ServiceGroupFactory(prefix="A", name="Sở Tài chính", agencies=[agency])
    site = group.site
    site.opens_at = site.lunch_starts = site.lunch_ends = dt.time(0, 0)
    site.closes_at = dt.time(23, 59)
    site.save()
    CalendarOverride.objects.create(date=timezone.localdate(), is_working_day=True, reason="Kiểm thử")
    clerk = UserFactory(username="clerk", role=roles.COUNTER_STAFF, counter=counter)
    return {"agency": agency, "counter": counter, "group": group, "site": site, "clerk": clerk}


def test_a_booked_citizen_checks_in_and_is_called_before_an_earlier_walk_in(page, hall, settings, screenshot):
    settings.APPOINTMENT_SLOT_MINUTES = 1  # the next slot starts within a minute
    site = hall["site"]
    page.goto(f"/dat-lich/?site={site.code}&group=A")
    page.fill("#book-name", "Trần Thị Bình")
    page.fill("#book-phone", "0912345678")
    page.fill("#book-id", "001203004567")
    page.click("#book-submit")
    code = page.locator("#appointment-code").inner_text()
    expect(page.locator("#appointment-qr")).to_be_visible()
    screenshot(page, "appointment")
    appointment = Appointment.objects.get(code=code)

    page.goto(f"/lay-so/?site={site.code}")  # a walk-in takes a number first
    page.click("#kiosk-groups button[data-prefix=A]")
    expect(page.locator("#ticket-number")).to_have_text("A001")
    page.goto(f"/lay-so/?site={site.code}")
    page.fill("#appointment-code", code.lower())
    page.click("#kiosk-check-in button")
    expect(page.locator("#ticket-number")).to_have_text("A002")
    expect(page.locator("#ticket-appointment")).to_be_visible()

    while timezone.now() < appointment.start + dt.timedelta(seconds=1):  # the slot begins
        time.sleep(0.5)
    login(page, "clerk", TEST_PASSWORD)
    page.goto("/can-bo/quay/")
    page.click("button.desk-call")
    expect(page.locator("#current-ticket")).to_have_text("A002")
    assert Ticket.objects.get(number=1).status == "waiting"


def test_the_live_page_follows_calls_within_ten_seconds(page, hall, screenshot):
    for _ in range(3):
        ticket_issue(group=hall["group"])
    page.goto(f"/diem-phuc-vu/{hall['site'].code}/")
    row = page.locator("#live-rows tr[data-group=A]")
    expect(row.locator(".live-waiting")).to_have_text("3")
    expect(row.locator(".live-counters")).to_have_text("1")
    called_at = time.monotonic()
    ticket_call_next(counter=hall["counter"], by=hall["clerk"])
    expect(row.locator(".live-waiting")).to_have_text("2", timeout=10000)
    assert time.monotonic() - called_at <= 10
    screenshot(page, "site-live")


def test_two_sites_numbers_never_mix(page, hall):
    branch = SiteFactory(code="cn-bac", name="Chi nhánh phía Bắc")
    ServiceGroupFactory(site=branch, prefix="A", name="Sở Tài chính", agencies=[hall["agency"]])
    branch_counter = CounterFactory(site=branch, number=1, name="Quầy 1")
    branch_counter.agencies.add(hall["agency"])
    for site, expected in ((hall["site"].code, "A001"), (hall["site"].code, "A002"), ("cn-bac", "A001")):
        page.goto(f"/lay-so/?site={site}")
        page.click("#kiosk-groups button[data-prefix=A]")
        expect(page.locator("#ticket-number")).to_have_text(expected)
    page.goto("/bang-hien-thi/?site=cn-bac")
    expect(page.locator(".waiting-next")).to_have_text("A001")
    expect(page.locator(".board-center")).to_have_text("Chi nhánh phía Bắc")
    page.goto("/diem-phuc-vu/cn-bac/")
    expect(page.locator("#live-rows tr[data-group=A] .live-waiting")).to_have_text("1")
    page.goto(f"/diem-phuc-vu/{hall['site'].code}/")
    expect(page.locator("#live-rows tr[data-group=A] .live-waiting")).to_have_text("2")
    assert sorted(Ticket.objects.values_list("group__site__code", "number")) == sorted(
        [(hall["site"].code, 1), (hall["site"].code, 2), ("cn-bac", 1)]
    )
