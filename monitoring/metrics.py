"""The numbers of the dashboard's tiles and tables, each defined once as a filter on dossiers.

The aggregation counts `Count("pk", filter=metric_q(name))` and the drill-down lists the dossiers of
`.filter(metric_q(name))`, so a list always adds up to the number it came from. Definitions follow
DOMAIN.md ("Punctuality"); the Decision 766 scorecard counts its own sets (monitoring/scorecard/).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from center import glossary
from dossiers.models import Channel, Outcome
from dossiers.workflow import CLOCK_RUNNING, OPEN
from dossiers.workflow import DossierStatus as S
from monitoring.periods import Period
from procedures.models import Procedure


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
    }
    if name not in definitions:
        raise KeyError(name)
    return definitions[name]


# Columns of the tables, in order; each links to the dossiers behind it.
COUNT_COLUMNS = ["received", "resolved", "early", "on_time", "late", "stopped", "open", "overdue", "near_due"]
LABELS = {
    "received": _("Received"),
    "resolved": _("Resolved"),
    **glossary.RESOLVED,
    "stopped": _("Stopped or withdrawn"),
    "open": _("Open now"),
    "overdue": glossary.OVERDUE,
    "near_due": glossary.NEAR_DUE,
    "online": _("Filed online"),
}
DEFINITIONS = {
    "received": _("Dossiers received (clock started) in the period."),
    "resolved": _("Dossiers whose result became ready in the period."),
    "early": glossary.DEFINITIONS["early"],
    "on_time": glossary.DEFINITIONS["on_time"],
    "late": glossary.DEFINITIONS["late"],
    "stopped": _("Received in the period and since refused, stopped or withdrawn: not judged for punctuality."),
    "open": _("Open now, whenever received: received, in progress, or paused for supplements or payment."),
    "overdue": glossary.DEFINITIONS["overdue"],
    "near_due": glossary.DEFINITIONS["near_due"],
}
