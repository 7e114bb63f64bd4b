"""The public API of sites, slots and appointments, as the issue spells it, and in the OpenAPI schema."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from freezegun import freeze_time

from counters import services
from counters.models import Appointment, AppointmentStatus

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
NOW = dt.datetime(2026, 11, 16, 8, 0, tzinfo=HCM)


@pytest.fixture
def booking_body(group):
    return {
        "site": group.site.code,
        "group": "A",
        "start": "2026-11-17T09:00:00+07:00",
        "applicant_name": "Trần Thị Bình",
        "applicant_phone": "0912345678",
        "applicant_id_number": "001203004567",
    }


def test_sites_list_each_groups_queue(api, group, counter, clerk):
    services.ticket_issue(group=group)
    services.ticket_issue(group=group)
    services.ticket_call_next(counter=counter, by=clerk)
    data = api.get(reverse("api-public-sites")).json()
    site = next(s for s in data if s["code"] == group.site.code)
    assert set(site) == {"code", "name", "kind", "address", "lat", "lon", "open_now", "groups"}
    assert site["groups"] == [
        {"code": "A", "name": "Sở Tài chính", "waiting": 1, "counters_open": 1, "estimated_wait_minutes": 20}
    ]


def test_a_group_with_no_counter_open_has_no_estimate(api, group, counter, clerk):
    from counters.models import StaffProfile

    StaffProfile.objects.update(counter=None)
    data = api.get(reverse("api-public-sites")).json()
    assert data[0]["groups"][0]["counters_open"] == 0
    assert data[0]["groups"][0]["estimated_wait_minutes"] is None


@freeze_time(NOW)
def test_slots_lists_only_free_ones(api, group, counter, booking_body):
    url = reverse("api-public-slots", args=[group.site.code])
    slots = api.get(url, {"group": "A", "date": "2026-11-17"}).json()
    assert slots[0] == {"start": "2026-11-17T07:30:00+07:00", "end": "2026-11-17T08:00:00+07:00", "remaining": 1}
    assert api.post(reverse("api-public-appointments"), booking_body, format="json").status_code == 201
    starts = [s["start"] for s in api.get(url, {"group": "A", "date": "2026-11-17"}).json()]
    assert "2026-11-17T09:00:00+07:00" not in starts and len(starts) == 15


@freeze_time(NOW)
def test_slots_need_a_known_group_and_a_date(api, group, counter):
    url = reverse("api-public-slots", args=[group.site.code])
    assert api.get(url, {"group": "Z", "date": "2026-11-17"}).status_code == 400
    assert api.get(url, {"group": "A", "date": "17-11-2026x"}).status_code == 400
    assert (
        api.get(reverse("api-public-slots", args=["nowhere"]), {"group": "A", "date": "2026-11-17"}).status_code == 404
    )


@freeze_time(NOW)
def test_booking_answers_201_with_the_code_and_cancel_needs_the_phone(api, group, counter, booking_body):
    response = api.post(reverse("api-public-appointments"), booking_body, format="json")
    assert response.status_code == 201
    body = response.json()
    assert set(body) == {"code", "site", "group", "start"} and body["group"] == "A"
    url = reverse("api-public-appointment", args=[body["code"]])
    assert api.delete(url, {"phone": "0987654321"}, format="json").status_code == 404
    assert Appointment.objects.get().status == AppointmentStatus.BOOKED
    assert api.delete(url, {"phone": "0912345678"}, format="json").status_code == 204
    assert Appointment.objects.get().status == AppointmentStatus.CANCELLED
    assert api.delete(url, {"phone": "0912345678"}, format="json").status_code == 409


@freeze_time(NOW)
def test_a_bad_booking_writes_nothing_and_says_why(api, group, counter, booking_body):
    response = api.post(
        reverse("api-public-appointments"), {**booking_body, "applicant_id_number": "12"}, format="json"
    )
    assert response.status_code == 400 and "applicant_id_number" in response.json()["errors"]
    response = api.post(
        reverse("api-public-appointments"), {**booking_body, "start": "2026-11-17T09:10:00+07:00"}, format="json"
    )
    assert response.status_code == 400
    assert not Appointment.objects.exists()


def test_the_schema_describes_the_public_site_endpoints(api, db):
    schema = api.get(reverse("api-schema"), {"format": "json"}).json()
    paths = schema["paths"]
    assert "get" in paths["/api/v1/public/sites/"]
    assert "get" in paths["/api/v1/public/sites/{code}/slots/"]
    assert "post" in paths["/api/v1/public/appointments/"]
    assert "delete" in paths["/api/v1/public/appointments/{code}/"]


@freeze_time(NOW)
def test_a_booking_may_name_the_procedure_instead_of_the_group(api, group, counter, procedure, booking_body):
    body = {key: value for key, value in booking_body.items() if key != "group"}
    slots = api.get(
        reverse("api-public-slots", args=[group.site.code]), {"procedure": procedure.code, "date": "2026-11-17"}
    )
    assert slots.status_code == 200 and len(slots.json()) == 16
    response = api.post(reverse("api-public-appointments"), {**body, "procedure": procedure.code}, format="json")
    assert response.status_code == 201 and response.json()["group"] == "A"
    assert Appointment.objects.get().procedure == procedure
    unknown = api.post(reverse("api-public-appointments"), {**body, "procedure": "9.999999"}, format="json")
    assert unknown.status_code == 400 and "procedure" in unknown.json()["errors"]
