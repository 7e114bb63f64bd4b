"""The counter desk end to end in headless Chromium: a ticket taken at the kiosk is called at a counter
(the hall's board follows within 3 s), the citizen's dossier is received with its checklist, the printed
receipt's QR code reads back to the public status address, then transfer, supplement request,
supplements received, resolution and return, all through the pages.

Screenshots: tests/artifacts/display-board.png, tests/artifacts/receipt.png."""

import time

import pytest
import zxingcpp
from PIL import Image
from playwright.sync_api import expect

from counters.services import ticket_issue
from dossiers.models import Dossier
from dossiers.presentation import public_status_url
from dossiers.workflow import DossierStatus as S
from tests.factories import TEST_PASSWORD, CounterFactory, ServiceGroupFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def new_page(browser, live_server):
    context = browser.new_context(
        base_url=live_server.url,
        locale="vi-VN",
        timezone_id="Asia/Ho_Chi_Minh",
        viewport={"width": 1280, "height": 900},
    )
    page = context.new_page()
    page.set_default_timeout(15000)
    return page


def login(page, username: str) -> None:
    """Log in through the form (the page header has submit buttons of its own: the language switch)."""
    page.goto("/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", TEST_PASSWORD)
    page.locator("#main form button[type=submit]").click()
    page.wait_for_load_state()
    assert "/accounts/login/" not in page.url, "login failed"


def act(page, slug: str, fields: dict | None = None) -> None:
    """Open an action on the dossier page, fill what it asks, confirm."""
    panel = page.locator(f'details[data-action="{slug}"]')
    panel.locator("summary").click()
    for name, value in (fields or {}).items():
        panel.locator(f'[name="{slug}-{name}"]').fill(value)
    panel.locator("button[type=submit]").click()
    page.wait_for_load_state()


def status(code: str) -> str:
    return Dossier.objects.get(code=code).status


def test_from_ticket_to_returned_result(
    page, browser, live_server, screenshot, settings, procedure, agency, counter, clerk, specialist
):
    settings.PUBLIC_BASE_URL = live_server.url
    group = ServiceGroupFactory(prefix="A", name=agency.name, agencies=[agency])
    CounterFactory(number=2, name="Quầy 2").agencies.add(agency)

    # The hall's TV and the kiosk need no login.
    board = new_page(browser, live_server)
    board.goto("/bang-hien-thi/")
    tile = board.locator('.board-tile[data-counter="1"] .tile-ticket')
    expect(tile).to_have_text("—")
    page.goto("/lay-so/")
    screenshot(page, "kiosk")
    page.click('button[data-prefix="A"]')
    expect(page.locator("#ticket-number")).to_have_text("A001")
    for _ in range(2):  # two more citizens queue behind
        ticket_issue(group=group)

    # The counter calls it; the board shows it within three seconds, without a reload.
    desk = new_page(browser, live_server)
    login(desk, clerk.username)
    desk.goto("/can-bo/quay/")
    desk.click("text=Mời số tiếp theo")
    expect(desk.locator("#current-ticket")).to_have_text("A001")
    called = time.monotonic()
    expect(tile).to_have_text("A001", timeout=3000)
    assert time.monotonic() - called < 3
    expect(board.locator("#board-latest")).to_contain_text("A001")
    expect(board.locator("#board-waiting")).to_contain_text("A002  A003")
    screenshot(board, "display-board")

    # Serving the ticket leads into the receive form for that citizen.
    screenshot(desk, "counter-desk")
    desk.click("text=Bắt đầu phục vụ")
    desk.click('.desk-current a[href*="?ticket="]')
    desk.fill("#q", "dang ky thanh lap")
    desk.press("#q", "Enter")
    desk.click("text=Đăng ký thành lập doanh nghiệp tư nhân")
    checks = desk.locator('input[name="documents"]')
    expect(checks).to_have_count(2)
    checks.nth(0).check()
    desk.fill("#id_applicant_name", "Nguyễn Thị Ánh Tuyết")
    desk.fill("#id_applicant_id_number", "12345")
    desk.fill("#id_applicant_phone", "0912345678")
    desk.click("#receive-complete")
    expect(desk.locator(".errorlist").first).to_be_visible()
    screenshot(desk, "receive-form-errors", full_page=True)
    assert "Số căn cước gồm đúng 12 chữ số." in desk.content()
    assert "Hồ sơ chưa đầy đủ (Bản sao Căn cước)" in desk.content()
    assert not Dossier.objects.exists()
    desk.locator('input[name="documents"]').nth(1).check()
    desk.fill("#id_applicant_id_number", "001203004567")
    desk.click("#receive-complete")

    # The receipt opens; its QR code reads back to the public status address.
    expect(desk.locator("h1.slip-title")).to_have_text("GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ")
    dossier = Dossier.objects.get()
    assert dossier.tickets.get().label == "A001"
    shot = screenshot(desk.locator("#slip"), "receipt")
    decoded = [r.text for r in zxingcpp.read_barcodes(Image.open(shot))]
    assert decoded == [public_status_url(dossier)]
    lookup = new_page(browser, live_server)
    response = lookup.goto(decoded[0])
    if response.status != 404:  # the public tracking page (another issue) answers once it exists
        assert response.ok and dossier.code in lookup.content()
    desk.goto("/can-bo/quay/")
    desk.click("text=Kết thúc")
    expect(desk.locator(".desk-current")).to_contain_text("Quầy chưa mời số nào.")

    # Transfer at the counter, then the agency asks for supplements.
    desk.goto(f"/can-bo/ho-so/{dossier.code}/")
    act(desk, "transfer")
    assert status(dossier.code) == S.IN_PROGRESS
    agency_page = new_page(browser, live_server)
    login(agency_page, specialist.username)
    agency_page.goto("/can-bo/")
    agency_page.click(f"text={dossier.code}")
    screenshot(agency_page, "dossier-page", full_page=True)
    act(agency_page, "request-supplement", {"missing": "Bản vẽ mặt bằng"})
    assert status(dossier.code) == S.AWAITING_SUPPLEMENT
    agency_page.click(".print-now a")
    expect(agency_page.locator("#slip")).to_contain_text("Bản vẽ mặt bằng")

    # Supplements arrive at the counter; the agency resolves.
    desk.goto(f"/can-bo/ho-so/{dossier.code}/")
    act(desk, "supplement-received")
    assert status(dossier.code) == S.IN_PROGRESS
    agency_page.goto(f"/can-bo/ho-so/{dossier.code}/")
    act(agency_page, "resolve")
    assert status(dossier.code) == S.RESULT_READY

    # Return desk: the scanner types the receipt's QR address.
    desk.goto("/can-bo/tra-ket-qua/")
    desk.fill("#q", decoded[0])
    desk.press("#q", "Enter")
    desk.fill('[name="return-collected_by"]', "Nguyễn Thị Ánh Tuyết")
    desk.click("#confirm-return")
    expect(desk.locator("#return-status")).to_have_text("Đã trả kết quả")
    returned = Dossier.objects.get()
    assert (returned.status, returned.returned_to, returned.return_method) == (
        S.RETURNED,
        "Nguyễn Thị Ánh Tuyết",
        "counter",
    )
    for other in (board, desk, lookup, agency_page):
        other.context.close()
