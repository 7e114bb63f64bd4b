"""The permission matrix: for every URL of the portal (keyed by its route, as the URL resolver spells it),
what each role gets. tests/security/test_permission_matrix.py checks that this table covers exactly the
routes the resolver knows, and that every answer is the one written here.

Outcomes: OK (200), LOGIN (302 to the staff login), ADMIN_LOGIN (302 to the admin login), MOVED (302
elsewhere: the normal answer to a form), FORBIDDEN (403), NOT_FOUND (404), and for writes whether the
change happened: `done(...)` says it did; any other outcome of a write says nothing changed.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, replace

from dossiers.models import Dossier, DossierEvent, SatisfactionRating
from dossiers.payments.public import receipt_token
from monitoring.models import Alert, Feedback
from tests.security.conftest import APPLICANT, APPLICANT_B, ROLES, World


@dataclass(frozen=True)
class Outcome:
    status: int
    to: str | None = None  # 302: where the Location must start (None: anywhere but a login page)
    changed: bool = False  # writes: the change happened

    def __str__(self) -> str:
        where = f" -> {self.to}" if self.to else ""
        return f"{self.status}{where}{' (changed)' if self.changed else ''}"


OK = Outcome(200)
MOVED = Outcome(302)
LOGIN = Outcome(302, "/accounts/login/")
ADMIN_LOGIN = Outcome(302, "/admin/login/")
FORBIDDEN = Outcome(403)
BAD_REQUEST = Outcome(400)
NOT_FOUND = Outcome(404)


def done(outcome: Outcome) -> Outcome:
    return replace(outcome, changed=True)


def by_role(default: Outcome, **overrides: Outcome) -> dict[str, Outcome]:
    unknown = set(overrides) - set(ROLES)
    assert not unknown, unknown
    return {role: overrides.get(role, default) for role in ROLES}


def everyone(outcome: Outcome) -> dict[str, Outcome]:
    return by_role(outcome)


def staff(outcome: Outcome, **overrides: Outcome) -> dict[str, Outcome]:
    """Signed-in staff get `outcome` (unless overridden); strangers are sent to the login page."""
    return by_role(outcome, anonymous=overrides.pop("anonymous", LOGIN), **overrides)


@dataclass(frozen=True)
class Case:
    route: str
    path: Callable[[World], str]
    expect: dict[str, Outcome]
    method: str = "GET"
    data: Callable[[World], dict] | None = None
    json: bool = False  # send `data` as a JSON body (API)
    probe: Callable[[World], object] | None = None  # a write's state: changed iff it differs afterwards
    public: bool = False  # the address itself carries the dossier's code and secret
    label: str = ""

    @property
    def id(self) -> str:
        return f"{self.method} {self.label or self.route}"


# --- probes: what a write would change ---------------------------------------------------------------


def dossier_state(w: World):
    return Dossier.objects.count(), DossierEvent.objects.count(), Dossier.objects.get(pk=w.dossier.pk).status


def alert_state(w: World):
    return Alert.objects.filter(acknowledged_at__isnull=False).count()


def feedback_state(w: World):
    return list(Feedback.objects.order_by("pk").values_list("pk", "status", "answer", "agency_id", "sender_satisfied"))


def ticket_state(w: World):
    from counters.models import Ticket

    return list(Ticket.objects.order_by("pk").values_list("pk", "status", "counter_id"))


def kiosk_device_state(w: World):
    from counters.models import KioskDevice

    return list(KioskDevice.objects.order_by("pk").values_list("pk", "name", "is_active"))


def seat_state(w: World):
    from counters.models import StaffProfile

    return list(StaffProfile.objects.order_by("pk").values_list("pk", "counter_id"))


def payment_state(w: World):
    from dossiers.payments.models import Charge, Payment, Receipt

    return Payment.objects.count(), Charge.objects.count(), Receipt.objects.filter(cancelled_at__isnull=False).count()


def default_site():
    from counters.models import default_site as site

    return site()


def appointment_count(w: World):
    from counters.models import Appointment

    return Appointment.objects.count()


def document_state(w: World):
    from dossiers.documents.models import DossierDocument

    return DossierDocument.objects.count()


def a_scan(w: World) -> dict:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from dossiers.documents.samples import sample_pdf

    return {"component": "1", "file": SimpleUploadedFile("don.pdf", sample_pdf(title="Đơn đề nghị"))}


def rating_state(w: World):
    return SatisfactionRating.objects.count()


# --- the table ------------------------------------------------------------------------------------------

SEES_A = staff(OK, specialist_b=NOT_FOUND)  # pages of one of agency A's dossiers
API_SEES_A = staff(OK, anonymous=FORBIDDEN, specialist_b=NOT_FOUND)
COUNTER_ONLY = staff(FORBIDDEN, counter=OK)
DASHBOARD = staff(FORBIDDEN, lead_a=OK, director=OK)
API_DASHBOARD = staff(FORBIDDEN, anonymous=FORBIDDEN, lead_a=OK, director=OK)
FEEDBACK_STAFF = staff(OK, administrator=FORBIDDEN)
REGISTER = staff(FORBIDDEN, counter=OK, lead_a=OK, director=OK)
RESOLVE_PAGE = staff(MOVED, specialist_a=done(MOVED), lead_a=done(MOVED), specialist_b=NOT_FOUND)


def receive_form(w: World) -> dict:
    return {
        "procedure": w.procedure_a.code,
        "receipt_token": str(uuid.uuid4()),
        "documents": [str(doc.pk) for doc in w.procedure_a.documents.all()],
        "applicant_name": "Lê Văn Tám",
        "applicant_id_number": "001203009999",
        "applicant_phone": "0912345678",
        "decision": "receive",
    }


def receive_api(w: World) -> dict:
    return {
        "procedure": w.procedure_a.code,
        "applicant_name": "Lê Văn Tám",
        "applicant_id_number": "001203009999",
        "applicant_phone": "0912345678",
    }


FEEDBACK_FORM = {
    "topic": "conduct",
    "subject": "Thái độ phục vụ",
    "content": "Cán bộ quầy số 3 hướng dẫn rất nhiệt tình.",
    "sender_name": "Trần Thị Bình",
    "sender_phone": "0987654321",
}
RATING_FORM = {"reception": "3", "attitude": "3", "timeliness": "2", "clarity": "3", "result": "3", "comment": ""}


def _secret(d: Dossier) -> str:
    return f"?secret={d.secret}"


CASES: list[Case] = [
    # --- infrastructure, sign-in, language ---
    Case("healthz", lambda w: "/healthz", everyone(OK)),
    Case(
        "i18n/setlang/", lambda w: "/i18n/setlang/", everyone(MOVED), "POST", lambda w: {"language": "vi", "next": "/"}
    ),
    Case("accounts/login/", lambda w: "/accounts/login/", everyone(OK)),
    Case("accounts/logout/", lambda w: "/accounts/logout/", everyone(MOVED), "POST", lambda w: {}),
    Case("accounts/password_change/", lambda w: "/accounts/password_change/", staff(OK)),
    Case("accounts/password_change/done/", lambda w: "/accounts/password_change/done/", staff(OK)),
    Case("accounts/password_reset/", lambda w: "/accounts/password_reset/", everyone(OK)),
    Case("accounts/password_reset/done/", lambda w: "/accounts/password_reset/done/", everyone(OK)),
    Case("accounts/reset/<uidb64>/<token>/", lambda w: "/accounts/reset/MQ/set-password/", everyone(OK)),
    Case("accounts/reset/done/", lambda w: "/accounts/reset/done/", everyone(OK)),
    # Where a login lands: the director on the dashboard, other staff on their worklists.
    Case(
        "accounts/vao/",
        lambda w: "/accounts/vao/",
        staff(Outcome(302, "/can-bo/"), director=Outcome(302, "/giam-sat/")),
    ),
    # --- API: public ---
    Case("api/v1/procedures/$", lambda w: "/api/v1/procedures/", everyone(OK)),
    Case("api/v1/procedures/(?P<code>[^/]+)/$", lambda w: f"/api/v1/procedures/{w.procedure_a.code}/", everyone(OK)),
    Case(
        "api/v1/calendar/due-date/",
        lambda w: "/api/v1/calendar/due-date/?start=2026-11-23T08:00:00&days=3",
        everyone(OK),
    ),
    Case(
        "api/v1/public/dossiers/<str:code>/",
        lambda w: f"/api/v1/public/dossiers/{w.dossier.code}/{_secret(w.dossier)}",
        everyone(OK),
        public=True,
    ),
    Case("api/schema/", lambda w: "/api/schema/", everyone(OK)),
    Case("api/docs/", lambda w: "/api/docs/", everyone(OK)),
    # --- API: dossiers ---
    Case("api/v1/dossiers/", lambda w: "/api/v1/dossiers/", staff(OK, anonymous=FORBIDDEN)),
    Case(
        "api/v1/dossiers/",
        lambda w: "/api/v1/dossiers/",
        staff(FORBIDDEN, anonymous=FORBIDDEN, counter=done(Outcome(201))),
        "POST",
        receive_api,
        json=True,
        probe=dossier_state,
        label="api/v1/dossiers/ (receive)",
    ),
    Case("api/v1/dossiers/<str:code>/", lambda w: f"/api/v1/dossiers/{w.dossier.code}/", API_SEES_A),
    Case(
        "api/v1/dossiers/<str:code>/<slug:action>/",
        lambda w: f"/api/v1/dossiers/{w.dossier.code}/resolve/",
        staff(FORBIDDEN, anonymous=FORBIDDEN, specialist_a=done(OK), lead_a=done(OK), specialist_b=NOT_FOUND),
        "POST",
        lambda w: {"note": "", "version": w.dossier.version},
        json=True,
        probe=dossier_state,
    ),
    Case("api/v1/dossiers/<str:code>/fees/", lambda w: f"/api/v1/dossiers/{w.dossier.code}/fees/", API_SEES_A),
    # --- API: a payment gateway's notification (signed; an unsigned one is refused, whoever sends it) ---
    Case(
        "api/v1/payments/notify/<str:provider>/",
        lambda w: "/api/v1/payments/notify/sandbox/",
        everyone(BAD_REQUEST),
        "POST",
        lambda w: {"reference": w.dossier.code, "status": "paid", "amount": "50000"},
        probe=payment_state,
    ),
    # --- API: dossiers' files ---
    Case(
        "api/v1/dossiers/<str:code>/documents/", lambda w: f"/api/v1/dossiers/{w.dossier.code}/documents/", API_SEES_A
    ),
    Case(
        "api/v1/dossiers/<str:code>/documents/",
        lambda w: f"/api/v1/dossiers/{w.dossier.code}/documents/",
        staff(
            FORBIDDEN,
            anonymous=FORBIDDEN,
            counter=done(Outcome(201)),
            specialist_a=done(Outcome(201)),
            lead_a=done(Outcome(201)),
            specialist_b=NOT_FOUND,
        ),
        "POST",
        a_scan,
        probe=document_state,
    ),
    Case(
        "api/v1/dossiers/<str:code>/documents/<int:document_id>/file",
        lambda w: f"/api/v1/dossiers/{w.dossier.code}/documents/{w.document.pk}/file",
        API_SEES_A,
    ),
    # --- API: supervision ---
    Case(
        "api/v1/monitoring/compliance/",
        lambda w: "/api/v1/monitoring/compliance/?from=2026-01-01&to=2026-12-31",
        API_DASHBOARD,
    ),
    Case(
        "api/v1/monitoring/compliance/",
        lambda w: f"/api/v1/monitoring/compliance/?from=2026-01-01&to=2026-12-31&agency={w.agency_b.code}",
        {**API_DASHBOARD, "lead_a": FORBIDDEN},
        label="api/v1/monitoring/compliance/ (another agency)",
    ),
    Case(
        "api/v1/monitoring/scorecard/",
        lambda w: "/api/v1/monitoring/scorecard/?from=2026-01-01&to=2026-12-31",
        API_DASHBOARD,
    ),
    Case(
        "api/v1/monitoring/scorecard/",
        lambda w: f"/api/v1/monitoring/scorecard/?from=2026-01-01&to=2026-12-31&agency={w.agency_b.code}",
        {**API_DASHBOARD, "lead_a": FORBIDDEN},
        label="api/v1/monitoring/scorecard/ (another agency)",
    ),
    Case(
        "api/v1/monitoring/scorecard/ranking/",
        lambda w: "/api/v1/monitoring/scorecard/ranking/?from=2026-01-01&to=2026-12-31",
        {**API_DASHBOARD, "lead_a": FORBIDDEN},
    ),
    Case(
        "api/v1/monitoring/scorecard/trend/",
        lambda w: "/api/v1/monitoring/scorecard/trend/?from=2026-01-01&to=2026-12-31",
        API_DASHBOARD,
    ),
    Case("api/v1/monitoring/alerts/", lambda w: "/api/v1/monitoring/alerts/", API_DASHBOARD),
    Case("api/v1/monitoring/at-risk/", lambda w: "/api/v1/monitoring/at-risk/", API_DASHBOARD),
    Case(
        "api/v1/monitoring/alerts/<int:pk>/acknowledge/",
        lambda w: f"/api/v1/monitoring/alerts/{w.alert.pk}/acknowledge/",
        staff(FORBIDDEN, anonymous=FORBIDDEN, lead_a=done(OK), director=done(OK)),
        "POST",
        lambda w: {},
        json=True,
        probe=alert_state,
    ),
    # --- public pages ---
    Case("", lambda w: "/", everyone(OK)),
    Case("thu-tuc/<str:code>/", lambda w: f"/thu-tuc/{w.procedure_a.code}/", everyone(OK)),
    Case("tra-cuu/", lambda w: "/tra-cuu/", everyone(OK)),
    Case(
        "tra-cuu/",
        lambda w: "/tra-cuu/",
        everyone(MOVED),
        "POST",
        lambda w: {"code": w.dossier.code, "secret": w.dossier.secret},
        public=True,
    ),
    Case("tra-cuu/<str:code>/", lambda w: f"/tra-cuu/{w.dossier.code}/{_secret(w.dossier)}", everyone(OK), public=True),
    Case(
        "tra-cuu/<str:code>/thanh-toan/",
        lambda w: f"/tra-cuu/{w.dossier.code}/thanh-toan/{_secret(w.dossier)}",
        everyone(OK),
        public=True,
    ),
    # The gateway's return without its signed answer: refused, whoever comes.
    Case("thanh-toan/ket-qua/<slug:provider>/", lambda w: "/thanh-toan/ket-qua/sandbox/", everyone(BAD_REQUEST)),
    Case(
        "thanh-toan/bien-lai/<str:token>.pdf",
        lambda w: f"/thanh-toan/bien-lai/{receipt_token(w.receipt)}.pdf",
        everyone(OK),
        public=True,
    ),
    Case(
        "tra-cuu/<str:code>/danh-gia/",
        lambda w: f"/tra-cuu/{w.returned.code}/danh-gia/{_secret(w.returned)}",
        everyone(OK),
        public=True,
    ),
    Case(
        "tra-cuu/<str:code>/danh-gia/",
        lambda w: f"/tra-cuu/{w.returned.code}/danh-gia/",
        everyone(done(MOVED)),
        "POST",
        lambda w: {**RATING_FORM, "secret": w.returned.secret},
        probe=rating_state,
        public=True,
    ),
    Case(
        "tra-cuu/<str:code>/tep/<int:document_id>/",
        lambda w: f"/tra-cuu/{w.dossier.code}/tep/{w.document.pk}/{_secret(w.dossier)}",
        everyone(OK),
        public=True,
    ),
    Case("lay-so/", lambda w: "/lay-so/", everyone(OK)),
    Case(
        "lay-so/",
        lambda w: "/lay-so/",
        everyone(done(MOVED)),
        "POST",
        lambda w: {"group": w.ticket.group_id},
        probe=ticket_state,
    ),  # fmt: skip
    Case("lay-so/ve/<int:pk>/", lambda w: f"/lay-so/ve/{w.ticket.pk}/", everyone(OK)),
    # Registering a kiosk (counters/kiosk.py) is the administrator's, on the kiosk's own screen.
    Case("lay-so/dang-ky-may/", lambda w: "/lay-so/dang-ky-may/", staff(FORBIDDEN, administrator=OK)),
    Case(
        "lay-so/dang-ky-may/",
        lambda w: "/lay-so/dang-ky-may/",
        staff(FORBIDDEN, administrator=done(MOVED)),
        "POST",
        lambda w: {"name": "Kiosk cửa chính"},
        probe=kiosk_device_state,
    ),
    # --- Sites, the live wait and appointments (counters/): public pages; an unknown booking code is 404 ---
    Case("diem-phuc-vu/", lambda w: "/diem-phuc-vu/", everyone(OK)),
    Case("diem-phuc-vu/<str:code>/", lambda w: f"/diem-phuc-vu/{default_site().code}/", everyone(OK)),
    Case("diem-phuc-vu/<str:code>/du-lieu/", lambda w: f"/diem-phuc-vu/{default_site().code}/du-lieu/", everyone(OK)),
    Case("dat-lich/", lambda w: "/dat-lich/", everyone(OK)),
    Case("dat-lich/hen/<str:code>/", lambda w: "/dat-lich/hen/KHONGCO1/", everyone(NOT_FOUND)),
    Case(
        "dat-lich/hen/<str:code>/doi/",
        lambda w: "/dat-lich/hen/KHONGCO1/doi/",
        everyone(NOT_FOUND),
        "POST",
        lambda w: {"phone": "0912345678"},
        probe=appointment_count,
    ),
    Case(
        "lay-so/lich-hen/",
        lambda w: "/lay-so/lich-hen/",
        everyone(Outcome(302, "/lay-so/")),  # back to the kiosk, saying the code is unknown
        "POST",
        lambda w: {"code": "KHONGCO1"},
        probe=appointment_count,
    ),
    Case("can-bo/lich-hen/", lambda w: "/can-bo/lich-hen/", staff(FORBIDDEN, counter=OK, director=OK)),
    Case("giam-sat/lich-hen/", lambda w: "/giam-sat/lich-hen/", staff(FORBIDDEN, director=OK)),
    Case("giam-sat/nhan-su-quay/", lambda w: "/giam-sat/nhan-su-quay/", DASHBOARD),
    Case("api/v1/public/sites/", lambda w: "/api/v1/public/sites/", everyone(OK)),
    Case(
        "api/v1/public/sites/<str:code>/slots/",
        lambda w: f"/api/v1/public/sites/{default_site().code}/slots/",
        everyone(BAD_REQUEST),  # no group asked for
    ),
    Case(
        "api/v1/public/appointments/",
        lambda w: "/api/v1/public/appointments/",
        everyone(BAD_REQUEST),
        "POST",
        lambda w: {"site": default_site().code},
        probe=appointment_count,
    ),
    Case(
        "api/v1/public/appointments/<str:code>/",
        lambda w: "/api/v1/public/appointments/KHONGCO1/",
        everyone(NOT_FOUND),
        "DELETE",
        lambda w: {"phone": "0912345678"},
        probe=appointment_count,
    ),
    Case("bang-hien-thi/", lambda w: "/bang-hien-thi/", everyone(OK)),
    Case("bang-hien-thi/du-lieu/", lambda w: "/bang-hien-thi/du-lieu/", everyone(OK)),
    Case("cong-khai/dung-han/", lambda w: "/cong-khai/dung-han/", everyone(OK)),
    Case("phan-anh/", lambda w: "/phan-anh/", everyone(OK)),
    Case(
        "phan-anh/",
        lambda w: "/phan-anh/",
        everyone(done(MOVED)),
        "POST",
        lambda w: FEEDBACK_FORM,
        probe=feedback_state,
    ),  # fmt: skip
    Case("phan-anh/tra-cuu/", lambda w: "/phan-anh/tra-cuu/", everyone(OK)),
    Case(
        "phan-anh/tra-cuu/",
        lambda w: "/phan-anh/tra-cuu/",
        everyone(MOVED),
        "POST",
        lambda w: {"code": w.answered.tracking_code},
    ),  # fmt: skip
    Case("phan-anh/<str:code>/", lambda w: f"/phan-anh/{w.answered.tracking_code}/", everyone(OK)),
    Case(
        "phan-anh/<str:code>/y-kien/",
        lambda w: f"/phan-anh/{w.answered.tracking_code}/y-kien/",
        everyone(done(MOVED)),
        "POST",
        lambda w: {"satisfied": "yes"},
        probe=feedback_state,
    ),
    # --- staff: dossiers ---
    Case("can-bo/", lambda w: "/can-bo/", staff(OK)),
    Case("can-bo/", lambda w: "/can-bo/?list=tat-ca", staff(OK), label="can-bo/ (all dossiers)"),
    Case("can-bo/tiep-nhan/", lambda w: f"/can-bo/tiep-nhan/?procedure={w.procedure_a.code}", COUNTER_ONLY),
    Case(
        "can-bo/tiep-nhan/",
        lambda w: "/can-bo/tiep-nhan/",
        staff(FORBIDDEN, counter=done(MOVED)),
        "POST",
        receive_form,
        probe=dossier_state,
    ),  # fmt: skip
    Case("can-bo/tra-ket-qua/", lambda w: f"/can-bo/tra-ket-qua/?q={w.dossier.code}", COUNTER_ONLY),
    # The register (Form 07): counter staff their counter's, the lead their agency's, directors all.
    Case("can-bo/so-theo-doi/", lambda w: "/can-bo/so-theo-doi/", REGISTER),
    Case("can-bo/so-theo-doi.pdf", lambda w: "/can-bo/so-theo-doi.pdf", REGISTER),
    Case("can-bo/so-theo-doi.xlsx", lambda w: "/can-bo/so-theo-doi.xlsx", REGISTER),
    Case(
        "can-bo/so-theo-doi/",
        lambda w: f"/can-bo/so-theo-doi/?agency={w.agency_b.code}",
        {**REGISTER, "lead_a": BAD_REQUEST},
        label="can-bo/so-theo-doi/ (another agency)",
    ),
    Case("can-bo/phieu/<str:number>/", lambda w: f"/can-bo/phieu/{w.slip.number}/", COUNTER_ONLY),
    Case("can-bo/phieu/<str:number>.pdf", lambda w: f"/can-bo/phieu/{w.slip.number}.pdf", COUNTER_ONLY),
    Case("can-bo/ho-so/<str:code>/", lambda w: f"/can-bo/ho-so/{w.dossier.code}/", SEES_A),
    Case(
        "can-bo/ho-so/<str:code>/tep/",
        lambda w: f"/can-bo/ho-so/{w.dossier.code}/tep/",
        staff(MOVED, counter=done(MOVED), specialist_a=done(MOVED), lead_a=done(MOVED), specialist_b=NOT_FOUND),
        "POST",
        a_scan,
        probe=document_state,
    ),
    Case(
        "can-bo/ho-so/<str:code>/tep/<int:document_id>/",
        lambda w: f"/can-bo/ho-so/{w.dossier.code}/tep/{w.document.pk}/",
        SEES_A,
    ),
    Case(
        "can-bo/ho-so/<str:code>/phieu/<slug:slug>/",
        lambda w: f"/can-bo/ho-so/{w.dossier.code}/phieu/tiep-nhan/",
        SEES_A,
    ),
    Case(
        "can-bo/ho-so/<str:code>/phieu/<slug:slug>.pdf",
        lambda w: f"/can-bo/ho-so/{w.dossier.code}/phieu/kiem-soat.pdf",
        SEES_A,
    ),
    Case(
        "can-bo/ho-so/<str:code>/<slug:action>/",
        lambda w: f"/can-bo/ho-so/{w.dossier.code}/resolve/",
        RESOLVE_PAGE,
        "POST",
        lambda w: {"resolve-note": "", "version": w.dossier.version},
        probe=dossier_state,
    ),
    # --- staff: fees (dossiers/payments) ---
    Case("can-bo/thu-phi/", lambda w: "/can-bo/thu-phi/", staff(FORBIDDEN, counter=OK, lead_a=OK, director=OK)),
    Case(
        "can-bo/thu-phi/ho-so/<str:code>/thu-tien/",
        lambda w: f"/can-bo/thu-phi/ho-so/{w.dossier.code}/thu-tien/",
        staff(FORBIDDEN, counter=done(MOVED)),
        "POST",
        lambda w: {"pay-request_token": str(uuid.uuid4()), "pay-channel": "cash", "pay-amount": "50000"},
        probe=payment_state,
    ),
    Case(
        "can-bo/thu-phi/ho-so/<str:code>/dat-phi/",
        lambda w: f"/can-bo/thu-phi/ho-so/{w.dossier.code}/dat-phi/",
        staff(FORBIDDEN, specialist_a=done(MOVED), lead_a=done(MOVED), specialist_b=NOT_FOUND),
        "POST",
        lambda w: {"charge-kind": "charge", "charge-description": "Lệ phí cấp giấy", "charge-amount": "100000"},
        probe=payment_state,
    ),
    Case("can-bo/bien-lai/<int:pk>/", lambda w: f"/can-bo/bien-lai/{w.receipt.pk}/", SEES_A),
    Case("can-bo/bien-lai/<int:pk>.pdf", lambda w: f"/can-bo/bien-lai/{w.receipt.pk}.pdf", SEES_A),
    Case(
        "can-bo/bien-lai/<int:pk>/huy/",
        lambda w: f"/can-bo/bien-lai/{w.receipt.pk}/huy/",
        staff(FORBIDDEN, counter=done(MOVED)),
        "POST",
        lambda w: {"reason": "Ghi sai người nộp"},
        probe=payment_state,
    ),
    # --- staff: counter desk ---
    Case("can-bo/quay/", lambda w: "/can-bo/quay/", COUNTER_ONLY),
    Case(
        "can-bo/quay/ngoi/",
        lambda w: "/can-bo/quay/ngoi/",
        staff(FORBIDDEN, counter=done(MOVED)),
        "POST",
        lambda w: {"counter": w.other_counter_id},
        probe=seat_state,
    ),  # fmt: skip
    Case(
        "can-bo/quay/<slug:action>/",
        lambda w: "/can-bo/quay/call/",
        staff(FORBIDDEN, counter=done(MOVED)),
        "POST",
        lambda w: {},
        probe=ticket_state,
    ),  # fmt: skip
    # --- staff: feedback ---
    Case("can-bo/phan-anh/", lambda w: "/can-bo/phan-anh/", FEEDBACK_STAFF),
    Case(
        "can-bo/phan-anh/<int:pk>/",
        lambda w: f"/can-bo/phan-anh/{w.feedback.pk}/",
        {**FEEDBACK_STAFF, "specialist_b": NOT_FOUND},
    ),
    Case(
        "can-bo/phan-anh/<int:pk>/<slug:action>/",
        lambda w: f"/can-bo/phan-anh/{w.feedback.pk}/answer/",
        staff(done(MOVED), specialist_b=NOT_FOUND, administrator=FORBIDDEN),
        "POST",
        lambda w: {"answer": "Sở đã xử lý xong, mời bà đến nhận kết quả."},
        probe=feedback_state,
    ),
    # --- staff: supervision ---
    Case("giam-sat/", lambda w: "/giam-sat/", DASHBOARD),
    Case("giam-sat/co-quan/<str:code>/", lambda w: f"/giam-sat/co-quan/{w.agency_a.code}/", DASHBOARD),
    Case(
        "giam-sat/co-quan/<str:code>/",
        lambda w: f"/giam-sat/co-quan/{w.agency_b.code}/",
        {**DASHBOARD, "lead_a": FORBIDDEN},
        label="giam-sat/co-quan/<str:code>/ (another agency)",
    ),
    Case("giam-sat/ho-so/", lambda w: "/giam-sat/ho-so/?metric=received", DASHBOARD),
    Case("giam-sat/ho-so/", lambda w: "/giam-sat/ho-so/?metric=open", DASHBOARD, label="giam-sat/ho-so/ (open)"),
    Case("giam-sat/chi-so-766/", lambda w: "/giam-sat/chi-so-766/?set=progress_base", DASHBOARD),
    Case("giam-sat/chi-so-766/xu-huong/", lambda w: "/giam-sat/chi-so-766/xu-huong/", DASHBOARD),
    Case("giam-sat/qua-han/", lambda w: "/giam-sat/qua-han/", DASHBOARD),
    Case("giam-sat/ban-giao/", lambda w: "/giam-sat/ban-giao/?state=overdue", DASHBOARD),
    Case("giam-sat/xin-loi-muon/", lambda w: "/giam-sat/xin-loi-muon/", DASHBOARD),
    Case("giam-sat/canh-bao/", lambda w: "/giam-sat/canh-bao/", DASHBOARD),
    Case("giam-sat/uu-tien/", lambda w: "/giam-sat/uu-tien/", DASHBOARD),
    Case("giam-sat/lien-thong/", lambda w: "/giam-sat/lien-thong/", DASHBOARD),
    Case("giam-sat/bo-sung/", lambda w: "/giam-sat/bo-sung/", DASHBOARD),
    # The forecast's drafted Form 04 (none drafted in this world: nothing to issue or discard, for anyone;
    # who may act on a draft is tested in tests/monitoring/test_forecast_views.py).
    *(
        Case(
            f"giam-sat/du-bao/<str:code>/{slug}/",
            lambda w, slug=slug: f"/giam-sat/du-bao/{w.dossier.code}/{slug}/",
            staff(NOT_FOUND),
            "POST",
            lambda w: {"draft-new_due_date": "2027-01-05", "draft-reason": "x", "version": w.dossier.version},
            probe=dossier_state,
        )
        for slug in ("thu-xin-loi", "bo-du-thao")
    ),
    # Periodic reports: the center's directors only (an agency's lead has the dashboard, not these).
    Case("giam-sat/bao-cao/", lambda w: "/giam-sat/bao-cao/", staff(FORBIDDEN, director=OK)),
    Case(
        "giam-sat/bao-cao/<int:pk>/<str:fmt>/",
        lambda w: "/giam-sat/bao-cao/999999/xlsx/",
        staff(FORBIDDEN, director=NOT_FOUND),
        label="giam-sat/bao-cao/<pk>/<fmt>/ (no such report)",
    ),
    Case(
        "giam-sat/bao-cao/lam-lai/",
        lambda w: "/giam-sat/bao-cao/lam-lai/",
        staff(FORBIDDEN, director=MOVED),
        "POST",
        lambda w: {"kind": "month", "first": "2999-01-01"},
    ),
    Case(
        "giam-sat/canh-bao/<int:pk>/xac-nhan/",
        lambda w: f"/giam-sat/canh-bao/{w.alert.pk}/xac-nhan/",
        staff(FORBIDDEN, lead_a=done(MOVED), director=done(MOVED)),
        "POST",
        lambda w: {},
        probe=alert_state,
    ),
]


# --- citizens (center/citizens/, dossiers/online/): sign-in at the identity provider; staff and strangers
# are no citizens, so every citizen page sends them to the citizen sign-in (which names no one) ---
CITIZEN_SIGN_IN = Outcome(302, "/dang-nhap/")


def _saved_state(w: World):
    from dossiers.online.models import OnlineFiling, SavedDocument

    return SavedDocument.objects.count(), OnlineFiling.objects.count()


CASES += [
    Case("dang-nhap/", lambda w: "/dang-nhap/", everyone(OK)),
    Case("dang-nhap/oidc/bat-dau/", lambda w: "/dang-nhap/oidc/bat-dau/", everyone(MOVED)),  # to the provider
    Case("dang-nhap/oidc/callback/", lambda w: "/dang-nhap/oidc/callback/", everyone(CITIZEN_SIGN_IN)),
    Case("dang-xuat/", lambda w: "/dang-xuat/", everyone(MOVED), "POST", lambda w: {}),
    Case("cong-dan/ho-so/", lambda w: "/cong-dan/ho-so/", everyone(CITIZEN_SIGN_IN)),
    Case("cong-dan/ho-so/<str:code>/", lambda w: f"/cong-dan/ho-so/{w.dossier.code}/", everyone(CITIZEN_SIGN_IN)),
    Case(
        "cong-dan/ho-so/<str:code>/bien-nhan/",
        lambda w: f"/cong-dan/ho-so/{w.dossier.code}/bien-nhan/",
        everyone(CITIZEN_SIGN_IN),
    ),
    Case(
        "cong-dan/ho-so/<str:code>/phieu/<slug:slug>.pdf",
        lambda w: f"/cong-dan/ho-so/{w.dossier.code}/phieu/tiep-nhan.pdf",
        everyone(CITIZEN_SIGN_IN),
    ),
    Case(
        "cong-dan/ho-so/<str:code>/bo-sung/",
        lambda w: f"/cong-dan/ho-so/{w.dossier.code}/bo-sung/",
        everyone(CITIZEN_SIGN_IN),
        "POST",
        lambda w: {"position": 1},
        probe=document_state,
    ),
    Case(
        "cong-dan/ho-so/<str:code>/tep/<int:pk>/luu/",
        lambda w: f"/cong-dan/ho-so/{w.dossier.code}/tep/{w.document.pk}/luu/",
        everyone(CITIZEN_SIGN_IN),
        "POST",
        lambda w: {},
        probe=_saved_state,
    ),
    Case("cong-dan/giay-to/<int:pk>/", lambda w: "/cong-dan/giay-to/1/", everyone(CITIZEN_SIGN_IN)),
    Case(
        "cong-dan/nop-truc-tuyen/<str:code>/",
        lambda w: f"/cong-dan/nop-truc-tuyen/{w.procedure_a.code}/",
        everyone(CITIZEN_SIGN_IN),
        probe=_saved_state,
    ),
    Case("cong-dan/ho-so-nhap/<int:pk>/", lambda w: "/cong-dan/ho-so-nhap/1/", everyone(CITIZEN_SIGN_IN)),
    Case(
        "cong-dan/ho-so-nhap/<int:pk>/",
        lambda w: "/cong-dan/ho-so-nhap/1/",
        everyone(CITIZEN_SIGN_IN),
        "POST",
        lambda w: {"step": "details", "phone": "0912345678", "delivery": "electronic"},
        probe=_saved_state,
    ),
    Case(
        "cong-dan/ho-so-nhap/<int:pk>/xem-lai/",
        lambda w: "/cong-dan/ho-so-nhap/1/xem-lai/",
        everyone(CITIZEN_SIGN_IN),
        "POST",
        lambda w: {},
        probe=dossier_state,
    ),
]

# Each agency's applicants: never shown to the other agency's staff, nor to strangers.
PERSONAL_A = (APPLICANT.id_number, APPLICANT.phone, APPLICANT.name)
PERSONAL_B = (APPLICANT_B.id_number, APPLICANT_B.phone, APPLICANT_B.name)
