"""Small generated files standing for scanned paper: the demo data's documents, and the tests'."""

from __future__ import annotations

import io

from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

from dossiers.slips.pdf import font_dir

_FONT = "DejaVuSans"


def _font() -> str:
    if _FONT not in pdfmetrics.getRegisteredFontNames():
        path = font_dir() / "DejaVuSans.ttf"
        if not path.exists():
            return "Helvetica"  # no Vietnamese glyphs, but still a valid PDF
        pdfmetrics.registerFont(TTFont(_FONT, str(path)))
    return _FONT


def sample_pdf(*, title: str, lines: tuple[str, ...] = (), pages: int = 1) -> bytes:
    """A small A4 PDF: the title and lines on each page, numbered."""
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4, invariant=1)
    pdf.setTitle(title)
    font = _font()
    width, height = A4
    for page in range(1, pages + 1):
        pdf.setFont(font, 16)
        pdf.drawString(60, height - 80, title)
        pdf.setFont(font, 11)
        for number, line in enumerate(lines):
            pdf.drawString(60, height - 120 - 18 * number, line)
        pdf.drawRightString(width - 60, 40, f"{page}/{pages}")
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def sample_pdf_of_size(*, size: int, title: str, seed: int = 0) -> bytes:
    """A readable PDF of exactly `size` bytes, as a large scan is: a small document carrying a stream of
    incompressible bytes (a stand-in for page images)."""
    import random

    from pypdf import PdfWriter
    from pypdf.generic import DecodedStreamObject, NameObject

    def build(filler: int) -> bytes:
        writer = PdfWriter(clone_from=io.BytesIO(sample_pdf(title=title)))
        stream = DecodedStreamObject()
        stream.set_data(random.Random(seed).randbytes(filler))
        writer.pages[0][NameObject("/ScanData")] = writer._add_object(stream)
        out = io.BytesIO()
        writer.write(out)
        return out.getvalue()

    filler = max(size - len(build(0)), 0)
    for _ in range(3):  # the stream's /Length and the offsets grow by a few digits
        data = build(filler)
        if len(data) == size:
            return data
        filler += size - len(data)
    raise ValueError(f"could not make a PDF of exactly {size} bytes")


def sample_png(*, width: int = 8, height: int = 8) -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (200, 30, 30)).save(buffer, format="PNG")
    return buffer.getvalue()


def sample_jpeg(*, width: int = 8, height: int = 8) -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (30, 30, 200)).save(buffer, format="JPEG")
    return buffer.getvalue()
