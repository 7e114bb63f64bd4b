"""Dates are typed day first (03/12/2026 is 3 December) in every language, ISO accepted too: a date is
never silently read month first (issue: a holiday typed 04/12/2026 in the admin was saved as 12 April)."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from center import roles
from center.models import CalendarOverride
from dossiers.workflow import DossierStatus as S
from tests.factories import DossierFactory, UserFactory

TYPED = [
    ("04/12/2026", dt.date(2026, 12, 4)),
    ("13/12/2026", dt.date(2026, 12, 13)),
    ("2026-12-05", dt.date(2026, 12, 5)),
]


@pytest.mark.parametrize("language", ["vi", "en"])
@pytest.mark.parametrize(("typed", "day"), TYPED)
def test_a_calendar_override_typed_in_the_admin_stores_exactly_that_day(client, db, typed, day, language):
    client.force_login(UserFactory(username="administrator", role=roles.ADMINISTRATOR, is_staff=True))
    client.cookies["django_language"] = language

    response = client.post(
        "/admin/center/calendaroverride/add/", {"date": typed, "is_working_day": "", "reason": "Nghỉ bù"}
    )

    assert response.status_code == 302, response.content.decode()[:1000]
    assert CalendarOverride.objects.get().date == day


def test_the_admin_shows_a_stored_day_first(client, db):
    override = CalendarOverride.objects.create(date=dt.date(2026, 12, 4), is_working_day=False, reason="x")
    client.force_login(UserFactory(username="administrator", role=roles.ADMINISTRATOR, is_staff=True))

    page = client.get(f"/admin/center/calendaroverride/{override.pk}/change/").content.decode()

    assert 'value="04/12/2026"' in page


def local(day: dt.date, hour: int = 10) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


@pytest.mark.parametrize(("typed", "day"), TYPED)
def test_the_worklist_filter_reads_a_typed_date_day_first(client, clerk, procedure, typed, day):
    wanted = DossierFactory(procedure=procedure, status=S.RECEIVED, received_at=local(day))
    # The same digits read month first: 12 April / (no 13th month) / 12 May: must not be listed.
    DossierFactory(procedure=procedure, status=S.RECEIVED, received_at=local(dt.date(2026, day.month, 1)))
    DossierFactory(procedure=procedure, status=S.RECEIVED, received_at=local(dt.date(2026, 4, 12)))
    client.force_login(clerk)

    response = client.get(reverse("staff-home"), {"list": "tat-ca", "received_from": typed, "received_to": typed})

    assert response.status_code == 200
    assert [dossier.code for dossier, _left in response.context["rows"]] == [wanted.code]


def test_the_worklist_date_boxes_show_the_format(client, clerk):
    client.force_login(clerk)
    page = client.get(reverse("staff-home")).content.decode()
    box = page[page.index('name="received_from"') :].split(">", 1)[0]
    assert 'placeholder="nn/tt/nnnn"' in box


@pytest.mark.parametrize("typed", ["31/12/9999", "9999-12-31", "01/01/0001"])
def test_a_calendar_override_outside_the_portals_dates_is_a_form_error(client, db, typed):
    client.force_login(UserFactory(username="administrator", role=roles.ADMINISTRATOR, is_staff=True))

    response = client.post("/admin/center/calendaroverride/add/", {"date": typed, "reason": "x"})

    assert response.status_code == 200
    assert "Nhập ngày trong khoảng từ 01/01/2000 đến 31/12/2100." in response.content.decode()
    assert not CalendarOverride.objects.exists()
