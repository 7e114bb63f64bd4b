"""Dossiers' files end to end in headless Chromium: the counter scans each document at receipt (the receipt
lists their hashes), the agency attaches its electronic result on the dossier page and resolves, and the
applicant downloads the result from the tracking page, whose SHA-256 matches the file.

Screenshots: tests/artifacts/receipt-with-scans.png, dossier-files.png, tracking-result.png."""

import hashlib

import pytest
from playwright.sync_api import expect

from dossiers.documents.models import DossierDocument
from dossiers.documents.samples import sample_jpeg, sample_pdf
from dossiers.models import Dossier
from tests.browser.test_counter_desk import act, login, new_page
from tests.clamd import clamd  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_scans_at_the_counter_and_an_electronic_result_the_applicant_downloads(
    page,
    browser,
    live_server,
    screenshot,
    settings,
    clamd,  # noqa: F811
    procedure,
    counter,
    clerk,
    specialist,
    tmp_path,
):
    settings.CLAMD_SOCKET = clamd.socket
    settings.PUBLIC_BASE_URL = live_server.url
    application, identity = tmp_path / "don-de-nghi.pdf", tmp_path / "can-cuoc.jpg"
    application.write_bytes(sample_pdf(title="Đơn đề nghị thành lập doanh nghiệp", pages=2))
    identity.write_bytes(sample_jpeg(width=60, height=40))

    login(page, clerk.username)
    page.goto(f"/can-bo/tiep-nhan/?procedure={procedure.code}")
    page.locator('input[name="documents"]').nth(0).check()
    page.locator('input[name="documents"]').nth(1).check()
    page.set_input_files('input[name="scan-1"]', str(application))
    page.set_input_files('input[name="scan-2"]', str(identity))
    page.fill("#id_applicant_name", "Nguyễn Thị Ánh Tuyết")
    page.fill("#id_applicant_id_number", "001203004567")
    page.fill("#id_applicant_phone", "0912345678")
    page.click("#receive-complete")
    expect(page.locator("h1.slip-title")).to_have_text("GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ")
    dossier = Dossier.objects.get()
    scans = DossierDocument.objects.filter(dossier=dossier).order_by("component")
    assert [s.scan_status for s in scans] == ["clean", "clean"]
    slip = page.locator("#slip")
    for scan in scans:
        expect(slip).to_contain_text(scan.sha256[:32])
    screenshot(slip, "receipt-with-scans")
    page.goto(f"/can-bo/ho-so/{dossier.code}/")
    act(page, "transfer")

    agency = new_page(browser, live_server)
    login(agency, specialist.username)
    agency.goto(f"/can-bo/ho-so/{dossier.code}/")
    result = tmp_path / "giay-chung-nhan.pdf"
    result.write_bytes(sample_pdf(title="Giấy chứng nhận đăng ký doanh nghiệp"))
    agency.click("text=Đính kèm kết quả điện tử")
    agency.fill("#result-number", "0315/GCN-STC")
    agency.set_input_files("#result-file", str(result))
    agency.click("text=Đính kèm kết quả >> nth=-1")
    expect(agency.locator("#files")).to_contain_text("0315/GCN-STC")
    with agency.expect_popup() as opened:  # staff open a scan in the browser
        agency.locator("#files a", has_text="don-de-nghi.pdf").click()
    assert opened.value.url.endswith(f"/tep/{scans[0].pk}/")
    screenshot(agency, "dossier-files", full_page=True)
    act(agency, "resolve")

    citizen = new_page(browser, live_server)
    citizen.goto(f"/tra-cuu/{dossier.code}/?secret={dossier.secret}")
    shown = citizen.locator("[data-sha256]").inner_text().strip()
    screenshot(citizen, "tracking-result", full_page=True)
    with citizen.expect_download() as download:
        citizen.locator("#result-files a").click()
    downloaded = download.value.path()
    with open(downloaded, "rb") as file:
        assert hashlib.sha256(file.read()).hexdigest() == shown == hashlib.sha256(result.read_bytes()).hexdigest()
