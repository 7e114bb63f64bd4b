"""Every number of the supervision pages, defined once as a filter on dossiers.

The aggregation counts `Count("pk", filter=metric_q(name))` and the drill-down lists the dossiers of
`.filter(metric_q(name))`, so a list always adds up to the number it came from. Definitions follow
DOMAIN.md ("Punctuality", "Supervision and the service index").
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from dossiers.models import Channel, Outcome
from dossiers.workflow import CLOCK_RUNNING, OPEN
from dossiers.workflow import DossierStatus as S
from monitoring.periods import Period
from procedures.models import OnlineLevel, Procedure


@dataclass(frozen=True)
class Scope:
    """What is counted: the period, the moment "now" and its near-due threshold, and the filters."""

    period: Period
    now: dt.datetime
    near_due_until: dt.datetime
    agency_id: int | None = None
    field_id: int | None = None
    channel: str = ""
    procedure_id: int | None = None

    @property
    def trend_start(self) -> dt.datetime:
        from monitoring.periods import local_midnight

        return local_midnight(self.period.trend_months()[0])

    @property
    def trend_end(self) -> dt.datetime:
        from monitoring.periods import add_months, local_midnight

        return local_midnight(add_months(self.period.trend_months()[-1], 1))


def base_q(scope: Scope, prefix: str = "") -> Q:
    """The filters (agency, field, channel, procedure) on dossiers, or on a model that points to one."""
    q = Q()
    if scope.agency_id:
        q &= Q(**{f"{prefix}agency_id": scope.agency_id})
    if scope.procedure_id:
        q &= Q(**{f"{prefix}procedure_id": scope.procedure_id})
    if scope.field_id:
        q &= Q(**{f"{prefix}procedure__in": Procedure.objects.filter(field_id=scope.field_id).values("pk")})
    if scope.channel:
        q &= Q(**{f"{prefix}channel": scope.channel})
    return q


def _between(field: str, start, end) -> Q:
    return Q(**{f"{field}__gte": start, f"{field}__lt": end})


def unsatisfied_q(prefix: str = "rating__") -> Q:
    """Rated unsatisfied: one criterion answered "unsatisfied" (SatisfactionRating.overall == 1)."""
    q = Q()
    for criterion in ("reception", "attitude", "timeliness", "clarity", "result"):
        q |= Q(**{f"{prefix}{criterion}": 1})
    return q


def complained_q() -> Q:
    from monitoring.models import Feedback

    return Q(Exists(Feedback.objects.filter(dossier=OuterRef("pk"))))


def metric_q(name: str, scope: Scope) -> Q:
    p = scope.period
    received = _between("received_at", p.start, p.end)
    resolved = _between("result_ready_at", p.start, p.end)
    running = Q(status__in=CLOCK_RUNNING)
    overdue = running & Q(due_at__lt=scope.now)
    definitions = {
        "received": received,
        "resolved": resolved,
        "early": resolved & Q(outcome=Outcome.EARLY),
        "on_time": resolved & Q(outcome=Outcome.ON_TIME),
        "late": resolved & Q(outcome=Outcome.LATE),
        "stopped": received & Q(status__in=[S.STOPPED, S.WITHDRAWN]),
        "open": Q(status__in=OPEN),
        "overdue": overdue,
        "near_due": running & Q(due_at__gte=scope.now, due_at__lte=scope.near_due_until),
        "online": received & Q(channel=Channel.ONLINE),
        "post": received & Q(channel=Channel.POST),
        "counter": received & Q(channel=Channel.COUNTER),
        # Service index, progress: resolved early or on time + open and not overdue, over resolved + open.
        "progress_base": resolved | Q(status__in=OPEN),
        "progress_ok": (resolved & Q(outcome__in=[Outcome.EARLY, Outcome.ON_TIME])) | (Q(status__in=OPEN) & ~overdue),
        # Service index, online service: full-online filings of procedures that allow a full-online one.
        "full_online_base": received & Q(procedure__online_level=OnlineLevel.FULL),
        "full_online": received & Q(procedure__online_level=OnlineLevel.FULL, channel=Channel.ONLINE),
        # Service index, satisfaction: resolved dossiers rated unsatisfied, complained about or late.
        "satisfaction_bad": resolved & (Q(outcome=Outcome.LATE) | unsatisfied_q() | complained_q()),
    }
    if name not in definitions:
        raise KeyError(name)
    return definitions[name]


# Columns of the tables, in order; each links to the dossiers behind it.
COUNT_COLUMNS = ["received", "resolved", "early", "on_time", "late", "stopped", "open", "overdue", "near_due"]
LABELS = {
    "received": _("Received"),
    "resolved": _("Resolved"),
    "early": _("Early"),
    "on_time": _("On time"),
    "late": _("Late"),
    "stopped": _("Stopped or withdrawn"),
    "open": _("Open now"),
    "overdue": _("Overdue now"),
    "near_due": _("Near due now"),
    "online": _("Filed online"),
    "post": _("Filed by post"),
    "counter": _("Filed at the counter"),
    "progress_base": _("Resolved or open"),
    "progress_ok": _("Resolved early or on time, or open within the deadline"),
    "full_online_base": _("Received for procedures that allow full-online filing"),
    "full_online": _("Filed fully online"),
    "satisfaction_bad": _("Resolved but rated unsatisfied, complained about or late"),
}
DEFINITIONS = {
    "received": _("Dossiers received (clock started) in the period."),
    "resolved": _("Dossiers whose result became ready in the period."),
    "early": _("Resolved in the period, result ready on a date before the due date."),
    "on_time": _("Resolved in the period on the due date, no later than the deadline."),
    "late": _("Resolved in the period after the deadline (an extension does not move it)."),
    "stopped": _("Received in the period and since refused, stopped or withdrawn: not judged for punctuality."),
    "open": _("Open now, whenever received: received, in progress, or paused for supplements or payment."),
    "overdue": _("Open now with the clock running and the deadline passed."),
    "near_due": _("Open now with the clock running and at most one working day left."),
}
