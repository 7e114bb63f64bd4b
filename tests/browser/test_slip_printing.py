"""Every slip printed from Chromium at A4, at its realistic worst (tests/dossiers/slip_cases.py): one page,
the title never leaving a word alone on its last line.

Screenshots: tests/artifacts/slip-<form>.png (the page as printed, print styles applied)."""

import io

import pytest
from pypdf import PdfReader

from tests.browser.conftest import ARTIFACTS
from tests.dossiers.slip_cases import worst_case_slips
from tests.factories import TEST_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# The last word of the title and the one before it: on the same line, or the title wrapped one word.
LAST_TWO_WORDS_ON_ONE_LINE = """() => {
  const title = document.querySelector(".slip-title");
  const text = title.firstChild;
  const words = [...text.textContent.matchAll(/\\S+/g)];
  const top = (match) => {
    const range = document.createRange();
    range.setStart(text, match.index);
    range.setEnd(text, match.index + match[0].length);
    return range.getClientRects()[0].top;
  };
  return words.length < 2 || Math.abs(top(words.at(-1)) - top(words.at(-2))) < 2;
}"""


def login(page, username: str) -> None:
    page.goto("/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", TEST_PASSWORD)
    page.locator("#main form button[type=submit]").click()
    page.wait_for_load_state()
    assert "/accounts/login/" not in page.url, "login failed"


def test_every_slip_prints_on_one_a4_page(page, screenshot):
    slips, clerk = worst_case_slips()
    login(page, clerk.username)
    # A4 inside the slips' print margins (180 x 277 mm at 96 px/in): screenshots show the paper's lines.
    page.set_viewport_size({"width": 680, "height": 1047})
    pages, titles, heights = {}, {}, {}
    for slip in slips:
        page.goto(slip.page)
        page.emulate_media(media="print")
        screenshot(page, f"slip-{slip.name}", full_page=True)
        titles[slip.name] = page.evaluate(LAST_TWO_WORDS_ON_ONE_LINE)
        heights[slip.name] = page.evaluate("document.body.scrollHeight")
        pdf = page.pdf(format="A4")
        (ARTIFACTS / f"slip-{slip.name}-chromium.pdf").write_bytes(pdf)
        pages[slip.name] = len(PdfReader(io.BytesIO(pdf)).pages)
    assert pages == {slip.name: 1 for slip in slips}, heights
    assert titles == {slip.name: True for slip in slips}
