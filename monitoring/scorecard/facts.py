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
    "received": DOSSIER,
    "channel_online_electronic": DOSSIER,
    "reused_data": DOSSIER,
    "identity_verified": DOSSIER,
    "feedback_base": FEEDBACK,
    "feedback_on_time": FEEDBACK,
    "feedback_received": FEEDBACK,
    "feedback_satisfied": FEEDBACK,
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
    received = Dossier.objects.filter(
        received_at__gte=start, received_at__lt=end, procedure__online_level=OnlineLevel.FULL
    ).values_list("pk", "agency_id", "channel")
    rows = list(received)
    facts.sets["full_online_base"] = {pk: agency for pk, agency, _channel in rows}
    facts.sets["full_online"] = {pk: agency for pk, agency, channel in rows if channel == Channel.ONLINE}
    _online_facts(facts, start, end)


def _online_facts(facts: Facts, start: dt.datetime, end: dt.datetime) -> None:
    """The online and reuse facts of dossiers received in the period (online filing, dossiers/online/)."""
    from dossiers.documents.models import RESULT, DossierDocument, ScanStatus
    from dossiers.models import Dossier
    from dossiers.online.models import FilingComponent

    received = Dossier.objects.filter(received_at__gte=start, received_at__lt=end)
    rows = list(received.values_list("pk", "agency_id", "channel", "result_ready_at"))
    facts.sets["received"] = {pk: agency for pk, agency, _channel, _ready in rows}
    ids = received.values("pk")
    electronic = set(
        DossierDocument.objects.filter(dossier__in=ids, component=RESULT, scan_status=ScanStatus.CLEAN).values_list(
            "dossier_id", flat=True
        )
    )
    # Filed online, and once resolved, resolved with an electronic result (a paper one does not count).
    facts.sets["channel_online_electronic"] = {
        pk: agency
        for pk, agency, channel, ready in rows
        if channel == Channel.ONLINE and (ready is None or pk in electronic)
    }
    # 4.3: at least one component taken from already digitised data (a saved document or an earlier file).
    reused = set(
        DossierDocument.objects.filter(dossier__in=ids, reused_from__isnull=False).values_list("dossier_id", flat=True)
    )
    reused |= set(
        FilingComponent.objects.filter(filing__dossier__in=ids, reused=True).values_list(
            "filing__dossier_id", flat=True
        )
    )
    facts.sets["reused_data"] = {pk: facts.sets["received"][pk] for pk in reused}
    # 4.5: the applicant's identity verified by the identity provider (VNeID through the national portal).
    verified = Dossier.objects.filter(pk__in=ids, online_filing__citizen__verified_by_provider=True)
    facts.sets["identity_verified"] = dict(verified.values_list("pk", "agency_id"))


def catalogue_sets() -> dict[str, dict[int, int]]:
    """The catalogue as it is now (the portal describes these indicators as "as of now"), so the same for
    every period: the trend reads it once for its twelve months."""
    rows = list(Procedure.objects.active().values_list("pk", "agency_id", "online_level"))
    online = (OnlineLevel.FULL, OnlineLevel.PARTIAL)
    return {
        "procedures": {pk: agency for pk, agency, _level in rows},
        "procedures_online": {pk: agency for pk, agency, level in rows if level in online},
    }


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
    _feedback_facts(facts, period.start, period.end, calendar)
    return facts
