"""Fixtures of the supervision tests (deadline sweep, outbox, dashboard)."""

import datetime as dt
import threading
from zoneinfo import ZoneInfo

import pytest
from django.db import connection

from center import roles
from dossiers.workflow import DossierStatus as S
from monitoring import sms
from tests.factories import DossierFactory, UserFactory

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
# A plain Wednesday, far from holidays: near-due until Thursday 10:00, escalated if due by Monday 10:00.
NOW = dt.datetime(2026, 11, 18, 10, 0, tzinfo=HCM)


def at(day: int, hour: int = 10, minute: int = 0, month: int = 11) -> dt.datetime:
    return dt.datetime(2026, month, day, hour, minute, tzinfo=HCM)


@pytest.fixture(autouse=True)
def _sms_in_memory(settings):
    """SMS go to monitoring.sms.outbox (like mail.outbox), emptied for each test."""
    settings.SMS_BACKEND = "monitoring.sms.LocmemSmsBackend"
    sms.outbox.clear()
    yield
    sms.outbox.clear()


@pytest.fixture
def make_dossier(procedure):
    """make_dossier(due_at, status=in_progress, **fields): a dossier row as the services leave it."""

    def make(due_at, status=S.IN_PROGRESS, **fields):
        fields.setdefault("received_at", due_at - dt.timedelta(days=5))
        fields.setdefault("current_agency", procedure.agency)
        return DossierFactory(procedure=procedure, due_at=due_at, status=status, **fields)

    return make


@pytest.fixture
def people(agency, other_agency):
    """Specialist, lead and director with email addresses; the lead also wants SMS."""
    from monitoring.models import StaffContact

    specialist = UserFactory(username="cv", email="cv@example.vn", role=roles.AGENCY_SPECIALIST, agency=agency)
    other = UserFactory(username="cv2", email="cv2@example.vn", role=roles.AGENCY_SPECIALIST, agency=agency)
    lead = UserFactory(username="ld", email="ld@example.vn", role=roles.AGENCY_LEAD, agency=agency)
    StaffContact.objects.create(user=lead, mobile="0912000111")
    director = UserFactory(username="gd", email="gd@example.vn", role=roles.CENTER_DIRECTOR)
    stranger = UserFactory(username="ld2", email="ld2@example.vn", role=roles.AGENCY_LEAD, agency=other_agency)
    return {"specialist": specialist, "other": other, "lead": lead, "director": director, "stranger": stranger}


def run_together(work, times: int) -> list:
    """Run `work()` in `times` threads released at the same instant (each with its own connection)."""
    barrier, results, errors = threading.Barrier(times), [], []

    def run():
        try:
            barrier.wait()
            results.append(work())
        except Exception as exc:  # pragma: no cover - re-raised below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(times)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        raise errors[0]
    return results


# --- the forecast (tests/monitoring/test_forecasts.py, test_forecast_views.py) ---------------------------

WORKING_DAY = 86400


@pytest.fixture
def slow_procedure(agency):
    from tests.factories import ProcedureFactory

    return ProcedureFactory(agency=agency, processing_days=10)


@pytest.fixture
def late_habit(slow_procedure):
    """Past dossiers of the procedure, finished long ago: 35 in half the legal time, 30 late (1.1 to 1.4 of
    it). Returns (now, calendar)."""
    from django.utils import timezone

    from center import workdays
    from dossiers.models import DossierEvent

    now, calendar = timezone.now(), workdays.load_calendar()
    legal = slow_procedure.processing_days * WORKING_DAY
    for i, ratio in enumerate([0.5] * 35 + [1.1 + 0.01 * i for i in range(30)]):
        received = now - dt.timedelta(days=90 + i)
        ready = workdays.add_working_seconds(received, int(ratio * legal), calendar)
        dossier = DossierFactory(
            procedure=slow_procedure,
            status=S.RESULT_READY,
            received_at=received,
            due_at=workdays.add_working_days(received, slow_procedure.processing_days, calendar),
            result_ready_at=ready,
        )
        DossierEvent.objects.create(dossier=dossier, at=ready, kind="resolve", to_status=S.RESULT_READY)
    return now, calendar


@pytest.fixture
def open_dossier():
    """open_dossier(procedure, used_days=, calendar=, now=, **fields): in progress, with that many working
    days of its time used by `now`."""
    from center import workdays

    def make(procedure, *, used_days, calendar, now, **fields):
        received = now - dt.timedelta(days=1)
        while workdays.working_seconds_between(received, now, calendar) < used_days * WORKING_DAY:
            received -= dt.timedelta(days=1)
        due = workdays.add_working_days(received, procedure.processing_days, calendar)
        return DossierFactory(procedure=procedure, in_progress=True, received_at=received, due_at=due, **fields)

    return make
