"""Where inter-agency chains stall: for each procedure with a chain (procedures.ProcedureStep), the
working time its finished dossiers spent at each agency and in each hand-off (median, 90th percentile,
and the trend: the median of the last 90 days against the 90 before), and the slowest hand-offs.

The segments of a chain, in order: the counter's hand-over (receipt → the first agency has it), each step
at its agency, the hand-off between two agencies (one step completed → the next started; a transfer
recorded as one act shows 0), and the wait for the result to be collected is left out (the citizen's).
Working time as center.workdays counts it.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections import defaultdict
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext as _

from center import workdays
from dossiers.models import DossierStep
from procedures.models import Procedure

DAY = 86400
WINDOW = dt.timedelta(days=365)
RECENT = dt.timedelta(days=90)


@dataclass
class Segment:
    label: str
    kind: str  # "handover" (counter → agency), "agency", "handoff" (agency → agency)
    legal_days: int | None
    recent: list[float] = field(default_factory=list)
    earlier: list[float] = field(default_factory=list)
    older: list[float] = field(default_factory=list)

    @property
    def values(self) -> list[float]:
        return self.recent + self.earlier + self.older

    @property
    def count(self) -> int:
        return len(self.values)

    @property
    def median(self) -> float | None:
        return statistics.median(self.values) if self.values else None

    @property
    def p90(self) -> float | None:
        values = sorted(self.values)
        return values[min(len(values) - 1, int(0.9 * len(values)))] if values else None

    @property
    def trend(self) -> float | None:
        """Median of the last 90 days minus the median of the 90 before (working days; + is slower)."""
        if len(self.recent) < 3 or len(self.earlier) < 3:
            return None
        return statistics.median(self.recent) - statistics.median(self.earlier)


@dataclass
class Chain:
    procedure: Procedure
    segments: list[Segment]
    dossiers: int


def chain_stalls(*, now: dt.datetime | None = None, agency_id: int | None = None) -> list[Chain]:
    """Every chain procedure's segments over the last year's finished dossiers (two queries)."""
    now = now or timezone.now()
    calendar = workdays.load_calendar()
    procedures = [
        p
        for p in Procedure.objects.prefetch_related("steps__agency").order_by("name")
        if len(p.steps.all()) > 1 and (agency_id is None or any(s.agency_id == agency_id for s in p.steps.all()))
    ]
    by_dossier = defaultdict(list)
    for step in (
        DossierStep.objects.filter(
            dossier__procedure__in=procedures,
            dossier__result_ready_at__gte=now - WINDOW,
            completed_at__isnull=False,
        )
        .select_related("dossier")
        .only("position", "started_at", "completed_at", "dossier__procedure_id", "dossier__received_at")
        .order_by("dossier_id", "position")
    ):
        by_dossier[step.dossier_id].append(step)
    chains = {p.pk: _empty_chain(p) for p in procedures}
    for steps in by_dossier.values():
        chain = chains[steps[0].dossier.procedure_id]
        if len(steps) != len(chain.procedure.steps.all()):
            continue  # finished outside the chain (an older procedure definition)
        chain.dossiers += 1
        moments = [steps[0].dossier.received_at]
        for step in steps:
            moments += [step.started_at, step.completed_at]
        age = now - steps[-1].completed_at
        bucket = "recent" if age <= RECENT else "earlier" if age <= 2 * RECENT else "older"
        for segment, (start, end) in zip(chain.segments, zip(moments, moments[1:], strict=False), strict=True):
            getattr(segment, bucket).append(workdays.working_seconds_between(start, end, calendar) / DAY)
    return [chain for chain in chains.values() if chain.dossiers]


def _empty_chain(procedure: Procedure) -> Chain:
    steps = list(procedure.steps.all())
    segments = [Segment(label=_("Counter → %(agency)s") % {"agency": steps[0].agency.short_name}, kind="handover",
                        legal_days=None)]  # fmt: skip
    for i, step in enumerate(steps):
        if i:
            label = _("%(a)s → %(b)s") % {"a": steps[i - 1].agency.short_name, "b": step.agency.short_name}
            segments.append(Segment(label=label, kind="handoff", legal_days=None))
        segments.append(Segment(label=step.agency.short_name, kind="agency", legal_days=step.working_days))
    return Chain(procedure=procedure, segments=segments, dossiers=0)


def slowest_handoffs(chains: list[Chain], limit: int = 10) -> list[tuple[Chain, Segment]]:
    """The hand-overs and hand-offs of all chains, the slowest median first."""
    pairs = [(c, s) for c in chains for s in c.segments if s.kind != "agency" and s.count]
    return sorted(pairs, key=lambda pair: -(pair[1].median or 0))[:limit]
