"""Checks on applicant data, shared by the pages, the API and the services."""

import re

from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

# Citizen ID card (CCCD) numbers have 12 digits (Law on Identification 2023).
validate_citizen_id = RegexValidator(
    r"^\d{12}$", _("A citizen ID number has exactly 12 digits."), code="invalid_citizen_id"
)

# Vietnamese mobile numbers: 0 or +84, then a 3/5/7/8/9 prefix and 8 more digits.
MOBILE_PATTERN = r"^(?:0|\+84)(?:3|5|7|8|9)\d{8}$"
validate_vn_mobile = RegexValidator(
    MOBILE_PATTERN, _("Enter a Vietnamese mobile number, e.g. 0912345678."), code="invalid_phone"
)


def normalize_phone(phone: str) -> str:
    return re.sub(r"[\s.\-()]", "", phone or "")
