"""The admin site's rows of the permission matrix (tests/security/matrix.py explains the outcomes)."""

from __future__ import annotations

from tests.security.matrix import (
    ADMIN_LOGIN,
    FORBIDDEN,
    MOVED,
    NOT_FOUND,
    OK,
    Case,
    Outcome,
    by_role,
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
    "center.personaldataaccess": "v",
    "procedures.agency": "vacd",
    "procedures.field": "vacd",
    "procedures.procedure": "vacd",
    "counters.counter": "vacd",
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
            "admin/(?P<app_label>auth|authtoken|axes|center|procedures|counters|dossiers|monitoring)/$",
            lambda w: "/admin/procedures/",
            _admin(OK),
        ),
        Case(
            "admin/(?P<app_label>auth|authtoken|axes|center|procedures|counters|dossiers|monitoring)/$",
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
    return cases


def _content_type(label: str) -> int:
    from django.contrib.contenttypes.models import ContentType

    app_label, model = label.split(".")
    return ContentType.objects.get(app_label=app_label, model=model).pk
