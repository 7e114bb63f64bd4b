"""The admin site's rows of the permission matrix (tests/security/matrix.py explains the outcomes)."""

from __future__ import annotations

from django.contrib.auth.models import Group, User

from counters.models import default_site_id
from tests.security.conftest import World
from tests.security.matrix import (
    ADMIN_LOGIN,
    FORBIDDEN,
    MOVED,
    NOT_FOUND,
    OK,
    Case,
    Outcome,
    by_role,
    done,
    dossier_state,
)

# --- the admin site: one row per registered model, what the administrator may do there -----------------
# v: view (list, object page, history), a: add, c: change, d: delete. Everybody else is not staff and is
# sent to the admin's login page. Dossiers, alerts and the access log are read-only by design: they change
# only through the services (which audit) or not at all.
ADMIN_MODELS: dict[str, str] = {
    "auth.group": "v",
    "auth.user": "vacd",
    "authtoken.tokenproxy": "",
    "axes.accessattempt": "",
    "axes.accesslog": "",
    "axes.accessfailurelog": "",
    "center.calendaroverride": "vacd",
    "center.nationaldaychange": "vacd",
    "center.personaldataaccess": "v",
    "procedures.agency": "vacd",
    "procedures.field": "vacd",
    "procedures.procedure": "vacd",
    "counters.counter": "vacd",
    "counters.site": "vacd",
    "counters.staffprofile": "vacd",
    "counters.servicegroup": "vacd",
    "counters.kioskdevice": "vcd",  # added from the kiosk's own screen (/lay-so/dang-ky-may/), not here
    "counters.ticket": "",
    "counters.counterslip": "",
    "dossiers.dossier": "v",
    "monitoring.staffcontact": "",
    "monitoring.alert": "",
    "monitoring.outboxmessage": "",
    "monitoring.sweepstate": "",
    "monitoring.periodicreport": "",
}


def _admin_object(label: str) -> str:
    from django.apps import apps

    model = apps.get_model(label)
    obj = model.objects.order_by("pk").first()
    assert obj is not None, f"the scenario makes no {label} for the admin's pages"
    return str(obj.pk)


def _admin(outcome: Outcome) -> dict[str, Outcome]:
    return by_role(ADMIN_LOGIN, administrator=outcome)


def _allowed(may: bool) -> Outcome:
    return OK if may else FORBIDDEN


def admin_cases() -> list[Case]:
    cases = [
        Case("admin/", lambda w: "/admin/", _admin(OK)),
        Case("admin/login/", lambda w: "/admin/login/", by_role(OK, administrator=MOVED)),
        # Signed out either way; the administrator lands on the portal (LOGOUT_REDIRECT_URL).
        Case(
            "admin/logout/",
            lambda w: "/admin/logout/",
            by_role(Outcome(302, "/admin/"), administrator=MOVED),
            "POST",
            lambda w: {},
        ),
        Case("admin/password_change/", lambda w: "/admin/password_change/", _admin(OK)),
        Case("admin/password_change/done/", lambda w: "/admin/password_change/done/", _admin(OK)),
        Case(
            "admin/auth/user/<id>/password/",
            lambda w: f"/admin/auth/user/{w.users['counter'].pk}/password/",
            _admin(OK),
        ),
        Case("admin/jsi18n/", lambda w: "/admin/jsi18n/", _admin(OK)),
        Case(
            "admin/autocomplete/",
            lambda w: "/admin/autocomplete/?app_label=counters&model_name=staffprofile&field_name=agency",
            _admin(OK),
        ),
        Case(
            "admin/r/<path:content_type_id>/<path:object_id>/",
            lambda w: f"/admin/r/{_content_type('procedures.agency')}/{w.agency_a.pk}/",
            _admin(NOT_FOUND),
        ),
        Case(
            "admin/(?P<app_label>authtoken|axes|center|auth|procedures|counters|dossiers|monitoring)/$",
            lambda w: "/admin/procedures/",
            _admin(OK),
        ),
        Case(
            "admin/(?P<app_label>authtoken|axes|center|auth|procedures|counters|dossiers|monitoring)/$",
            lambda w: "/admin/axes/",
            _admin(NOT_FOUND),
            label="admin/axes/ (no permission in the app)",
        ),
        Case("admin/(?P<url>.*)$", lambda w: "/admin/khong-co-trang-nay/", _admin(NOT_FOUND)),
        Case(
            "admin/dossiers/dossier/<path:object_id>/delete/",
            lambda w: f"/admin/dossiers/dossier/{w.dossier.pk}/delete/",
            _admin(FORBIDDEN),
            "POST",
            lambda w: {"post": "yes"},
            probe=dossier_state,
            label="admin/dossiers/dossier/<id>/delete/ (confirm)",
        ),
    ]
    for label, may in ADMIN_MODELS.items():
        base = f"admin/{label.replace('.', '/')}/"
        view, change = "v" in may or "c" in may, "c" in may

        def obj(w, label=label):
            return _admin_object(label)

        cases += [
            Case(base, lambda w, base=base: f"/{base}", _admin(_allowed(view))),
            Case(f"{base}add/", lambda w, base=base: f"/{base}add/", _admin(_allowed("a" in may))),
            Case(f"{base}<path:object_id>/", lambda w, b=base, o=obj: f"/{b}{o(w)}/", _admin(MOVED)),
            Case(
                f"{base}<path:object_id>/change/",
                lambda w, b=base, o=obj: f"/{b}{o(w)}/change/",
                _admin(_allowed(view or change)),
            ),
            Case(
                f"{base}<path:object_id>/history/",
                lambda w, b=base, o=obj: f"/{b}{o(w)}/history/",
                _admin(_allowed(view or change)),
            ),
            Case(
                f"{base}<path:object_id>/delete/",
                lambda w, b=base, o=obj: f"/{b}{o(w)}/delete/",
                _admin(_allowed("d" in may)),
            ),
        ]
    return cases + account_cases()


# --- what the administrator may do to accounts and roles (center.roles: grantable_groups,
# manageable_accounts): counter and agency staff yes; directors, administrators (themselves included) and
# the roles' permissions are a superuser's. Nobody else is staff, so everybody else meets the login page.
NEW_PASSWORD = "Doi-mat-khau@2026"


def _role_pks(*names: str) -> list[str]:
    return [str(pk) for pk in Group.objects.filter(name__in=names).values_list("pk", flat=True)]


def _new_account(*role_names: str, agency=None) -> dict:
    """The add page as filled in: a name, a password, roles and the staff profile inline."""
    return {
        "username": "tai_khoan_moi",
        "usable_password": "true",
        "password1": NEW_PASSWORD,
        "password2": NEW_PASSWORD,
        "groups": _role_pks(*role_names),
        **_profile_inline(agency=agency),
    }


def _profile_inline(*, profile=None, agency=None) -> dict:
    prefix = "staff_profile"
    return {
        f"{prefix}-TOTAL_FORMS": "1",
        f"{prefix}-INITIAL_FORMS": "1" if profile else "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1",
        f"{prefix}-0-id": str(profile.pk) if profile else "",
        f"{prefix}-0-user": str(profile.user_id) if profile else "",
        f"{prefix}-0-agency": str(agency.pk) if agency else "",
        f"{prefix}-0-counter": str(profile.counter_id or "") if profile else "",
        f"{prefix}-0-site": str(profile.site_id if profile else default_site_id()),
        f"{prefix}-0-title": "",
    }


def _account_change(user, *role_names: str) -> dict:
    """The change page as filled in, with these roles."""
    return {
        "username": user.username,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "is_active": "on",
        "groups": _role_pks(*role_names),
        "date_joined_0": user.date_joined.date().isoformat(),
        "date_joined_1": "08:00:00",
        **_profile_inline(profile=user.staff_profile, agency=user.staff_profile.agency),
    }


def _bulk_delete(*users) -> dict:
    return {"action": "delete_selected", "_selected_action": [str(user.pk) for user in users], "post": "yes"}


def account_count(w: World):
    return User.objects.count()


def account_state(key: str):
    """An account's rows the admin could change: its name, password, status, roles and agency."""

    def probe(w: World):
        user = User.objects.filter(pk=w.users[key].pk).first()
        if user is None:
            return None
        profile = getattr(user, "staff_profile", None)
        roles_held = sorted(user.groups.values_list("name", flat=True))
        return user.username, user.password, user.is_active, roles_held, profile and profile.agency_id

    return probe


def role_state(w: World):
    return sorted(Group.objects.values_list("name", "permissions"), key=str)


def account_cases() -> list[Case]:
    from center import roles

    user_change = "admin/auth/user/<path:object_id>/change/"
    password = "admin/auth/user/<id>/password/"

    def change(key: str):
        return lambda w: f"/admin/auth/user/{w.users[key].pk}/change/"

    def password_of(key: str):
        return lambda w: f"/admin/auth/user/{w.users[key].pk}/password/"

    new_password = {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    staff_roles = (roles.COUNTER_STAFF, roles.AGENCY_SPECIALIST, roles.AGENCY_LEAD)
    return [
        Case(
            "admin/auth/user/add/",
            lambda w: "/admin/auth/user/add/",
            _admin(done(MOVED)),
            "POST",
            lambda w: _new_account(*staff_roles, agency=w.agency_a),
            probe=account_count,
            label="admin/auth/user/add/ (counter and agency staff, with an agency)",
        ),
        Case(
            "admin/auth/user/add/",
            lambda w: "/admin/auth/user/add/",
            _admin(OK),  # the form again, with the error
            "POST",
            lambda w: _new_account(*staff_roles, roles.CENTER_DIRECTOR, agency=w.agency_a),
            probe=account_count,
            label="admin/auth/user/add/ (a director)",
        ),
        Case(
            "admin/auth/user/add/",
            lambda w: "/admin/auth/user/add/",
            _admin(OK),
            "POST",
            lambda w: _new_account(roles.AGENCY_SPECIALIST),
            probe=account_count,
            label="admin/auth/user/add/ (a specialist without an agency)",
        ),
        Case(
            user_change,
            change("specialist_b"),
            _admin(done(MOVED)),
            "POST",
            lambda w: _account_change(w.users["specialist_b"], roles.AGENCY_LEAD),
            probe=account_state("specialist_b"),
            label="admin/auth/user/<id>/change/ (make a specialist a lead)",
        ),
        Case(
            user_change,
            change("counter"),
            _admin(OK),
            "POST",
            lambda w: _account_change(w.users["counter"], roles.COUNTER_STAFF, roles.CENTER_DIRECTOR),
            probe=account_state("counter"),
            label="admin/auth/user/<id>/change/ (make the clerk a director)",
        ),
        Case(
            user_change,
            change("director"),
            _admin(OK),
            label="admin/auth/user/<id>/change/ (the director's, read-only)",
        ),
        *[
            Case(
                user_change,
                change(key),
                _admin(FORBIDDEN),
                "POST",
                lambda w, key=key, held=held: {**_account_change(w.users[key], *held), "is_active": ""},
                probe=account_state(key),
                label=f"admin/auth/user/<id>/change/ (deactivate the {key})",
            )
            for key, held in [
                ("director", (roles.CENTER_DIRECTOR,)),
                ("administrator", (roles.ADMINISTRATOR,)),
            ]
        ],
        Case(
            password,
            password_of("counter"),
            _admin(done(MOVED)),
            "POST",
            lambda w: new_password,
            probe=account_state("counter"),
            label="admin/auth/user/<id>/password/ (the clerk's, set)",
        ),
        *[
            Case(
                password,
                password_of(key),
                _admin(FORBIDDEN),
                method,
                (lambda w: new_password) if method == "POST" else None,
                probe=account_state(key),
                label=f"admin/auth/user/<id>/password/ (the {key}'s{', set' if method == 'POST' else ''})",
            )
            for key in ("director", "administrator")
            for method in ("GET", "POST")
        ],
        Case(
            "admin/auth/user/",
            lambda w: "/admin/auth/user/",
            _admin(done(MOVED)),
            "POST",
            lambda w: _bulk_delete(w.users["specialist_b"]),
            probe=account_count,
            label="admin/auth/user/ (delete selected: a specialist)",
        ),
        # The administrator's own account: refused for want of permission. (The director's access records
        # would protect that account from deletion anyway; test_admin_grants deletes a director without any.)
        Case(
            "admin/auth/user/",
            lambda w: "/admin/auth/user/",
            _admin(FORBIDDEN),
            "POST",
            lambda w: _bulk_delete(w.users["specialist_b"], w.users["administrator"]),
            probe=account_count,
            label="admin/auth/user/ (delete selected: a specialist and the administrator)",
        ),
        Case(
            "admin/auth/user/<path:object_id>/delete/",
            lambda w: f"/admin/auth/user/{w.users['director'].pk}/delete/",
            _admin(FORBIDDEN),
            "POST",
            lambda w: {"post": "yes"},
            probe=account_count,
            label="admin/auth/user/<id>/delete/ (the director, confirm)",
        ),
        Case(
            "admin/counters/staffprofile/<path:object_id>/change/",
            lambda w: f"/admin/counters/staffprofile/{w.users['director'].staff_profile.pk}/change/",
            _admin(FORBIDDEN),
            "POST",
            lambda w: {"user": str(w.users["director"].pk), "agency": str(w.agency_a.pk), "counter": "", "title": ""},
            probe=account_state("director"),
            label="admin/counters/staffprofile/<id>/change/ (the director's agency)",
        ),
        Case(
            "admin/auth/group/<path:object_id>/change/",
            lambda w: f"/admin/auth/group/{_role_pks(roles.COUNTER_STAFF)[0]}/change/",
            _admin(FORBIDDEN),
            "POST",
            lambda w: {"name": roles.COUNTER_STAFF, "permissions": _role_permission_pks(roles.ADMINISTRATOR)},
            probe=role_state,
            label="admin/auth/group/<id>/change/ (a role's permissions)",
        ),
    ]


def _role_permission_pks(name: str) -> list[str]:
    return [str(pk) for pk in Group.objects.get(name=name).permissions.values_list("pk", flat=True)]


def _content_type(label: str) -> int:
    from django.contrib.contenttypes.models import ContentType

    app_label, model = label.split(".")
    return ContentType.objects.get(app_label=app_label, model=model).pk
