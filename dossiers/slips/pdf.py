"""PDF copies of the slips: xhtml2pdf (pure Python, on reportlab) with an embedded Unicode font.

The slip templates name the DejaVu fonts by path; the renderer may read only that directory and
nothing on the network, so a slip can never make the server fetch anything else.
"""

from __future__ import annotations

import io
from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string
from xhtml2pdf import pisa
from xhtml2pdf.config.resources import ResourceAccessPolicy


class PdfError(RuntimeError):
    pass


def font_dir() -> Path:
    """DejaVu (Debian's fonts-dejavu-core) has every Vietnamese glyph; SLIP_FONT_DIR overrides it."""
    return Path(getattr(settings, "SLIP_FONT_DIR", "/usr/share/fonts/truetype/dejavu"))


def render_pdf(template: str, context: dict) -> bytes:
    fonts = font_dir()
    if not (fonts / "DejaVuSans.ttf").exists():
        raise PdfError(f"Font DejaVuSans.ttf not found in {fonts}: install fonts-dejavu-core.")
    html = render_to_string(template, {**context, "font_dir": fonts.as_posix()})
    out = io.BytesIO()
    policy = ResourceAccessPolicy.server(base_dir=fonts, allow_remote=False)
    result = pisa.CreatePDF(html, dest=out, encoding="utf-8", resource_policy=policy)
    if result.err:
        raise PdfError(f"The PDF could not be made ({result.err} errors).")
    return out.getvalue()
