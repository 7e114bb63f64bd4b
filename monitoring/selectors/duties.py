"""The center's own duties, as the dashboard counts them and its drill-downs list them:

- the hand-over of each dossier received in the period to its agency (dossiers/handover.py): on time,
  late, or not yet handed and overdue (or still within time), per counter and per agency;
- the apology letters (Form 04) issued in the period, and those issued after the due date they replace.

Counts and lists use the same filters (`handover_states_q`, `DossierExtension.LATE_Q`), so a list always
adds up to its number (the rollups count hand-overs as those filters do; verify_rollups checks it).
A few grouped queries, whatever the amount of data.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet

from counters.models import Counter
from dossiers.handover import handover_states_q
from dossiers.models import Dossier, DossierExtension
from monitoring.metrics import Scope, _between, base_q
from monitoring.rollups import selectors as rollups
from procedures.models import Agency

STATES = ["on_time", "late", "overdue", "pending"]
NO_COUNTER = 0  # dossiers received without a counter (e.g. accepted online by the back office)


@dataclass
class DutyRow:
    key: str  # counter number or agency code, as the drill-down's filter takes it
    label: str
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(STATES, 0))

    def add(self, data: dict) -> None:
        for state in STATES:
            self.counts[state] += data[state]

    @property
    def handed_over(self) -> int:
        return self.counts["on_time"] + self.counts["late"]

    @property
    def on_time_rate(self) -> float | None:
        return self.counts["on_time"] / self.handed_over if self.handed_over else None


@dataclass
class Duties:
    totals: DutyRow
    by_counter: list[DutyRow]
    by_agency: list[DutyRow]
    apologies: int
    late_apologies: int


def _received(scope: Scope) -> QuerySet[Dossier]:
    return Dossier.objects.filter(base_q(scope), _between("received_at", scope.period.start, scope.period.end))


def handover_dossiers(scope: Scope, state: str, *, counter: int | None = None) -> QuerySet[Dossier]:
    """The dossiers received in the period in hand-over `state`; `counter` a number, NO_COUNTER for none."""
    dossiers = _received(scope).filter(handover_states_q(scope.now)[state])
    if counter == NO_COUNTER:
        dossiers = dossiers.filter(counter__isnull=True)
    elif counter is not None:
        dossiers = dossiers.filter(counter__number=counter)
    return dossiers.select_related("procedure", "agency", "counter").order_by("received_at", "id")


def apologies(scope: Scope, *, late_only: bool) -> QuerySet[DossierExtension]:
    """Apology letters issued in the period for the dossiers in scope; only the late ones if asked."""
    letters = DossierExtension.objects.filter(
        base_q(scope, "dossier__"), _between("created_at", scope.period.start, scope.period.end)
    )
    if late_only:
        letters = letters.filter(DossierExtension.LATE_Q)
    return letters.select_related("dossier", "dossier__procedure", "dossier__agency", "created_by").order_by(
        "created_at", "id"
    )


def duties(scope: Scope) -> Duties:
    """Hand-overs judged (on time, late) from the rollups; dossiers still waiting at the counter (few: the
    day's receipts) split into overdue and pending at `scope.now` from the dossiers."""
    states = handover_states_q(scope.now)
    waiting = (
        _received(scope)
        .filter(states["overdue"] | states["pending"])
        .values("counter_id", "agency_id")
        .annotate(overdue=Count("pk", filter=states["overdue"]), pending=Count("pk", filter=states["pending"]))
        .order_by()
    )
    handed = [
        {**row, "on_time": row["handed_on_time"], "late": row["handed_late"]}
        for row in rollups.flow_sums(scope, ("counter_id", "agency_id"))
    ]
    agencies = {a.pk: a for a in Agency.objects.only("pk", "code", "name")}
    counters = {c.pk: c for c in Counter.objects.only("pk", "number", "name")}
    totals = DutyRow("", "")
    by_counter: dict[int, DutyRow] = {}
    by_agency: dict[int, DutyRow] = {}
    for data in [*handed, *waiting]:
        data = {**dict.fromkeys(STATES, 0), **data}
        if not any(data[state] for state in STATES):
            continue
        counter = counters.get(data["counter_id"])
        number = counter.number if counter else NO_COUNTER
        by_counter.setdefault(number, DutyRow(str(number), str(counter) if counter else "")).add(data)
        agency = agencies[data["agency_id"]]
        by_agency.setdefault(agency.pk, DutyRow(agency.code, agency.name)).add(data)
        totals.add(data)
    letters = apologies(scope, late_only=False).aggregate(
        total=Count("pk"), late=Count("pk", filter=Q(DossierExtension.LATE_Q))
    )
    return Duties(
        totals=totals,
        by_counter=[by_counter[n] for n in sorted(by_counter)],
        by_agency=sorted(by_agency.values(), key=lambda r: r.label),
        apologies=letters["total"],
        late_apologies=letters["late"],
    )
