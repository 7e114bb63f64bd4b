"""Issue 11, items 2 and 3 in a real browser: the portal's own error and password-reset pages (Vietnamese and
English, phone and desktop) with the favicon; and a citizen behind the same address as someone mistyping
another dossier's secret still gets their page."""

from urllib.parse import urlsplit

import pytest

from dossiers.presentation import public_status_url
from tests.dossiers.walk import receive

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_missing_page_is_the_portals_own_in_both_languages_with_a_way_on(page, browser, live_server, screenshot):
    response = page.goto("/trang-khong-ton-tai/")
    assert response.status == 404
    assert page.locator(".site-header .brand").is_visible()
    assert page.locator("h1").inner_text() == "Chúng tôi không tìm thấy trang này"
    screenshot(page, "error-404-vi", full_page=True)
    page.fill("#error-q", "doanh nghiệp")  # a way on: search the catalogue from the error page
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert urlsplit(page.url).path == "/" and "q=" in page.url

    english = browser.new_context(base_url=live_server.url, locale="en-GB", viewport={"width": 360, "height": 780})
    phone = english.new_page()
    assert phone.goto("/trang-khong-ton-tai/").status == 404
    assert phone.locator("h1").inner_text() == "We cannot find this page"
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360  # nothing runs off a phone's screen
    screenshot(phone, "error-404-en-phone", full_page=True)
    english.close()


def test_the_favicon_is_served_where_browsers_ask_for_it(page):
    page.goto("/")
    assert page.request.get("/favicon.ico").status == 200
    icon = page.locator("link[rel=icon][type='image/svg+xml']").get_attribute("href")
    assert page.request.get(icon).status == 200


def test_the_password_reset_pages_carry_the_site_header(page, screenshot):
    page.goto("/accounts/login/")
    page.click("text=Quên mật khẩu?")
    assert page.locator("h1").inner_text() == "Đặt lại mật khẩu"
    assert page.locator(".site-header .brand").is_visible()
    screenshot(page, "password-reset-form")
    page.fill("#id_email", "khong-co@dichvucong.example.gov.vn")
    with page.expect_navigation():
        page.click("main button[type=submit]")
    assert page.locator("h1").inner_text() == "Hãy kiểm tra thư điện tử"
    screenshot(page, "password-reset-done")


def test_someone_elses_typos_behind_the_same_address_do_not_refuse_my_lookup(page, procedure, clerk, screenshot):
    """Issue 11: after ~6 wrong lookups from one address, a citizen with the right code and secret got 429."""
    theirs, mine = receive(procedure, clerk), receive(procedure, clerk)
    page.goto("/tra-cuu/")
    for _ in range(7):  # a neighbour in the hall keeps mistyping their own secret
        page.fill("#id_code", theirs.code)
        page.fill("#id_secret", "WRONGSEC")
        with page.expect_navigation():
            page.click("main button[type=submit]")
    refusal = page.locator("main").inner_text()
    assert "liên hệ Trung tâm" in refusal  # their code waits, and they are told whom to ask
    screenshot(page, "lookup-code-waits")

    page.fill("#id_code", mine.code)
    page.fill("#id_secret", mine.secret)
    with page.expect_navigation():
        page.click("main button[type=submit]")
    parts = urlsplit(public_status_url(mine))
    assert page.url.endswith(f"{parts.path}?{parts.query}")
    assert page.locator("h1").inner_text() == f"Hồ sơ {mine.code}"
    screenshot(page, "lookup-neighbour-answered")
