"""Online filing end to end in headless Chromium, against the real local identity provider and clamd: the
citizen signs in at the provider, files online with two documents; counter staff open the files and
receive the dossier; the agency asks for a supplement; the citizen uploads it; the agency confirms it and
resolves with an electronic result; the citizen downloads the result and its SHA-256 matches the page.

Screenshots: tests/artifacts/online-filing-*.png."""

import hashlib
import re

import pytest
from playwright.sync_api import expect

from center.citizens.demo import demo_citizens
from dossiers.documents.samples import sample_pdf
from dossiers.models import Dossier
from dossiers.workflow import DossierStatus as S
from tests.browser.test_counter_desk import act, login, new_page
from tests.clamd import clamd  # noqa: F401  (the session's clamd)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HOA = demo_citizens()[0]


@pytest.fixture(autouse=True)
def _files_and_scanner(settings, tmp_path, clamd):  # noqa: F811
    settings.STORAGES = {
        **settings.STORAGES,
        "documents": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "documents")},
        },
    }
    settings.CLAMD_SOCKET = clamd.socket


def _pdf(tmp_path, name: str, title: str):
    path = tmp_path / name
    path.write_bytes(sample_pdf(title=title, lines=(HOA["name"],)))
    return path


def test_citizen_files_online_staff_receive_supplement_and_electronic_result(
    page, browser, live_server, oidc, procedure, clerk, specialist, screenshot, tmp_path
):
    # The citizen signs in at the identity provider from the procedure's page.
    page.goto(f"/thu-tuc/{procedure.code}/")
    page.click("#file-online")
    page.click("#citizen-sign-in")
    expect(page).to_have_url(re.compile(re.escape(oidc.url)))
    page.fill("#id_username", HOA["id_number"])
    page.fill("#id_password", "Demo@2026")
    page.click("button[type=submit]")
    expect(page.locator("#applicant-name")).to_have_text(HOA["name"])  # prefilled from the identity

    # Two documents, one by one; then contact and delivery, review, submit.
    application, card = _pdf(tmp_path, "don-de-nghi.pdf", "Đơn đề nghị"), _pdf(tmp_path, "cccd.pdf", "Căn cước")
    for position, path in ((1, application), (2, card)):
        component = page.locator(f"#component-{position}")
        component.locator("input[type=file]").set_input_files(str(path))
        component.locator("form").first.locator("button[type=submit]").click()
        expect(page.locator(f"#component-{position} .chosen")).to_contain_text(path.name)
    page.click("#to-review")
    screenshot(page, "online-filing-review")
    page.click("#submit-filing")
    code = page.locator("#dossier-code").inner_text()
    screenshot(page, "online-filing-receipt")
    assert Dossier.objects.get(code=code).status == S.SUBMITTED

    # Counter staff find it among online filings, open its files, and receive it.
    staff = new_page(browser, live_server)
    login(staff, clerk.username)
    staff.goto("/can-bo/?list=moi-nop")
    staff.click(f"text={code}")
    links = staff.locator("#files a[href*='/tep/']")
    expect(links).to_have_count(2)
    opened = staff.request.get(links.first.get_attribute("href"))
    assert (
        opened.status == 200
        and hashlib.sha256(opened.body()).hexdigest() == hashlib.sha256(application.read_bytes()).hexdigest()
    )
    act(staff, "accept")
    act(staff, "transfer")
    assert Dossier.objects.get(code=code).status == S.IN_PROGRESS

    # The agency asks for a supplement; the citizen sends it from their dossier page.
    agency = new_page(browser, live_server)
    login(agency, specialist.username)
    agency.goto(f"/can-bo/ho-so/{code}/")
    act(agency, "request-supplement", {"missing": "Bản sao Căn cước có chứng thực"})
    assert Dossier.objects.get(code=code).status == S.AWAITING_SUPPLEMENT
    page.goto(f"/cong-dan/ho-so/{code}/")
    expect(page.locator("body")).to_contain_text("Bản sao Căn cước có chứng thực")
    page.locator("#supplement select[name=position]").select_option("2")
    page.locator("#supplement input[type=file]").set_input_files(str(_pdf(tmp_path, "cccd-ct.pdf", "Chứng thực")))
    page.click("#send-supplement")
    expect(page.locator("#files")).to_contain_text("cccd-ct.pdf")

    # The agency confirms the supplement (the clock resumes), attaches the electronic result and resolves.
    agency.goto(f"/can-bo/ho-so/{code}/")
    act(agency, "supplement-received")
    result_pdf = _pdf(tmp_path, "ket-qua.pdf", "Giấy chứng nhận")
    agency.locator("summary", has_text=re.compile("kết quả điện tử|electronic result", re.I)).click()
    agency.fill("#result-number", "125/2026/GCN")
    agency.locator("#result-file").set_input_files(str(result_pdf))
    agency.locator("form:has(#result-file) button[type=submit]").click()
    agency.wait_for_load_state()
    act(agency, "resolve")
    assert Dossier.objects.get(code=code).status == S.RESULT_READY

    # The citizen downloads the result from their account; its SHA-256 is the one the page shows.
    page.goto(f"/cong-dan/ho-so/{code}/")
    screenshot(page, "online-filing-result", full_page=True)
    shown = page.locator("#result-files code[data-sha256]").first.inner_text().strip()
    link = page.locator("#result-files a").first.get_attribute("href")
    downloaded = page.request.get(link)
    assert downloaded.status == 200
    assert hashlib.sha256(downloaded.body()).hexdigest() == shown == hashlib.sha256(result_pdf.read_bytes()).hexdigest()
