"""The electronic receipt (biên lai điện tử) as a print-ready page and a PDF, through the slips' own
templates and PDF renderer (dossiers/slips): the same fonts, page and print button."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.http import HttpResponse
from django.utils.translation import gettext_lazy as _

from center.people import full_name
from dossiers.payments.models import Receipt
from dossiers.slips import letterhead
from dossiers.slips.pdf import render_pdf

_DIGITS = ["không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín"]
_GROUPS = ["", " nghìn", " triệu"]  # then tỷ, nghìn tỷ, triệu tỷ...


def _three(n: int, full: bool) -> str:
    """Words for 0-999 inside a bigger number (`full`: a leading "không trăm" is said)."""
    hundreds, tens, units = n // 100, n // 10 % 10, n % 10
    words = []
    if full or hundreds:
        words.append(f"{_DIGITS[hundreds]} trăm")
    if tens > 1:
        words.append(f"{_DIGITS[tens]} mươi")
    elif tens == 1:
        words.append("mười")
    elif units and words:
        words.append("linh")
    if units:
        if units == 1 and tens > 1:
            words.append("mốt")
        elif units == 5 and tens >= 1:
            words.append("lăm")
        elif units == 4 and tens > 1:
            words.append("tư")
        else:
            words.append(_DIGITS[units])
    return " ".join(words)


def amount_in_words(amount: int) -> str:
    """The amount as Vietnamese receipts write it ("Năm mươi nghìn đồng"): groups of three digits read with
    nghìn, triệu, tỷ, then nghìn tỷ, triệu tỷ..."""
    if amount == 0:
        return "Không đồng"
    parts, group = [], 0
    n = amount
    while n:
        chunk = n % 1000
        n //= 1000
        if chunk:
            scale = _GROUPS[group % 3] + (" tỷ" * (group // 3))
            parts.append(_three(chunk, full=bool(n)) + scale)
        group += 1
    text = " ".join(reversed(parts)) + " đồng"
    return text[0].upper() + text[1:]


@dataclass(frozen=True)
class ReceiptForm:
    """What the slips' page and PDF templates need of a "form": its title and body template."""

    title: str
    template: str = "payments/receipt_body.html"


def receipt_context(receipt: Receipt) -> dict:
    payment, dossier = receipt.payment, receipt.payment.dossier
    return {
        "form": ReceiptForm(title=_("RECEIPT OF FEES AND CHARGES")),
        "code": f"{receipt.symbol} {receipt.display_number}",
        "receipt": receipt,
        "payment": payment,
        "dossier": dossier,
        "letterhead": letterhead(receipt.agency),
        "center_name": settings.CENTER_NAME,
        "collector": full_name(receipt.issued_by) if receipt.issued_by else "",
        "amount_words": amount_in_words(receipt.amount),
    }


def receipt_filename(receipt: Receipt) -> str:
    return f"bien-lai-{receipt.agency.code}-{receipt.year}-{receipt.display_number}.pdf"


def receipt_pdf_response(receipt: Receipt) -> HttpResponse:
    response = HttpResponse(
        render_pdf("dossiers/slips/pdf.html", receipt_context(receipt)), content_type="application/pdf"
    )
    response["Content-Disposition"] = f'attachment; filename="{receipt_filename(receipt)}"'
    return response
