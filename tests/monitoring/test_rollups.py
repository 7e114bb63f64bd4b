"""The rollups agree with the dossiers to the row, whatever the workflow does (monitoring/rollups).

A seeded random walk drives dossiers/services.py as the center does over three weeks that cross a month:
receipts at two sites, online filings accepted or rejected, hand-overs along a two-agency chain,
supplements, payments, extensions, refusals, withdrawals, results, returns and ratings, plus the edits an
administrator can make. After every few steps `verify_rollups` finds no difference. Then the supervision
figures read from the rollups are compared with the same figures counted on the dossiers
(monitoring/metrics.py's definitions) for many periods, filters and moments "now".
"""

from __future__ import annotations

import contextlib
import datetime as dt
import random
from zoneinfo import ZoneInfo

import pytest
from django.core.management import CommandError, call_command
from django.db import IntegrityError, connection, transaction
from django.db.models import Count
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from freezegun import freeze_time

from center import roles, workdays
from center.errors import DomainError
from dossiers import services
from dossiers.handover import handover_states_q
from dossiers.models import Channel, Dossier, SatisfactionRating
from dossiers.permissions import can_act
from dossiers.ratings import dossier_rate
from dossiers.workflow import OPEN
from dossiers.workflow import DossierStatus as S
from monitoring.metrics import Scope, base_q, metric_q
from monitoring.periods import CUSTOM, MONTH, YEAR, Period, month_period
from monitoring.rollups import selectors as rollups
from monitoring.rollups.models import FLOW_COUNTS, Flow, OpenStock
from monitoring.rollups.services import rollups_rebuild, rollups_tidy
from monitoring.rollups.verify import differences
from monitoring.selectors.dashboard import AGGREGATED
from monitoring.selectors.duties import duties
from monitoring.thresholds import near_due_until
from tests.factories import (
    AgencyFactory,
    CounterFactory,
    FieldFactory,
    ProcedureFactory,
    ProcedureStepFactory,
    SiteFactory,
    UserFactory,
)

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
START = dt.datetime(2026, 11, 20, 8, 0, tzinfo=HCM)
APPLICANT = services.Applicant(name="Nguyễn Văn An", id_number="001203004567", phone="0912345678")

ACTIONS = {
    "transfer": lambda d, by: services.dossier_transfer(dossier=d, by=by),
    "request_supplement": lambda d, by: services.dossier_request_supplement(dossier=d, by=by, missing=["Bản vẽ"]),
    "supplement_received": lambda d, by: services.dossier_supplement_received(dossier=d, by=by),
    "request_payment": lambda d, by: services.dossier_request_payment(dossier=d, by=by, note="Lệ phí"),
    "payment_received": lambda d, by: services.dossier_payment_received(dossier=d, by=by),
    "refuse": lambda d, by: services.dossier_refuse(dossier=d, by=by, reason="Ngoài thẩm quyền"),
    "withdraw": lambda d, by: services.dossier_withdraw(dossier=d, by=by, reason="Công dân rút"),
    "resolve": lambda d, by: services.dossier_resolve(dossier=d, by=by),
    "return": lambda d, by: services.dossier_return(dossier=d, by=by, collected_by="Nguyễn Văn An"),
    "extend": lambda d, by: services.dossier_extend(
        dossier=d, by=by, new_due_at=d.appointment_at + dt.timedelta(days=3), reason="Cần xác minh thực địa"
    ),
}
# Weighted so that walks get deep into the lifecycle (refusals and withdrawals end it).
WEIGHTS = {"transfer": 6, "resolve": 4, "return": 3, "request_supplement": 2, "supplement_received": 3,
           "request_payment": 1, "payment_received": 2, "extend": 1, "refuse": 1, "withdraw": 1}  # fmt: skip


@pytest.fixture
def province(db):
    agency_a = AgencyFactory(code="H56.01", name="Sở Tài chính")
    agency_b = AgencyFactory(code="H56.06", name="Sở Nông nghiệp và Môi trường")
    field = FieldFactory()
    procedures = [
        ProcedureFactory(agency=agency_a, processing_days=3, field=field),
        ProcedureFactory(agency=agency_a, processing_days=1),
        ProcedureFactory(agency=agency_b, processing_days=5),
    ]
    ProcedureStepFactory(procedure=procedures[0], position=1, agency=agency_a, working_days=2)
    ProcedureStepFactory(procedure=procedures[0], position=2, agency=agency_b, working_days=1)
    sites = [None, SiteFactory()]
    counters = []
    for site in sites:
        counter = CounterFactory(**({"site": site} if site else {}))
        counter.agencies.add(agency_a, agency_b)
        counters.append(counter)
    staff = [UserFactory(role=roles.COUNTER_STAFF, counter=c) for c in counters] + [
        UserFactory(role=roles.AGENCY_SPECIALIST, agency=agency_a),
        UserFactory(role=roles.AGENCY_LEAD, agency=agency_a),
        UserFactory(role=roles.AGENCY_SPECIALIST, agency=agency_b),
        UserFactory(role=roles.CENTER_DIRECTOR),
    ]
    return {"agencies": [agency_a, agency_b], "field": field, "procedures": procedures, "counters": counters,
            "staff": staff}  # fmt: skip


def _walk(province, rng: random.Random, steps: int, frozen) -> None:
    """`steps` random things a center does, verifying the rollups every few steps."""
    procedures, counters, staff = province["procedures"], province["counters"], province["staff"]
    for step in range(steps):
        frozen.tick(dt.timedelta(hours=rng.choice([1, 2, 5, 11, 26])))
        roll = rng.random()
        if roll < 0.2:
            counter = rng.choice(counters)
            clerk = next(u for u in staff if u.staff_profile.counter_id == counter.pk)
            services.dossier_receive(procedure=rng.choice(procedures), applicant=APPLICANT, by=clerk, counter=counter)
        elif roll < 0.28:
            filing = services.dossier_submit(procedure=rng.choice(procedures), applicant=APPLICANT)
            clerk = staff[rng.randrange(2)]
            if rng.random() < 0.75:
                services.dossier_accept(dossier=filing, by=clerk)
            else:
                services.dossier_reject(dossier=filing, by=clerk, reason="Thiếu giấy tờ")
        elif roll < 0.33:
            returned = list(Dossier.objects.filter(status=S.RETURNED, rating__isnull=True)[:5])
            if returned:
                dossier = rng.choice(returned)
                marks = {k: rng.choice([1, 2, 3]) for k in ("reception", "attitude", "timeliness", "clarity", "result")}
                dossier_rate(dossier=dossier, secret=dossier.secret, **marks)
        elif roll < 0.35:
            _administrator_edits(province, rng)
        else:
            _act(rng, staff)
        if step % 16 == 15:
            assert differences() == [], f"after step {step}"


def _act(rng: random.Random, staff) -> None:
    dossiers = list(Dossier.objects.filter(status__in=[*OPEN, S.RESULT_READY]))
    if not dossiers:
        return
    dossier = rng.choice(dossiers)
    action = rng.choices(list(WEIGHTS), weights=list(WEIGHTS.values()))[0]
    entitled = [user for user in staff if can_act(user, dossier, action)]
    with contextlib.suppress(DomainError):  # refused: changes nothing, as the workflow's own tests check
        ACTIONS[action](dossier, rng.choice(entitled) if entitled else staff[-1])


def _administrator_edits(province, rng: random.Random) -> None:
    """What the admin's change form can do to a dossier: another site, procedure or channel; a rating
    corrected or removed."""
    dossier = Dossier.objects.order_by("?").first()
    if dossier is None:
        return
    choice = rng.randrange(4)
    if choice == 0:
        dossier.site_id = rng.choice([c.site_id for c in province["counters"]])
        dossier.save(update_fields=["site"])
    elif choice == 1:
        procedure = rng.choice(province["procedures"])
        dossier.procedure, dossier.agency = procedure, procedure.agency
        dossier.save()
    elif choice == 2:
        dossier.channel = Channel.POST if dossier.channel == Channel.COUNTER else Channel.COUNTER
        dossier.save()
    else:
        rating = SatisfactionRating.objects.order_by("?").first()
        if rating is not None and rng.random() < 0.5:
            rating.delete()
        elif rating is not None:
            rating.result = 3 if rating.result != 3 else 1
            rating.save()


def _counted_on_dossiers(scope: Scope, by: tuple[str, ...]) -> dict[tuple, dict]:
    counts = {name: Count("pk", filter=metric_q(name, scope)) for name in AGGREGATED}
    rows = Dossier.objects.filter(base_q(scope)).values(*by).annotate(**counts).order_by()
    out = {tuple(r[k] for k in by): {n: r[n] for n in AGGREGATED} for r in rows}
    return {key: value for key, value in out.items() if any(value.values())}


def _read_from_rollups(scope: Scope, by: tuple[str, ...]) -> dict[tuple, dict]:
    rows = rollups.tallies(scope, by)
    out = {tuple(r[k] for k in by): {n: r[n] for n in AGGREGATED} for r in rows}
    return {key: value for key, value in out.items() if any(value.values())}


def _duties_on_dossiers(scope: Scope) -> dict[str, dict[str, int]]:
    states = handover_states_q(scope.now)
    received = Dossier.objects.filter(base_q(scope), metric_q("received", scope))
    rows = received.values("agency__code").annotate(**{k: Count("pk", filter=q) for k, q in states.items()})
    counted = {r["agency__code"]: {k: r[k] for k in states} for r in rows.order_by()}
    return {code: counts for code, counts in counted.items() if any(counts.values())}


def _scopes(province, now: dt.datetime):
    calendar = workdays.load_calendar()
    periods = [
        month_period(dt.date(2026, 11, 1)),
        month_period(dt.date(2026, 12, 1)),
        Period(CUSTOM, dt.date(2026, 11, 24), dt.date(2026, 12, 6)),
        Period(CUSTOM, dt.date(2026, 11, 1), dt.date(2026, 12, 31)),
        Period(YEAR, dt.date(2026, 1, 1), dt.date(2026, 12, 31)),
        Period(MONTH, dt.date(2026, 12, 1), dt.date(2026, 12, 9)),
        Period(CUSTOM, dt.date(2025, 12, 15), dt.date(2027, 1, 10)),  # days, a month, a whole year, days
    ]
    site = province["counters"][1].site_id
    filters = [{}, {"agency_id": province["agencies"][0].pk}, {"site_id": site}, {"channel": Channel.ONLINE},
               {"field_id": province["field"].pk}, {"procedure_id": province["procedures"][2].pk}]  # fmt: skip
    for period in periods:
        for chosen in filters:
            yield Scope(period=period, now=now, near_due_until=near_due_until(now, calendar), **chosen)


def test_every_change_the_workflow_allows_keeps_the_rollups_exact(province):
    rng = random.Random(17)
    with freeze_time(START) as frozen:
        _walk(province, rng, 240, frozen)
        assert Dossier.objects.count() > 40
        assert Dossier.objects.filter(status=S.RETURNED).exists() and SatisfactionRating.objects.exists()
        assert Dossier.objects.filter(status__in=OPEN).exists()
        assert differences() == []
        # The figures of the pages: the same from the rollups as from the dossiers, at many moments "now"
        # (every seventeen hours over eleven days: overdue and near-due lines fall on every kind of day).
        moments = [START + dt.timedelta(hours=17 * i) for i in range(16)]
        checked = 0
        for now in moments:
            for scope in _scopes(province, now):
                for by in (("agency_id", "procedure_id"), ("site_id",)):
                    expected = _counted_on_dossiers(scope, by)
                    assert _read_from_rollups(scope, by) == expected, (scope, by)
                    # As the dashboard reads them: every grouping of the page in one statement per table.
                    with rollups.shared_reads():
                        assert _read_from_rollups(scope, by) == expected, (scope, by, "shared")
                    checked += 1
                # The hand-over duties per agency.
                expected = _duties_on_dossiers(scope)
                assert {row.key: row.counts for row in duties(scope).by_agency} == expected
                with rollups.shared_reads():
                    assert {row.key: row.counts for row in duties(scope).by_agency} == expected
        assert checked == 16 * 42 * 2


def test_verify_rollups_reports_a_row_that_disagrees_and_repair_mends_it(province, capsys):
    with freeze_time(START) as frozen:
        _walk(province, random.Random(3), 40, frozen)
    call_command("verify_rollups")
    assert "0 differences" in capsys.readouterr().out
    row = Flow.objects.filter(received__gt=0).first()
    row.received += 1
    row.save()
    OpenStock.objects.create(due_day=dt.date(2026, 12, 1), running=True, site_key=0, agency_id=1, procedure_id=1,
                             channel="counter", n=2)  # fmt: skip
    with pytest.raises(CommandError) as stopped:
        call_command("verify_rollups", "--from", "2026-11-01", "--to", "2026-12-31")
    assert stopped.value.returncode == 1  # the exit status of manage.py
    out = capsys.readouterr().out
    assert "2 differences" in out and "open_stock" in out
    call_command("verify_rollups", "--repair")
    assert differences() == []


def test_a_rebuild_and_a_tidy_change_no_figure(province):
    with freeze_time(START) as frozen:
        _walk(province, random.Random(5), 60, frozen)
        scope = next(_scopes(province, START + dt.timedelta(days=6)))
        before = _read_from_rollups(scope, ("agency_id", "procedure_id"))
        empty = Flow.objects.filter(**dict.fromkeys(FLOW_COUNTS, 0)).count()
        empty += OpenStock.objects.filter(n=0).count()
        assert empty and rollups_tidy() == empty
        assert _read_from_rollups(scope, ("agency_id", "procedure_id")) == before
        rollups_rebuild()
        assert not Flow.objects.filter(received=0, resolved=0, ratings=0, stopped=0).exists()
        assert _read_from_rollups(scope, ("agency_id", "procedure_id")) == before
        assert differences() == []


def test_without_maintenance_the_tables_fall_behind_and_verify_says_so(province, settings):
    settings.ROLLUPS_MAINTAINED = False
    procedure = province["procedures"][1]
    clerk = province["staff"][0]
    with freeze_time(START):
        services.dossier_receive(procedure=procedure, applicant=APPLICANT, by=clerk, counter=province["counters"][0])
    assert not Flow.objects.exists()
    found = differences()
    assert {d.table for d in found} == {"flow", "open_stock"}
    rollups_rebuild()
    assert differences() == []


def test_the_nightly_task_tidies_and_logs_a_disagreement_without_mending_it(province, caplog):
    from monitoring.tasks import rollups_nightly_task

    with freeze_time(START) as frozen:
        _walk(province, random.Random(9), 30, frozen)
        nowhere = {"site_key": 0, "agency_id": 0, "procedure_id": 0, "channel": "counter", "counter_key": 0}
        Flow.objects.create(span="D", day=dt.date(2026, 11, 1), **nowhere)  # counts nothing
        empty = Flow.objects.filter(**dict.fromkeys(FLOW_COUNTS, 0)).count()
        empty += OpenStock.objects.filter(n=0).count()
        assert rollups_nightly_task() == {"removed": empty, "differences": 0}
        assert not OpenStock.objects.filter(n=0).exists()
        stray = Flow.objects.create(span="D", day=timezone.localdate(), received=5, **nowhere)  # agency 0: none has it
        assert rollups_nightly_task()["differences"] == 1
        assert "rollups_disagree" in caplog.text
        stray.refresh_from_db()
        assert stray.received == 5  # reported, not mended behind the administrators' back


def test_a_receipt_is_counted_by_the_insert_of_its_dossier_one_statement_not_two(province):
    procedure, clerk = province["procedures"][1], province["staff"][0]
    with freeze_time(START), CaptureQueriesContext(connection) as queries:
        dossier = services.dossier_receive(
            procedure=procedure, applicant=APPLICANT, by=clerk, counter=province["counters"][0]
        )
    writes = [q["sql"] for q in queries.captured_queries if "monitoring_flow" in q["sql"]]
    assert len(writes) == 1 and 'INSERT INTO "dossiers_dossier"' in writes[0]
    assert Flow.objects.filter(received=1, procedure_id=procedure.pk).count() == 3  # its day, month and year
    assert OpenStock.objects.get(procedure_id=procedure.pk).n == 1
    assert differences() == []
    # A dossier whose INSERT fails counts nothing (one statement: both or neither).
    duplicate = Dossier.objects.get(pk=dossier.pk)
    duplicate.pk, duplicate._state.adding = None, True
    with pytest.raises(IntegrityError), transaction.atomic():
        duplicate.save()  # the same code
    assert differences() == []


@pytest.mark.django_db
def test_the_rollup_tables_leave_room_on_each_page_for_updates_in_place():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relname, reloptions FROM pg_class WHERE relname IN ('monitoring_flow', 'monitoring_openstock')"
        )
        options = dict(cursor.fetchall())
    assert options == {"monitoring_flow": ["fillfactor=80"], "monitoring_openstock": ["fillfactor=80"]}
