"""QR codes printed on the slips: the public status address of the dossier (code and secret)."""

import segno


def qr_svg_data_uri(text: str) -> str:
    """Crisp at any print size: for the HTML slips."""
    return segno.make(text, error="m").svg_data_uri(scale=4, border=2, nl=False)


def qr_png_data_uri(text: str) -> str:
    """For the PDF renderer, which embeds raster images."""
    return segno.make(text, error="m").png_data_uri(scale=6, border=2)
