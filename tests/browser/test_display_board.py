"""The hall's display board on a TV, in headless Chromium: 8 to 40 counters fit 1280x720, 1920x1080 and
3840x2160 with nothing clipped, below the fold or scrolled; a new call is read aloud from the shipped clips
("Mời số B015 đến quầy 21", after a chime), one announcement at a time; the clock shows Vietnam's time on
a PC set to another zone.

Screenshots: tests/artifacts/display-board-<counters>-<width>x<height>.png."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from center import roles
from counters.models import Ticket, TicketStatus
from counters.services import ticket_call_next, ticket_finish, ticket_start_serving
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS
from tests.factories import AgencyFactory, CounterFactory, ServiceGroupFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TVS = [(1280, 720), (1920, 1080), (3840, 2160)]
GROUPS = [
    ("A", "Sở Tài chính"),
    ("B", "Sở Nông nghiệp và Môi trường"),
    ("C", "Sở Xây dựng"),
    ("D", "Công an tỉnh"),
    ("E", "Sở Tư pháp"),
    ("AB", "Bảo hiểm xã hội tỉnh"),
]

# Everything that does not fit, as the browser lays it out: the page larger than the screen (a scrollbar or
# a row below the fold), a part of the board outside the screen, or a text outside its box.
PROBLEMS = """() => {
  const problems = [], vw = innerWidth, vh = innerHeight, doc = document.documentElement;
  if (doc.scrollHeight > vh || doc.scrollWidth > vw) problems.push(`page ${doc.scrollWidth}x${doc.scrollHeight}`);
  const outside = (r, box) =>
    r.left < box.left - 1 || r.top < box.top - 1 || r.right > box.right + 1 || r.bottom > box.bottom + 1;
  const screen = {left: 0, top: 0, right: vw, bottom: vh};
  for (const node of document.querySelectorAll("#board *")) {
    const r = node.getBoundingClientRect();
    if (r.width && r.height && outside(r, screen)) problems.push(`${node.className || node.tagName} off screen`);
  }
  for (const box of document.querySelectorAll(".board-head, .board-latest, .board-tile, .waiting-group")) {
    if (box.scrollHeight > box.clientHeight + 1 || box.scrollWidth > box.clientWidth + 1)
      problems.push(`${box.className} overflows`);
    const frame = box.getBoundingClientRect();
    for (const child of box.querySelectorAll("*")) {
      if (outside(child.getBoundingClientRect(), frame))
        problems.push(`${child.className} outside ${box.className}: ${child.textContent}`);
    }
  }
  return problems;
}"""


def hall(counters: int) -> None:
    """`counters` counters, each calling or serving a ticket (the widest labels: two-letter prefixes too),
    and six service groups with people waiting."""
    now = timezone.now()
    today = timezone.localdate()
    groups = [ServiceGroupFactory(prefix=prefix, name=name) for prefix, name in GROUPS]
    for number in range(1, counters + 1):
        counter = CounterFactory(number=number, name=f"Quầy {number}")
        Ticket.objects.create(
            group=groups[number % len(groups)], day=today, number=100 + number, issued_at=now,
            status=TicketStatus.CALLED if number % 3 else TicketStatus.SERVING, counter=counter,
            called_at=now - dt.timedelta(seconds=number), first_called_at=now, call_count=1,
        )  # fmt: skip
    for group in groups:
        for number in range(300, 307):
            Ticket.objects.create(group=group, day=today, number=number, issued_at=now)


def font_px(page, selector: str) -> float:
    # In one evaluation: the board redraws itself every two seconds, a handle taken before may be gone.
    return page.evaluate("s => parseFloat(getComputedStyle(document.querySelector(s)).fontSize)", selector)


@pytest.mark.parametrize("counters", [8, 20, 40])
def test_the_board_fits_every_tv_with_all_its_counters(browser, live_server, screenshot, counters):
    hall(counters)
    sizes = {}
    for width, height in TVS:
        context = browser.new_context(
            base_url=live_server.url, locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh",
            viewport={"width": width, "height": height},
        )  # fmt: skip
        page = context.new_page()
        page.goto("/bang-hien-thi/")
        expect(page.locator("#board[data-updated-at]")).to_have_count(1)  # drawn from the data once
        expect(page.locator(".board-tile")).to_have_count(counters)
        screenshot(page, f"display-board-{counters}-{width}x{height}")
        assert page.evaluate(PROBLEMS) == [], f"{counters} counters at {width}x{height}"
        sizes[width] = (font_px(page, ".tile-ticket"), font_px(page, ".board-latest strong"))
        context.close()
    # Text follows the screen: larger on a larger TV, and readable across a hall even on the smallest.
    assert sizes[1280][0] < sizes[1920][0] < sizes[3840][0]
    assert sizes[1280][1] < sizes[1920][1] < sizes[3840][1]
    assert sizes[1280][0] >= 24, sizes


@pytest.fixture(scope="module")
def kiosk_browser(browser):
    """Chromium as a TV kiosk starts it: sound may play without anyone touching the screen."""
    kiosk = browser.browser_type.launch(
        executable_path=CHROMIUM, args=[*CHROMIUM_ARGS, "--autoplay-policy=no-user-gesture-required"]
    )
    yield kiosk
    kiosk.close()


def test_each_new_call_is_read_aloud_once_in_vietnamese(browser, kiosk_browser, live_server):
    agency = AgencyFactory()
    group = ServiceGroupFactory(prefix="B", name=agency.name, agencies=[agency])
    far, near = CounterFactory(number=21, name="Quầy 21"), CounterFactory(number=1, name="Quầy 1")
    far.agencies.add(agency)
    near.agencies.add(agency)
    clerks = [UserFactory(username=f"quay{c.number}", role=roles.COUNTER_STAFF, counter=c) for c in (far, near)]
    now, today = timezone.now(), timezone.localdate()
    Ticket.objects.create(group=group, day=today, number=14, issued_at=now)
    ticket_call_next(counter=near, by=clerks[1])  # called before the board opened: not read out
    Ticket.objects.create(group=group, day=today, number=15, issued_at=now)
    Ticket.objects.create(group=group, day=today, number=16, issued_at=now)

    context = kiosk_browser.new_context(
        base_url=live_server.url, locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh",
        viewport={"width": 1920, "height": 1080},
    )  # fmt: skip
    page = context.new_page()
    page.goto("/bang-hien-thi/")
    expect(page.locator("#board[data-updated-at]")).to_have_count(1)
    page.wait_for_timeout(500)
    assert page.evaluate("window.boardAnnouncer.queued") == []

    ticket_call_next(counter=far, by=clerks[0])  # B015 at counter 21
    served = Ticket.objects.get(number=14)
    ticket_start_serving(ticket=served, by=clerks[1])
    ticket_finish(ticket=served, by=clerks[1])
    ticket_call_next(counter=near, by=clerks[1])  # B016 at counter 1, within the same poll or the next
    first = ["chime", "moi-so", "letter-b", "khong", "mot", "nam", "den-quay", "hai", "muoi-tens", "mot-tens"]
    second = ["chime", "moi-so", "letter-b", "khong", "mot", "sau", "den-quay", "mot"]
    page.wait_for_function("() => window.boardAnnouncer.queued.length === 2", timeout=8000)
    assert page.evaluate("window.boardAnnouncer.queued") == [first, second]
    # Played through the speakers, one after the other, from the clips the portal serves (no network).
    page.wait_for_function("() => window.boardAnnouncer.played.length >= 2", timeout=20000)
    assert page.evaluate("window.boardAnnouncer.played") == [first, second]
    assert page.evaluate("window.boardAnnouncer.skipped") == []
    page.wait_for_timeout(2500)  # more polls: each call is read once
    assert len(page.evaluate("window.boardAnnouncer.queued")) == 2
    context.close()


def test_the_clock_shows_vietnam_time_on_a_pc_set_to_new_york(browser, live_server, db):
    context = browser.new_context(base_url=live_server.url, locale="vi-VN", timezone_id="America/New_York")
    page = context.new_page()
    page.goto("/bang-hien-thi/")
    shown = page.locator("#board-clock").text_content()
    hanoi = dt.datetime.now(ZoneInfo("Asia/Ho_Chi_Minh"))
    assert shown in {f"{t:%H:%M}" for t in (hanoi, hanoi - dt.timedelta(minutes=1))}, shown
    context.close()
