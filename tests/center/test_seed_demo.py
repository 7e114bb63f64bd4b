"""The demo data: the center's master data, every status, consistent dates, loaded once."""

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Count, F, Q, Sum
from django.utils import timezone
from freezegun import freeze_time

from center import workdays
from dossiers.models import (
    CodeSequence,
    Dossier,
    DossierEvent,
    DossierExtension,
    DossierPause,
    DossierStep,
    SatisfactionRating,
)
from dossiers.workflow import DossierStatus
from monitoring.feedback import handling_at
from monitoring.models import Feedback, FeedbackStatus
from procedures.models import Agency, Procedure

pytestmark = pytest.mark.django_db


def seed(*args):
    """The year of generated dossiers (the demo citizens' online filings, made now through the services, are
    tests/dossiers/online/test_demo.py's)."""
    out = StringIO()
    call_command("seed_demo", *args, "--no-online-filings", stdout=out)
    return out.getvalue()


def test_seed_builds_the_center_and_a_year_of_dossiers_in_every_status():
    # At a fixed moment: dossiers still "received" are only those received within the last hour or after
    # 15:00 (handed over the next morning), so whether seed 7 makes one hung on the time of day the test ran.
    with freeze_time("2026-12-03 16:30+07:00"):
        seed("--dossiers", "3000", "--seed", "7")
    assert Agency.objects.filter(kind="department").count() == 12
    assert Agency.objects.filter(kind="board").count() == 1
    assert Procedure.objects.count() >= 150
    from counters.models import Counter, Site, SiteKind, Ticket

    assert Counter.objects.filter(site__kind=SiteKind.PROVINCIAL_CENTER).count() == 20
    # The provincial center and at least four branches or commune centers, each with counters, groups and a
    # queue history; dossiers received at a counter record its site.
    sites = Site.objects.annotate(
        counters_n=Count("counters", distinct=True), groups_n=Count("service_groups", distinct=True)
    )
    assert sites.exclude(kind=SiteKind.PROVINCIAL_CENTER).count() >= 4
    assert all(site.counters_n and site.groups_n for site in sites)
    assert set(Ticket.objects.values_list("group__site", flat=True).distinct()) == {site.pk for site in sites}
    # The closed days' queue waits are counted for the dashboard (counters/rollups.py); today is read live.
    from counters.models import TicketDay

    called = Ticket.objects.filter(day__lt="2026-12-03", wait_seconds__isnull=False)
    assert TicketDay.objects.aggregate(n=Sum("tickets"))["n"] == called.count() > 0
    assert not Dossier.objects.filter(channel="counter", site__isnull=True).exists()
    assert Dossier.objects.count() == 3000
    assert set(Dossier.objects.values_list("status", flat=True)) == set(DossierStatus.values)
    assert set(Dossier.objects.exclude(outcome="").values_list("outcome", flat=True)) == {"early", "on_time", "late"}
    # Outcome exactly when a result was ready; deadlines never before receipt; codes unique.
    assert not Dossier.objects.filter(Q(outcome="") & Q(result_ready_at__isnull=False)).exists()
    assert not Dossier.objects.filter(Q(outcome__gt="") & Q(result_ready_at__isnull=True)).exists()
    assert not Dossier.objects.filter(due_at__lt=F("received_at")).exists()
    assert Dossier.objects.values("code").annotate(n=Count("id")).filter(n__gt=1).count() == 0
    # Every dossier has its history, ending in its current status.
    last = {}
    for dossier_id, to_status in DossierEvent.objects.order_by("at", "id").values_list("dossier_id", "to_status"):
        last[dossier_id] = to_status
    assert len(last) == 3000
    assert all(last[pk] == status for pk, status in Dossier.objects.values_list("pk", "status"))


def test_seed_is_deterministic_and_loads_dossiers_once():
    seed("--dossiers", "200", "--seed", "3")
    first = sorted(Dossier.objects.values_list("code", "status", "outcome"))
    assert "none added" in seed("--dossiers", "200", "--seed", "3")
    assert Dossier.objects.count() == 200
    seed("--dossiers", "50", "--append")
    assert Dossier.objects.count() == 250
    assert Dossier.objects.values("code").distinct().count() == 250
    assert first == sorted(Dossier.objects.filter(pk__lte=200).values_list("code", "status", "outcome"))


def test_the_same_seed_gives_the_same_dossiers():
    seed("--dossiers", "300", "--seed", "11")
    first = sorted(Dossier.objects.values_list("code", "status", "outcome", "applicant_name"))
    from dossiers.documents.models import DocumentAccess, DossierDocument
    from dossiers.payments.models import Charge, Payment, Receipt

    for model in (DocumentAccess, DossierDocument, Receipt, Payment, Charge, DossierEvent, DossierStep,
                  DossierPause, DossierExtension, SatisfactionRating, Dossier, CodeSequence):  # fmt: skip
        model.objects.all().delete()
    seed("--dossiers", "300", "--seed", "11")
    assert sorted(Dossier.objects.values_list("code", "status", "outcome", "applicant_name")) == first


@pytest.mark.parametrize(
    "today",
    [
        "2026-01-05 09:00",  # a Monday in the new year
        "2026-02-23 08:00",  # the first working day after the Tết holiday
        "2026-09-03 16:30",  # right after the National Day holiday
        "2026-11-23 14:00",  # a Monday afternoon (CI once found the seed date-dependent here)
        "2026-11-22 20:30",  # a Sunday evening: nothing may happen at the weekend, nor after now
        "2026-11-25 12:10",  # the lunch break
        "2026-11-26 07:35",  # just after opening: today's acts are minutes old at most
    ],
)
def test_the_seed_keeps_its_promises_whatever_day_it_runs(today):
    with freeze_time(f"{today}+07:00"):
        seed("--dossiers", "1500", "--seed", "11")
        last = {}
        for dossier_id, to_status in DossierEvent.objects.order_by("at", "id").values_list("dossier_id", "to_status"):
            last[dossier_id] = to_status
        assert all(last[pk] == status for pk, status in Dossier.objects.values_list("pk", "status"))
        overdue = Dossier.objects.filter(status__in=["received", "in_progress"], due_at__lt=timezone.now())
        # The dashboard's overdue figures and lists need a backlog to show.
        assert overdue.exists()
        assert not Dossier.objects.filter(events__at__gt=timezone.now()).exists()
        assert_people_act_in_office_hours_and_never_later_than_now()
        assert_feedback_in_every_state()


# Moments at which a person acts; online filings ("submit") alone arrive at any hour.
FEEDBACK_MOMENTS = [
    "created_at", "forwarded_at", "info_requested_at", "info_received_at", "refused_at", "answered_at", "closed_at",
]  # fmt: skip


def assert_people_act_in_office_hours_and_never_later_than_now():
    now, calendar = timezone.now(), workdays.load_calendar()
    moments = {
        # Online filings and online payments come at any hour; every other event is a person's act.
        "event": DossierEvent.objects.exclude(kind="submit")
        .exclude(kind__in=["payment", "payment_refund_due"], data__channel="online")
        .values_list("kind", "at"),
        "rating": SatisfactionRating.objects.values_list("dossier_id", "created_at"),
        "returned": Dossier.objects.exclude(returned_at=None).values_list("code", "returned_at"),
        "extension": DossierExtension.objects.values_list("dossier_id", "created_at"),
        "feedback": [
            (field, moment)
            for row in Feedback.objects.values_list(*FEEDBACK_MOMENTS)
            for field, moment in zip(FEEDBACK_MOMENTS, row, strict=True)
            if moment is not None
        ],
    }
    for what, rows in moments.items():
        rows = list(rows)
        assert rows, what
        future = [(what, *row) for row in rows if row[1] > now]
        assert not future, future[:5]
        outside = [(what, *row) for row in rows if not workdays.is_office_time(row[1], calendar)]
        assert not outside, outside[:5]


def assert_feedback_in_every_state():
    assert set(Feedback.objects.values_list("status", flat=True)) == set(FeedbackStatus.values)
    now = timezone.now()
    answered = [handling_at(f, now).on_time for f in Feedback.objects.filter(status__in=["answered", "closed"])]
    assert True in answered and False in answered  # answered on time, and late
    closed = set(Feedback.objects.filter(status="closed").values_list("sender_satisfied", flat=True))
    assert {True, False} <= closed
    overdue = Feedback.objects.filter(status__in=["new", "forwarded"], due_at__lt=now)
    assert overdue.exists()  # the staff list's "late" filter has something to show


def test_the_scorecard_satisfaction_rows_count_demo_feedback():
    from monitoring.periods import month_period
    from monitoring.scorecard import build, load_facts

    with freeze_time("2026-12-03 10:00+07:00"):
        seed("--dossiers", "1500", "--seed", "5")
        card = {i.key: i for i in build(load_facts(month_period(dt.date(2026, 11, 1)))).indicators}
    for key in ("feedback_on_time", "feedback_satisfaction"):
        assert 0 < card[key].numerator <= card[key].denominator, key
