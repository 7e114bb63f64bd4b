"""Who may grant which role (center.roles): an administrator staffs the counters and the agencies; only a
superuser makes a director or an administrator, or touches such an account. Issue 10 item 2: an
administrator gave an account the counter, specialist, lead and director roles, which then opened the
dashboard and acted on any agency's dossiers, and reset the director's password."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group, Permission, User
from django.urls import reverse

from center import roles
from counters.models import StaffProfile, default_site_id
from tests.factories import TEST_PASSWORD, UserFactory
from tests.security.test_admin_escalation import change_form

pytestmark = pytest.mark.django_db
PASSWORD = "Cap-quyen@2026-dai"


@pytest.fixture
def administrator():
    return UserFactory(username="quantri", role=roles.ADMINISTRATOR, is_staff=True)


@pytest.fixture
def director():
    return UserFactory(username="giamdoc", role=roles.CENTER_DIRECTOR, email="gd@example.vn")


def group_pks(*names: str) -> list[str]:
    return [str(Group.objects.get(name=name).pk) for name in names]


def add_form(username: str, groups: list[str], agency=None) -> dict:
    """The add page's fields, the staff profile inline included."""
    return {
        "username": username,
        "usable_password": "true",
        "password1": PASSWORD,
        "password2": PASSWORD,
        "groups": groups,
        "staff_profile-TOTAL_FORMS": "1",
        "staff_profile-INITIAL_FORMS": "0",
        "staff_profile-MIN_NUM_FORMS": "0",
        "staff_profile-MAX_NUM_FORMS": "1",
        "staff_profile-0-agency": str(agency.pk) if agency else "",
        "staff_profile-0-counter": "",
        "staff_profile-0-site": str(default_site_id()),
        "staff_profile-0-title": "",
    }


EVERY_ROLE_BUT_ADMIN = (roles.COUNTER_STAFF, roles.AGENCY_SPECIALIST, roles.AGENCY_LEAD, roles.CENTER_DIRECTOR)


def test_the_administrator_cannot_create_an_account_with_the_director_role(client, administrator, agency):
    client.force_login(administrator)

    response = client.post("/admin/auth/user/add/", add_form("leo_thang", group_pks(*EVERY_ROLE_BUT_ADMIN), agency))

    assert response.status_code == 200
    assert "Bạn chỉ được cấp các vai trò sau: Cán bộ tiếp nhận" in response.content.decode()
    assert not User.objects.filter(username="leo_thang").exists()


def test_the_administrator_creates_counter_and_agency_staff_with_their_agency(client, administrator, agency):
    client.force_login(administrator)
    staff_roles = (roles.COUNTER_STAFF, roles.AGENCY_SPECIALIST, roles.AGENCY_LEAD)

    response = client.post("/admin/auth/user/add/", add_form("chuyenvien", group_pks(*staff_roles), agency))

    assert response.status_code == 302, response.content.decode()[-3000:]
    created = User.objects.get(username="chuyenvien")
    assert set(created.groups.values_list("name", flat=True)) == set(staff_roles)
    assert created.staff_profile.agency == agency


def test_the_add_page_offers_only_the_roles_the_administrator_may_grant(client, administrator):
    client.force_login(administrator)
    page = client.get("/admin/auth/user/add/").content.decode()

    offered = {name for name in roles.ROLE_PERMISSIONS if f">{name}</option>" in page}
    assert offered == set(roles.STAFF_ROLES)


def test_the_escalated_account_from_the_issue_gets_no_dashboard(client, administrator):
    account = UserFactory(username="tai_khoan_moi", is_staff=False)
    client.force_login(administrator)
    data = change_form(client, account)
    data["groups"] = group_pks(*EVERY_ROLE_BUT_ADMIN)

    response = client.post(f"/admin/auth/user/{account.pk}/change/", data)

    assert response.status_code == 200
    assert "Các vai trò khác chỉ quản trị viên cấp cao được cấp" in response.content.decode()
    assert not account.groups.exists()
    client.force_login(account)
    assert client.get(reverse("monitoring-dashboard")).status_code == 403


def test_agency_staff_given_by_an_administrator_belong_to_an_agency(client, administrator):
    """Without an agency a specialist would act on every agency's dossiers (center.roles.user_agency_id)."""
    account = UserFactory(username="chua_co_co_quan", is_staff=False)
    client.force_login(administrator)
    data = change_form(client, account)
    data["groups"] = group_pks(roles.AGENCY_SPECIALIST)

    response = client.post(f"/admin/auth/user/{account.pk}/change/", data)

    assert response.status_code == 200
    assert "phải thuộc một cơ quan" in response.content.decode()
    assert not account.groups.exists()


def test_the_directors_password_is_out_of_the_administrators_reach(client, administrator, director):
    client.force_login(administrator)
    new_password = {"password1": "Chiem-quyen@2026", "password2": "Chiem-quyen@2026"}

    assert client.get(f"/admin/auth/user/{director.pk}/password/").status_code == 403
    assert client.post(f"/admin/auth/user/{director.pk}/password/", new_password).status_code == 403
    director.refresh_from_db()
    assert director.check_password(TEST_PASSWORD)


def test_the_administrator_cannot_delete_a_director_in_bulk(client, administrator, director):
    clerk = UserFactory(username="nghi_viec", role=roles.COUNTER_STAFF)
    client.force_login(administrator)
    selected = {"action": "delete_selected", "_selected_action": [str(director.pk), str(clerk.pk)], "post": "yes"}

    assert client.post("/admin/auth/user/", selected).status_code == 403
    assert User.objects.filter(pk__in=[director.pk, clerk.pk]).count() == 2


def test_the_administrator_still_deletes_counter_staff_in_bulk(client, administrator):
    clerk = UserFactory(username="nghi_viec", role=roles.COUNTER_STAFF)
    client.force_login(administrator)
    selected = {"action": "delete_selected", "_selected_action": [str(clerk.pk)], "post": "yes"}

    assert client.post("/admin/auth/user/", selected).status_code == 302
    assert not User.objects.filter(pk=clerk.pk).exists()


@pytest.mark.parametrize("holder", [roles.CENTER_DIRECTOR, roles.ADMINISTRATOR])
def test_a_director_or_another_administrator_is_shown_but_not_changed(client, administrator, holder):
    account = UserFactory(username="nguoi_khac", role=holder, is_staff=holder == roles.ADMINISTRATOR)
    client.force_login(administrator)

    assert client.get(f"/admin/auth/user/{account.pk}/change/").status_code == 200  # read-only
    response = client.post(f"/admin/auth/user/{account.pk}/change/", {"username": "nguoi_khac", "is_active": ""})
    assert response.status_code == 403
    assert client.post(f"/admin/auth/user/{account.pk}/delete/", {"post": "yes"}).status_code == 403
    account.refresh_from_db()
    assert account.is_active


def test_a_directors_staff_profile_is_out_of_the_administrators_reach(client, administrator, director, agency):
    """Setting the director's agency would narrow what the director supervises."""
    profile = director.staff_profile
    client.force_login(administrator)
    data = {"user": str(director.pk), "agency": str(agency.pk), "counter": "", "title": ""}

    assert client.post(f"/admin/counters/staffprofile/{profile.pk}/change/", data).status_code == 403
    profile.delete()
    response = client.post("/admin/counters/staffprofile/add/", data)
    assert response.status_code == 200
    assert "Chỉ quản trị viên cấp cao được quản lý tài khoản này" in response.content.decode()
    assert not StaffProfile.objects.filter(user=director).exists()


def test_the_administrator_cannot_edit_a_roles_permissions_even_if_given_the_right(client, administrator):
    """Even if someone adds auth.change_group to the administrator's role, the admin page stays read-only."""
    own_role = Group.objects.get(name=roles.ADMINISTRATOR)
    own_role.permissions.add(Permission.objects.get(codename="change_group"))
    counter_staff = Group.objects.get(name=roles.COUNTER_STAFF)
    before = set(counter_staff.permissions.all())
    client.force_login(User.objects.get(pk=administrator.pk))
    everything = [str(pk) for pk in Permission.objects.values_list("pk", flat=True)]

    response = client.post(
        f"/admin/auth/group/{counter_staff.pk}/change/", {"name": roles.COUNTER_STAFF, "permissions": everything}
    )

    assert response.status_code == 403
    assert set(counter_staff.permissions.all()) == before


def test_a_superuser_still_makes_a_director(client, agency):
    root = User.objects.create_superuser("root", "root@example.vn", "Root@2026-long")
    client.force_login(root)

    response = client.post("/admin/auth/user/add/", add_form("giamdoc_moi", group_pks(roles.CENTER_DIRECTOR)))

    assert response.status_code == 302
    assert User.objects.get(username="giamdoc_moi").groups.get().name == roles.CENTER_DIRECTOR
