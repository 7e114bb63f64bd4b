"""Every showing of an applicant's personal data to staff is recorded: who, which dossier, why, from where
(Law on Personal Data Protection 91/2025/QH15); the record is read-only, in the admin site too."""

import logging

import pytest
from django.db import IntegrityError, transaction

from center import roles
from center.models import AccessPurpose, PersonalDataAccess
from center.privacy import personal_data_access_record, personal_data_shown
from counters.models import SlipKind
from counters.services import counter_slip_issue
from dossiers import services
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

ID_NUMBER, PHONE = "001203004567", "0912345678"


@pytest.fixture
def dossier(procedure, clerk):
    return services.dossier_receive(
        procedure=procedure, applicant=services.Applicant("Nguyễn Văn An", ID_NUMBER, PHONE), by=clerk
    )


def test_reading_a_dossier_over_the_api_records_who_which_why_and_from_where(api_as, dossier, specialist):
    response = api_as(specialist).get(f"/api/v1/dossiers/{dossier.code}/", REMOTE_ADDR="203.0.113.7")

    assert response.status_code == 200 and response.json()["applicant_id_number"] == ID_NUMBER
    access = PersonalDataAccess.objects.get()
    assert access.user == specialist
    assert (access.dossier_id, access.dossier_code) == (dossier.pk, dossier.code)
    assert access.purpose == AccessPurpose.DOSSIER_PROCESSING
    assert access.view_name == "api-dossier"
    assert access.ip_address == "203.0.113.7"


def test_each_showing_is_one_record(api_as, dossier, specialist):
    for _ in range(3):
        api_as(specialist).get(f"/api/v1/dossiers/{dossier.code}/")
    assert PersonalDataAccess.objects.filter(user=specialist, dossier_code=dossier.code).count() == 3


def test_a_dossier_of_another_agency_is_not_shown_and_nothing_is_recorded(api_as, dossier, other_specialist):
    assert api_as(other_specialist).get(f"/api/v1/dossiers/{dossier.code}/").status_code == 404
    assert not PersonalDataAccess.objects.exists()


def test_anonymous_callers_see_nothing_and_nothing_is_recorded(api, dossier):
    assert api.get(f"/api/v1/dossiers/{dossier.code}/").status_code in (401, 403)
    assert not PersonalDataAccess.objects.exists()


def test_an_action_answers_with_the_applicant_and_is_recorded(api_as, dossier, clerk):
    response = api_as(clerk).post(
        f"/api/v1/dossiers/{dossier.code}/transfer/", {"version": dossier.version}, format="json"
    )

    assert response.status_code == 200 and response.json()["applicant_phone"] == PHONE
    access = PersonalDataAccess.objects.get()
    assert (access.user, access.view_name) == (clerk, "api-dossier-action")


def test_a_refused_action_shows_nothing_and_records_nothing(api_as, dossier, clerk):
    response = api_as(clerk).post(
        f"/api/v1/dossiers/{dossier.code}/resolve/", {"version": dossier.version}, format="json"
    )

    assert response.status_code in (403, 409)
    assert "applicant_phone" not in response.json()
    assert not PersonalDataAccess.objects.exists()


def test_the_list_shows_no_personal_data_and_records_nothing(api_as, dossier, clerk):
    response = api_as(clerk).get("/api/v1/dossiers/")

    assert response.status_code == 200
    assert ID_NUMBER not in response.content.decode() and PHONE not in response.content.decode()
    assert not PersonalDataAccess.objects.exists()


def test_behind_a_trusted_proxy_the_client_address_is_recorded(settings, api_as, dossier, clerk):
    settings.RATELIMIT_PROXY_COUNT = 1
    api_as(clerk).get(f"/api/v1/dossiers/{dossier.code}/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="198.51.100.9")
    assert PersonalDataAccess.objects.get().ip_address == "198.51.100.9"


def test_a_forged_address_is_not_stored_and_the_dossier_is_still_shown(settings, api_as, dossier, clerk):
    settings.RATELIMIT_PROXY_COUNT = 1
    response = api_as(clerk).get(f"/api/v1/dossiers/{dossier.code}/", HTTP_X_FORWARDED_FOR="<script>")

    assert response.status_code == 200
    assert PersonalDataAccess.objects.get().ip_address is None


def test_records_are_append_only(dossier, clerk):
    access = personal_data_access_record(user=clerk, dossier=dossier, purpose=AccessPurpose.SLIP_PRINTING)

    with pytest.raises(ValueError):
        access.save()
    with pytest.raises(ValueError):
        access.delete()
    assert PersonalDataAccess.objects.get().purpose == AccessPurpose.SLIP_PRINTING


def test_an_access_without_a_known_purpose_is_refused(dossier, clerk):
    with pytest.raises(ValueError):
        personal_data_access_record(user=clerk, dossier=dossier, purpose="curiosity")
    assert not PersonalDataAccess.objects.exists()


def test_the_named_event_carries_ids_only(caplog, dossier, clerk):
    with caplog.at_level(logging.INFO, logger="center.privacy"):
        personal_data_access_record(user=clerk, dossier=dossier, purpose=AccessPurpose.DOSSIER_PROCESSING)

    (record,) = [r for r in caplog.records if r.name == "center.privacy"]
    assert record.getMessage() == "personal_data_access"
    assert (record.dossier_ids, record.user_id, record.purpose) == ([dossier.pk], clerk.pk, "dossier_processing")
    assert ID_NUMBER not in caplog.text and PHONE not in caplog.text and "Nguyễn" not in caplog.text


def test_a_page_of_many_dossiers_is_recorded_like_any_page_in_one_insert_at_one_time(
    caplog, django_assert_num_queries, procedure, dossier, clerk
):
    """The register's many dossiers are recorded as `personal_data_shown` records a page: one insert, one
    time for the whole showing, and the same named event with the ids."""
    other = services.dossier_receive(
        procedure=procedure, applicant=services.Applicant("Trần Thị Bình", "001203004568", "0912345679"), by=clerk
    )
    with caplog.at_level(logging.INFO, logger="center.privacy"), django_assert_num_queries(1):
        shown = [dossier, other]
        recorded = len(personal_data_shown(user=clerk, dossiers=shown, purpose=AccessPurpose.REGISTER))

    assert recorded == 2
    rows = PersonalDataAccess.objects.filter(purpose=AccessPurpose.REGISTER)
    assert sorted(rows.values_list("dossier_code", flat=True)) == sorted([dossier.code, other.code])
    assert len({row.at for row in rows}) == 1
    (event,) = [r for r in caplog.records if r.name == "center.privacy"]
    assert event.getMessage() == "personal_data_access"
    assert sorted(event.dossier_ids) == sorted([dossier.pk, other.pk])


def test_a_page_of_many_dossiers_without_a_known_purpose_records_nothing(dossier, clerk):
    with pytest.raises(ValueError):
        personal_data_shown(user=clerk, dossiers=[dossier], purpose="curiosity")
    assert not PersonalDataAccess.objects.exists()


# --- the admin site -------------------------------------------------------------------------------


@pytest.fixture
def administrator(db):
    return UserFactory(username="quantri", role=roles.ADMINISTRATOR, is_staff=True)


@pytest.fixture
def access(dossier, specialist):
    return personal_data_access_record(user=specialist, dossier=dossier, purpose=AccessPurpose.DOSSIER_PROCESSING)


def test_the_administrator_reads_the_access_log(client, administrator, access):
    client.force_login(administrator)

    page = client.get("/admin/center/personaldataaccess/")
    assert page.status_code == 200
    assert access.dossier_code in page.content.decode() and "Xử lý hồ sơ" in page.content.decode()
    assert client.get(f"/admin/center/personaldataaccess/{access.pk}/change/").status_code == 200


def test_nobody_adds_changes_or_deletes_an_access_record_in_the_admin(client, administrator, access):
    client.force_login(administrator)
    url = f"/admin/center/personaldataaccess/{access.pk}"

    assert client.get("/admin/center/personaldataaccess/add/").status_code == 403
    assert client.post(f"{url}/change/", {"purpose": "supervision"}).status_code == 403
    assert client.post(f"{url}/delete/", {"post": "yes"}).status_code == 403
    assert PersonalDataAccess.objects.get().purpose == AccessPurpose.DOSSIER_PROCESSING


def test_staff_without_the_permission_cannot_open_the_access_log(client, access):
    clerk_with_admin_access = UserFactory(role=roles.COUNTER_STAFF, is_staff=True)
    client.force_login(clerk_with_admin_access)
    assert client.get("/admin/center/personaldataaccess/").status_code == 403


def test_the_access_log_is_filtered_by_purpose(client, administrator, access, dossier, director):
    supervised = personal_data_access_record(user=director, dossier=dossier, purpose=AccessPurpose.SUPERVISION)
    client.force_login(administrator)

    page = client.get("/admin/center/personaldataaccess/", {"purpose__exact": "supervision"})
    assert list(page.context["cl"].result_list) == [supervised]


def test_searching_the_log_for_an_id_number_finds_the_searches_made_with_it(client, administrator, specialist):
    searched = personal_data_shown(user=specialist, purpose=AccessPurpose.DOSSIER_PROCESSING, search=ID_NUMBER)
    personal_data_shown(user=specialist, purpose=AccessPurpose.DOSSIER_PROCESSING, search="079099000001")
    client.force_login(administrator)

    page = client.get("/admin/center/personaldataaccess/", {"q": f"{ID_NUMBER} "})
    assert list(page.context["cl"].result_list) == searched


def test_a_counter_slips_admin_page_records_the_access(client, procedure, clerk):
    slip = counter_slip_issue(
        kind=SlipKind.REFUSAL, procedure=procedure, applicant_name="Lê Thị Cúc", applicant_phone=PHONE,
        reason="Không thuộc thẩm quyền", by=clerk,
    )  # fmt: skip
    root = UserFactory(username="root", is_superuser=True, is_staff=True)
    client.force_login(root)

    assert client.get(f"/admin/counters/counterslip/{slip.pk}/change/").status_code == 200
    access = PersonalDataAccess.objects.get()
    assert (access.user, access.counter_slip_number, access.purpose) == (root, slip.number, "administration")


def test_a_record_must_say_what_was_shown(clerk):
    with pytest.raises(IntegrityError), transaction.atomic():
        PersonalDataAccess.objects.create(user=clerk, purpose=AccessPurpose.SUPERVISION)
