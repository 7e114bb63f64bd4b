"""The citizen portal in a real browser: find a procedure, track a dossier, rate it once, send feedback."""

from urllib.parse import urlsplit

import pytest

from dossiers.models import SatisfactionRating
from dossiers.presentation import public_status_url
from dossiers.workflow import DossierStatus as S
from monitoring import feedback as fb
from tests.dossiers.walk import MISSING, dossier_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def qr_path(dossier) -> str:
    parts = urlsplit(public_status_url(dossier))
    return f"{parts.path}?{parts.query}"


def test_search_with_and_without_accents_then_open_a_procedure(page, procedure, counter):
    page.goto("/")
    page.fill("#q", "Đăng ký thành lập")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator(".result-name").all_inner_texts() == ["Đăng ký thành lập doanh nghiệp tư nhân"]
    page.fill("#q", "dang ky thanh lap doanh nghiep")
    page.click("form[role=search] button[type=submit]")
    page.click("text=Đăng ký thành lập doanh nghiệp tư nhân")
    assert page.locator("h1").inner_text() == "Đăng ký thành lập doanh nghiệp tư nhân"
    assert "ngày hẹn trả kết quả là" in page.locator("#due").inner_text()
    assert page.locator(".documents li").count() == 2
    assert "Quầy 01 — Quầy 1" in page.content()


def test_track_by_form_and_by_qr_and_a_wrong_secret(page, procedure, clerk, specialist, screenshot):
    dossier = dossier_in(S.AWAITING_SUPPLEMENT, procedure=procedure, clerk=clerk, specialist=specialist)
    page.goto("/tra-cuu/")
    page.fill("#id_code", dossier.code.lower())  # typed from paper: case does not matter
    page.fill("#id_secret", "WRONGSEC")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "Không tìm thấy hồ sơ với mã hồ sơ và mã tra cứu này." in page.locator("[role=alert]").inner_text()
    page.fill("#id_secret", dossier.secret)
    page.keyboard.press("Enter")
    page.wait_for_url(f"**{qr_path(dossier)}")
    assert page.locator(".status-line").inner_text() == "Yêu cầu bổ sung"
    assert page.locator(".missing li").all_inner_texts() == MISSING

    # The receipt's QR code, opened on a phone.
    page.set_viewport_size({"width": 360, "height": 780})
    page.goto(qr_path(dossier))
    assert page.locator("h1").inner_text() == f"Hồ sơ {dossier.code}"
    assert "N. V. A." in page.content() and "001203004567" not in page.content()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360  # nothing runs off the screen
    screenshot(page, "tracking-phone", full_page=True)


def test_rate_a_returned_dossier_once(page, browser, live_server, procedure, clerk, specialist):
    dossier = dossier_in(S.RETURNED, procedure=procedure, clerk=clerk, specialist=specialist)
    page.goto(qr_path(dossier))
    page.click("text=Đánh giá dịch vụ")
    # A second tab opens the same form before the first is sent.
    other = page.context.new_page()
    other.goto(page.url)
    # The keyboard picks the answers: focus a choice, Space selects it.
    for name in SatisfactionRating.CRITERIA:
        page.focus(f"#id_{name}_0")
        page.keyboard.press("Space")
    page.fill("#id_comment", "Nhanh, đúng hẹn")
    page.click("text=Gửi đánh giá")
    assert "Cảm ơn bạn. Đánh giá của bạn đã được ghi nhận." in page.locator(".messages").inner_text()
    assert page.get_by_role("link", name="Đánh giá dịch vụ", exact=True).count() == 0
    for name in SatisfactionRating.CRITERIA:
        other.check(f"#id_{name}_2")
    other.click("text=Gửi đánh giá")
    assert "Hồ sơ này đã được đánh giá. Mỗi hồ sơ chỉ được đánh giá một lần." in other.content()
    rating = SatisfactionRating.objects.get()
    assert (rating.overall, rating.comment) == (3, "Nhanh, đúng hẹn")


def test_file_and_track_a_feedback(page, clerk):
    page.goto("/phan-anh/")
    page.select_option("#id_topic", "facilities")
    page.fill("#id_subject", "Thiếu ghế chờ")
    page.fill("#id_content", "Buổi sáng sảnh chờ không đủ ghế ngồi.")
    page.fill("#id_sender_name", "Trần Thị Bình")
    page.click("form.narrow button[type=submit]")
    assert page.locator("[aria-invalid=true]").count() == 1  # no phone or email yet
    page.fill("#id_sender_phone", "0987 654 321")
    page.click("form.narrow button[type=submit]")
    code = page.locator("h1").inner_text().split()[-1]
    assert code.startswith("PA-")
    assert "Đã tiếp nhận" in page.locator(".status-line").inner_text()

    fb.feedback_answer(feedback=fb.feedback_public_get(tracking_code=code), by=clerk, answer="Đã bổ sung 20 ghế.")
    page.goto("/phan-anh/tra-cuu/")
    page.fill("#id_code", code.lower())
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "Đã bổ sung 20 ghế." in page.locator(".answer").inner_text()


def test_switch_language(page, procedure):
    page.goto("/")
    page.click(".lang-switch button[value=en]")
    assert page.locator("h1").inner_text() == "Find an administrative procedure"
    page.click("text=Track a dossier")
    assert page.locator("h1").inner_text() == "Track your dossier"
    page.click(".lang-switch button[value=vi]")
    assert page.locator("h1").inner_text() == "Tra cứu hồ sơ"
