"""Progress (indicator 2.1): dossiers processed early or on time, as the national portal judges them.

DOMAIN.md, "Progress (2.1)", and the portal's "Mô tả công thức tính chỉ số 766", 2.1:
- base: dossiers received or processed in the period, received ones only (an online filing never
  received does not count): received before the period's end and not finished before its start;
- end of processing, in this order of preference: result ready; else returned; else stopped, refused or
  withdrawn. If the last thing that happened is one unanswered supplement request, the end is the time
  of that request; more than one supplement request is late;
- no end by the end of the period: judged at the end of the period (within its time, or overdue);
- the time the citizen took to bring supplements (request → supplements received) is taken off the end;
- on time (early included): end ≤ the appointment date (ngày hẹn trả).

Everything is read as of the period's end: only events before it count (the audit trail is append-only),
and the appointment is the one printed on the receipt, not the deadline as later pauses moved it. So a
past period's figures never change when its dossiers finish later.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict, namedtuple
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Exists, OuterRef

from center import workdays
from dossiers.models import Dossier, DossierEvent, DossierPause, PauseKind

RESULT_READY, RETURNED = "resolve", "return"
STOPPED = ("refuse", "withdraw")
END_KINDS = (RESULT_READY, RETURNED, *STOPPED)
SUPPLEMENT_REQUEST, SUPPLEMENT_RECEIVED = "request_supplement", "supplement_received"
READ_KINDS = (*END_KINDS, SUPPLEMENT_REQUEST, SUPPLEMENT_RECEIVED)

# Plain rows rather than model instances: building thousands of instances cost half the time.
DossierRow = namedtuple("DossierRow", "pk agency_id due_at")
EventRow = namedtuple("EventRow", "kind at")
PauseRow = namedtuple("PauseRow", "kind started_at ended_at working_seconds")


@dataclass(frozen=True)
class Verdict:
    """One dossier of the base: whether it counts as early or on time, and how its end was found."""

    pk: int
    agency_id: int
    on_time: bool
    # "result_ready", "returned", "stopped", "supplement_pending", "period_end"
    end_kind: str
    end_at: dt.datetime


def subtract_working_seconds(moment: dt.datetime, seconds: int, calendar: workdays.WorkingCalendar) -> dt.datetime:
    """The inverse of workdays.add_working_seconds: move back by `seconds` of working time."""
    current = moment.astimezone(workdays.local_zone())
    remaining = dt.timedelta(seconds=seconds)
    while remaining > dt.timedelta(0):
        midnight = current.time() == dt.time(0)
        day = current.date() - workdays.DAY if midnight else current.date()
        day_start = dt.datetime.combine(day, dt.time(0), tzinfo=workdays.local_zone())
        if calendar.is_working_day(day):
            available = current - day_start
            if remaining <= available:
                return current - remaining
            remaining -= available
        current = day_start
    return current


def receipt_appointment(due_at: dt.datetime, pauses: list, calendar) -> dt.datetime:
    """The appointment printed on the receipt: the stored deadline without the pauses added back to it
    (dossiers/services.py moves due_at by each closed pause's working time)."""
    if not any(p.working_seconds for p in pauses):
        return due_at
    return subtract_working_seconds(due_at, sum(p.working_seconds for p in pauses), calendar)


def _on_time(end: dt.datetime, appointment: dt.datetime) -> bool:
    if settings.SCORECARD_ON_TIME_BY_DATE:
        zone = workdays.local_zone()
        return end.astimezone(zone).date() <= appointment.astimezone(zone).date()
    return end <= appointment


def judge(dossier, events: list, pauses: list, *, start: dt.datetime, end: dt.datetime, calendar) -> Verdict | None:
    """The verdict on one received dossier for the period [start, end), or None if it is not in the base.

    `events` are its events of READ_KINDS before `end`, in order; `pauses` all its pauses.
    """
    by_kind = defaultdict(list)
    for event in events:
        by_kind[event.kind].append(event.at)
    requests, supplied = by_kind[SUPPLEMENT_REQUEST], by_kind[SUPPLEMENT_RECEIVED]
    stopped = sorted(at for kind in STOPPED for at in by_kind[kind])
    if by_kind[RESULT_READY]:
        end_kind, end_at = "result_ready", by_kind[RESULT_READY][0]
    elif by_kind[RETURNED]:
        end_kind, end_at = "returned", by_kind[RETURNED][0]
    elif stopped:
        end_kind, end_at = "stopped", stopped[0]
    elif events and events[-1].kind == SUPPLEMENT_REQUEST:
        end_kind, end_at = "supplement_pending", events[-1].at
    else:
        end_kind, end_at = "period_end", end
    if end_at < start:
        return None  # finished before the period: not processed in it
    if len(requests) > 1:
        return Verdict(dossier.pk, dossier.agency_id, False, end_kind, end_at)
    # The citizen's supplement time, request to supplements received, as far as it happened by the end.
    waited = dt.timedelta(0)
    for asked, back in zip(requests, supplied, strict=False):
        if back <= end_at:
            waited += back - asked
    if settings.SCORECARD_SUBTRACT_PAYMENT_WAIT:
        for pause in pauses:
            if pause.kind == PauseKind.PAYMENT and pause.started_at < end_at:
                waited += min(pause.ended_at or end_at, end_at) - pause.started_at
    appointment = receipt_appointment(dossier.due_at, pauses, calendar)
    return Verdict(dossier.pk, dossier.agency_id, _on_time(end_at - waited, appointment), end_kind, end_at)


def progress_verdicts(
    *, start: dt.datetime, end: dt.datetime, agency_id: int | None = None, calendar=None
) -> list[Verdict]:
    """The base of indicator 2.1 for [start, end) with each dossier's verdict (three queries)."""
    finished_before = DossierEvent.objects.filter(dossier=OuterRef("pk"), kind__in=END_KINDS, at__lt=start)
    dossiers = Dossier.objects.filter(received_at__isnull=False, received_at__lt=end).exclude(Exists(finished_before))
    if agency_id:
        dossiers = dossiers.filter(agency_id=agency_id)
    ids = dossiers.values("pk")  # a subquery: no list of ids sent back to the database
    rows = [DossierRow(*row) for row in dossiers.order_by().values_list("pk", "agency_id", "due_at")]
    events, pauses = defaultdict(list), defaultdict(list)
    for dossier_id, kind, moment in (
        DossierEvent.objects.filter(dossier_id__in=ids, kind__in=READ_KINDS, at__lt=end)
        .order_by("dossier_id", "at", "id")
        .values_list("dossier_id", "kind", "at")
    ):
        events[dossier_id].append(EventRow(kind, moment))
    for dossier_id, *pause in DossierPause.objects.filter(dossier_id__in=ids).values_list(
        "dossier_id", "kind", "started_at", "ended_at", "working_seconds"
    ):
        pauses[dossier_id].append(PauseRow(*pause))
    calendar = calendar or workdays.load_calendar()
    verdicts = []
    for dossier in rows:
        if dossier.due_at is None:
            continue
        verdict = judge(dossier, events[dossier.pk], pauses[dossier.pk], start=start, end=end, calendar=calendar)
        if verdict is not None:
            verdicts.append(verdict)
    return verdicts
