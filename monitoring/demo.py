"""Demo feedback (phản ánh, kiến nghị): a year of it, in every state the national portal knows, handled
on time or late, so that the scorecard's satisfaction rows have something to count.

Each feedback follows the rules of monitoring/feedback.py: the limits (FEEDBACK_REFUSE_DAYS,
FEEDBACK_INFO_REQUEST_DAYS, FEEDBACK_ANSWER_DAYS working days) count from receipt, the last forwarding or
the arrival of the information asked for, and `due_at` is the answer's deadline from the last of these.
Every act is a person's, in office hours on a working day before today (dossiers/demo.DemoDays).
"""

from __future__ import annotations

import bisect
import datetime as dt
import random

from django.conf import settings
from django.utils import timezone

from center import workdays
from dossiers.codes import SECRET_ALPHABET
from dossiers.demo import DemoDays, office_hour, person_name
from dossiers.models import Dossier
from monitoring.feedback import TRACKING_LENGTH, TRACKING_PREFIX
from monitoring.models import Feedback, FeedbackStatus
from procedures.models import Agency

S = FeedbackStatus

# topic: (subject, content, answer)
TOPICS = {
    "delay": (
        "Hồ sơ trễ hẹn",
        "Hồ sơ của tôi đã quá ngày hẹn trả kết quả nhưng chưa nhận được thông báo nào.",
        "Cơ quan giải quyết đã có văn bản xin lỗi và hẹn lại ngày trả kết quả; hồ sơ đã có kết quả, mời ông/bà "
        "đến quầy nhận.",
    ),
    "conduct": (
        "Thái độ phục vụ của cán bộ",
        "Cán bộ tại quầy hướng dẫn chưa rõ ràng, tôi phải đi lại nhiều lần để bổ sung giấy tờ.",
        "Trung tâm đã kiểm điểm cán bộ liên quan và nhắc nhở việc hướng dẫn đầy đủ một lần.",
    ),
    "procedure": (
        "Thành phần hồ sơ chưa rõ",
        "Đề nghị niêm yết rõ thành phần hồ sơ và mẫu tờ khai của thủ tục tại quầy và trên cổng dịch vụ công.",
        "Thủ tục đã được cập nhật đầy đủ thành phần hồ sơ và mẫu tờ khai trên cổng dịch vụ công.",
    ),
    "facilities": (
        "Khu vực chờ quá tải",
        "Buổi sáng khu vực chờ thiếu ghế ngồi, máy lấy số thường xuyên hết giấy.",
        "Trung tâm đã bổ sung ghế chờ và phân công kiểm tra máy lấy số đầu mỗi buổi.",
    ),
    "other": (
        "Đề nghị nhắn tin khi có kết quả",
        "Đề nghị Trung tâm gửi tin nhắn cho người nộp khi hồ sơ có kết quả.",
        "Trung tâm đã triển khai gửi tin nhắn khi hồ sơ có kết quả từ tháng này.",
    ),
}
REFUSALS = [
    "Nội dung không thuộc phạm vi giải quyết của Trung tâm; đề nghị ông/bà gửi đến Ủy ban nhân dân cấp xã.",
    "Nội dung trùng với phản ánh đã được trả lời trước đó.",
]
QUESTIONS = [
    "Đề nghị ông/bà cho biết mã hồ sơ và ngày nộp hồ sơ.",
    "Đề nghị ông/bà cho biết quầy và thời gian được phục vụ.",
]
ACTS = ("forwarded", "info_requested", "info_received", "refused", "answered", "closed")  # in this order
# What happened to a feedback, and how often. The first round gives every one of them at least once.
FATES = {
    "new": 6,
    "forwarded": 8,
    "awaiting_info": 4,
    "overdue": 3,  # forwarded weeks ago and still unanswered: the staff list's "late" filter shows it
    "answered": 14,
    "answered_late": 5,
    "refused": 6,
    "refused_late": 2,
    "closed": 12,
    "closed_satisfied": 30,
    "closed_unsatisfied": 8,
    "closed_late": 5,
}


def _offset(rng: random.Random, limit: int, late: bool) -> int:
    """Working days after the clock's start: within `limit` (short of its last day, whose hour would
    decide), or clearly past it (an act moved to the next morning stays late)."""
    return rng.randint(limit + 2, limit + 8) if late else rng.randint(0, max(0, limit - 1))


class _Plan:
    """One feedback's acts, in working days after its receipt (day 0), then placed on the calendar."""

    def __init__(self, fate: str, rng: random.Random):
        refuse, ask, answer = (
            settings.FEEDBACK_REFUSE_DAYS,
            settings.FEEDBACK_INFO_REQUEST_DAYS,
            settings.FEEDBACK_ANSWER_DAYS,
        )
        self.fate, self.acts = fate, {}
        late = fate.endswith("_late")
        start = 0
        if fate == "overdue" or (fate != "new" and rng.random() < 0.7):
            start = self.acts["forwarded"] = rng.randint(0, 1)
        if fate == "refused" or fate == "refused_late":
            self.acts.pop("forwarded", None)
            self.acts["refused"] = _offset(rng, refuse, late)
            return
        if fate == "awaiting_info" or (fate.startswith(("answered", "closed")) and rng.random() < 0.15):
            asked = self.acts["info_requested"] = start + max(1, _offset(rng, ask, fate == "awaiting_info" and late))
            if fate == "awaiting_info":
                return
            start = self.acts["info_received"] = asked + rng.randint(2, 6)
        if fate.startswith(("answered", "closed")):
            self.acts["answered"] = start + max(1, _offset(rng, answer, late))
            if fate.startswith("closed"):
                self.acts["closed"] = self.acts["answered"] + rng.randint(1, 3)

    @property
    def span(self) -> int:
        return max(self.acts.values(), default=0)

    def place(self, day0: int, rng: random.Random, days: DemoDays) -> dict[str, dt.datetime]:
        """The moments of the acts, day 0 being `day0`, each at an office hour and after the one before."""
        moments = {"created": days.at(day0, office_hour(rng))}
        previous = moments["created"]
        for act in ACTS:
            if act in self.acts:
                moment = days.at(day0 + self.acts[act], office_hour(rng))
                if moment <= previous:  # the same day, earlier: a little later instead
                    moment = days.next_office(previous + dt.timedelta(minutes=rng.randint(15, 90)), rng)
                moments[act] = previous = moment
        return moments


def _fates(count: int, rng: random.Random) -> list[str]:
    first = list(FATES)[:count]
    return first + rng.choices(list(FATES), list(FATES.values()), k=count - len(first))


def _late_dossiers() -> tuple[list[dt.datetime], list[tuple[int, int]]]:
    """Dossiers a sender may complain about (late or overdue), by receipt time, for bisecting."""
    rows = list(
        Dossier.objects.filter(received_at__isnull=False, due_at__lt=timezone.now())
        .exclude(outcome__in=["early", "on_time"])
        .order_by("received_at")
        .values_list("received_at", "pk", "agency_id")
    )
    return [r[0] for r in rows], [(r[1], r[2]) for r in rows]


def generate_feedback(*, count: int, rng: random.Random, staff: dict) -> int:
    """Create `count` feedback received over the last 12 months; returns how many were made."""
    now = timezone.now()
    today = timezone.localdate(now)
    days = DemoDays(workdays.load_calendar(), today - dt.timedelta(days=400), today + dt.timedelta(days=60))
    first, past = days.index(today - dt.timedelta(days=365)), days.index(today) - 1  # acts end before today
    agencies = list(Agency.objects.filter(is_active=True).values_list("pk", flat=True))
    handled_by_agency = [pk for pk in agencies if pk in staff["specialists"]] or agencies
    received_times, late = _late_dossiers()
    codes = set(Feedback.objects.values_list("tracking_code", flat=True))
    made = []
    for fate in _fates(count, rng):
        plan = _Plan(fate, rng)
        # Open feedback is recent (but for the overdue); the rest spreads over the year.
        if fate in ("new", "forwarded", "awaiting_info", "overdue"):
            ago = rng.randint(20, 35) if fate == "overdue" else rng.randint(0, 10)
            day0 = max(first, past - plan.span - ago)
        else:
            day0 = rng.randint(first, max(first, past - plan.span))
        moments = plan.place(day0, rng, days)
        while max(moments.values()) > now:  # an act moved to the next morning, which has not come yet
            day0 -= 1
            moments = plan.place(day0, rng, days)
        made.append(_row(plan, moments, rng, days, staff, codes, handled_by_agency, received_times, late))
    objects = Feedback.objects.bulk_create([Feedback(**row) for row in made])
    # created_at is auto_now_add: bulk_create stamped it now; put back the demo's receipt times.
    for obj, row in zip(objects, made, strict=True):
        obj.created_at = row["created_at"]
    Feedback.objects.bulk_update(objects, ["created_at"], batch_size=500)
    return len(objects)


def _row(plan, moments, rng, days, staff, codes, handled_by_agency, received_times, late) -> dict:
    """The fields of one demo feedback."""
    topic = rng.choices(list(TOPICS), [4, 2, 2, 1, 1])[0]
    subject, content, answer = TOPICS[topic]
    dossier_id = agency_id = None
    if topic == "delay" and received_times:
        before = bisect.bisect_left(received_times, moments["created"] - dt.timedelta(days=3))
        if before:
            dossier_id, agency_id = late[rng.randrange(before)]
    forwarded = moments.get("forwarded")
    # Forwarded to the dossier's agency, else to one with staff to answer; otherwise the center handles it.
    agency_id = (agency_id or rng.choice(handled_by_agency)) if forwarded else None
    handler = (staff["specialists"].get(agency_id) if forwarded else None) or rng.choice(staff["counter"])
    status = {
        "new": S.NEW,
        "forwarded": S.FORWARDED,
        "overdue": S.FORWARDED,
        "awaiting_info": S.AWAITING_INFO,
        "answered": S.ANSWERED,
        "answered_late": S.ANSWERED,
        "refused": S.REFUSED,
        "refused_late": S.REFUSED,
    }.get(plan.fate, S.CLOSED)
    clock = max(m for a, m in moments.items() if a in ("created", "forwarded", "info_received"))
    text = ""
    if "refused" in moments:
        text = rng.choice(REFUSALS)
    elif "answered" in moments:
        text = answer
    elif "info_requested" in moments:
        text = rng.choice(QUESTIONS)
    if "info_received" in moments:
        content += "\n\nThông tin bổ sung: hồ sơ nộp tại quầy số 3 buổi sáng."
    satisfied = None
    if plan.fate == "closed_satisfied":
        satisfied = True
    elif plan.fate in ("closed_unsatisfied", "refused_late") or (plan.fate == "closed_late" and rng.random() < 0.5):
        satisfied = False
    elif plan.fate == "answered" and rng.random() < 0.3:
        satisfied = True
    code = None
    while code is None or code in codes:
        code = TRACKING_PREFIX + "".join(rng.choice(SECRET_ALPHABET) for _ in range(TRACKING_LENGTH))
    codes.add(code)
    sender = person_name(rng)
    return {
        "tracking_code": code,
        "topic": topic,
        "subject": subject,
        "content": content,
        "dossier_id": dossier_id,
        "agency_id": agency_id,
        "sender_name": sender,
        "sender_phone": f"09{rng.randint(0, 99999999):08d}",
        "sender_email": f"phananh{rng.randint(1, 99999)}@example.vn" if rng.random() < 0.3 else "",
        "status": status,
        "created_at": moments["created"],
        "due_at": days.add(clock, settings.FEEDBACK_ANSWER_DAYS),
        "answer": text,
        "answered_by_id": handler if text else None,
        "answered_at": moments.get("answered"),
        "closed_at": moments.get("closed"),
        "forwarded_at": forwarded,
        "info_requested_at": moments.get("info_requested"),
        "info_received_at": moments.get("info_received"),
        "refused_at": moments.get("refused"),
        "sender_satisfied": satisfied,
    }
