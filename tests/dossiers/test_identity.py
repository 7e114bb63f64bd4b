"""Identity documents, tax codes and phones as a center takes them (dossiers/identity.py, validators.py)."""

import pytest
from django.core.exceptions import ValidationError

from dossiers.identity import PROVINCE_CODES, identity_cleaned, tax_code_cleaned
from dossiers.identity import IdentityDocument as Doc
from dossiers.validators import is_mobile, phone_checked


def problem(kind, number, type_name="") -> tuple[str, str]:
    with pytest.raises(ValidationError) as raised:
        identity_cleaned(kind, number, type_name)
    ((field, messages),) = raised.value.message_dict.items()
    return field, messages[0]


def test_the_63_province_codes_of_citizen_id_numbers():
    assert len(PROVINCE_CODES) == 63 and min(PROVINCE_CODES) == "001" and max(PROVINCE_CODES) == "096"
    assert {"001", "031", "048", "079", "092"} <= PROVINCE_CODES  # Hà Nội, Hải Phòng, Đà Nẵng, HCMC, Cần Thơ
    assert not {"000", "003", "005", "050", "097"} & PROVINCE_CODES


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("001203004567", "001203004567"),  # Hà Nội, a man born in 2003
        ("079 099 000 001", "079099000001"),  # Hồ Chí Minh City, a man born in 1999, typed in groups
        ("０４８１８５１２３４５６", "048185123456"),  # Đà Nẵng, a woman born in 1985, full-width digits
        ("092301234567", "092301234567"),  # Cần Thơ, a girl born in 2001
    ],
)
def test_a_citizen_id_number_is_stored_as_12_ascii_digits(typed, stored):
    assert identity_cleaned(Doc.CITIZEN_ID, typed) == (Doc.CITIZEN_ID, stored, "")


def test_a_citizen_id_number_must_begin_with_a_province_code():
    field, message = problem(Doc.CITIZEN_ID, "003203004567")
    assert field == "applicant_id_number" and "003" in message and "001" in message
    assert problem(Doc.CITIZEN_ID, "097203004567")[0] == "applicant_id_number"
    assert problem(Doc.CITIZEN_ID, "000203004567")[0] == "applicant_id_number"


@pytest.mark.parametrize("number", ["001503004567", "001803004567", "001399004567"])
def test_a_citizen_id_number_must_give_a_century_and_year_of_birth_already_come(number):
    # 5: a woman born in the 22nd century; 8: the 24th; 3 then 99: a girl born in 2099
    field, message = problem(Doc.CITIZEN_ID, number)
    assert field == "applicant_id_number" and "Chữ số thứ 4 đến thứ 6" in message


@pytest.mark.parametrize("number", ["12345", "0012030045678", "00120300456A"])
def test_a_citizen_id_number_has_12_digits(number):
    assert problem(Doc.CITIZEN_ID, number) == ("applicant_id_number", "Số căn cước gồm đúng 12 chữ số.")


@pytest.mark.parametrize(
    ("typed", "stored"),
    [("m 1234 5678", "M12345678"), ("TK-1234567", "TK1234567"), ("123456789", "123456789"), ("C12345", "C12345")],
)
def test_a_passport_number_is_stored_upper_case_without_separators(typed, stored):
    assert identity_cleaned(Doc.PASSPORT, typed) == (Doc.PASSPORT, stored, "")


@pytest.mark.parametrize("number", ["C1234", "M123456789", "M1234*567", "Ｍ１２３４５６７８９０"])
def test_a_passport_number_has_6_to_9_letters_and_digits(number):
    assert problem(Doc.PASSPORT, number)[0] == "applicant_id_number"


def test_another_document_is_free_but_named():
    assert identity_cleaned(Doc.OTHER, " tt-0123/45 ", " Thẻ  thường trú ") == (
        Doc.OTHER,
        "TT-0123/45",
        "Thẻ thường trú",
    )
    assert problem(Doc.OTHER, "TT-0123/45", "  ")[0] == "applicant_id_type_name"
    assert identity_cleaned(Doc.CITIZEN_ID, "001203004567", "Thẻ thường trú")[2] == ""  # named only if other
    assert problem("driving_licence", "123456")[0] == "applicant_id_type"


def test_an_empty_number_is_left_for_the_caller_to_require():
    assert identity_cleaned(Doc.PASSPORT, " \u200b ") == (Doc.PASSPORT, "", "")
    assert identity_cleaned("", "001203004567")[0] == Doc.CITIZEN_ID  # none chosen: a citizen ID card


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("0100109106", "0100109106"),
        ("0300588569", "0300588569"),
        ("0101248141", "0101248141"),
        ("0100109106-001", "0100109106-001"),  # a branch: the parent's code and the branch's number
        ("0100109106 001", "0100109106-001"),
        ("0100109106001", "0100109106-001"),
        ("", ""),
    ],
)
def test_a_tax_code_is_stored_with_its_branch_after_a_hyphen(typed, stored):
    assert tax_code_cleaned(typed) == stored


@pytest.mark.parametrize(
    ("typed", "wrong"),
    [
        ("0100109107", "Chữ số kiểm tra"),  # one digit mistyped: the check digit no longer matches
        ("0100190106", "Chữ số kiểm tra"),  # two digits swapped
        ("0300588569-000", "001"),
        ("010010910", "10 chữ số"),
        ("0100109106-01", "10 chữ số"),
    ],
)
def test_a_wrong_tax_code_is_refused(typed, wrong):
    with pytest.raises(ValidationError) as raised:
        tax_code_cleaned(typed)
    assert wrong in raised.value.messages[0]


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("0912 345 678", "0912345678"),
        ("+84 912 345 678", "0912345678"),
        ("024 3825 1234", "02438251234"),  # a Hà Nội landline
        ("(028) 3829 1234", "02838291234"),  # Hồ Chí Minh City
        ("0236.3822.123", "02363822123"),  # Đà Nẵng
        ("+84 24 3825 1234", "02438251234"),
    ],
)
def test_mobiles_and_landlines_are_stored_from_a_leading_0(typed, stored):
    assert phone_checked(typed) == stored


@pytest.mark.parametrize("number", ["0123456789", "0412345678", "02412345", "091234567", "+1 212 555 0100"])
def test_other_phone_numbers_are_refused(number):
    from center.errors import InvalidInput

    with pytest.raises(InvalidInput):
        phone_checked(number)


def test_only_mobiles_get_an_sms():
    assert is_mobile("0912345678") and not is_mobile("02438251234")
