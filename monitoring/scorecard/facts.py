"""The sets of dossiers, feedback and procedures behind the scorecard's numbers, for one period.

Each set maps an object's id to its agency's id (None for feedback no agency has yet), so the
scorecard of any agency, the ranking of all agencies and the drill-down lists are filters of the same
sets: a drill-down always holds exactly the objects its number counts.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from center import workdays
from dossiers.models import Channel, SatisfactionRating
from monitoring.metrics import unsatisfied_q
from monitoring.models import Feedback
from monitoring.periods import Period
from monitoring.scorecard.feedback import feedback_verdicts
from monitoring.scorecard.progress import progress_verdicts
from procedures.models import OnlineLevel, Procedure

DOSSIER, FEEDBACK, PROCEDURE = "dossier", "feedback", "procedure"

# Every set: what it holds (for the drill-down) and what it means.
SETS = {
    "progress_base": DOSSIER,
    "progress_ok": DOSSIER,
    "full_online_base": DOSSIER,
    "full_online": DOSSIER,
    "procedures": PROCEDURE,
    "procedures_online": PROCEDURE,
    "resolved": DOSSIER,
    "resolved_late": DOSSIER,
    "resolved_unsatisfied": DOSSIER,
    "open_at_end": DOSSIER,
    "open_at_end_overdue": DOSSIER,
    "feedback_base": FEEDBACK,
    "feedback_on_time": FEEDBACK,
    "feedback_received": FEEDBACK,
    "feedback_satisfied": FEEDBACK,
    "fee_procedures": PROCEDURE,
    "fee_procedures_payable_online": PROCEDURE,
    "fee_procedures_paid_online": PROCEDURE,
    "fee_dossiers": DOSSIER,
    "fee_dossiers_paid_online": DOSSIER,
}


@dataclass
class Facts:
    period: Period
    sets: dict[str, dict[int, int | None]] = field(default_factory=dict)

    def ids(self, name: str, agency_id: int | None = None) -> list[int]:
        members = self.sets[name]
        return [pk for pk, owner in members.items() if agency_id is None or owner == agency_id]

    # Members per agency of each set, counted on first use: ranking every agency then reads each set once,
    # not once per agency (the sets are complete when load_facts returns, and not changed after).
    _per_agency: dict[str, Counter] = field(default_factory=dict, init=False, repr=False, compare=False)

    def count(self, name: str, agency_id: int | None = None) -> int:
        if agency_id is None:
            return len(self.sets[name])
        if name not in self._per_agency:
            self._per_agency[name] = Counter(self.sets[name].values())
        return self._per_agency[name][agency_id]


def _dossier_facts(facts: Facts, start: dt.datetime, end: dt.datetime, calendar) -> None:
    from dossiers.models import Dossier

    verdicts = progress_verdicts(start=start, end=end, calendar=calendar)
    facts.sets["progress_base"] = {v.pk: v.agency_id for v in verdicts}
    facts.sets["progress_ok"] = {v.pk: v.agency_id for v in verdicts if v.on_time}
    # Satisfaction with dossier handling: results ready in the period, judged as 2.1 judges them.
    resolved = {v.pk: v for v in verdicts if v.end_kind in ("result_ready", "returned")}
    facts.sets["resolved"] = {pk: v.agency_id for pk, v in resolved.items()}
    facts.sets["resolved_late"] = {pk: v.agency_id for pk, v in resolved.items() if not v.on_time}
    # Complaints and unsatisfied ratings given before the period's end (so the period's figures stay put).
    unhappy = set(
        SatisfactionRating.objects.filter(unsatisfied_q(""), dossier_id__in=resolved, created_at__lt=end).values_list(
            "dossier_id", flat=True
        )
    )
    unhappy |= set(
        Feedback.objects.filter(dossier_id__in=resolved, created_at__lt=end).values_list("dossier_id", flat=True)
    )
    facts.sets["resolved_unsatisfied"] = {pk: resolved[pk].agency_id for pk in unhappy}
    # Still being processed at the period's end (no end by then, or an unanswered supplement request), within
    # time or overdue as 2.1 judges them then: the periodic reports' "in progress" columns (monitoring/reports).
    open_at_end = [v for v in verdicts if v.end_kind in ("period_end", "supplement_pending")]
    facts.sets["open_at_end"] = {v.pk: v.agency_id for v in open_at_end}
    facts.sets["open_at_end_overdue"] = {v.pk: v.agency_id for v in open_at_end if not v.on_time}
    received = Dossier.objects.filter(
        received_at__gte=start, received_at__lt=end, procedure__online_level=OnlineLevel.FULL
    ).values_list("pk", "agency_id", "channel")
    rows = list(received)
    facts.sets["full_online_base"] = {pk: agency for pk, agency, _channel in rows}
    facts.sets["full_online"] = {pk: agency for pk, agency, channel in rows if channel == Channel.ONLINE}


def catalogue_sets() -> dict[str, dict[int, int]]:
    """The catalogue as it is now (the portal describes these indicators as "as of now"), so the same for
    every period: the trend reads it once for its twelve months."""
    rows = list(
        Procedure.objects.active().values_list("pk", "agency_id", "online_level", "fee_amount", "fee_payable_online")
    )
    online = (OnlineLevel.FULL, OnlineLevel.PARTIAL)
    return {
        "procedures": {pk: agency for pk, agency, *_rest in rows},
        "procedures_online": {pk: agency for pk, agency, level, *_rest in rows if level in online},
        "fee_procedures": {pk: agency for pk, agency, _level, fee, _online in rows if fee},
        "fee_procedures_payable_online": {pk: agency for pk, agency, _level, fee, payable in rows if fee and payable},
    }


def _payment_facts(facts: Facts, start: dt.datetime, end: dt.datetime) -> None:
    """Online payment (DOMAIN.md): procedures with a fee that had an online payment made in the period, and
    dossiers (received in the period) of procedures with a non-zero fee, and those of them paid online by
    the period's end. Paid means the gateway confirmed it and its receipt is not cancelled."""
    from dossiers.models import Dossier
    from dossiers.payments.models import Payment, PaymentChannel, PaymentStatus

    online = Payment.objects.filter(channel=PaymentChannel.ONLINE, status=PaymentStatus.PAID)
    fee_procedures = facts.sets["fee_procedures"]
    paid_procedures = set(
        online.filter(paid_at__gte=start, paid_at__lt=end).values_list("dossier__procedure_id", flat=True)
    )
    facts.sets["fee_procedures_paid_online"] = {
        pk: agency for pk, agency in fee_procedures.items() if pk in paid_procedures
    }
    dossiers = dict(
        Dossier.objects.filter(
            received_at__gte=start, received_at__lt=end, procedure_id__in=list(fee_procedures)
        ).values_list("pk", "agency_id")
    )
    paid = set(online.filter(dossier_id__in=list(dossiers), paid_at__lt=end).values_list("dossier_id", flat=True))
    facts.sets["fee_dossiers"] = dossiers
    facts.sets["fee_dossiers_paid_online"] = {pk: agency for pk, agency in dossiers.items() if pk in paid}


def _feedback_facts(facts: Facts, start: dt.datetime, end: dt.datetime, calendar) -> None:
    verdicts = feedback_verdicts(start=start, end=end, calendar=calendar)
    facts.sets["feedback_base"] = {v.pk: v.agency_id for v in verdicts if v.in_base}
    facts.sets["feedback_on_time"] = {v.pk: v.agency_id for v in verdicts if v.in_base and v.on_time}
    facts.sets["feedback_received"] = {v.pk: v.agency_id for v in verdicts if v.first_received}
    facts.sets["feedback_satisfied"] = {v.pk: v.agency_id for v in verdicts if v.first_received and v.satisfied}


def load_facts(period: Period, *, calendar=None, catalogue: dict | None = None) -> Facts:
    """All the sets of one period (a handful of queries, whatever the number of agencies). A caller loading
    several periods passes the calendar and `catalogue_sets()` it read once."""
    facts = Facts(period)
    calendar = calendar or workdays.load_calendar()  # building it reads the holiday tables: once per scorecard
    _dossier_facts(facts, period.start, period.end, calendar)
    facts.sets.update(catalogue if catalogue is not None else catalogue_sets())
    _payment_facts(facts, period.start, period.end)
    _feedback_facts(facts, period.start, period.end, calendar)
    return facts
