"""The government's holiday decisions for 2024-2026, as data (issue 12, DOMAIN.md "Counting deadlines").

Each row cites the document that fixed the date for civil servants and public employees (the center's
staff): the Government Office letter conveying the Prime Minister's decision, or the ministry's
announcement where that is the text found. Checked day by day against the `holidays` package 0.109: the
package agrees on every row except 2/1/2026 and 10/1/2026 (the New Year 2026 swap, which it does not
know); the rows where it agrees are kept so that the calendar does not hang on a package version.
"""

import datetime as dt

from django.db import migrations

GOVERNMENT_OFFICE = "Văn phòng Chính phủ"
HOME_AFFAIRS = "Bộ Nội vụ"

TET_2024 = (
    "8662/VPCP-KGVX",
    dt.date(2023, 11, 3),
    GOVERNMENT_OFFICE,
    "Tết Giáp Thìn: nghỉ từ thứ Năm 08/02 đến hết thứ Tư 14/02/2024 (5 ngày Tết, 2 ngày nghỉ bù); "
    "Bộ LĐTBXH thông báo tại Thông báo 5015/TB-LĐTBXH ngày 22/11/2023.",
)
NATIONAL_DAY_2024 = (
    "8662/VPCP-KGVX",
    dt.date(2023, 11, 3),
    GOVERNMENT_OFFICE,
    "Quốc khánh 2024: nghỉ từ thứ Bảy 31/8 đến hết thứ Ba 03/9/2024.",
)
SWAP_2024 = (
    "2450/VPCP-KGVX",
    dt.date(2024, 4, 12),
    GOVERNMENT_OFFICE,
    "Hoán đổi ngày làm việc thứ Hai 29/4/2024 sang thứ Bảy 04/5/2024; nghỉ từ 27/4 đến hết 01/5/2024.",
)
YEAR_2025 = (
    "8726/VPCP-KGVX",
    dt.date(2024, 11, 26),
    GOVERNMENT_OFFICE,
    "Nghỉ Tết Ất Tỵ từ 25/01 đến hết 02/02/2025 (5 ngày Tết 27/01-31/01); hoán đổi thứ Sáu 02/5 "
    "sang thứ Bảy 26/4/2025; Quốc khánh từ 30/8 đến hết 02/9/2025.",
)
NEW_YEAR_2026 = (
    "12729/VPCP-KGVX",
    dt.date(2025, 12, 25),
    GOVERNMENT_OFFICE,
    "Tết Dương lịch 2026: nghỉ từ thứ Năm 01/01 đến hết Chủ nhật 04/01/2026; hoán đổi ngày làm "
    "việc thứ Sáu 02/01 sang thứ Bảy 10/01/2026.",
)
YEAR_2026 = (
    "9441/TB-BNV",
    dt.date(2025, 10, 16),
    HOME_AFFAIRS,
    "Theo ý kiến Thủ tướng Chính phủ (VPCP, tháng 10/2025): Tết Bính Ngọ nghỉ từ 14/02 đến hết "
    "22/02/2026 (5 ngày Tết 16/02-20/02); Quốc khánh nghỉ từ 29/8 đến hết 02/9/2026, hoán đổi thứ "
    "Hai 31/8 sang thứ Bảy 22/8/2026.",
)

OFF, SWAP_OFF, MAKE_UP = "announced_day_off", "swapped_day_off", "makeup_working_day"

ROWS = [
    *[(dt.date(2024, 2, day), OFF, TET_2024) for day in (8, 9, 12, 13, 14)],
    (dt.date(2024, 4, 29), SWAP_OFF, SWAP_2024),
    (dt.date(2024, 5, 4), MAKE_UP, SWAP_2024),
    (dt.date(2024, 9, 3), OFF, NATIONAL_DAY_2024),
    *[(dt.date(2025, 1, day), OFF, YEAR_2025) for day in (27, 28, 29, 30, 31)],
    (dt.date(2025, 4, 26), MAKE_UP, YEAR_2025),
    (dt.date(2025, 5, 2), SWAP_OFF, YEAR_2025),
    (dt.date(2025, 9, 1), OFF, YEAR_2025),
    (dt.date(2026, 1, 2), SWAP_OFF, NEW_YEAR_2026),
    (dt.date(2026, 1, 10), MAKE_UP, NEW_YEAR_2026),
    *[(dt.date(2026, 2, day), OFF, YEAR_2026) for day in (16, 17, 18, 19, 20)],
    (dt.date(2026, 8, 22), MAKE_UP, YEAR_2026),
    (dt.date(2026, 8, 31), SWAP_OFF, YEAR_2026),
    (dt.date(2026, 9, 1), OFF, YEAR_2026),
]


def load(apps, schema_editor):
    NationalDayChange = apps.get_model("center", "NationalDayChange")
    for day, kind, (number, issued, issuer, note) in ROWS:
        NationalDayChange.objects.update_or_create(
            date=day,
            defaults={
                "is_working_day": kind == MAKE_UP,
                "kind": kind,
                "document_number": number,
                "document_date": issued,
                "issuer": issuer,
                "note": note,
            },
        )


def unload(apps, schema_editor):
    apps.get_model("center", "NationalDayChange").objects.filter(date__in=[row[0] for row in ROWS]).delete()


class Migration(migrations.Migration):
    dependencies = [("center", "0005_national_day_change")]

    operations = [migrations.RunPython(load, unload)]
