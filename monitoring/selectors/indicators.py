"""The service-index indicators (Decision 766/QĐ-TTg; DOMAIN.md) that the portal's data supports.

Each indicator says what it measures, its numerator and denominator, and where it can the metric whose
dossier list is behind each number. Groups the data cannot support (digitisation, online payment) are
listed as not measured, with the reason, rather than left out silently.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Avg, Count, F, Q
from django.utils.translation import gettext_lazy as _

from dossiers.models import Outcome
from monitoring.metrics import LABELS, Scope, _between, base_q, unsatisfied_q
from monitoring.models import Feedback
from monitoring.selectors.dashboard import Row


@dataclass
class Indicator:
    key: str
    group: str
    points: int
    title: str
    definition: str
    numerator: int | None = None
    denominator: int | None = None
    # The dossier lists behind the figures: (label, count, metric of monitoring/metrics.py).
    parts: list[tuple[str, int, str]] = field(default_factory=list)

    @property
    def measured(self) -> bool:
        return self.denominator is not None

    @property
    def ratio(self) -> float | None:
        return self.numerator / self.denominator if self.denominator else None


def satisfaction_bad(scope: Scope, late: int, unsatisfied_not_late: int) -> int:
    """Resolved in the period and rated unsatisfied, complained about or late (each dossier once).

    Late ones and those rated unsatisfied (not late) come from the aggregation; complaints about the
    others are counted from the small feedback table, excluding what an earlier set already counted.
    """
    resolved = _between("dossier__result_ready_at", scope.period.start, scope.period.end)
    complained = (
        Feedback.objects.filter(base_q(scope, "dossier__"), resolved, dossier__isnull=False)
        .exclude(dossier__outcome=Outcome.LATE)
        .exclude(unsatisfied_q("dossier__rating__"))
        .values("dossier_id")
        .distinct()
        .count()
    )
    return late + unsatisfied_not_late + complained


def feedback_figures(scope: Scope) -> dict:
    """Feedback whose answer fell due in the period (answered by then or not) and the senders' verdicts."""
    q = Q(agency_id=scope.agency_id) if scope.agency_id else Q()
    due = _between("due_at", scope.period.start, min(scope.period.end, scope.now))
    answered = _between("answered_at", scope.period.start, scope.period.end)
    return Feedback.objects.filter(q).aggregate(
        due=Count("pk", filter=due),
        on_time=Count("pk", filter=due & Q(answered_at__isnull=False, answered_at__lte=F("due_at"))),
        judged=Count("pk", filter=answered & Q(sender_satisfied__isnull=False)),
        satisfied=Count("pk", filter=answered & Q(sender_satisfied=True)),
    )


def queue_wait(scope: Scope) -> dict:
    """Average wait from taking a queue ticket to its first call, for tickets of the period."""
    from counters.models import Ticket

    tickets = Ticket.objects.filter(day__gte=scope.period.first, day__lte=scope.period.last, wait_seconds__isnull=False)
    if scope.agency_id:
        tickets = tickets.filter(group__agencies=scope.agency_id)
    return tickets.aggregate(tickets=Count("pk"), seconds=Avg("wait_seconds"))


def indicators(scope: Scope, totals: Row, procedures: dict[int, dict]) -> list[Indicator]:
    """The indicators for the totals row of the aggregation (monitoring.selectors.dashboard)."""
    tally = totals.tally
    published = [p for p in procedures.values() if p["is_active"]]
    at_center = sum(1 for p in published if p["handled_at_center"])
    feedback = feedback_figures(scope)
    bad = satisfaction_bad(scope, tally["late"], totals.unsatisfied_not_late)
    return [
        Indicator(
            "transparency",
            _("Transparency"),
            18,
            _("Procedures published for filing at the center"),
            _(
                "Procedures in force that the center receives, over all procedures in force in the catalogue. "
                "Every received dossier's progress is public through its code and secret."
            ),
            at_center,
            len(published),
        ),
        Indicator(
            "progress",
            _("Progress of resolution"),
            20,
            _("Resolved early or on time, or in progress within the deadline"),
            _(
                "(Dossiers resolved in the period early or on time + open dossiers not overdue) ÷ "
                "(dossiers resolved in the period + open dossiers)."
            ),
            tally.progress_ok,
            tally.progress_base,
            [
                (LABELS["progress_ok"], tally.progress_ok, "progress_ok"),
                (LABELS["progress_base"], tally.progress_base, "progress_base"),
            ],
        ),
        Indicator(
            "online",
            _("Online public services"),
            12,
            _("Filed fully online where the procedure allows it"),
            _(
                "Dossiers received in the period through the online channel, over dossiers received in the "
                "period for procedures with a full-online process."
            ),
            tally["full_online"],
            tally["full_online_base"],
            [
                (LABELS["full_online"], tally["full_online"], "full_online"),
                (LABELS["full_online_base"], tally["full_online_base"], "full_online_base"),
                (LABELS["online"], tally["online"], "online"),
                (LABELS["counter"], tally.counter, "counter"),
                (LABELS["post"], tally["post"], "post"),
            ],
        ),
        Indicator(
            "satisfaction",
            _("Satisfaction"),
            18,
            _("Resolved without an unsatisfied rating, a complaint or delay"),
            _(
                "(Dossiers resolved in the period − those rated unsatisfied, complained about or late) ÷ "
                "dossiers resolved in the period. An overdue dossier counts against satisfaction."
            ),
            tally["resolved"] - bad,
            tally["resolved"],
            [
                (LABELS["resolved"], tally["resolved"], "resolved"),
                (LABELS["satisfaction_bad"], bad, "satisfaction_bad"),
            ],
        ),
        Indicator(
            "feedback_on_time",
            _("Satisfaction"),
            18,
            _("Feedback answered on time"),
            _(
                "Feedback and petitions whose answer fell due in the period and were answered by then, over "
                "all whose answer fell due in the period (filtered by agency only)."
            ),
            feedback["on_time"],
            feedback["due"],
        ),
        Indicator(
            "feedback_satisfied",
            _("Satisfaction"),
            18,
            _("Senders satisfied with the answer to their feedback"),
            _(
                "Feedback answered in the period whose sender said they were satisfied, over those whose "
                "sender gave a verdict (filtered by agency only)."
            ),
            feedback["satisfied"],
            feedback["judged"],
        ),
        Indicator(
            "digitisation",
            _("Digitisation"),
            22,
            _("Results issued electronically; digitised dossier components; reuse of data"),
            _("Not measured: the portal does not yet record electronic results or digitised components."),
        ),
        Indicator(
            "payment",
            _("Online payment"),
            10,
            _("Dossiers paid online over dossiers with fees"),
            _("Not measured: the portal does not yet record payments."),
        ),
    ]
