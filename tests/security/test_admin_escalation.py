"""The administrator manages accounts and roles in the admin site, but cannot raise their own rights:
no superuser status, no permissions outside the roles, no new role for themselves, and no hand on a
superuser's account (whose password would open every door). Who may grant what to others:
test_admin_grants.py."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import Group, Permission, User

from center import roles
from tests.factories import UserFactory


@pytest.fixture
def administrator(db):
    return UserFactory(username="administrator", role=roles.ADMINISTRATOR, is_staff=True)


def change_form(client, user: User) -> dict:
    """The user's change form as the admin page fills it (every field, inline included)."""
    page = client.get(f"/admin/auth/user/{user.pk}/change/").content.decode()
    data: dict = {}
    for name in dict.fromkeys(re.findall(r'<input[^>]*name="([^"]+)"', page)):
        value = re.search(rf'name="{re.escape(name)}"[^>]*value="([^"]*)"', page)
        if value and "__prefix__" not in name and not name.startswith("_"):
            data[name] = value.group(1)
    for name, options in re.findall(r'<select[^>]*name="([^"]+)"[^>]*>(.*?)</select>', page, re.S):
        chosen = re.search(r'<option value="([^"]*)"[^>]*selected', options)
        if chosen and "__prefix__" not in name:
            data[name] = chosen.group(1)
    data["groups"] = [str(pk) for pk in user.groups.values_list("pk", flat=True)]
    data.update(is_active="on", is_staff="on" if user.is_staff else "")
    return data


def test_the_administrator_cannot_make_themselves_superuser_or_give_themselves_rights(client, administrator):
    client.force_login(administrator)
    lead = Group.objects.get(name=roles.AGENCY_LEAD)
    anything = Permission.objects.get(codename="process_dossier")
    data = change_form(client, administrator)
    data.update(is_superuser="on", groups=[*data["groups"], str(lead.pk)], user_permissions=[str(anything.pk)])

    response = client.post(f"/admin/auth/user/{administrator.pk}/change/", data)

    # Their own account holds the administrator role, which only a superuser touches (center.roles).
    assert response.status_code == 403
    administrator.refresh_from_db()
    assert not administrator.is_superuser
    assert set(administrator.groups.values_list("name", flat=True)) == {roles.ADMINISTRATOR}
    assert not administrator.user_permissions.exists()
    assert not User.objects.get(pk=administrator.pk).has_perm("dossiers.process_dossier")


def test_the_administrator_still_gives_other_staff_their_roles(client, administrator):
    clerk = UserFactory(username="new_clerk", is_staff=False)
    client.force_login(administrator)
    data = change_form(client, clerk)
    data["groups"] = [str(Group.objects.get(name=roles.COUNTER_STAFF).pk)]

    assert client.post(f"/admin/auth/user/{clerk.pk}/change/", data).status_code == 302
    assert list(clerk.groups.values_list("name", flat=True)) == [roles.COUNTER_STAFF]


@pytest.mark.parametrize("page", ["password/", "delete/"])
def test_a_superusers_account_is_out_of_the_administrators_reach(client, administrator, page):
    root = User.objects.create_superuser("root", "root@example.vn", "Root@2026-long")
    client.force_login(administrator)

    assert client.get(f"/admin/auth/user/{root.pk}/{page}").status_code == 403
    new_password = {"password1": "X@1234567890", "password2": "X@1234567890"}
    assert client.post(f"/admin/auth/user/{root.pk}/password/", new_password).status_code == 403
    assert client.post(f"/admin/auth/user/{root.pk}/change/", {"username": "root", "is_active": ""}).status_code == 403
    root.refresh_from_db()
    assert root.check_password("Root@2026-long") and root.is_active and root.is_superuser
