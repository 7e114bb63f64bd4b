"""The deadline sweep: the right alerts, once, at a cost that follows what changed."""

import datetime as dt

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from freezegun import freeze_time

from dossiers import services
from dossiers.models import Dossier, DossierEvent, DossierPause
from dossiers.workflow import DossierStatus as S
from monitoring.models import Alert, AlertKind, DeadlineRecheck, OutboxMessage, SweepState
from monitoring.services import deadline_sweep
from tests.monitoring.conftest import NOW, at, run_together


def kinds(dossier) -> set[str]:
    return set(Alert.objects.filter(dossier=dossier).values_list("kind", flat=True))


def test_sweep_raises_near_due_overdue_and_escalated(make_dossier):
    near = make_dossier(at(19, 9))  # Thursday 09:00: less than one working day left
    later = make_dossier(at(19, 11))  # Thursday 11:00: more than one working day left
    late = make_dossier(at(17, 10))  # Tuesday: one working day late
    very_late = make_dossier(at(13, 10))  # last Friday: three working days late, past the two allowed
    received = make_dossier(at(18, 9), status=S.RECEIVED)  # not handed over yet: the clock still runs

    result = deadline_sweep(now=NOW)

    assert result.first and not result.skipped
    assert kinds(near) == {AlertKind.NEAR_DUE}
    assert kinds(later) == set()
    assert kinds(late) == {AlertKind.OVERDUE}
    assert kinds(very_late) == {AlertKind.OVERDUE, AlertKind.ESCALATED}
    assert kinds(received) == {AlertKind.OVERDUE}
    assert result.alerts == {"near_due": 1, "overdue": 3, "escalated": 1, "at_risk": 0}
    alert = Alert.objects.get(dossier=very_late, kind=AlertKind.ESCALATED)
    assert alert.agency_id == very_late.agency_id and alert.due_at == very_late.due_at and alert.raised_at == NOW


def test_paused_and_closed_dossiers_are_not_judged(make_dossier):
    paused = make_dossier(at(16), status=S.AWAITING_SUPPLEMENT)
    paying = make_dossier(at(16), status=S.AWAITING_PAYMENT)
    ready = make_dossier(at(16), status=S.RESULT_READY, result_ready_at=at(17), outcome="late")
    stopped = make_dossier(at(16), status=S.STOPPED)
    deadline_sweep(now=NOW)
    assert not Alert.objects.filter(dossier__in=[paused, paying, ready, stopped]).exists()


def test_extended_dossier_is_judged_against_the_legal_deadline(make_dossier):
    extended = make_dossier(at(17), extended_due_at=at(25))
    deadline_sweep(now=NOW)
    assert kinds(extended) == {AlertKind.OVERDUE}


def test_escalation_threshold_is_a_setting(make_dossier, settings):
    settings.DEADLINE_ESCALATE_AFTER_WORKING_DAYS = 5
    very_late = make_dossier(at(13, 10))
    deadline_sweep(now=NOW)
    assert kinds(very_late) == {AlertKind.OVERDUE}


def test_near_due_threshold_is_a_setting(make_dossier, settings):
    settings.DEADLINE_NEAR_DUE_WORKING_DAYS = 2
    friday = make_dossier(at(20, 9))
    deadline_sweep(now=NOW)
    assert kinds(friday) == {AlertKind.NEAR_DUE}


def test_one_alert_per_dossier_and_kind_is_enforced_by_the_database(make_dossier):
    dossier = make_dossier(at(17))
    Alert.objects.create(dossier=dossier, kind="overdue", agency=dossier.agency, due_at=dossier.due_at, raised_at=NOW)
    with pytest.raises(IntegrityError), transaction.atomic():
        Alert.objects.create(
            dossier=dossier, kind="overdue", agency=dossier.agency, due_at=dossier.due_at, raised_at=NOW
        )


def test_sweeping_again_raises_nothing_new(make_dossier, people):
    make_dossier(at(17))
    make_dossier(at(19, 9))
    first = deadline_sweep(now=NOW)
    messages = OutboxMessage.objects.count()
    second = deadline_sweep(now=NOW + dt.timedelta(minutes=5))
    assert first.alerts_raised == 2 and second.alerts_raised == 0
    assert second.messages == 0 and OutboxMessage.objects.count() == messages
    assert Alert.objects.count() == 2


def test_a_sweep_with_nothing_new_reads_no_dossier_and_does_next_to_nothing(make_dossier):
    for hours in range(30):  # thirty open dossiers, none crossing a threshold in the next five minutes
        make_dossier(at(25) + dt.timedelta(hours=hours))
    make_dossier(at(17))
    deadline_sweep(now=NOW)
    with CaptureQueriesContext(connection) as queries:
        result = deadline_sweep(now=NOW + dt.timedelta(minutes=5))
    assert result.candidates == 0 and result.alerts_raised == 0
    # Watermark insert-or-nothing, lock, calendar, recheck queue, the three empty ranges, watermark save
    # (+ savepoint bookkeeping), and the "at risk" candidates from the stored forecasts (one query on the
    # risk index): a fixed handful, whatever the number of open dossiers.
    assert len(queries) <= 9, [q["sql"] for q in queries]


def test_cost_follows_the_dossiers_that_cross_a_threshold(make_dossier):
    for day in (24, 25, 26, 27):  # open and far from their deadline
        for hour in range(8, 17):
            make_dossier(at(day, hour))
    thursday = make_dossier(at(19, 9))
    friday = make_dossier(at(20, 9))
    deadline_sweep(now=NOW)
    # A day later: Thursday's becomes overdue, Friday's near due; only those two are read.
    result = deadline_sweep(now=at(19, 10))
    assert result.candidates == 2
    assert kinds(thursday) == {AlertKind.NEAR_DUE, AlertKind.OVERDUE}
    assert kinds(friday) == {AlertKind.NEAR_DUE}
    state = SweepState.objects.get()
    assert state.swept_at == at(19, 10) and state.last_candidates == 2 and state.last_alerts == 2


def test_the_window_query_uses_the_status_and_deadline_index(make_dossier):
    make_dossier(at(17))
    deadline_sweep(now=NOW)
    with CaptureQueriesContext(connection) as queries:
        deadline_sweep(now=NOW + dt.timedelta(minutes=5))
    window = next(q["sql"] for q in queries if 'FROM "dossiers_dossier"' in q["sql"])
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")  # a tiny table would be scanned anyway
        cursor.execute("EXPLAIN " + window)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    # Either index on status and deadline: the partial one on running dossiers' deadlines serves it as well.
    assert "dossier_status_due" in plan or "dossier_running_due" in plan, plan


def test_a_resumed_dossier_is_judged_even_though_its_deadline_is_outside_the_window(procedure, clerk, specialist):
    """Overdue when paused, before any sweep looked: after the pause its deadline lies behind the window."""
    with freeze_time(at(9, 9)):  # Monday; 3 working days: due Thursday 12/11 09:00
        dossier = services.dossier_receive(
            procedure=procedure, applicant=services.Applicant("Lê Thị Hoa", "001203004567", "0912345678"), by=clerk
        )
        services.dossier_transfer(dossier=dossier, by=clerk)
    with freeze_time(at(13, 9)):  # Friday: a day late, supplements requested
        services.dossier_request_supplement(dossier=dossier, by=specialist, missing=["Bản vẽ"])
    deadline_sweep(now=NOW)  # paused: not judged
    assert kinds(dossier) == set()
    with freeze_time(NOW + dt.timedelta(minutes=2)):
        services.dossier_supplement_received(dossier=dossier, by=clerk)
    assert DeadlineRecheck.objects.filter(dossier=dossier).exists()
    dossier.refresh_from_db()
    # The pause is added back, so the dossier is still a working day late: behind the overdue window.
    assert dossier.due_at < NOW - dt.timedelta(hours=12)
    result = deadline_sweep(now=NOW + dt.timedelta(minutes=5))
    assert result.rechecked == 1
    assert kinds(dossier) == {AlertKind.OVERDUE}
    assert not DeadlineRecheck.objects.exists()
    assert DossierPause.objects.get(dossier=dossier).ended_at is not None


def test_sweep_deadlines_command_runs_one_sweep(make_dossier, capsys):
    make_dossier(at(17))
    with freeze_time(NOW):
        call_command("sweep_deadlines")
    out = capsys.readouterr().out
    assert "overdue 1" in out and "First sweep" in out
    assert Alert.objects.count() == 1


def test_beat_runs_the_sweep_every_five_minutes():
    from center.celery import app

    entry = django_settings.CELERY_BEAT_SCHEDULE["deadline-sweep"]
    assert entry["schedule"] == 300
    app.loader.import_default_modules()
    assert entry["task"] in app.tasks


def test_alerts_notify_the_responsible_specialist_the_lead_and_on_escalation_the_director(make_dossier, people):
    near = make_dossier(at(19, 9))
    very_late = make_dossier(at(13, 10))
    # The specialist who last acted on the dossier at its agency is the responsible one.
    DossierEvent.objects.create(
        dossier=very_late, actor=people["specialist"], kind="extend", to_status=S.IN_PROGRESS, agency=very_late.agency
    )
    deadline_sweep(now=NOW)

    def recipients(dossier, kind):
        return set(
            OutboxMessage.objects.filter(dossier=dossier, template=f"alert_{kind}").values_list("channel", "recipient")
        )

    # Nobody acted yet on the near-due one: every specialist of its agency, and the lead (email and SMS).
    assert recipients(near, "near_due") == {
        ("email", "cv@example.vn"), ("email", "cv2@example.vn"), ("email", "ld@example.vn"), ("sms", "0912000111"),
    }  # fmt: skip
    assert recipients(very_late, "overdue") == {("email", "cv@example.vn"), ("email", "ld@example.vn"),
                                                ("sms", "0912000111")}  # fmt: skip
    assert recipients(very_late, "escalated") == {
        ("email", "cv@example.vn"), ("email", "ld@example.vn"), ("sms", "0912000111"), ("email", "gd@example.vn"),
    }  # fmt: skip
    assert not OutboxMessage.objects.filter(recipient="ld2@example.vn").exists()  # another agency's lead
    email = OutboxMessage.objects.get(dossier=very_late, template="alert_escalated", recipient="gd@example.vn")
    assert very_late.code in email.subject and "3" in email.subject


@pytest.mark.django_db(transaction=True)
def test_concurrent_sweeps_raise_each_alert_and_message_once(make_dossier, people):
    dossiers = [make_dossier(at(17)) for _ in range(20)] + [make_dossier(at(13)) for _ in range(5)]
    results = run_together(lambda: deadline_sweep(now=NOW), 3)
    assert Alert.objects.count() == 25 + 5
    assert sum(r.alerts_raised for r in results) == 30
    assert all(Alert.objects.filter(dossier=d, kind="overdue").count() == 1 for d in dossiers)
    keys = list(OutboxMessage.objects.values_list("dedupe_key", flat=True))
    # Each alert: both specialists' and the lead's emails and the lead's SMS; escalations also the director.
    assert len(keys) == len(set(keys)) == 25 * 4 + 5 * 5


@pytest.mark.django_db(transaction=True)
def test_even_sweeps_that_miss_the_lock_cannot_raise_an_alert_twice(make_dossier):
    """The row lock makes a second sweep give way; if two ever ran side by side, the database decides."""
    from monitoring.services.sweep import _raise_alerts
    from monitoring.thresholds import thresholds_at

    for _ in range(30):
        make_dossier(at(17))
    rows = list(Dossier.objects.values("pk", "agency_id", "due_at"))
    t = thresholds_at(NOW)
    run_together(lambda: _raise_alerts(rows, t), 4)  # four writers, each believing every alert is new
    assert Alert.objects.count() == 30
    assert set(Alert.objects.values_list("kind", flat=True)) == {"overdue"}
