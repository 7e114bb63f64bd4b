"""Data for the security tests: two agencies, one user of every role, and one of each object a URL
can point at, made through the services (so events, outbox rows and access records are real)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib.auth.models import Group, User
from django.utils import timezone
from rest_framework.authtoken.models import Token

from center import roles
from center.models import AccessPurpose, CalendarOverride
from center.privacy import personal_data_access_record
from counters import services as counter_services
from counters.models import CounterSlip, KioskDevice, SlipKind, Ticket
from dossiers import services
from dossiers.models import Dossier, ReturnMethod
from dossiers.payments.models import Receipt
from dossiers.payments.services import payment_record
from monitoring import feedback as fb
from monitoring.models import Alert, Feedback, PeriodicReport, StaffContact, SweepState
from procedures.models import Agency, Procedure
from tests.factories import (
    AgencyFactory,
    AlertFactory,
    CounterFactory,
    ProcedureFactory,
    ServiceGroupFactory,
    UserFactory,
)

ROLES = ("anonymous", "counter", "specialist_a", "specialist_b", "lead_a", "director", "administrator")
# The applicant of agency A's dossiers: what agency B's staff and strangers must never be shown.
APPLICANT = services.Applicant(name="Phạm Thị Hồng Nhung", id_number="079185001234", phone="0903111222")
# The applicant of agency B's dossier: what agency A's staff and strangers must never be shown.
APPLICANT_B = services.Applicant(name="Hoàng Văn Bảy", id_number="001099000777", phone="0977000111")


@dataclass
class World:
    agency_a: Agency
    agency_b: Agency
    procedure_a: Procedure
    users: dict[str, User | None]
    dossier: Dossier  # agency A's, in progress at A
    returned: Dossier  # agency A's, result handed over (can be rated)
    dossier_b: Dossier  # agency B's, in progress at B
    slip: CounterSlip  # a guidance slip given at the counter (no dossier)
    ticket: Ticket  # waiting in the queue of a group the clerk's counter serves
    other_counter_id: int
    alert: Alert  # overdue alert on `dossier`, agency A
    feedback: Feedback  # forwarded to agency A, open
    answered: Feedback  # answered by the center: the sender may give an opinion
    receipt: Receipt  # the electronic receipt of `returned`'s fee, paid in cash at the counter


@pytest.fixture
def world(db) -> World:
    return build_world()


@pytest.fixture(scope="module")
def shared_world(django_db_setup, django_db_blocker):
    """One World for a whole module, rolled back at its end; each test must still ask for `db` (its own
    savepoint inside this transaction) and must leave the data as it found it."""
    from django.db import transaction

    with django_db_blocker.unblock(), transaction.atomic():
        yield build_world()
        transaction.set_rollback(True)


def build_world() -> World:
    a = AgencyFactory(code="H56.01", name="Sở Tài chính", short_name="STC")
    b = AgencyFactory(code="H56.06", name="Sở Nông nghiệp và Môi trường", short_name="SNNMT")
    procedure = ProcedureFactory(agency=a, code="1.004227", name="Đăng ký thành lập doanh nghiệp tư nhân")
    counter = CounterFactory(number=1, name="Quầy 1")
    counter.agencies.add(a)
    other_counter = CounterFactory(number=2, name="Quầy 2")
    clerk = UserFactory(username="clerk", role=roles.COUNTER_STAFF, counter=counter)
    users = {
        "anonymous": None,
        "counter": clerk,
        "specialist_a": UserFactory(username="specialist_a", role=roles.AGENCY_SPECIALIST, agency=a),
        "specialist_b": UserFactory(username="specialist_b", role=roles.AGENCY_SPECIALIST, agency=b),
        "lead_a": UserFactory(username="lead_a", role=roles.AGENCY_LEAD, agency=a),
        "director": UserFactory(username="director", role=roles.CENTER_DIRECTOR),
        "administrator": UserFactory(username="administrator", role=roles.ADMINISTRATOR, is_staff=True),
    }
    dossier = services.dossier_receive(procedure=procedure, applicant=APPLICANT, by=clerk, counter=counter)
    dossier = services.dossier_transfer(dossier=dossier, by=clerk)
    returned = services.dossier_receive(procedure=procedure, applicant=APPLICANT, by=clerk, counter=counter)
    returned = services.dossier_transfer(dossier=returned, by=clerk)
    returned = services.dossier_resolve(dossier=returned, by=users["specialist_a"])
    returned = services.dossier_return(
        dossier=returned, by=clerk, collected_by=APPLICANT.name, method=ReturnMethod.COUNTER
    )
    procedure_b = ProcedureFactory(agency=b, code="1.012345", name="Cấp giấy phép khai thác nước mặt")
    dossier_b = services.dossier_receive(procedure=procedure_b, applicant=APPLICANT_B, by=clerk, counter=counter)
    dossier_b = services.dossier_transfer(dossier=dossier_b, by=clerk)
    slip = counter_services.counter_slip_issue(
        kind=SlipKind.GUIDANCE,
        procedure=procedure,
        applicant_name=APPLICANT.name,
        applicant_id_number=APPLICANT.id_number,
        applicant_phone=APPLICANT.phone,
        missing=["Bản sao Căn cước"],
        by=clerk,
        counter=counter,
    )
    group = ServiceGroupFactory(prefix="A", agencies=[a])
    ticket = counter_services.ticket_issue(group=group)
    alert = AlertFactory(dossier=dossier, agency=a, kind="overdue", due_at=dossier.due_at)
    sent = {"topic": "delay", "subject": "Hồ sơ chậm", "content": "Quá hẹn.", "sender_name": "Trần Thị Bình"}
    feedback = fb.feedback_submit(**sent, sender_phone="0987654321")
    feedback = fb.feedback_forward(feedback=feedback, agency=a, by=clerk)
    answered = fb.feedback_submit(**sent, sender_phone="0987654322")
    answered = fb.feedback_answer(feedback=answered, by=clerk, answer="Hồ sơ của bà đã có kết quả.")
    _admin_rows(users, dossier)
    receipt = payment_record(dossier=returned, by=clerk, channel="cash", amount=50_000).receipt
    return World(
        a, b, procedure, users, dossier, returned, dossier_b, slip, ticket, other_counter.pk, alert, feedback, answered,
        receipt,
    )  # fmt: skip


def _admin_rows(users, dossier) -> None:
    """One row of each model the admin site lists that the scenario above does not make."""
    Token.objects.create(user=users["director"])
    AccessAttempt.objects.create(username="x", ip_address="192.0.2.1", user_agent="t", failures_since_start=1)
    AccessLog.objects.create(username="x", ip_address="192.0.2.1", user_agent="t")
    AccessFailureLog.objects.create(username="x", ip_address="192.0.2.1", user_agent="t", locked_out=False)
    CalendarOverride.objects.create(date=dt.date(2099, 12, 31), is_working_day=False, reason="Nghỉ thử")
    personal_data_access_record(user=users["director"], dossier=dossier, purpose=AccessPurpose.SUPERVISION)
    StaffContact.objects.create(user=users["specialist_a"], mobile="0912000111")
    SweepState.objects.get_or_create(name="deadlines")
    KioskDevice.objects.create(name="Kiosk cửa chính", token_digest=KioskDevice.digest("matrix"))
    # A periodic report's row for the admin's pages (its files are never opened there).
    PeriodicReport.objects.create(
        kind="month", first=dt.date(2026, 10, 1), last=dt.date(2026, 10, 31), version=1,
        created_at=timezone.now(), figures={}, xlsx="reports/x.xlsx", pdf="reports/x.pdf",
    )  # fmt: skip
    assert Group.objects.filter(name=roles.ADMINISTRATOR).exists()
