"""Any sequence of actions on a dossier, by any staff member, at any pace, keeps the workflow's invariants.

Hypothesis drives dossiers/services.py with random sequences (a state machine): each action is tried by
a random role while the clock moves on. After every step: the status is one of the workflow table's;
exactly one event per successful change and none for a refused one; a refused action changes nothing;
an action is refused exactly when the table, the actor's role or agency, or the chain forbids it; the
outcome (and result time) is set iff the dossier is resolved; the due date is never before receipt.
"""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from freezegun import freeze_time
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule, run_state_machine_as_test

from center import roles
from center.errors import DomainError
from dossiers import services, workflow
from dossiers.models import Dossier, DossierEvent, DossierExtension, DossierPause, DossierStep
from dossiers.permissions import can_act
from dossiers.workflow import DossierStatus as S
from tests.factories import AgencyFactory, ProcedureFactory, ProcedureStepFactory, UserFactory

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
START = dt.datetime(2026, 11, 16, 9, 0, tzinfo=HCM)  # a Monday
APPLICANT = services.Applicant(name="Nguyễn Văn An", id_number="001203004567", phone="0912345678")
RESOLVED = {S.RESULT_READY, S.RETURNED}
CHAIN_LENGTH = 2

# action -> (status it leads to, None for an extension; how the service is called)
ACTIONS = {
    "transfer": (S.IN_PROGRESS, lambda d, by: services.dossier_transfer(dossier=d, by=by)),
    "request_supplement": (
        S.AWAITING_SUPPLEMENT,
        lambda d, by: services.dossier_request_supplement(dossier=d, by=by, missing=["Bản vẽ hiện trạng"]),
    ),
    "supplement_received": (S.IN_PROGRESS, lambda d, by: services.dossier_supplement_received(dossier=d, by=by)),
    "request_payment": (
        S.AWAITING_PAYMENT,
        lambda d, by: services.dossier_request_payment(dossier=d, by=by, note="Lệ phí trước bạ"),
    ),
    "payment_received": (S.IN_PROGRESS, lambda d, by: services.dossier_payment_received(dossier=d, by=by)),
    "refuse": (S.STOPPED, lambda d, by: services.dossier_refuse(dossier=d, by=by, reason="Ngoài thẩm quyền")),
    "withdraw": (S.WITHDRAWN, lambda d, by: services.dossier_withdraw(dossier=d, by=by, reason="Công dân rút")),
    "resolve": (S.RESULT_READY, lambda d, by: services.dossier_resolve(dossier=d, by=by)),
    "return": (S.RETURNED, lambda d, by: services.dossier_return(dossier=d, by=by, collected_by="Nguyễn Văn An")),
    "extend": (
        None,
        lambda d, by: services.dossier_extend(
            dossier=d, by=by, new_due_at=d.appointment_at + dt.timedelta(days=3), reason="Cần xác minh thực địa"
        ),
    ),
}
ACTORS = ["clerk", "specialist_a", "lead_a", "specialist_b", "director"]
# The table allows moves by target status; three actions share the target in_progress and each has its
# own source: a hand-over from received/in_progress, a supplement or payment only when it was awaited.
ONLY_FROM = {
    "transfer": {S.RECEIVED, S.IN_PROGRESS},
    "supplement_received": {S.AWAITING_SUPPLEMENT},
    "payment_received": {S.AWAITING_PAYMENT},
}


def expected_to_succeed(dossier: Dossier, action: str, user) -> bool:
    """What the rules allow: the workflow table (or an open dossier, for an extension), the role and agency,
    and, for a hand-over, a next step in the chain."""
    target = ACTIONS[action][0]
    allowed = dossier.status in workflow.OPEN if target is None else workflow.can(dossier.status, target)
    if action in ONLY_FROM and dossier.status not in ONLY_FROM[action]:
        allowed = False
    if action == "transfer" and dossier.current_step >= CHAIN_LENGTH:
        allowed = False  # the last step resolves; there is nobody to hand over to
    return allowed and can_act(user, dossier, action)


class DossierLifecycle(RuleBasedStateMachine):
    users: dict = {}
    procedure = None

    def __init__(self):
        super().__init__()
        self.clock = freeze_time(START, ignore=["hypothesis"])
        self.frozen = self.clock.start()
        dossier = services.dossier_receive(procedure=self.procedure, applicant=APPLICANT, by=self.users["clerk"])
        self.pk, self.received_at, self.events, self.status = dossier.pk, dossier.received_at, 1, dossier.status

    def teardown(self):
        self.clock.stop()

    def dossier(self) -> Dossier:
        return Dossier.objects.get(pk=self.pk)

    def snapshot(self) -> tuple:
        d = self.dossier()
        return (
            d.status, d.due_at, d.extended_due_at, d.outcome, d.result_ready_at, d.returned_at, d.current_step,
            d.current_agency_id, d.updated_at, d.version, DossierEvent.objects.filter(dossier_id=self.pk).count(),
            list(DossierPause.objects.filter(dossier_id=self.pk).values_list("started_at", "ended_at")),
            list(DossierStep.objects.filter(dossier_id=self.pk).values_list("position", "completed_at")),
            DossierExtension.objects.filter(dossier_id=self.pk).count(),
        )  # fmt: skip

    @rule(hours=st.integers(min_value=1, max_value=96))
    def time_passes(self, hours):
        self.frozen.tick(dt.timedelta(hours=hours))

    @rule(action=st.sampled_from(sorted(ACTIONS)), actor=st.sampled_from(ACTORS))
    def act(self, action, actor):
        user, before, dossier = self.users[actor], self.snapshot(), self.dossier()
        expected = expected_to_succeed(dossier, action, user)
        target, call = ACTIONS[action]
        try:
            call(dossier, user)
        except DomainError:
            assert not expected, f"{actor} was refused {action} on a {dossier.status} dossier"
            assert self.snapshot() == before, f"refused {action} changed the dossier"
            return
        assert expected, f"{actor} could {action} a {dossier.status} dossier"
        self.events += 1
        after = self.dossier()
        assert after.version == dossier.version + 1, "every change gives the dossier its next version"
        assert after.status == (target or dossier.status)
        assert workflow.can(dossier.status, after.status) or target is None
        self.status = after.status

    @invariant()
    def invariants_hold(self):
        d = self.dossier()
        assert d.status in workflow.ALLOWED and d.status == self.status
        # One event per change, the last one saying where the dossier is.
        events = list(DossierEvent.objects.filter(dossier_id=self.pk).order_by("at", "id"))
        assert len(events) == self.events
        assert events[-1].to_status == d.status
        # Outcome and result time iff resolved; returned time iff returned.
        resolved = d.status in RESOLVED
        assert bool(d.outcome) == resolved
        assert (d.result_ready_at is not None) == resolved
        assert (d.returned_at is not None) == (d.status == S.RETURNED)
        # The due date is never before receipt; a new appointment is after it.
        assert d.received_at == self.received_at
        assert d.due_at >= d.received_at
        assert d.extended_due_at is None or d.extended_due_at > d.due_at
        # The clock is paused exactly while the applicant is awaited.
        open_pauses = DossierPause.objects.filter(dossier_id=self.pk, ended_at__isnull=True).count()
        assert open_pauses == (1 if d.status in workflow.CLOCK_PAUSED else 0)


def _by_someone_entitled(action: str):
    """A rule for `action` whenever the table allows its move now, done by the first staff member whose
    role and agency allow it: runs get deep into the lifecycle instead of being mostly refusals (the
    rule `act` tries anyone, anything, anytime)."""
    target = ACTIONS[action][0]

    def allowed_now(machine) -> bool:
        return machine.status in workflow.OPEN if target is None else workflow.can(machine.status, target)

    def run(machine):
        dossier = machine.dossier()
        entitled = [name for name in ACTORS if can_act(machine.users[name], dossier, action)]
        if entitled:
            machine.act(action, entitled[0])

    run.__name__ = f"{action}_by_someone_entitled"
    return precondition(allowed_now)(rule()(run))


# Not for refuse and withdraw: they end the lifecycle, and runs should get deep; `act` still tries them.
for _action in sorted(set(ACTIONS) - {"refuse", "withdraw"}):
    setattr(DossierLifecycle, f"{_action}_by_someone_entitled", _by_someone_entitled(_action))


@pytest.mark.django_db
def test_any_sequence_of_actions_keeps_the_invariants():
    agency_a = AgencyFactory(code="H56.01", name="Sở Tài chính")
    agency_b = AgencyFactory(code="H56.06", name="Sở Nông nghiệp và Môi trường")
    procedure = ProcedureFactory(agency=agency_a, processing_days=3)
    ProcedureStepFactory(procedure=procedure, position=1, agency=agency_a, working_days=2)
    ProcedureStepFactory(procedure=procedure, position=2, agency=agency_b, working_days=1)
    DossierLifecycle.procedure = procedure
    DossierLifecycle.users = {
        "clerk": UserFactory(role=roles.COUNTER_STAFF),
        "specialist_a": UserFactory(role=roles.AGENCY_SPECIALIST, agency=agency_a),
        "lead_a": UserFactory(role=roles.AGENCY_LEAD, agency=agency_a),
        "specialist_b": UserFactory(role=roles.AGENCY_SPECIALIST, agency=agency_b),
        "director": UserFactory(role=roles.CENTER_DIRECTOR),
    }

    run_state_machine_as_test(
        DossierLifecycle,
        settings=settings(
            max_examples=50,
            stateful_step_count=20,
            deadline=None,
            database=None,
            suppress_health_check=[HealthCheck.too_slow],
        ),
    )


# --- what the state machine found, kept as plain examples ----------------------------------------------


@pytest.fixture
def chain_dossier(procedure, other_agency, clerk):
    """A dossier of a two-agency chain, handed to its first agency."""
    ProcedureStepFactory(procedure=procedure, position=1, agency=procedure.agency, working_days=2)
    ProcedureStepFactory(procedure=procedure, position=2, agency=other_agency, working_days=1)
    dossier = services.dossier_receive(procedure=procedure, applicant=APPLICANT, by=clerk)
    return services.dossier_transfer(dossier=dossier, by=clerk)


@pytest.mark.django_db
@pytest.mark.parametrize("action", ["supplement-received", "payment-received"])
def test_recording_a_supplement_or_payment_nobody_asked_for_is_a_409_not_a_500(api_as, chain_dossier, clerk, action):
    """The table allows in_progress -> in_progress (a hand-over); a supplement must not ride on it."""
    events = chain_dossier.events.count()

    body = {"version": chain_dossier.version}
    response = api_as(clerk).post(f"/api/v1/dossiers/{chain_dossier.code}/{action}/", body, format="json")

    assert response.status_code == 409
    assert "không ở trạng thái chờ" in response.json()["detail"]
    assert chain_dossier.events.count() == events


@pytest.mark.django_db
@pytest.mark.parametrize("pause", ["request_supplement", "request_payment"])
def test_a_paused_dossier_cannot_be_handed_on(api_as, chain_dossier, clerk, specialist, pause):
    """Handing on a paused dossier would leave its pause open with the clock running again."""
    if pause == "request_supplement":
        services.dossier_request_supplement(dossier=chain_dossier, by=specialist, missing=["Bản vẽ"])
    else:
        services.dossier_request_payment(dossier=chain_dossier, by=specialist, note="Lệ phí trước bạ")
    before = Dossier.objects.get(pk=chain_dossier.pk)

    body = {"version": before.version}
    response = api_as(clerk).post(f"/api/v1/dossiers/{chain_dossier.code}/transfer/", body, format="json")

    assert response.status_code == 409
    assert "đang chờ công dân" in response.json()["detail"]
    after = Dossier.objects.get(pk=chain_dossier.pk)
    assert (after.status, after.current_step, after.current_agency_id) == (
        before.status,
        before.current_step,
        before.current_agency_id,
    )
    assert DossierStep.objects.filter(dossier=after).count() == 1
