"""The PDF copies of the slips (xhtml2pdf) at their realistic worst: each is one A4 page, and its tables
give the narrow columns (No., counts) little width and the text columns the rest."""

import io
from pathlib import Path

import pytest
from django.utils import translation
from pypdf import PdfReader

from dossiers.slips import FORMS
from tests.dossiers.slip_cases import worst_case_slips

ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
A4 = (595, 842)  # points, portrait


@pytest.fixture
def worst(db, client):
    slips, clerk = worst_case_slips()
    client.force_login(clerk)
    return slips


def pdf_of(client, slip) -> PdfReader:
    """The slip's PDF, also kept as tests/artifacts/slip-<name>.pdf for a person to look at."""
    response = client.get(slip.pdf)
    assert response.status_code == 200, slip.name
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / f"slip-{slip.name}.pdf").write_bytes(response.content)
    return PdfReader(io.BytesIO(response.content))


def test_every_slip_is_one_a4_page_as_pdf(client, worst):
    pages = {slip.name: len(pdf_of(client, slip).pages) for slip in worst}
    assert pages == {slip.name: 1 for slip in worst}
    first = pdf_of(client, worst[0]).pages[0].mediabox
    assert (round(first.width), round(first.height)) == A4


def header_positions(page, *labels: str) -> dict[str, float]:
    """The x position at which each table header label is drawn (the first time it is)."""
    found: dict[str, float] = {}

    def visit(text, cm, tm, font, size):
        label = text.strip()
        if label in labels and label not in found:
            found[label] = tm[4] * cm[0] + cm[4]

    page.extract_text(visitor_text=visit)
    return found


def test_the_number_column_is_narrow_and_the_document_column_wide(client, worst):
    receipt = next(slip for slip in worst if slip.name == "form-01-receipt")
    page = pdf_of(client, receipt).pages[0]
    x = header_positions(page, "STT", "Giấy tờ", "Bản chính", "Bản sao")
    assert set(x) == {"STT", "Giấy tờ", "Bản chính", "Bản sao"}, x
    width = float(page.mediabox.width)
    # "No." gets under a tenth of the page, the document's name well over half of it.
    assert x["Giấy tờ"] - x["STT"] < width * 0.1
    assert x["Bản chính"] - x["Giấy tờ"] > width * 0.45


def test_every_title_stays_on_one_line_in_the_pdf(client, worst):
    with translation.override("vi"):
        titles = {str(form.title) for form in FORMS.values()}
    for slip in worst:
        lines = {line.strip() for line in pdf_of(client, slip).pages[0].extract_text().splitlines()}
        assert lines & titles, slip.name
