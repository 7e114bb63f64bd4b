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
    "identity_verified": DOSSIER,
    "feedback_base": FEEDBACK,
    "feedback_on_time": FEEDBACK,
    "feedback_received": FEEDBACK,
    "feedback_satisfied": FEEDBACK,
    "fee_procedures": PROCEDURE,
    "fee_procedures_payable_online": PROCEDURE,
    "fee_procedures_paid_online": PROCEDURE,
    "fee_dossiers": DOSSIER,
    "fee_dossiers_paid_online": DOSSIER,
    "results_base": DOSSIER,
    "electronic_results": DOSSIER,
    "digitised": DOSSIER,
    "received": DOSSIER,
    "reused": DOSSIER,
    "online_with_result": DOSSIER,
}


@dataclass
class Facts:
    """The sets of one period, or (counts-only form, monitoring/scorecard/kept.py) only their sizes per
    agency in `tallies` for the sets not in `sets`: enough for the scorecard, its ranking and trend, not for
    the drill-down lists, which need the ids (`ids` raises KeyError on a set only counted)."""

    period: Period
    sets: dict[str, dict[int, int | None]] = field(default_factory=dict)
    tallies: dict[str, Counter] = field(default_factory=dict)

    def ids(self, name: str, agency_id: int | None = None) -> list[int]:
        members = self.sets[name]
        return [pk for pk, owner in members.items() if agency_id is None or owner == agency_id]

    # Members per agency of each set, counted on first use: ranking every agency then reads each set once,
    # not once per agency (the sets are complete when load_facts returns, and not changed after).
    _per_agency: dict[str, Counter] = field(default_factory=dict, init=False, repr=False, compare=False)

    def count(self, name: str, agency_id: int | None = None) -> int:
        if name not in self.sets:
            tally = self.tallies[name]
            return sum(tally.values()) if agency_id is None else tally[agency_id]
        if agency_id is None:
            return len(self.sets[name])
        return self.per_agency(name)[agency_id]

    def per_agency(self, name: str) -> Counter:
        """How many members of the set each agency (None: no agency yet) has."""
        if name not in self.sets:
            return self.tallies[name]
        if name not in self._per_agency:
            self._per_agency[name] = Counter(self.sets[name].values())
        return self._per_agency[name]


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
    _online_facts(facts, start, end)


def _online_facts(facts: Facts, start: dt.datetime, end: dt.datetime) -> None:
    """4.5: dossiers received in the period whose applicant the identity provider verified (VNeID through the
    national portal): filed online by a signed-in citizen (dossiers/online/)."""
    from dossiers.models import Dossier

    verified = Dossier.objects.filter(
        received_at__gte=start, received_at__lt=end, online_filing__citizen__verified_by_provider=True
    )
    facts.sets["identity_verified"] = dict(verified.values_list("pk", "agency_id"))


def _digitisation_facts(facts: Facts, start: dt.datetime, end: dt.datetime) -> None:
    """Group 4 from the dossiers' files (dossiers/documents): only files scanned clean count, as only they
    can be handed to anyone.

    - results_base: dossiers whose result was ready in the period, of procedures whose result is a document
      (every procedure names one); electronic_results: those with a result file attached (4.1).
    - digitised: of results_base, those with an electronic result and a file for every required component
      (4.2: files attached to their components and an electronic result).
    - received: dossiers received in the period; reused: those with a component taken from already
      digitised data (4.3); online_with_result: those filed online with an electronic result (the channel
      share beside 3.1, where an online dossier counts only with an electronic result).
    """
    from dossiers.documents.models import RESULT, DossierDocument, ScanStatus
    from dossiers.models import Dossier
    from procedures.models import RequiredDocument

    clean = DossierDocument.objects.filter(scan_status=ScanStatus.CLEAN)
    ready = Dossier.objects.filter(result_ready_at__gte=start, result_ready_at__lt=end).exclude(
        procedure__result_type=""
    )
    rows = list(ready.values_list("pk", "agency_id", "procedure_id"))
    with_result = set(clean.filter(component=RESULT, dossier__in=ready).values_list("dossier_id", flat=True))
    attached: dict[int, set[str]] = {}
    for dossier_id, component in (
        clean.filter(dossier__in=ready).exclude(component=RESULT).values_list("dossier_id", "component").distinct()
    ):
        attached.setdefault(dossier_id, set()).add(component)
    required: dict[int, set[str]] = {}
    for procedure_id, position in RequiredDocument.objects.filter(
        procedure_id__in={procedure for _pk, _agency, procedure in rows}, is_optional=False
    ).values_list("procedure_id", "position"):
        required.setdefault(procedure_id, set()).add(str(position))
    facts.sets["results_base"] = {pk: agency for pk, agency, _procedure in rows}
    facts.sets["electronic_results"] = {pk: agency for pk, agency, _procedure in rows if pk in with_result}
    facts.sets["digitised"] = {
        pk: agency
        for pk, agency, procedure in rows
        if pk in with_result and pk in attached and required.get(procedure, set()) <= attached[pk]
    }
    received = Dossier.objects.filter(received_at__gte=start, received_at__lt=end)
    received_rows = list(received.values_list("pk", "agency_id", "channel"))
    reused = set(
        clean.filter(dossier__in=received, reused_from__isnull=False).values_list("dossier_id", flat=True).distinct()
    )
    online_results = set(
        clean.filter(component=RESULT, dossier__in=received.filter(channel=Channel.ONLINE)).values_list(
            "dossier_id", flat=True
        )
    )
    facts.sets["received"] = {pk: agency for pk, agency, _channel in received_rows}
    facts.sets["reused"] = {pk: agency for pk, agency, _channel in received_rows if pk in reused}
    facts.sets["online_with_result"] = {pk: agency for pk, agency, _channel in received_rows if pk in online_results}


# The catalogue's sets (catalogue_sets) and the one made from it: read live for every period.
CATALOGUE_SETS = ("procedures", "procedures_online", "fee_procedures", "fee_procedures_payable_online")
FROM_CATALOGUE = (*CATALOGUE_SETS, "fee_procedures_paid_online")


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


def _paid_online():
    from dossiers.payments.models import Payment, PaymentChannel, PaymentStatus

    return Payment.objects.filter(channel=PaymentChannel.ONLINE, status=PaymentStatus.PAID)


def paid_procedures(start: dt.datetime, end: dt.datetime) -> set[int]:
    """The procedures with an online payment made in [start, end) (whatever the catalogue says now)."""
    paid = _paid_online().filter(paid_at__gte=start, paid_at__lt=end)
    return set(paid.values_list("dossier__procedure_id", flat=True))


def fee_procedures_paid_online(fee_procedures: dict[int, int], paid: set[int]) -> dict[int, int]:
    return {pk: agency for pk, agency in fee_procedures.items() if pk in paid}


def _payment_facts(facts: Facts, start: dt.datetime, end: dt.datetime) -> None:
    """Online payment (DOMAIN.md): procedures with a fee that had an online payment made in the period, and
    dossiers (received in the period) of procedures with a non-zero fee, and those of them paid online by
    the period's end. Paid means the gateway confirmed it and its receipt is not cancelled."""
    from dossiers.models import Dossier

    fee_procedures = facts.sets["fee_procedures"]
    facts.sets["fee_procedures_paid_online"] = fee_procedures_paid_online(fee_procedures, paid_procedures(start, end))
    dossiers = dict(
        Dossier.objects.filter(
            received_at__gte=start, received_at__lt=end, procedure_id__in=list(fee_procedures)
        ).values_list("pk", "agency_id")
    )
    paid = _paid_online().filter(dossier_id__in=list(dossiers), paid_at__lt=end)
    paid = set(paid.values_list("dossier_id", flat=True))
    facts.sets["fee_dossiers"] = dossiers
    facts.sets["fee_dossiers_paid_online"] = {pk: agency for pk, agency in dossiers.items() if pk in paid}


def _feedback_facts(facts: Facts, start: dt.datetime, end: dt.datetime, calendar) -> None:
    verdicts = feedback_verdicts(start=start, end=end, calendar=calendar)
    facts.sets["feedback_base"] = {v.pk: v.agency_id for v in verdicts if v.in_base}
    facts.sets["feedback_on_time"] = {v.pk: v.agency_id for v in verdicts if v.in_base and v.on_time}
    facts.sets["feedback_received"] = {v.pk: v.agency_id for v in verdicts if v.first_received}
    facts.sets["feedback_satisfied"] = {v.pk: v.agency_id for v in verdicts if v.first_received and v.satisfied}


def _site_of(facts: Facts) -> dict[int, int | None]:
    """The site each dossier of the local sets was received at."""
    from dossiers.models import Dossier

    members = list(set().union(*(facts.sets[name] for name in LOCAL_SETS)))
    sites = {}
    for start in range(0, len(members), 50_000):  # bounded statements, whatever the number of dossiers
        sites.update(Dossier.objects.filter(pk__in=members[start : start + 50_000]).values_list("pk", "site_id"))
    return sites


def _keep_site(facts: Facts, site_id: int, sites: dict[int, int | None]) -> Facts:
    """The facts of the dossiers received at one site: the local sets filtered, the others shared."""
    kept = Facts(facts.period, dict(facts.sets))
    for name in LOCAL_SETS:
        kept.sets[name] = {pk: owner for pk, owner in facts.sets[name].items() if sites.get(pk) == site_id}
    return kept


# The dossier sets a site's facts filter (the payment sets, though dossiers, are the province's, as before).
LOCAL_SETS = (
    "progress_base", "progress_ok", "resolved", "resolved_late", "resolved_unsatisfied", "open_at_end",
    "open_at_end_overdue", "full_online_base", "full_online", "identity_verified", "results_base",
    "electronic_results", "digitised", "received", "reused", "online_with_result",
)  # fmt: skip


def load_facts_per_site(
    period: Period, site_ids: list[int | None], *, calendar=None, catalogue: dict | None = None
) -> dict[int | None, Facts]:
    """The facts of the period for each site of `site_ids` (None: every site), the period's dossiers read
    once: `load_facts(period, site_id=s)` for each s, at the cost of one."""
    calendar = calendar or workdays.load_calendar()
    facts = Facts(period)
    _dossier_facts(facts, period.start, period.end, calendar)
    _digitisation_facts(facts, period.start, period.end)
    facts.sets.update(catalogue if catalogue is not None else catalogue_sets())
    _payment_facts(facts, period.start, period.end)
    _feedback_facts(facts, period.start, period.end, calendar)
    sites = _site_of(facts) if any(site_id is not None for site_id in site_ids) else {}
    return {site_id: facts if site_id is None else _keep_site(facts, site_id, sites) for site_id in site_ids}


def load_facts(period: Period, *, calendar=None, catalogue: dict | None = None, site_id: int | None = None) -> Facts:
    """All the sets of one period (a handful of queries, whatever the number of agencies). A caller loading
    several periods passes the calendar and `catalogue_sets()` it read once. With `site_id`, the dossier sets
    hold only the dossiers received at that site (procedures, feedback and payments are the province's)."""
    return load_facts_per_site(period, [site_id], calendar=calendar, catalogue=catalogue)[site_id]
