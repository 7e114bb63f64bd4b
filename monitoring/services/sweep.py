"""The deadline sweep: raise near-due, overdue and escalation alerts for open dossiers, and queue their
notifications, at a cost that follows what changed.

Each sweep computes the three threshold moments for now (monitoring/thresholds.py) and reads only the
running dossiers whose due_at lies between the thresholds of the previous sweep (stored in SweepState)
and the new ones: three ranges on the (status, due_at) index. Dossiers whose clock resumed since then
(their deadline moved while paused) come from the DeadlineRecheck queue. A sweep with nothing new reads
a few empty ranges and writes the watermark.

Rules (DOMAIN.md): paused dossiers (awaiting supplement or payment) are not judged; an extension does
not move the deadline, so extended dossiers are judged against due_at like any other.

Concurrency: the sweep holds SweepState's row lock; a second sweep started meanwhile (two workers, two
beat schedulers) finds it locked and returns at once. The unique (dossier, kind) constraint and the
outbox's dedupe key make even a sweep that slipped past the lock harmless.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from center import workdays
from dossiers.models import Dossier
from dossiers.workflow import CLOCK_RUNNING
from monitoring import messages
from monitoring.forecasts.selectors import at_risk_alert_rows
from monitoring.models import Alert, AlertKind, DeadlineRecheck, SweepState
from monitoring.services.outbox import outbox_enqueue, outbox_message
from monitoring.services.recipients import responsible_specialists, staff_directory
from monitoring.thresholds import Thresholds, thresholds_at, working_days_late

log = logging.getLogger("monitoring.sweep")

# The alerts this sweep raises (an online filing not checked in time is monitoring.services.intake's).
DEADLINE_KINDS = (AlertKind.NEAR_DUE, AlertKind.OVERDUE, AlertKind.ESCALATED, AlertKind.AT_RISK)

SWEEP_NAME = "deadlines"
# Each window starts this much before the previous sweep's thresholds, so that a dossier saved by a
# transaction still open during that sweep is not missed; alerts already raised are filtered out.
OVERLAP = dt.timedelta(minutes=10)


@dataclass
class SweepResult:
    skipped: bool = False
    first: bool = False
    candidates: int = 0
    rechecked: int = 0
    alerts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(DEADLINE_KINDS, 0))
    messages: int = 0
    duration_ms: int = 0

    @property
    def alerts_raised(self) -> int:
        return sum(self.alerts.values())


def kinds_due(due_at: dt.datetime, t: Thresholds) -> list[str]:
    """The alerts a running dossier with this deadline deserves now."""
    if due_at < t.now:
        return [AlertKind.OVERDUE, AlertKind.ESCALATED] if due_at <= t.escalate_until else [AlertKind.OVERDUE]
    if due_at <= t.near_due_until:
        return [AlertKind.NEAR_DUE]
    return []


def _window(state: SweepState, t: Thresholds) -> Q:
    if state.swept_at is None:
        return Q(due_at__lte=max(t.near_due_until, t.now))
    return (
        Q(due_at__gt=state.near_due_until - OVERLAP, due_at__lte=t.near_due_until)
        | Q(due_at__gte=state.overdue_until - OVERLAP, due_at__lt=t.now)
        | Q(due_at__gt=state.escalate_until - OVERLAP, due_at__lte=t.escalate_until)
    )


def deadline_sweep(*, now: dt.datetime | None = None) -> SweepResult:
    """One sweep (the beat task and `manage.py sweep_deadlines` call this)."""
    started = time.monotonic()
    now = now or timezone.now()
    result = SweepResult()
    SweepState.objects.bulk_create([SweepState(name=SWEEP_NAME)], ignore_conflicts=True)
    with transaction.atomic():
        state = SweepState.objects.select_for_update(skip_locked=True).filter(name=SWEEP_NAME).first()
        if state is None:  # another sweep holds the lock and will do the work
            result.skipped = True
            log.info("deadline_sweep_skipped")
            return result
        calendar = workdays.load_calendar()
        t = thresholds_at(now, calendar)
        result.first = state.swept_at is None
        queued = dict(DeadlineRecheck.objects.values_list("pk", "dossier_id"))
        recheck = set(queued.values())
        where = _window(state, t) | Q(pk__in=recheck) if recheck else _window(state, t)
        rows = list(
            Dossier.objects.filter(where, status__in=CLOCK_RUNNING)
            .values("pk", "code", "agency_id", "current_agency_id", "due_at", "procedure__name", "agency__name")
            .order_by()
        )
        result.candidates, result.rechecked = len(rows), len(recheck)
        new_alerts = _raise_alerts(rows, t)
        # "At risk" (monitoring/forecasts): read from the stored predictions, not from the deadline window.
        risky = at_risk_alert_rows(t)
        new_alerts += _raise_alerts(risky, t, kinds=lambda _row: [AlertKind.AT_RISK])
        rows += risky
        for alert in new_alerts:
            result.alerts[alert.kind] += 1
        result.messages = _notify(new_alerts, rows, t, calendar)
        if queued:
            DeadlineRecheck.objects.filter(pk__in=list(queued)).delete()
        result.duration_ms = int((time.monotonic() - started) * 1000)
        _advance(state, t, result)
    log.info(
        "deadline_sweep",
        extra={"candidates": result.candidates, "alerts": result.alerts, "duration_ms": result.duration_ms},
    )
    return result


def _raise_alerts(rows: list[dict], t: Thresholds, kinds=None) -> list[Alert]:
    """Insert the alerts the candidates deserve and do not have yet; return the new ones."""
    kinds = kinds or (lambda row: kinds_due(row["due_at"], t))
    wanted = {(row["pk"], kind): row for row in rows for kind in kinds(row)}
    if not wanted:
        return []
    existing = set(Alert.objects.filter(dossier_id__in={pk for pk, _ in wanted}).values_list("dossier_id", "kind"))
    new = [
        Alert(dossier_id=pk, kind=kind, agency_id=row["agency_id"], due_at=row["due_at"], raised_at=t.now)
        for (pk, kind), row in wanted.items()
        if (pk, kind) not in existing
    ]
    # The constraint is the real guarantee: a row raised meanwhile by anyone is silently kept as it is.
    Alert.objects.bulk_create(new, ignore_conflicts=True, batch_size=2000)
    return new


def _notify(alerts: list[Alert], rows: list[dict], t: Thresholds, calendar) -> int:
    if not alerts:
        return 0
    by_pk = {row["pk"]: row for row in rows}
    directory = staff_directory()
    alerted_rows = [by_pk[pk] for pk in {a.dossier_id for a in alerts}]
    specialists = responsible_specialists(alerted_rows, directory)
    outgoing = []
    for alert in alerts:
        row = by_pk[alert.dossier_id]
        holder = row["current_agency_id"] or row["agency_id"]
        people = [*specialists.get(alert.dossier_id, []), *directory.leads.get(holder, [])]
        if alert.kind == AlertKind.ESCALATED:
            people += directory.directors
        text = messages.alert_text(
            alert.kind,
            code=row["code"],
            procedure=row["procedure__name"],
            agency=row["agency__name"],
            due_at=row["due_at"],
            days_late=working_days_late(row["due_at"], t.now, calendar),
        )
        for user_id in dict.fromkeys(people):
            for channel, address in directory.addresses(user_id):
                outgoing.append(
                    outbox_message(
                        channel=channel,
                        recipient=address,
                        text=text,
                        user_id=user_id,
                        dossier_id=alert.dossier_id,
                        template=f"alert_{alert.kind}",
                        dedupe_key=f"alert:{alert.dossier_id}:{alert.kind}:{channel}:{user_id}",
                    )
                )
    outbox_enqueue(messages=outgoing, publish="flush")
    return len(outgoing)


def _advance(state: SweepState, t: Thresholds, result: SweepResult) -> None:
    """Store the new watermark; thresholds never move back (a clock set back re-reads nothing twice)."""

    def later(old, new):
        return new if old is None or new > old else old

    state.swept_at = later(state.swept_at, t.now)
    state.near_due_until = later(state.near_due_until, t.near_due_until)
    state.overdue_until = later(state.overdue_until, t.now)
    state.escalate_until = later(state.escalate_until, t.escalate_until)
    state.last_candidates = result.candidates
    state.last_alerts = result.alerts_raised
    state.last_duration_ms = result.duration_ms
    state.save()
