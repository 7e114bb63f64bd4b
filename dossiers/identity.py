"""Who an applicant is: the identity documents a center takes, and organisations' tax codes.

A center receives citizens (citizen ID card), foreigners (work permits, foreign traders' offices: passport)
and people with another document (a residence card, a military ID...). Each number is normalised and
checked as its kind requires, here, once: the receive page, the API and the services (dossiers.services.
Applicant, counters.services.counter_slip_issue) call `identity_cleaned` and `tax_code_cleaned`, so they store
the same thing for the same input. Errors are a ValidationError naming the field, in the user's language.
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from center.errors import InvalidInput
from dossiers.validators import clean_name, normalize_digits

ID_NUMBER_FIELD, ID_TYPE_FIELD, ID_TYPE_NAME_FIELD = (
    "applicant_id_number",
    "applicant_id_type",
    "applicant_id_type_name",
)
TAX_CODE_FIELD, ORGANISATION_FIELD = "applicant_tax_code", "applicant_organisation"
ID_NUMBER_MAX_LENGTH = 30  # the longest other document's number we store
ID_TYPE_NAME_MAX_LENGTH = 100


class IdentityDocument(models.TextChoices):
    CITIZEN_ID = "citizen_id", _("Citizen ID card")
    PASSPORT = "passport", _("Passport")
    OTHER = "other", _("Other identity document")


# The first three digits of a personal identification number (the citizen ID card's number): the province
# where the birth was registered. Appendix I of Circular 07/2016/TT-BCA, 63 provinces, 001 to 096; numbers
# already issued keep them after the 2025 mergers.
PROVINCE_CODES = frozenset(
    [
        "001",
        "002",
        "004",
        "006",
        "008",
        "010",
        "011",
        "012",
        "014",
        "015",
        "017",
        "019",
        "020",
        "022",
        "024",
        "025",
        "026",
        "027",
        "030",
        "031",
        "033",
        "034",
        "035",
        "036",
        "037",
        "038",
        "040",
        "042",
        "044",
        "045",
        "046",
        "048",
        "049",
        "051",
        "052",
        "054",
        "056",
        "058",
        "060",
        "062",
        "064",
        "066",
        "067",
        "068",
        "070",
        "072",
        "074",
        "075",
        "077",
        "079",
        "080",
        "082",
        "083",
        "084",
        "086",
        "087",
        "089",
        "091",
        "092",
        "093",
        "094",
        "095",
        "096",
    ]
)
# The fourth digit gives the century of birth and the sex: 0/1 the 20th century (male/female), 2/3 the
# 21st, 4/5 the 22nd, 6/7 the 23rd, 8/9 the 24th (Circular 07/2016/TT-BCA, art. 7). Every digit is some
# century, so only those that cannot be a living person's are refused: born in the 20th or 21st century.
CENTURY_DIGITS = frozenset("0123")

_CITIZEN_ID = re.compile(r"[0-9]{12}")
_PASSPORT = re.compile(r"[A-Z0-9]{6,9}")
_TAX_CODE = re.compile(r"([0-9]{10})(?:-?([0-9]{3}))?")
# Weights of the tax code's check digit (the 10th digit): 10 - (sum of the first nine digits times these,
# modulo 11), as the tax administration issues them (e.g. 0100109106, 0300588569, 0101248141).
_TAX_CODE_WEIGHTS = (31, 29, 23, 19, 17, 13, 7, 5, 3)
# What people type between groups of characters ("079 203 001234", "C1234 567", "0100109106 - 001").
_SEPARATORS = re.compile(r"[\s.\-/]")


def document_label(kind: str, type_name: str = "") -> str:
    """What a slip or page calls the document: "Citizen ID card", "Passport", or the other document's name."""
    if kind == IdentityDocument.OTHER and type_name:
        return type_name
    return str(IdentityDocument(kind).label) if kind in IdentityDocument.values else str(IdentityDocument.OTHER.label)


def citizen_id_problem(number: str):
    """Why `number` (12 ASCII digits expected) is not a citizen ID card's number, or None."""
    if not _CITIZEN_ID.fullmatch(number):
        return _("A citizen ID number has exactly 12 digits.")
    if number[:3] not in PROVINCE_CODES:
        return _(
            "A citizen ID number begins with the code of a province (001 to 096); %(code)s is none. Check the "
            "number on the card."
        ) % {"code": number[:3]}
    year = (1900 if number[3] in "01" else 2000) + int(number[4:6])
    if number[3] not in CENTURY_DIGITS or year > timezone.localdate().year:
        return _(
            "The 4th to 6th digits of a citizen ID number give the century and year of birth (0 to 3 for 1900 "
            "to 2099, then the year): these are in the future. Check the number on the card."
        )
    return None


def number_cleaned(kind: str, number: str | None) -> str:
    """The number on a document of a known `kind` as stored, or ValidationError saying what is wrong; an
    empty number stays empty (the caller decides whether one is required)."""
    number = clean_name(normalize_digits(number))
    if not number:
        return ""
    if kind == IdentityDocument.CITIZEN_ID:
        number = _SEPARATORS.sub("", number)
        problem = citizen_id_problem(number)
    elif kind == IdentityDocument.PASSPORT:
        number = _SEPARATORS.sub("", number).upper()
        problem = None if _PASSPORT.fullmatch(number) else _("A passport number has 6 to 9 letters and digits.")
    else:
        number = number.upper()
        problem = None if len(number) <= ID_NUMBER_MAX_LENGTH else _("The document number is too long.")
    if problem:
        raise ValidationError(problem, code="invalid_id_number")
    return number


def identity_cleaned(kind: str, number: str | None, type_name: str | None = "") -> tuple[str, str, str]:
    """(kind, number, type name) as stored, or ValidationError on the field at fault. An empty number stays
    empty; the type name is kept only for other documents, which must have one."""
    kind = kind or IdentityDocument.CITIZEN_ID
    if kind not in IdentityDocument.values:
        raise ValidationError({ID_TYPE_FIELD: _("Choose the kind of identity document.")})
    try:
        number = number_cleaned(kind, number)
    except ValidationError as error:
        raise ValidationError({ID_NUMBER_FIELD: error.messages}) from None
    type_name = clean_name(type_name) if kind == IdentityDocument.OTHER else ""
    if kind == IdentityDocument.OTHER and number and not type_name:
        raise ValidationError({ID_TYPE_NAME_FIELD: _("Name the identity document, e.g. residence card.")})
    if len(type_name) > ID_TYPE_NAME_MAX_LENGTH:
        raise ValidationError({ID_TYPE_NAME_FIELD: _("The name of the document is too long.")})
    return kind, number, type_name


def identity_search_term(value: str) -> str:
    """A search box's text as an identity number would be stored (spaces dropped, upper case), so that a
    passport typed "c1234 567" finds "C1234567"."""
    return _SEPARATORS.sub("", normalize_digits(value)).upper()


def tax_code_check_digit(first_nine: str) -> int:
    """The 10th digit of a tax code. A sum divisible by 11 would call for a "10", which no code carries:
    0 is taken then, as some issued codes have it (refusing a real organisation at the counter costs more
    than missing a typo one time in eleven)."""
    total = sum(int(digit) * weight for digit, weight in zip(first_nine, _TAX_CODE_WEIGHTS, strict=True))
    return (10 - total % 11) % 10


def tax_code_check_digit_ok(code: str) -> bool:
    return int(code[9]) == tax_code_check_digit(code[:9])


def tax_code_cleaned(value: str | None) -> str:
    """An organisation's tax code (mã số thuế) as stored: "0100109106", or "0100109106-001" for a branch
    (the parent's ten digits and the branch's three), or "" when none was given; else ValidationError."""
    code = re.sub(r"\s", "", normalize_digits(value))
    if not code:
        return ""
    match = _TAX_CODE.fullmatch(code)
    if match is None:
        raise ValidationError(
            _("A tax code has 10 digits, or 10 digits, a hyphen and 3 for a branch (0100109106-001)."),
            code="invalid_tax_code",
        )
    parent, branch = match.groups()
    if not tax_code_check_digit_ok(parent):
        raise ValidationError(_("This tax code's check digit is wrong: check the number."), code="invalid_tax_code")
    if branch == "000":
        raise ValidationError(_("A branch's number runs from 001."), code="invalid_tax_code")
    return f"{parent}-{branch}" if branch else parent


def organisation_cleaned(name: str | None, tax_code: str | None) -> tuple[str, str]:
    """(organisation's name, tax code) as stored; a tax code needs the name it belongs to."""
    name = clean_name(name)
    try:
        tax_code = tax_code_cleaned(tax_code)
    except ValidationError as error:
        raise ValidationError({TAX_CODE_FIELD: error.messages}) from None
    if tax_code and not name:
        raise ValidationError({ORGANISATION_FIELD: _("Give the name of the organisation this tax code belongs to.")})
    return name, tax_code


def checked_for_service(check, *args):
    """`check(*args)` for the services: its ValidationError becomes the domain error on the same field."""
    try:
        return check(*args)
    except ValidationError as error:
        field, messages = next(iter(error.message_dict.items()))
        raise InvalidInput(messages[0], field=field) from None
