"""Demo sites, service groups and queue history; safe to run again (each part only fills what is empty).

The provincial center keeps the master data's 20 counters; two branches and two commune centers get a
few counters each. The ticket history is a simulation of each hall, day by day over HISTORY_WEEKS weeks
and today until now: arrivals by weekday and hour (a Monday morning rush, a quiet Friday afternoon),
counters calling the longest-waiting ticket of the groups they serve, lognormal service times, some
no-shows. The live wait estimate and the staffing forecast are measured against it (bench/).
"""

from __future__ import annotations

import datetime as dt
import heapq
import math
import random
import string
from collections import defaultdict, deque
from decimal import Decimal

from django.utils import timezone

from center import workdays
from counters.models import Counter, ServiceGroup, Site, SiteDayOff, SiteKind, Ticket, TicketStatus, default_site
from dossiers.models import CodeSequence
from procedures.models import Agency

HISTORY_WEEKS = 12

# code, kind, name, address, latitude, longitude, counters: [(agencies or "*" for all)], groups: prefix,
# name, agencies ("*": all).
SITES = [
    (
        "cn-bac", SiteKind.BRANCH, "Chi nhánh Trung tâm khu vực phía Bắc", "Số 12 đường Hùng Vương, phường Bắc Sơn",
        "11.142100", "106.735600",
        [["H56.06"], ["H56.06"], ["H56.01"], "*"],
        [("A", "Đất đai, môi trường", ["H56.06"]), ("B", "Tài chính, đầu tư", ["H56.01"]), ("C", "Thủ tục khác", "*")],
    ),
    (
        "cn-nam", SiteKind.BRANCH, "Chi nhánh Trung tâm khu vực phía Nam", "Số 5 đường Lê Lợi, phường Nam Hà",
        "10.781300", "106.902200",
        [["H56.06"], ["H56.05"], "*"],
        [("A", "Đất đai, môi trường", ["H56.06"]), ("B", "Các thủ tục khác", "*")],
    ),
    (
        "xa-an-phuoc", SiteKind.COMMUNE, "Trung tâm Phục vụ hành chính công xã An Phước", "Ấp 3, xã An Phước",
        "10.859400", "106.945500",
        ["*", "*"],
        [("A", "Mọi thủ tục", "*")],
    ),
    (
        "p-long-binh", SiteKind.COMMUNE, "Trung tâm Phục vụ hành chính công phường Long Bình",
        "Số 1 đường Bùi Văn Hòa, phường Long Bình", "10.938800", "106.884700",
        [["H56.06"], "*", "*"],
        [("A", "Đất đai", ["H56.06"]), ("B", "Các thủ tục khác", "*")],
    ),
]  # fmt: skip
CENTER_ADDRESS = ("Số 2 đường Nguyễn Văn Trị, phường Trấn Biên", Decimal("10.951200"), Decimal("106.822900"))

# Relative arrivals per hour of the day (local), and per weekday (Monday first).
HOUR_PROFILE = {7: 0.5, 8: 1.0, 9: 1.1, 10: 0.85, 11: 0.35, 13: 0.7, 14: 0.95, 15: 0.75, 16: 0.35}
WEEKDAY_FACTOR = [1.25, 1.05, 1.0, 0.95, 0.85, 0.6, 0.5]
NO_SHOW_SHARE = 0.04


def seed_service_groups() -> int:
    """Give each agency served by a dedicated counter of the provincial center a kiosk button with its own
    letter (A, B, …)."""
    center = default_site()
    if ServiceGroup.objects.filter(site=center).exists():
        return 0
    dedicated = Counter.objects.filter(is_active=True, site=center).prefetch_related("agencies").order_by("number")
    agencies: list[Agency] = []
    for counter in dedicated:
        served = list(counter.agencies.all())
        if len(served) == 1 and served[0] not in agencies:
            agencies.append(served[0])
    for position, (letter, agency) in enumerate(zip(string.ascii_uppercase, agencies, strict=False), start=1):
        group = ServiceGroup.objects.create(site=center, prefix=letter, name=agency.name, position=position)
        group.agencies.add(agency)
    return len(agencies)


def seed_sites() -> int:
    """The branches and commune centers with their counters and groups (none made when they exist)."""
    center = default_site()
    if not center.address:
        center.address, center.latitude, center.longitude = CENTER_ADDRESS
        center.save(update_fields=["address", "latitude", "longitude"])
    everyone = list(Agency.objects.filter(is_active=True))
    by_code = {a.code: a for a in everyone}
    made = 0
    for position, (code, kind, name, address, lat, lon, counters, groups) in enumerate(SITES, start=1):
        if Site.objects.filter(code=code).exists():
            continue
        site = Site.objects.create(
            code=code, kind=kind, name=name, address=address, latitude=Decimal(lat), longitude=Decimal(lon),
            position=position,
        )  # fmt: skip
        for number, served in enumerate(counters, start=1):
            counter = Counter.objects.create(site=site, number=number, name=f"Quầy {number}")
            counter.agencies.add(*(everyone if served == "*" else [by_code[c] for c in served if c in by_code]))
        for place, (prefix, group_name, served) in enumerate(groups, start=1):
            group = ServiceGroup.objects.create(site=site, prefix=prefix, name=group_name, position=place)
            group.agencies.add(*(everyone if served == "*" else [by_code[c] for c in served if c in by_code]))
        made += 1
    # A commune's own day off: the hall closed for the commune's anniversary, two Fridays from now.
    commune = Site.objects.filter(code="xa-an-phuoc").first()
    if commune is not None:
        today = timezone.localdate()
        friday = today + dt.timedelta(days=(4 - today.weekday()) % 7 + 7)
        SiteDayOff.objects.get_or_create(site=commune, date=friday, defaults={"reason": "Kỷ niệm ngày thành lập xã"})
    return made


# --- the queue history -----------------------------------------------------------------------------------


def _mean_service_seconds(rng: random.Random, group: ServiceGroup) -> float:
    return rng.choice([360, 420, 480, 540, 600, 720])


def _group_counters(site: Site) -> tuple[list[ServiceGroup], dict[int, list[int]]]:
    """The site's groups, and for each counter the groups whose tickets it calls."""
    groups = list(ServiceGroup.objects.filter(site=site, is_active=True).prefetch_related("agencies"))
    serves: dict[int, list[int]] = {}
    for counter in Counter.objects.filter(site=site, is_active=True).prefetch_related("agencies"):
        agencies = {a.pk for a in counter.agencies.all()}
        serves[counter.pk] = [g.pk for g in groups if agencies & {a.pk for a in g.agencies.all()}]
    return groups, serves


def _arrivals(rng, day: dt.date, site: Site, rate_per_hour: float, day_factor: float) -> list[dt.datetime]:
    """Poisson arrivals within the sessions, at most until half an hour before each session ends."""
    moments = []
    for opens, closes in site.sessions():
        start = timezone.make_aware(dt.datetime.combine(day, opens))
        end = timezone.make_aware(dt.datetime.combine(day, closes)) - dt.timedelta(minutes=30)
        moment = start
        while True:
            local_hour = timezone.localtime(moment).hour
            rate = rate_per_hour * HOUR_PROFILE.get(local_hour, 0.3) * day_factor
            moment += dt.timedelta(seconds=rng.expovariate(max(rate, 0.05) / 3600))
            if moment >= end:
                break
            moments.append(moment)
    return moments


def simulate_day(rng, site: Site, day: dt.date, groups, serves, service_mean: dict[int, float], rates) -> list[dict]:
    """One day of the hall: tickets with the times a real day would have left on them."""
    day_factor = WEEKDAY_FACTOR[day.weekday()] * rng.uniform(0.85, 1.15)
    arrivals = sorted(
        (moment, group.pk) for group in groups for moment in _arrivals(rng, day, site, rates[group.pk], day_factor)
    )
    (_m_open, lunch_start), (lunch_end, _close) = site.sessions()
    opens = timezone.make_aware(dt.datetime.combine(day, site.opens_at))
    lunch = (
        timezone.make_aware(dt.datetime.combine(day, lunch_start)),
        timezone.make_aware(dt.datetime.combine(day, lunch_end)),
    )
    tickets = []
    numbers: dict[int, int] = defaultdict(int)
    queues: dict[int, deque] = defaultdict(deque)
    for moment, group_id in arrivals:
        numbers[group_id] += 1
        ticket = {"group_id": group_id, "number": numbers[group_id], "issued_at": moment}
        tickets.append(ticket)
        queues[group_id].append(ticket)
    pending = {g: deque(q) for g, q in queues.items()}  # not yet called, in arrival order
    heap = [(opens, counter_id) for counter_id, gs in serves.items() if gs]
    heapq.heapify(heap)
    while heap:
        now, counter_id = heapq.heappop(heap)
        if lunch[0] <= now < lunch[1]:
            now = lunch[1]
        candidates = [pending[g][0] for g in serves[counter_id] if pending.get(g)]
        if not candidates:
            continue  # nobody left for this counter today
        ready = [t for t in candidates if t["issued_at"] <= now]
        if not ready:
            heapq.heappush(heap, (min(t["issued_at"] for t in candidates), counter_id))
            continue
        ticket = min(ready, key=lambda t: t["issued_at"])
        pending[ticket["group_id"]].popleft()
        ticket["counter_id"] = counter_id
        ticket["first_called_at"] = now
        if rng.random() < NO_SHOW_SHARE:
            ticket["status"] = TicketStatus.NO_SHOW
            ticket["finished_at"] = now + dt.timedelta(seconds=60)
        else:
            mean = service_mean[ticket["group_id"]]
            sigma = 0.5
            length = rng.lognormvariate(math.log(mean) - sigma**2 / 2, sigma)
            walk = rng.uniform(20, 60)
            ticket["status"] = TicketStatus.DONE
            ticket["serving_started_at"] = now + dt.timedelta(seconds=walk)
            ticket["finished_at"] = ticket["serving_started_at"] + dt.timedelta(seconds=length)
        heapq.heappush(heap, (ticket["finished_at"], counter_id))
    return tickets


def _ticket_row(site_day: dt.date, t: dict, now: dt.datetime) -> Ticket:
    """The ticket as the database keeps it, cut at `now` for today's (waiting, called or being served)."""
    called, started, finished = t.get("first_called_at"), t.get("serving_started_at"), t.get("finished_at")
    status = t.get("status", TicketStatus.WAITING)
    if called is None or called > now:
        status, called, started, finished = TicketStatus.WAITING, None, None, None
    elif finished > now:
        status = TicketStatus.SERVING if started and started <= now else TicketStatus.CALLED
        started = started if status == TicketStatus.SERVING else None
        finished = None
    return Ticket(
        group_id=t["group_id"],
        day=site_day,
        number=t["number"],
        status=status,
        issued_at=t["issued_at"],
        first_called_at=called,
        called_at=called,
        call_count=1 if called else 0,
        serving_started_at=started,
        finished_at=finished,
        wait_seconds=int((called - t["issued_at"]).total_seconds()) if called else None,
        service_seconds=int((finished - started).total_seconds()) if finished and started else None,
        counter_id=t.get("counter_id") if called else None,
    )


def seed_ticket_history(rng: random.Random, *, weeks: int = HISTORY_WEEKS, log=print) -> int:
    """Simulate every site's queue over the last `weeks` weeks and today until now (once: skipped when
    tickets exist)."""
    if Ticket.objects.exists():
        return 0
    now = timezone.now()
    today = timezone.localdate(now)
    calendar = workdays.load_calendar()
    made = 0
    sequences = []
    for site in Site.objects.filter(is_active=True):
        groups, serves = _group_counters(site)
        if not groups:
            continue
        closed = set(SiteDayOff.objects.filter(site=site).values_list("date", flat=True))
        service_mean = {g.pk: _mean_service_seconds(rng, g) for g in groups}
        # Arrivals sized to the counters: about 80% of what they serve at an ordinary hour.
        counters_of = {g.pk: sum(1 for gs in serves.values() if g.pk in gs) for g in groups}
        rates = {
            g.pk: 0.8 * 3600 / service_mean[g.pk] * max(counters_of[g.pk], 1) / max(_sharing(g.pk, serves), 1)
            for g in groups
        }
        rows: list[Ticket] = []
        day = today - dt.timedelta(weeks=weeks)
        while day <= today:
            if calendar.is_working_day(day) and day not in closed:
                tickets = simulate_day(rng, site, day, groups, serves, service_mean, rates)
                rows += [_ticket_row(day, t, now) for t in tickets if t["issued_at"] <= now]
                if day == today:
                    last = defaultdict(int)
                    for row in rows:
                        if row.day == today:
                            last[row.group_id] = max(last[row.group_id], row.number)
                    prefix_of = {g.pk: g.prefix for g in groups}
                    sequences += [
                        CodeSequence(prefix=f"ticket:{site.pk}:{prefix_of[g]}", day=today, last_number=n)
                        for g, n in last.items()
                    ]
            day += dt.timedelta(days=1)
        Ticket.objects.bulk_create(rows, batch_size=5000)
        made += len(rows)
        log(f"  {site.name}: {len(rows):,} queue tickets")
    CodeSequence.objects.bulk_create(sequences, ignore_conflicts=True)
    return made


def _sharing(group_id: int, serves: dict[int, list[int]]) -> float:
    """How many groups, on average, the group's counters also serve (their time is shared)."""
    loads = [len(gs) for gs in serves.values() if group_id in gs]
    return sum(loads) / len(loads) if loads else 1
