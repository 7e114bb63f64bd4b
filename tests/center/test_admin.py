"""The administrator manages master data in the admin site, in Vietnamese."""

import pytest

from center import roles
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def administrator():
    return UserFactory(username="quantri", role=roles.ADMINISTRATOR, is_staff=True)


@pytest.mark.parametrize(
    "url",
    [
        "/admin/procedures/agency/",
        "/admin/procedures/field/",
        "/admin/procedures/procedure/",
        "/admin/procedures/procedure/add/",
        "/admin/counters/counter/",
        "/admin/counters/staffprofile/",
        "/admin/center/calendaroverride/add/",
        "/admin/center/nationaldaychange/",
        "/admin/center/nationaldaychange/add/",
        "/admin/auth/user/",
    ],
)
def test_administrator_opens_master_data_pages(client, administrator, procedure, url):
    client.force_login(administrator)
    response = client.get(url)
    assert response.status_code == 200
    assert 'lang="vi"' in response.content.decode()


def test_administrator_edits_a_procedure_with_documents(client, administrator, procedure):
    client.force_login(administrator)
    page = client.get(f"/admin/procedures/procedure/{procedure.pk}/change/").content.decode()
    assert "Thành phần hồ sơ" in page and "Đơn đề nghị" in page


def test_counter_staff_cannot_enter_the_admin(client, clerk):
    client.force_login(clerk)
    assert client.get("/admin/procedures/procedure/").status_code == 302


def test_calendar_override_is_saved_from_the_admin(client, administrator):
    from center.models import CalendarOverride

    client.force_login(administrator)
    response = client.post(
        "/admin/center/calendaroverride/add/",
        {"date": "01/12/2026", "is_working_day": "", "reason": "Nghỉ bù theo quyết định của UBND tỉnh"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert CalendarOverride.objects.get().is_working_day is False


def test_migrate_alone_gives_every_role_its_permissions(db):
    """No call to ensure_roles here: the groups were filled when the test database was migrated."""
    from django.contrib.auth.models import Group

    codenames = set(Group.objects.get(name=roles.COUNTER_STAFF).permissions.values_list("codename", flat=True))
    assert {"receive_dossier", "return_dossier", "view_dossier"} <= codenames
    lead = set(Group.objects.get(name=roles.AGENCY_LEAD).permissions.values_list("codename", flat=True))
    assert "view_dashboard" in lead
