"""Checks on applicant data, shared by the pages, the API and the services.

Text from people is normalised here, once, before it is checked or stored: `clean_text` for free text
(names, addresses, reasons, notes, feedback), `normalize_digits` for numbers (phones here; identity documents
and tax codes in dossiers/identity.py). The form field, the serializer field and the services all call these,
so a page, the API and a service call store the same thing for the same input.
"""

import re
import unicodedata

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from center.errors import InvalidInput

# Characters that show nothing: Unicode's format characters (category Cf: zero-width space and joiners
# U+200B-U+200D, word joiner U+2060, byte order mark U+FEFF, soft hyphen, the direction marks, embeddings
# and overrides U+202A-U+202E and isolates U+2066-U+2069, which make a name read backwards on a slip),
# control characters (Cc) and lone surrogates (Cs, which a JSON "\ud800" escape can carry and PostgreSQL
# refuses), plus letters and symbols that render as blanks (Hangul fillers, the braille blank).
_HIDDEN_CATEGORIES = frozenset({"Cf", "Cc", "Cs"})
_BLANK_GLYPHS = frozenset("\u115f\u1160\u3164\uffa0\u2800\u034f")


def _visible(char: str) -> bool:
    return char not in _BLANK_GLYPHS and unicodedata.category(char) not in _HIDDEN_CATEGORIES


def _clean_line(line: str) -> str:
    # str.split() also splits on the Unicode spaces (no-break, ideographic, en/em spaces...).
    return " ".join("".join(char for char in word if _visible(char)) for word in line.split()).strip()


def clean_text(value: str | None, *, multiline: bool = False, compatibility: bool = False) -> str:
    """Text as it is stored: Unicode-normalised, without invisible characters, spaces collapsed, trimmed.
    Text that was only invisible characters comes back empty, so a required check refuses it.

    NFC by default: it composes Vietnamese letters typed with combining marks ("Nguyễn" typed either way is
    one string, so searches find it) and keeps what prose means ("120 m²", "½"). `compatibility` (NFKC) also
    folds full-width and other look-alike forms into plain ones ("Ｎguyễn" -> "Nguyễn"), for names.
    `multiline` keeps line breaks (one item per line in lists of missing documents)."""
    value = unicodedata.normalize("NFKC" if compatibility else "NFC", value or "")
    if not multiline:
        return _clean_line(value)
    return "\n".join(_clean_line(line) for line in value.splitlines()).strip("\n")


def clean_name(value: str | None) -> str:
    """A person's or organisation's name: one line, look-alike forms folded (NFKC)."""
    return clean_text(value, compatibility=True)


def normalize_digits(value: str | None) -> str:
    """A number as plain ASCII digits: NFKC (full-width "０１２" -> "012"), then any other decimal digit
    (Arabic-Indic "٠١٢", Devanagari...) by its value, invisible characters dropped. The validators below
    accept ASCII digits only, so what is stored (and sent an SMS) is what a gateway can dial."""
    value = clean_text(value, compatibility=True)
    return "".join(str(unicodedata.decimal(char)) if char.isdecimal() else char for char in value)


# Vietnamese phone numbers, as stored (normalize_phone turns +84 into 0): mobiles, 0 then 3/5/7/8/9 and 8
# more digits; landlines, 0 then an area code beginning with 2 (024 Hà Nội, 028 Hồ Chí Minh City, 0236 Đà
# Nẵng...) and the subscriber's number, 10 or 11 digits in all. [0-9], not \d: \d matches any script's digits.
MOBILE_PATTERN = r"^0[35789][0-9]{8}$"
PHONE_PATTERN = r"^(?:0[35789][0-9]{8}|02[0-9]{8,9})$"
validate_vn_phone = RegexValidator(
    PHONE_PATTERN,
    _("Enter a Vietnamese phone number: a mobile (0912345678) or a landline with its area code (024 3825 1234)."),
    code="invalid_phone",
)


def normalize_phone(phone: str | None) -> str:
    """ASCII digits without separators, the country code +84 (or 0084) written as the leading 0."""
    phone = re.sub(r"[\s.\-()]", "", normalize_digits(phone))
    return re.sub(r"^(?:\+|00)84", "0", phone)


def is_mobile(phone: str) -> bool:
    """Whether a stored number can receive an SMS (a landline cannot)."""
    return re.fullmatch(MOBILE_PATTERN, phone or "") is not None


def phone_checked(value: str | None, *, field: str = "applicant_phone") -> str:
    return _checked(normalize_phone(value), validate_vn_phone, field)


def _checked(value: str, validator, field: str) -> str:
    if value:
        try:
            validator(value)
        except ValidationError as error:
            raise InvalidInput(error.messages[0], field=field) from None
    return value


class CleanTextField(forms.CharField):
    """A form's free-text field, cleaned by `clean_text` before the required and length checks."""

    def __init__(self, *, multiline: bool = False, compatibility: bool = False, **kwargs):
        self.multiline, self.compatibility = multiline, compatibility
        super().__init__(**kwargs)

    def to_python(self, value):
        return clean_text(super().to_python(value), multiline=self.multiline, compatibility=self.compatibility)


class CleanTextSerializerField(serializers.CharField):
    """The API's free-text field, cleaned by `clean_text` before the blank and length checks."""

    def __init__(self, *, multiline: bool = False, compatibility: bool = False, **kwargs):
        self.multiline, self.compatibility = multiline, compatibility
        super().__init__(**kwargs)

    def run_validation(self, data=serializers.empty):
        if isinstance(data, str):
            data = clean_text(data, multiline=self.multiline, compatibility=self.compatibility)
        return super().run_validation(data)
