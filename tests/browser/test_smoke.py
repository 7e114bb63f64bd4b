"""The catalogue opens in a real browser, in Vietnamese, and finds a procedure without accents."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_catalogue_search_without_accents(page, procedure):
    page.goto("/")
    assert page.locator("h1").inner_text() == "Tìm thủ tục hành chính"
    page.fill("#q", "dang ky thanh lap")
    page.click("form[role=search] button[type=submit]")  # not the language switch's buttons
    page.click("text=Đăng ký thành lập doanh nghiệp tư nhân")
    assert page.locator("h1").inner_text() == "Đăng ký thành lập doanh nghiệp tư nhân"
    assert "ngày làm việc" in page.content()
