"""Generates 12 months of demo dossiers with realistic dates, in every status, in bulk.

Dates come from the same working-day calendar as live dossiers (precomputed once, since the
generator asks for hundreds of thousands of deadlines); the outcome uses the same `punctuality`.
What people do (receive, hand over, ask for supplements, resolve, return, rate) happens in office hours
on working days (center/workdays.office_sessions) and never after the moment the seed runs; only online
filings arrive at any hour.
"""

from __future__ import annotations

import bisect
import datetime as dt
import math
import random
from collections import defaultdict

from django.utils import timezone

from center import workdays
from center.bulk import bulk_insert, next_id, reset_sequences
from dossiers.codes import SECRET_ALPHABET, dossier_code
from dossiers.handover import handover_deadline
from dossiers.identity import PROVINCE_CODES, IdentityDocument, tax_code_check_digit
from dossiers.models import (
    CodeSequence,
    Dossier,
    DossierEvent,
    DossierExtension,
    DossierPause,
    DossierStep,
    SatisfactionRating,
)
from dossiers.services import pause_shift
from dossiers.workflow import DossierStatus as S
from procedures.models import Procedure

SURNAMES = [
    "Nguyễn",
    "Trần",
    "Lê",
    "Phạm",
    "Hoàng",
    "Huỳnh",
    "Phan",
    "Vũ",
    "Võ",
    "Đặng",
    "Bùi",
    "Đỗ",
    "Hồ",
    "Ngô",
]
MIDDLE = ["Văn", "Thị", "Hữu", "Minh", "Ngọc", "Thanh", "Đức", "Quốc", "Thu", "Anh", "Xuân", "Gia"]
GIVEN = [
    "An",
    "Bình",
    "Châu",
    "Dũng",
    "Giang",
    "Hà",
    "Hải",
    "Hạnh",
    "Hùng",
    "Lan",
    "Linh",
    "Long",
    "Mai",
    "Nam",
    "Nga",
    "Phong",
    "Phúc",
    "Quân",
    "Quỳnh",
    "Sơn",
    "Tâm",
    "Thảo",
    "Trang",
    "Tuấn",
    "Vy",
    "Yến",
]
FOREIGNER_SHARE = 0.03
# (name, the passport number's letters): Korean, Japanese, Chinese, American, German passports.
FOREIGNERS = [
    ("Kim Min-jun", "M"),
    ("Lee Ji-eun", "M"),
    ("Tanaka Hiroshi", "TK"),
    ("Sato Yuki", "TR"),
    ("Chen Wei", "E"),
    ("John Smith", ""),
    ("Anna Müller", "C"),
]
FOREIGN_TRADERS = ["Samsung C&T Corporation", "Aeon Co., Ltd.", "Siemens AG", "Greenfield Trading Inc."]
PROVINCES = sorted(PROVINCE_CODES)
STREETS = ["Trần Hưng Đạo", "Lê Lợi", "Nguyễn Huệ", "Hai Bà Trưng", "Quang Trung", "Lý Thường Kiệt"]
MISSING = [
    "Bản vẽ mặt bằng có chữ ký xác nhận",
    "Bản sao chứng thực giấy tờ đất",
    "Văn bản ủy quyền hợp lệ",
    "Giấy xác nhận của chính quyền địa phương",
    "Báo cáo tài chính có kiểm toán",
]

DOSSIER_FIELDS = [
    "id",
    "site",
    "code",
    "secret",
    "procedure",
    "agency",
    "current_agency",
    "current_step",
    "applicant_name",
    "applicant_id_type",
    "applicant_id_type_name",
    "applicant_id_number",
    "applicant_phone",
    "applicant_email",
    "applicant_address",
    "applicant_organisation",
    "applicant_tax_code",
    "channel",
    "documents",
    "submitted_at",
    "received_at",
    "received_by",
    "counter",
    "due_at",
    "handover_due_at",
    "handed_over_at",
    "extended_due_at",
    "status",
    "result_ready_at",
    "returned_at",
    "returned_to",
    "return_method",
    "outcome",
    "receipt_token",
    "created_at",
    "updated_at",
]
EVENT_FIELDS = ["dossier", "at", "actor", "kind", "from_status", "to_status", "agency", "note", "data"]
STEP_FIELDS = [
    "dossier",
    "position",
    "agency",
    "handed_over_by",
    "started_at",
    "due_at",
    "completed_at",
    "outcome",
]
PAUSE_FIELDS = ["dossier", "kind", "started_at", "ended_at", "working_seconds", "items", "reason"]
EXTENSION_FIELDS = ["dossier", "created_at", "created_by", "previous_due_at", "new_due_at", "reason"]
# Habits that make the history worth predicting (monitoring/forecasts): each agency's pace, the share of
# the legal time its on-time dossiers usually take (some finish in a third of it, some just before the
# deadline), and the months whose load makes late results more frequent everywhere (year-end, before Tết).
PACES = (0.35, 0.55, 0.8, 0.95)
SEASONAL_LATENESS = {12: 1.8, 1: 1.6, 2: 1.3}

RATING_FIELDS = [
    "dossier",
    "reception",
    "attitude",
    "timeliness",
    "clarity",
    "result",
    "comment",
    "created_at",
]


class DemoDays:
    """Working days around now, for O(log n) deadline arithmetic equal to workdays.add_working_days, and
    office hours, to put each act of a person in them."""

    JITTER = 40  # minutes: acts moved into office hours spread over the first (or last) minutes of a session

    def __init__(self, calendar: workdays.WorkingCalendar, first: dt.date, last: dt.date):
        self.calendar = calendar
        self.days = list(calendar.working_days(first, last))
        self.opening = workdays.office_opening_time()
        self.zone = workdays.local_zone()
        # (opens, closes) of each session, in minutes after midnight
        self.sessions = [(a.hour * 60 + a.minute, b.hour * 60 + b.minute) for a, b in workdays.office_sessions()]

    def index(self, day: dt.date) -> int:
        return bisect.bisect_left(self.days, day)

    def add(self, start: dt.datetime, count: int) -> dt.datetime:
        local = start.astimezone(self.zone)
        i = self.index(local.date())
        clock = local.timetz() if self.days[i] == local.date() else self.opening.replace(tzinfo=self.zone)
        return dt.datetime.combine(self.days[i + count], clock)

    def at(self, i: int, hour: float) -> dt.datetime:
        minutes = int(hour * 60)
        return dt.datetime.combine(self.days[i], dt.time(minutes // 60, minutes % 60), tzinfo=self.zone)

    def _jitter(self, rng: random.Random, session: tuple[int, int]) -> int:
        return rng.randint(0, min(self.JITTER, session[1] - session[0]))

    def _clock(self, moment: dt.datetime) -> tuple[dt.date, float, int]:
        local = moment.astimezone(self.zone)
        i = self.index(local.date())
        return local.date(), local.hour * 60 + local.minute + (local.second + local.microsecond / 1e6) / 60, i

    def next_office(self, moment: dt.datetime, rng: random.Random) -> dt.datetime:
        """`moment` if it is in office hours, else a little after the next session opens."""
        day, minutes, i = self._clock(moment)
        if self.days[i] == day:
            for session in self.sessions:
                if minutes < session[0]:
                    return self.at(i, (session[0] + self._jitter(rng, session)) / 60)
                if minutes <= session[1]:
                    return moment
            i += 1
        return self.at(i, (self.sessions[0][0] + self._jitter(rng, self.sessions[0])) / 60)

    def last_office(self, moment: dt.datetime, rng: random.Random, after: dt.datetime | None = None) -> dt.datetime:
        """`moment` if it is in office hours, else a little before the last session closed; if that is not
        later than `after` (the act before), a little after it instead."""
        day, minutes, i = self._clock(moment)
        found = None
        if self.days[i] == day:
            for session in reversed(self.sessions):
                if minutes > session[1]:
                    found = self.at(i, (session[1] - self._jitter(rng, session)) / 60)
                    break
                if minutes >= session[0]:
                    found = moment
                    break
        if found is None:
            found = self.at(i - 1, (self.sessions[-1][1] - self._jitter(rng, self.sessions[-1])) / 60)
        if after is not None and found <= after:
            found = self.next_office(after + dt.timedelta(minutes=rng.randint(10, 40)), rng)
        return found


def office_hour(rng: random.Random) -> float:
    """An hour of the day (fractional) in a session of the office, mornings busier."""
    return rng.uniform(7.5, 11.5) if rng.random() < 0.6 else rng.uniform(13.5, 17.0)


def person_name(rng: random.Random) -> str:
    """A Vietnamese full name, family name first."""
    return f"{rng.choice(SURNAMES)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"


def generate_dossiers(*, count: int, rng: random.Random, staff: dict, batch_size: int = 20000, log=print) -> int:
    """Create `count` dossiers received over the last 12 months; returns how many were made."""
    now = timezone.now()
    calendar = workdays.load_calendar()
    today = timezone.localdate(now)
    days = DemoDays(calendar, today - dt.timedelta(days=380), today + dt.timedelta(days=400))
    first_index, today_index = days.index(today - dt.timedelta(days=365)), days.index(today)
    procedures = list(Procedure.objects.active().select_related("agency").prefetch_related("documents", "steps"))
    for procedure in procedures:
        procedure.demo_documents = [
            {"name": d.name, "originals": d.originals, "copies": d.copies} for d in procedure.documents.all()
        ]
    weights = [rng.choice([1, 2, 3, 5, 8, 13]) for _ in procedures]
    # Each agency keeps its own habits: some are rarely late, some often.
    lateness = {p.agency_id: rng.choice([0.02, 0.04, 0.06, 0.1, 0.15, 0.22]) for p in procedures}
    pace = {p.agency_id: rng.choice(PACES) for p in procedures}
    for procedure in procedures:
        # Inter-agency chains (procedures/demo_data.CHAINS): each step's working days, and its share of the
        # time as the pace of the agency that holds it makes it.
        procedure.demo_chain = [
            (s.agency_id, s.working_days, s.working_days * pace.get(s.agency_id, 0.7)) for s in procedure.steps.all()
        ]
    counters_by_agency = staff["counters_by_agency"]

    # Receipt moments first, in time order, so codes follow the day's sequence as at a real counter.
    picks = []
    for _ in range(count):
        channel = rng.choices(["counter", "online", "post"], [62, 34, 4])[0]
        if channel == "counter" or rng.random() < 0.8:
            moment = days.at(rng.randint(first_index, today_index), office_hour(rng))
        else:  # online filings also arrive in the evening and at weekends
            moment = now - dt.timedelta(minutes=rng.randint(60, 365 * 24 * 60))
        if moment > now:
            moment = now - dt.timedelta(minutes=rng.randint(5, 600))
            if channel == "counter":
                moment = days.last_office(moment, rng)
        picks.append((moment, channel))
    picks.sort(key=lambda pick: pick[0])

    # Continue the day sequences already handed out, so --append never repeats a code.
    sequences: dict[tuple[str, dt.date], int] = defaultdict(int)
    sequences.update({(p, d): n for p, d, n in CodeSequence.objects.values_list("prefix", "day", "last_number")})
    dossier_id, made = next_id(Dossier), 0
    for start in range(0, count, batch_size):
        rows = defaultdict(list)
        for moment, channel in picks[start : start + batch_size]:
            procedure = rng.choices(procedures, weights)[0]
            local_day = timezone.localdate(moment)
            sequences[(procedure.agency.code, local_day)] += 1
            code = dossier_code(procedure.agency.code, local_day, sequences[(procedure.agency.code, local_day)])
            _one_dossier(
                rows, dossier_id, code, moment, channel, procedure, rng, days, now, staff,
                (lateness[procedure.agency_id], pace[procedure.agency_id]), counters_by_agency.get(procedure.agency_id),
            )  # fmt: skip
            dossier_id += 1
            made += 1
        bulk_insert(Dossier, DOSSIER_FIELDS, rows["dossier"])
        bulk_insert(DossierEvent, EVENT_FIELDS, rows["event"])
        bulk_insert(DossierStep, STEP_FIELDS, rows["step"])
        bulk_insert(DossierPause, PAUSE_FIELDS, rows["pause"])
        bulk_insert(DossierExtension, EXTENSION_FIELDS, rows["extension"])
        bulk_insert(SatisfactionRating, RATING_FIELDS, rows["rating"])
        log(f"  {made:,} / {count:,} dossiers")
    CodeSequence.objects.bulk_create(
        [CodeSequence(prefix=prefix, day=day, last_number=last) for (prefix, day), last in sequences.items()],
        update_conflicts=True,
        unique_fields=["prefix", "day"],
        update_fields=["last_number"],
        batch_size=2000,
    )
    reset_sequences(
        Dossier, DossierEvent, DossierStep, DossierPause, DossierExtension, SatisfactionRating, CodeSequence
    )
    return made


def _applicant(rng: random.Random) -> dict:
    """A citizen with a card whose number passes the checks (dossiers/identity.py), some for an organisation
    with its tax code, and a few foreigners with a passport (work permits, foreign traders' offices)."""
    if rng.random() < FOREIGNER_SHARE:
        return _foreigner(rng)
    born = rng.randint(1950, 2007)
    century_and_sex = (0 if born < 2000 else 2) + rng.randint(0, 1)
    company = "" if rng.random() < 0.7 else f"Công ty TNHH {rng.choice(GIVEN)} {rng.choice(GIVEN)}"
    return {
        "applicant_name": person_name(rng),
        "applicant_id_type": IdentityDocument.CITIZEN_ID,
        "applicant_id_type_name": "",
        "applicant_id_number": f"{rng.choice(PROVINCES)}{century_and_sex}{born % 100:02d}{rng.randint(0, 999999):06d}",
        "applicant_phone": _phone(rng),
        "applicant_email": f"congdan{rng.randint(1, 99999)}@example.vn" if rng.random() < 0.4 else "",
        "applicant_address": f"{rng.randint(1, 300)} {rng.choice(STREETS)}",
        "applicant_organisation": company,
        "applicant_tax_code": _tax_code(rng) if company and rng.random() < 0.8 else "",
    }


def _foreigner(rng: random.Random) -> dict:
    name, passport_prefix = rng.choice(FOREIGNERS)
    digits = 9 - len(passport_prefix)
    return {
        "applicant_name": name,
        "applicant_id_type": IdentityDocument.PASSPORT,
        "applicant_id_type_name": "",
        "applicant_id_number": f"{passport_prefix}{rng.randint(0, 10**digits - 1):0{digits}d}",
        "applicant_phone": _phone(rng),
        "applicant_email": f"contact{rng.randint(1, 9999)}@example.com" if rng.random() < 0.8 else "",
        "applicant_address": f"{rng.randint(1, 300)} {rng.choice(STREETS)}",
        # A foreign trader has no Vietnamese tax code; its office here gets one once licensed.
        "applicant_organisation": f"Văn phòng đại diện {rng.choice(FOREIGN_TRADERS)}" if rng.random() < 0.5 else "",
        "applicant_tax_code": "",
    }


def _phone(rng: random.Random) -> str:
    if rng.random() < 0.1:  # a landline: Hà Nội's or Hồ Chí Minh City's area code
        return f"02{rng.choice('48')}{rng.randint(20000000, 39999999)}"
    return f"0{rng.choice('3579')}{rng.randint(0, 99999999):08d}"


def _tax_code(rng: random.Random) -> str:
    first_nine = f"0{rng.randint(10000000, 99999999)}"
    return f"{first_nine}{tax_code_check_digit(first_nine)}"


def _one_dossier(rows, pk, code, moment, channel, procedure, rng, days, now, staff, habits, counters):
    """Decide the dossier's fate from its age and its agency's habits; write its row and history."""
    late_share, pace = habits
    a = _applicant(rng)
    receiver = rng.choice(staff["counter"])
    specialist = staff["specialists"].get(procedure.agency_id) or receiver
    agency = procedure.agency_id
    documents = procedure.demo_documents
    events = rows["event"]
    record = {
        "id": pk, "site": None, "code": code, "secret": "".join(rng.choice(SECRET_ALPHABET) for _ in range(8)),
        "procedure": procedure.pk, "agency": agency, "current_agency": None, "current_step": 0, **a,
        "channel": channel, "documents": documents, "submitted_at": None, "received_at": None, "received_by": None,
        "counter": None, "due_at": None, "handover_due_at": None, "handed_over_at": None,
        "extended_due_at": None, "status": S.RECEIVED, "result_ready_at": None,
        "returned_at": None, "returned_to": "", "return_method": "", "outcome": "", "receipt_token": None,
        "created_at": moment, "updated_at": moment,
    }  # fmt: skip

    def event(at, kind, source, target, actor=None, note="", data=None, at_agency=None):
        events.append((pk, at, actor, kind, source, target, at_agency, note, data or {}))
        record["updated_at"] = max(record["updated_at"], at)

    def finish():
        record["status"] = status
        rows["dossier"].append(tuple(record[f] for f in DOSSIER_FIELDS))

    received_at = moment
    if channel != "counter":
        record["submitted_at"] = moment
        event(moment, "submit", "", S.SUBMITTED)
        if (now - moment).days < 2 and rng.random() < 0.5:
            status = S.SUBMITTED
            return finish()
        received_at = days.add(moment, rng.choice([0, 1]))
        received_at = received_at.replace(hour=9, minute=rng.randint(0, 59))
        received_at = days.next_office(max(received_at, moment + dt.timedelta(minutes=rng.randint(10, 90))), rng)
        if received_at > now:  # the center has not opened since it came in
            status = S.SUBMITTED
            return finish()
        if rng.random() < 0.03:
            status = S.NOT_RECEIVED
            event(
                received_at,
                "reject",
                S.SUBMITTED,
                status,
                receiver,
                "Hồ sơ không thuộc thẩm quyền giải quyết",
            )
            return finish()
    due = days.add(received_at, procedure.processing_days)
    counter = rng.choice(counters or [None])
    site = staff.get("site_of_counter", {}).get(counter) if channel == "counter" else None
    record.update(received_at=received_at, received_by=receiver, due_at=due, counter=counter, site=site)
    event(received_at, "receive" if channel == "counter" else "accept", "" if channel == "counter" else S.SUBMITTED,
          S.RECEIVED, receiver)  # fmt: skip

    # Hand-over: the same day before 15:00, else the next working morning (dossiers/handover.py); about
    # one in twenty slips to a later afternoon (a busy counter, no courier), so some are late and the most
    # recent of those are still waiting, overdue.
    record["handover_due_at"] = handover_deadline(received_at, days.calendar)
    handover = received_at + dt.timedelta(minutes=rng.randint(20, 90))
    if received_at.astimezone(days.zone).hour >= 15:
        handover = days.add(received_at, 1).replace(hour=8, minute=rng.randint(0, 50))
    if rng.random() < 0.05:
        handover = days.add(received_at, rng.choice([1, 1, 2])).replace(hour=rng.randint(13, 16))
    handover = days.next_office(handover, rng)
    if now - received_at < dt.timedelta(days=4) and rng.random() < 0.1:
        handover = now + dt.timedelta(hours=1)  # forgotten at the counter: overdue once its deadline passed
    if handover > now:
        status = S.RECEIVED
        return finish()
    fate = rng.random()
    if fate < 0.012:
        status = S.WITHDRAWN
        event(handover, "withdraw", S.RECEIVED, status, receiver, "Công dân đề nghị rút hồ sơ")
        return finish()
    record.update(current_agency=agency, current_step=1, handed_over_at=handover)
    event(handover, "transfer", S.RECEIVED, S.IN_PROGRESS, receiver, at_agency=agency)
    step = [pk, 1, agency, receiver, handover, due, None, ""]

    # Supplement requested in about one dossier in twelve: the clock stops, the deadline moves back.
    cursor = handover
    if rng.random() < 0.08:
        asked = days.add(handover, rng.randint(1, max(1, procedure.processing_days // 2)))
        items = rng.sample(MISSING, rng.randint(1, 2))
        # Each procedure has a document its applicants forget most (its guidance could say it better).
        habitual = MISSING[procedure.pk % len(MISSING)]
        if habitual not in items and rng.random() < 0.6:
            items[0] = habitual
        if asked > now:
            asked = days.last_office(min(handover + dt.timedelta(hours=2), now), rng, after=handover)
        if asked > now:  # handed over in the last minutes: asked for nothing yet
            asked = None
    else:
        asked = None
    if asked is not None:
        event(asked, "request_supplement", S.IN_PROGRESS, S.AWAITING_SUPPLEMENT, specialist, data={"missing": items},
              at_agency=agency)  # fmt: skip
        back = days.add(asked, rng.randint(1, 8))
        if back > now:
            rows["pause"].append((pk, "supplement", asked, None, 0, items, ""))
            status = S.AWAITING_SUPPLEMENT
            step[5] = due
            rows["step"].append(tuple(step))
            return finish()
        paused = workdays.working_seconds_between(asked, back, days.calendar)
        due = workdays.add_working_seconds(due, pause_shift(paused), days.calendar)  # as _resume adds it
        record["due_at"], step[5] = due, due
        rows["pause"].append((pk, "supplement", asked, back, paused, items, ""))
        event(back, "supplement_received", S.AWAITING_SUPPLEMENT, S.IN_PROGRESS, receiver, at_agency=agency)
        cursor = back

    if fate < 0.03:
        stop_at = days.add(cursor, rng.randint(1, 3))
        if stop_at <= now:
            status = S.STOPPED
            event(stop_at, "refuse", S.IN_PROGRESS, status, specialist, "Hồ sơ không đủ điều kiện theo quy định",
                  at_agency=agency)  # fmt: skip
            step[6] = stop_at
            rows["step"].append(tuple(step))
            return finish()

    span = procedure.processing_days
    if rng.random() < late_share * SEASONAL_LATENESS.get(timezone.localdate(received_at).month, 1):
        ready = days.add(due, rng.randint(1, max(2, span // 3)))
        # A late agency keeps a backlog: part of what fell due in the last weeks is still open, overdue.
        if now - dt.timedelta(days=60) < due <= now and rng.random() < 0.5:
            ready = days.add(now, rng.randint(1, 3))
        if rng.random() < 0.5 and due - dt.timedelta(days=1) <= now:
            new_date = days.add(due, rng.randint(2, 5))
            # The apology comes before the deadline but never before the step it belongs to.
            issued = days.last_office(min(due - dt.timedelta(hours=rng.randint(2, 20)), now), rng, after=cursor)
            # About one letter in six comes after the deadline: recorded all the same, and marked late.
            after = days.next_office(due + dt.timedelta(hours=rng.randint(2, 30)), rng)
            if rng.random() < 0.15 and after < min(now, ready):
                issued = after
            if issued <= now:
                record["extended_due_at"] = new_date
                rows["extension"].append((pk, issued, specialist, due, new_date, "Hồ sơ cần xác minh thực địa thêm"))
                event(issued, "extend", S.IN_PROGRESS, S.IN_PROGRESS, specialist, "Hồ sơ cần xác minh thực địa thêm",
                      {"previous_due_at": due.isoformat(), "new_due_at": new_date.isoformat(),
                       "issued_after_deadline": issued > due}, agency)  # fmt: skip
        ready = days.next_office(ready, rng)
    else:
        k = rng.randint(int(span * pace * 0.6), min(span, math.ceil(span * pace * 1.25)))
        ready = days.add(cursor, k) if k < span else due - dt.timedelta(minutes=rng.randint(10, 240))
        if k < span:
            ready = ready.replace(hour=rng.randint(8, 16), minute=rng.randint(0, 59))
            if ready >= due:
                ready = due - dt.timedelta(minutes=30)
        ready = days.last_office(max(ready, cursor + dt.timedelta(minutes=30)), rng, after=cursor)
    if ready > now:
        last = max(cursor, record["updated_at"])
        asked = days.next_office(last + dt.timedelta(hours=3), rng)
        if asked > now:
            asked = days.last_office(now, rng, after=last)
        if rng.random() < 0.03 and asked <= now:
            status = S.AWAITING_PAYMENT
            rows["pause"].append((pk, "payment", asked, None, 0, [], "Nộp tiền sử dụng đất"))
            event(
                asked,
                "request_payment",
                S.IN_PROGRESS,
                status,
                specialist,
                "Nộp tiền sử dụng đất",
                at_agency=agency,
            )
        else:
            status = S.IN_PROGRESS
        rows["step"].append(tuple(step))
        return finish()
    outcome = workdays.punctuality(ready_at=ready, deadline=due)
    record.update(result_ready_at=ready, outcome=outcome)
    step[6], step[7] = ready, outcome
    if len(procedure.demo_chain) > 1:
        record.update(current_agency=procedure.demo_chain[-1][0], current_step=len(procedure.demo_chain))
        _chain_steps(rows, step, procedure.demo_chain, rng, days, event, specialist)
    else:
        rows["step"].append(tuple(step))
    event(ready, "resolve", S.IN_PROGRESS, S.RESULT_READY, specialist, at_agency=agency)
    returned = days.next_office(days.add(ready, rng.randint(0, 4)) + dt.timedelta(minutes=rng.randint(30, 200)), rng)
    if returned > now or rng.random() < 0.04:
        status = S.RESULT_READY
        return finish()
    method = "post" if rng.random() < 0.15 else "counter"
    record.update(returned_at=returned, returned_to=a["applicant_name"], return_method=method)
    status = S.RETURNED
    event(
        returned,
        "return",
        S.RESULT_READY,
        status,
        receiver,
        data={"collected_by": a["applicant_name"], "method": method},
    )
    if rng.random() < 0.35:
        base = 1 if outcome == "late" and rng.random() < 0.6 else 2 if rng.random() < 0.35 else 3
        scores = [max(1, min(3, base + rng.choice([0, 0, 0, 1, -1]))) for _ in range(5)]
        comment = rng.choice(["", "", "Cán bộ hướng dẫn tận tình", "Cần rút ngắn thời gian chờ", "Thủ tục rõ ràng"])
        rated = days.next_office(returned + dt.timedelta(hours=rng.randint(1, 72)), rng)
        if rated <= now:  # not yet rated otherwise
            rows["rating"].append((pk, *scores, comment, rated))
    return finish()


def _chain_steps(rows, step, chain, rng, days, event, actor):
    """A finished chain dossier's one step [hand-over, result] split into its agencies' steps, each taking a
    share of the time by its agency's pace (with some noise), each with its own due date and verdict."""
    pk, _position, _agency, by, started, due, ready, _outcome = step
    weights = [weight * rng.uniform(0.6, 1.5) for _agency_id, _days, weight in chain]
    total, done, step_due = sum(weights), 0.0, started
    for position, ((agency, working_days, _weight), weight) in enumerate(zip(chain, weights, strict=True), 1):
        last = position == len(chain)
        done += weight
        step_due = due if last else min(days.add(step_due, working_days), due)
        completed = ready
        if not last:
            completed = days.last_office(started + (ready - started) * done / total, rng, after=started)
            completed = min(completed, ready - dt.timedelta(minutes=5 * (len(chain) - position)))
        rows["step"].append(
            (pk, position, agency, by, started, step_due, completed, workdays.punctuality(ready_at=completed,
             deadline=step_due))
        )  # fmt: skip
        if not last:
            event(completed, "transfer", S.IN_PROGRESS, S.IN_PROGRESS, actor, at_agency=chain[position][0])
        started = completed
