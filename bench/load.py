"""Loads N demo dossiers over the last ten years into an empty database, fast (issue 17), for `make bench`.

    DATABASE_URL=postgres://…/bench10m .venv/bin/python bench/load.py --dossiers 10000000 [--streams 3]

1. migrate, then `manage.py seed_demo --dossiers 1000` for the catalogue (agencies, procedures, sites,
   counters, users, calendar) and a first year of fully detailed dossiers;
2. the rest generated inside PostgreSQL: INSERT … SELECT from generate_series, in parallel connections
   (one chunk of ids at a time from a shared queue), with the tables' secondary indexes and unique
   constraints dropped first and built again after (also in parallel), foreign-key triggers off for those
   sessions (session_replication_role = replica: the rows are consistent by construction);
3. VACUUM ANALYZE, then `manage.py rebuild_rollups` and `manage.py keep_scorecards` when they exist.

Each generated dossier: received on a working day of the last ten years (office hours, local time), one
procedure (weighted) and its agency, a channel (62 % counter with one of the agency's counters and its site,
34 % online, 4 % post), the deadline from the procedure's working days (the same calendar as live
dossiers), a hand-over, and a fate from its agency's habits: about 1.2 % withdrawn, 1.8 % stopped, the rest
resolved early, on time or late (late more often in December–February) and mostly returned; those not
finished yet by now stay open (the late ones among them overdue). Codes follow the portal's form
(agency-yymmdd-number, numbers above 1000 so they never meet seed_demo's), CodeSequence moved past them.
Events the scorecard reads (receive/accept, withdraw, refuse, resolve, return) and a satisfaction rating for
a third of the returned ones. Left out: transfer events, steps, pauses and extensions (seed_demo's own
dossiers have them).

The phases' times go to the table bench_load (and stdout) so a later `make bench` prints the load time
without loading again.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "center.settings")

import django  # noqa: E402

django.setup()

import psycopg2  # noqa: E402
from django.conf import settings  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from center import workdays  # noqa: E402
from dossiers import demo  # noqa: E402
from dossiers.handover import END_OF_DAY  # noqa: E402

SEED_DOSSIERS = 1000
CHUNK = 250_000
TABLES = ("dossiers_dossier", "dossiers_dossierevent", "dossiers_satisfactionrating")
ZONE = settings.TIME_ZONE
PY = sys.executable


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


def _thirteen_months_ago() -> str:
    today = dt.datetime.now(tz=dt.UTC).date()
    index = today.year * 12 + today.month - 1 - 13
    return f"{index // 12}-{index % 12 + 1:02d}"


# The kept scorecards of the last 13 months (the trend's twelve and the open one): the bench reads no older.
KEEP_SINCE = ("--since", _thirteen_months_ago())


def manage(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([PY, "manage.py", *args], cwd=ROOT, capture_output=True, text=True)


def command_exists(name: str) -> bool:
    return manage("help", name).returncode == 0


def load_average() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


# ---------------------------------------------------------------------------------------------- catalogue


def catalogue(cursor, years: int) -> dict:
    """Helper tables the generator joins: working days, weighted procedure slots, counters and staff."""
    calendar = workdays.load_calendar()
    today = timezone.localdate()
    first = today.replace(year=today.year - years)
    days = list(calendar.working_days(first - dt.timedelta(days=10), today + dt.timedelta(days=500)))
    first_idx = next(i for i, day in enumerate(days) if day >= first)
    today_idx = max(i for i, day in enumerate(days) if day <= today)
    # Generated dossiers end on the last working day before today (today's come from seed_demo).
    last_idx = max(i for i, day in enumerate(days) if day < today)
    cursor.execute("DROP TABLE IF EXISTS bench_day, bench_proc, bench_counter, bench_staff")
    cursor.execute("CREATE TABLE bench_day (idx int PRIMARY KEY, day date NOT NULL)")
    cursor.execute("INSERT INTO bench_day SELECT i - 1, d FROM unnest(%s::date[]) WITH ORDINALITY AS t(d, i)", [days])

    # Procedures weighted as seed_demo weighs them (1–13), each agency with its lateness and pace.
    import random

    rng = random.Random(17)
    cursor.execute(
        "SELECT p.id, p.agency_id, p.processing_days, a.code FROM procedures_procedure p "
        "JOIN procedures_agency a ON a.id = p.agency_id WHERE p.is_active ORDER BY p.id"
    )
    procedures = cursor.fetchall()
    agencies = sorted({p[1] for p in procedures})
    lateness = {a: rng.choice([0.02, 0.04, 0.06, 0.1, 0.15, 0.22]) for a in agencies}
    pace = {a: rng.choice(demo.PACES) for a in agencies}
    weights = [rng.choice([1, 2, 3, 5, 8, 13]) for _ in procedures]
    slots, total, acc = [], sum(weights), 0.0
    for procedure, weight in zip(procedures, weights, strict=True):
        acc += weight
        while len(slots) < round(1000 * acc / total):
            slots.append(procedure)
    cursor.execute(
        "CREATE TABLE bench_proc (slot int PRIMARY KEY, procedure_id bigint, agency_id bigint, pdays int, "
        "agency_code text, late_share float8, pace float8)"
    )
    cursor.executemany(
        "INSERT INTO bench_proc VALUES (%s, %s, %s, %s, %s, %s, %s)",
        [(i, p[0], p[1], p[2], p[3], lateness[p[1]], pace[p[1]]) for i, p in enumerate(slots)],
    )

    # Counters by agency (the provincial center's weigh four times a branch's, as in seed_demo).
    cursor.execute(
        "SELECT ca.agency_id, c.id, c.site_id, s.id = (SELECT MIN(id) FROM counters_site) "
        "FROM counters_counter_agencies ca JOIN counters_counter c ON c.id = ca.counter_id "
        "JOIN counters_site s ON s.id = c.site_id ORDER BY 1, 2"
    )
    by_agency: dict[int, list] = {}
    for agency, counter, site, central in cursor.fetchall():
        by_agency.setdefault(agency, []).extend([(counter, site)] * (4 if central else 1))
    cursor.execute("CREATE TABLE bench_counter (agency_id bigint, k int, counter_id bigint, site_id bigint)")
    rows = []
    for agency in agencies:
        counters = by_agency.get(agency) or [c for cs in by_agency.values() for c in cs]
        rows += [(agency, k, *counters[k % len(counters)]) for k in range(64)]
    cursor.executemany("INSERT INTO bench_counter VALUES (%s, %s, %s, %s)", rows)
    cursor.execute("ALTER TABLE bench_counter ADD PRIMARY KEY (agency_id, k)")

    # Staff: who receives (the seeded dossiers' receivers) and who resolves for each agency.
    cursor.execute("SELECT DISTINCT received_by_id FROM dossiers_dossier WHERE received_by_id IS NOT NULL ORDER BY 1")
    receivers = [r[0] for r in cursor.fetchall()]
    cursor.execute(
        "SELECT DISTINCT agency_id, actor_id FROM dossiers_dossierevent "
        "WHERE kind = 'resolve' AND actor_id IS NOT NULL ORDER BY 1, 2"
    )
    specialists: dict[int, list] = {}
    for agency, actor in cursor.fetchall():
        specialists.setdefault(agency, []).append(actor)
    cursor.execute("CREATE TABLE bench_staff (agency_id bigint, k int, receiver_id bigint, specialist_id bigint)")
    rows = []
    for agency in agencies:
        own = specialists.get(agency) or receivers
        rows += [(agency, k, receivers[k % len(receivers)], own[k % len(own)]) for k in range(16)]
    cursor.executemany("INSERT INTO bench_staff VALUES (%s, %s, %s, %s)", rows)
    cursor.execute("ALTER TABLE bench_staff ADD PRIMARY KEY (agency_id, k)")
    cursor.execute("ANALYZE bench_day, bench_proc, bench_counter, bench_staff")
    return {"first_idx": first_idx, "today_idx": today_idx, "last_idx": last_idx}


# ---------------------------------------------------------------------------------------------- generation

# Stage x: the id and its dice; y: day, procedure, channel, clock (local timestamps); z: the fate's moments;
# the outer SELECT: status and the columns. All times are local (timestamp without time zone) until the end.
DOSSIERS_SQL = """
INSERT INTO dossiers_dossier (
  id, code, secret, procedure_id, agency_id, current_agency_id, current_step, applicant_name, applicant_id_type,
  applicant_id_type_name, applicant_id_number, applicant_phone, applicant_email, applicant_address,
  applicant_organisation, applicant_tax_code, channel, documents, submitted_at, received_at, received_by_id,
  counter_id, site_id, handover_due_at, handed_over_at, due_at, extended_due_at, status, result_ready_at,
  returned_at, returned_to, return_method, outcome, receipt_token, receipt_fingerprint, version, created_at,
  updated_at)
SELECT
  id,
  agency_code || '-' || to_char(received, 'YYMMDD') || '-' || lpad((1001 + id - day_first_id)::text, 4, '0'),
  translate(upper(substr(md5(id::text || 'bench'), 1, 8)), '01', 'ZW'),
  procedure_id, agency_id,
  CASE WHEN handed THEN agency_id END, CASE WHEN handed THEN 1 ELSE 0 END,
  name, 'cccd', '', id_number, phone, email, address, '', '',
  channel, '[]'::jsonb,
  CASE WHEN channel <> 'counter' THEN (received - submit_lead) AT TIME ZONE %(zone)s END,
  received AT TIME ZONE %(zone)s, receiver_id,
  CASE WHEN channel = 'counter' THEN counter_id END, CASE WHEN channel = 'counter' THEN site_id END,
  handover_due AT TIME ZONE %(zone)s,
  CASE WHEN handed THEN handover AT TIME ZONE %(zone)s END,
  due AT TIME ZONE %(zone)s, NULL, status,
  CASE WHEN status IN ('result_ready', 'returned') THEN ready AT TIME ZONE %(zone)s END,
  CASE WHEN status = 'returned' THEN returned AT TIME ZONE %(zone)s END,
  CASE WHEN status = 'returned' THEN name ELSE '' END,
  CASE WHEN status = 'returned' THEN CASE WHEN r_method < 0.15 THEN 'post' ELSE 'counter' END ELSE '' END,
  CASE WHEN status NOT IN ('result_ready', 'returned') THEN ''
       WHEN ready > due THEN 'late' WHEN ready::date < due::date THEN 'early' ELSE 'on_time' END,
  NULL, '', 1,
  (received - CASE WHEN channel <> 'counter' THEN submit_lead ELSE interval '0' END) AT TIME ZONE %(zone)s,
  (CASE status WHEN 'returned' THEN returned WHEN 'result_ready' THEN ready WHEN 'stopped' THEN stop_at
     WHEN 'withdrawn' THEN withdraw_at WHEN 'in_progress' THEN handover ELSE received END) AT TIME ZONE %(zone)s
FROM (
  SELECT z.*,
    CASE WHEN fate < 0.012 THEN 'withdrawn'
         WHEN handover > now_local THEN 'received'
         WHEN fate < 0.03 AND stop_at <= now_local THEN 'stopped'
         WHEN fate < 0.03 OR ready > now_local THEN 'in_progress'
         WHEN returned <= now_local AND r_return >= 0.04 THEN 'returned'
         ELSE 'result_ready' END AS status,
    fate >= 0.012 AND handover <= now_local AS handed
  FROM (
   SELECT v.*,
     -- returned some days later, in office hours or so (calendar days: close enough for a bench)
     ready + floor(r_method * 5) * interval '1 day' + (30 + 170 * r_lead) * interval '1 minute' AS returned
   FROM (
    SELECT y.*,
      LEAST(received + (20 + 70 * r_hand) * interval '1 minute', now_local) AS withdraw_at,
      (SELECT day FROM bench_day WHERE idx = day_idx + 1 + floor(r_stop * 3)::int) + interval '9 hours'
        + r_clock2 * interval '7 hours' AS stop_at,
      CASE
        -- late: a few working days after the deadline; an agency's recent backlog still open (overdue)
        WHEN late AND due::date > now_local::date - 60 AND due <= now_local AND r_backlog < 0.5 THEN
          (SELECT day FROM bench_day WHERE idx = %(today_idx)s + 1 + floor(r_span * 3)::int)
          + interval '8 hours' + r_clock2 * interval '8 hours'
        WHEN late THEN
          (SELECT day FROM bench_day WHERE idx = day_idx + pdays + 1 + floor(r_span * greatest(2, pdays / 3))::int)
          + interval '8 hours' + r_clock2 * interval '8 hours'
        WHEN early_k < pdays THEN GREATEST(received + interval '30 minutes',
          (SELECT day FROM bench_day WHERE idx = day_idx + early_k)
          + interval '8 hours' + r_clock2 * interval '8 hours')
        ELSE GREATEST(received + interval '30 minutes', due - (10 + 230 * r_span) * interval '1 minute')
      END AS ready
    FROM (
      SELECT x.*, p.procedure_id, p.agency_id, p.pdays, p.agency_code, c.counter_id, c.site_id,
        s.receiver_id, s.specialist_id, d.day, %(now_local)s::timestamp AS now_local,
        %(first_id)s + floor((x.day_idx - %(first_idx)s)::float8 * %(count)s / %(span_days)s)::bigint AS day_first_id,
        CASE WHEN r_channel < 0.62 THEN 'counter' WHEN r_channel < 0.96 THEN 'online' ELSE 'post' END AS channel,
        d.day + clock AS received,
        (SELECT day FROM bench_day WHERE idx = x.day_idx + p.pdays) + clock AS due,
        CASE WHEN clock <= interval '15 hours' THEN d.day + %(end_of_day)s::time
             ELSE (SELECT day FROM bench_day WHERE idx = x.day_idx + 1) + %(next_day_by)s::time END AS handover_due,
        d.day + clock + (20 + 70 * r_hand) * interval '1 minute'
          + CASE WHEN r_slip < 0.1 AND x.day_idx >= %(today_idx)s - 3 THEN interval '3 days' ELSE interval '0' END
          AS handover,
        r_late < p.late_share * CASE extract(month FROM d.day) WHEN 12 THEN 1.8 WHEN 1 THEN 1.6 WHEN 2 THEN 1.3
                                ELSE 1 END AS late,
        floor(p.pdays * p.pace * (0.6 + 0.65 * r_pace))::int AS early_k,
        r_lead * interval '36 hours' + interval '10 minutes' AS submit_lead,
        (%(surnames)s::text[])[1 + floor(r_name * 14)::int] || ' ' || (%(middle)s::text[])[1 + floor(r_lead * 12)::int]
          || ' ' || (%(given)s::text[])[1 + floor(r_pace * 26)::int] AS name,
        lpad((1 + floor(r_name * 96))::text, 3, '0') || (floor(r_late * 4))::text
          || lpad((floor(r_clock * 99999999))::text, 8, '0') AS id_number,
        '0' || (ARRAY['3', '5', '7', '9'])[1 + floor(r_slip * 4)::int]
          || lpad((id %% 100000000)::text, 8, '0') AS phone,
        CASE WHEN r_method < 0.4 THEN 'congdan' || (id %% 99999) || '@example.vn' ELSE '' END AS email,
        (1 + id %% 300) || ' ' || (%(streets)s::text[])[1 + floor(r_return * 6)::int] AS address
      FROM (
        SELECT g AS id,
          %(first_idx)s + floor((g - %(first_id)s)::float8 * %(span_days)s / %(count)s)::int AS day_idx,
          CASE WHEN random() < 0.6 THEN interval '7 hours 30 minutes' + random() * interval '4 hours'
               ELSE interval '13 hours 30 minutes' + random() * interval '3 hours 30 minutes' END AS clock,
          random() AS r_proc, random() AS r_channel, random() AS r_hand, random() AS r_slip, random() AS fate,
          random() AS r_stop, random() AS r_late, random() AS r_backlog, random() AS r_span, random() AS r_pace,
          random() AS r_clock, random() AS r_clock2, random() AS r_return, random() AS r_method,
          random() AS r_lead, random() AS r_name
        FROM generate_series(%(lo)s::bigint, %(hi)s::bigint) AS g
        OFFSET 0
      ) x
      JOIN bench_day d ON d.idx = x.day_idx
      JOIN bench_proc p ON p.slot = floor(x.r_proc * 1000)::int
      JOIN bench_counter c ON c.agency_id = p.agency_id AND c.k = x.id %% 64
      JOIN bench_staff s ON s.agency_id = p.agency_id AND s.k = x.id %% 16
      OFFSET 0
    ) y
    OFFSET 0
   ) v
  ) z
) w
"""

# One scan of the chunk's dossiers unpivoted into their events (those the scorecard and the history read).
EVENTS_SQL = """
INSERT INTO dossiers_dossierevent (dossier_id, at, actor_id, kind, from_status, to_status, agency_id, note, data)
SELECT d.id, e.at, e.actor, e.kind, e.from_status, e.to_status, e.agency, e.note, e.data
FROM dossiers_dossier d
JOIN bench_staff s ON s.agency_id = d.agency_id AND s.k = d.id %% 16
CROSS JOIN LATERAL (VALUES
  (1, d.received_at, d.received_by_id, CASE WHEN d.channel = 'counter' THEN 'receive' ELSE 'accept' END,
   CASE WHEN d.channel = 'counter' THEN '' ELSE 'submitted' END, 'received', NULL::bigint, '', '{}'::jsonb),
  (2, CASE WHEN d.status = 'withdrawn' THEN d.updated_at END, d.received_by_id, 'withdraw', 'received',
   'withdrawn', NULL::bigint, 'Công dân đề nghị rút hồ sơ', '{}'::jsonb),
  (3, CASE WHEN d.status = 'stopped' THEN d.updated_at END, s.specialist_id, 'refuse', 'in_progress', 'stopped',
   d.agency_id, 'Hồ sơ không đủ điều kiện theo quy định', '{}'::jsonb),
  (4, d.result_ready_at, s.specialist_id, 'resolve', 'in_progress', 'result_ready', d.agency_id, '', '{}'::jsonb),
  (5, d.returned_at, d.received_by_id, 'return', 'result_ready', 'returned', NULL::bigint, '',
   jsonb_build_object('collected_by', d.returned_to, 'method', d.return_method))
) AS e(n, at, actor, kind, from_status, to_status, agency, note, data)
WHERE d.id BETWEEN %(lo)s AND %(hi)s AND e.at IS NOT NULL
ORDER BY d.id, e.n
"""

RATINGS_SQL = """
INSERT INTO dossiers_satisfactionrating (dossier_id, reception, attitude, timeliness, clarity, result, comment,
                                         created_at)
SELECT id, LEAST(3, GREATEST(1, base + dice[1])), LEAST(3, GREATEST(1, base + dice[2])),
       LEAST(3, GREATEST(1, base + dice[3])), LEAST(3, GREATEST(1, base + dice[4])),
       LEAST(3, GREATEST(1, base + dice[5])),
       (ARRAY['', '', 'Cán bộ hướng dẫn tận tình', 'Cần rút ngắn thời gian chờ', 'Thủ tục rõ ràng'])[1 + id %% 5],
       rated
FROM (
  SELECT d.id, d.returned_at + (1 + d.id %% 72) * interval '1 hour' AS rated,
    CASE WHEN d.outcome = 'late' AND random() < 0.6 THEN 1 WHEN random() < 0.35 THEN 2 ELSE 3 END AS base,
    ARRAY[(ARRAY[0, 0, 0, 1, -1])[1 + floor(random() * 5)::int], (ARRAY[0, 0, 0, 1, -1])[1 + floor(random() * 5)::int],
          (ARRAY[0, 0, 0, 1, -1])[1 + floor(random() * 5)::int], (ARRAY[0, 0, 0, 1, -1])[1 + floor(random() * 5)::int],
          (ARRAY[0, 0, 0, 1, -1])[1 + floor(random() * 5)::int]] AS dice
  FROM dossiers_dossier d
  WHERE d.id BETWEEN %(lo)s AND %(hi)s AND d.status = 'returned' AND (d.id * 7919) %% 100 < 35
  OFFSET 0
) r
WHERE rated <= now()
"""


def connect(url: str):
    conn = psycopg2.connect(url)
    with conn.cursor() as cursor:
        cursor.execute("SET session_replication_role = replica")  # no FK triggers: consistent by construction
        cursor.execute("SET synchronous_commit = off")
        cursor.execute("SET maintenance_work_mem = '512MB'")
        cursor.execute("SET work_mem = '64MB'")
    conn.commit()
    return conn


def parallel(url: str, streams: int, jobs: list, run) -> None:
    """Run `run(cursor, job)` for every job over `streams` connections (psycopg2 frees the GIL)."""
    local, connections = threading.local(), []

    def do(job):
        if not hasattr(local, "conn"):
            local.conn = connect(url)
            connections.append(local.conn)
        with local.conn.cursor() as cursor:
            run(cursor, job)
        local.conn.commit()

    pool = ThreadPoolExecutor(streams)
    try:
        for _done in pool.map(do, jobs):  # raises the first error
            pass
    finally:
        pool.shutdown(cancel_futures=True)
        for conn in connections:
            conn.close()


def secondary_indexes(cursor) -> list[tuple[str, str, str, str | None]]:
    """(table, drop, create, attach as a constraint or None) of every index but the primary keys, unique
    constraints included (dropped as constraints)."""
    cursor.execute(
        """
        SELECT t.relname, i.relname, pg_get_indexdef(i.oid), c.conname, pg_get_constraintdef(c.oid)
        FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid
        LEFT JOIN pg_constraint c ON c.conindid = i.oid AND c.contype IN ('u', 'p', 'x')
        WHERE t.relname = ANY(%s) AND NOT x.indisprimary
        ORDER BY t.relname, i.relname
        """,
        [list(TABLES)],
    )
    found = []
    for table, index, definition, constraint, _constraint_definition in cursor.fetchall():
        if constraint:
            # Built as a plain unique index (a SHARE lock: in parallel with the table's other index builds),
            # then attached as the constraint (instant).
            found.append(
                (
                    table,
                    f'ALTER TABLE {table} DROP CONSTRAINT "{constraint}"',
                    definition,
                    f'ALTER TABLE {table} ADD CONSTRAINT "{constraint}" UNIQUE USING INDEX "{index}"',
                )
            )
        else:
            found.append((table, f'DROP INDEX "{index}"', definition, None))
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--dossiers", type=int, required=True, help="How many dossiers in all")
    parser.add_argument("--streams", type=int, default=3, help="Parallel connections (default 3)")
    parser.add_argument("--years", type=int, default=10, help="Years of history (default 10)")
    options = parser.parse_args()
    url = os.environ["DATABASE_URL"]
    phases: dict[str, float] = {}
    started = time.monotonic()
    load_before = load_average()

    def phase(name: str, began: float) -> None:
        phases[name] = round(time.monotonic() - began, 1)
        log(f"{name}: {phases[name]} s")

    log(f"loading {options.dossiers:,} dossiers into {url.rsplit('/', 1)[-1]} ({options.streams} streams, "
        f"{os.cpu_count()} cores, load average {load_before})")  # fmt: skip
    began = time.monotonic()
    result = manage("migrate", "--noinput", "-v0")
    if result.returncode:
        sys.exit(result.stderr)
    phase("migrate", began)
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM dossiers_dossier")
        if cursor.fetchone()[0]:
            sys.exit("The database has dossiers already: load.py fills an empty one (drop and create it first).")
    began = time.monotonic()
    result = manage("seed_demo", "--dossiers", str(SEED_DOSSIERS), "--no-online-filings")
    if result.returncode:
        sys.exit(result.stdout + result.stderr)
    phase("seed_demo (catalogue and 1,000 detailed dossiers)", began)

    began = time.monotonic()
    with transaction.atomic(), connection.cursor() as cursor:  # one commit, not one per catalogue row
        cursor.execute("SELECT COALESCE(MAX(id), 0), COUNT(*) FROM dossiers_dossier")
        last_id, seeded = cursor.fetchone()
        info = catalogue(cursor, options.years)
        indexes = secondary_indexes(cursor)
        for _table, drop, _create, _attach in indexes:
            cursor.execute(drop)
    count = options.dossiers - seeded
    first_id = last_id + 1
    params = {
        "zone": ZONE,
        "count": count,
        "first_id": first_id,
        "first_idx": info["first_idx"],
        "today_idx": info["today_idx"],
        "span_days": info["last_idx"] - info["first_idx"] + 1,
        "now_local": timezone.localtime().replace(tzinfo=None),
        "end_of_day": END_OF_DAY,
        "next_day_by": workdays.clock_time(settings.HANDOVER_NEXT_DAY_BY),
        "surnames": demo.SURNAMES,
        "middle": demo.MIDDLE,
        "given": demo.GIVEN,
        "streets": demo.STREETS,
    }
    phase(f"catalogue tables, {len(indexes)} secondary indexes dropped", began)

    size = max(50_000, min(CHUNK, count // (options.streams * 4)))  # enough chunks to keep the streams busy
    chunks = [(lo, min(lo + size - 1, first_id + count - 1)) for lo in range(first_id, first_id + count, size)]
    done = {"dossiers": 0}
    lock = threading.Lock()

    def generate(cursor, chunk):
        lo, hi = chunk
        cursor.execute(DOSSIERS_SQL, {**params, "lo": lo, "hi": hi})
        cursor.execute(EVENTS_SQL, {"lo": lo, "hi": hi})
        cursor.execute(RATINGS_SQL, {"lo": lo, "hi": hi})
        with lock:
            done["dossiers"] += hi - lo + 1
            log(f"  {done['dossiers']:,} / {count:,} dossiers with their events and ratings")

    began = time.monotonic()
    parallel(url, options.streams, chunks, generate)
    phase(f"generate {count:,} dossiers, events, ratings", began)

    began = time.monotonic()
    # The biggest first, so the streams finish together.
    sizes = {"dossiers_dossierevent": 0, "dossiers_dossier": 1, "dossiers_satisfactionrating": 2}
    jobs = sorted(indexes, key=lambda index: sizes[index[0]])
    parallel(url, options.streams, [create for _table, _drop, create, _attach in jobs], lambda c, sql: c.execute(sql))
    with connection.cursor() as cursor:
        for *_rest, attach in indexes:
            if attach:
                cursor.execute(attach)
    phase(f"rebuild {len(indexes)} indexes and unique constraints", began)

    began = time.monotonic()
    with connection.cursor() as cursor:
        # Codes of the generated days: each (agency, day) sequence past its highest number.
        cursor.execute(
            """
            INSERT INTO dossiers_codesequence (prefix, day, last_number)
            SELECT split_part(code, '-', 1), to_date(split_part(code, '-', 2), 'YYMMDD'),
                   MAX(split_part(code, '-', 3)::int)
            FROM dossiers_dossier WHERE id >= %s GROUP BY 1, 2
            ON CONFLICT (prefix, day) DO UPDATE
            SET last_number = GREATEST(dossiers_codesequence.last_number, EXCLUDED.last_number)
            """,
            [first_id],
        )
        for table in (*TABLES, "dossiers_codesequence"):
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), COALESCE(MAX(id), 1), MAX(id) IS NOT NULL) "
                f"FROM {table}"
            )
    phase("code sequences", began)

    began = time.monotonic()
    parallel(url, options.streams, [f"VACUUM ANALYZE {table}" for table in TABLES] + ["ANALYZE"], vacuum)
    phase("VACUUM ANALYZE", began)

    total = round(time.monotonic() - started, 1)
    with connection.cursor() as cursor:
        # The rollups' own times go to bench_rollups, where bench/run.sh also records them when it builds
        # them later (after a merge brings the commands to an already loaded database).
        cursor.execute(
            "CREATE TABLE IF NOT EXISTS bench_rollups (command text PRIMARY KEY, seconds float8, done_at timestamptz)"
        )
        cursor.execute("SELECT COUNT(*) FROM dossiers_dossier")
        loaded = cursor.fetchone()[0]
        cursor.execute(
            "CREATE TABLE IF NOT EXISTS bench_load (id serial PRIMARY KEY, finished_at timestamptz NOT NULL, "
            "dossiers bigint NOT NULL, seconds float8 NOT NULL, phases jsonb NOT NULL, cores int, "
            "load_before text, load_after text)"
        )
        cursor.execute(
            "INSERT INTO bench_load (finished_at, dossiers, seconds, phases, cores, load_before, load_after) "
            "VALUES (now(), %s, %s, %s, %s, %s, %s)",
            [loaded, total, json.dumps(phases), os.cpu_count(), load_before, load_average()],
        )
        # Recorded before the rollups: if they fail, run.sh builds them again without loading again.
        for name in ("rebuild_rollups", "keep_scorecards"):
            began = time.monotonic()
            if not command_exists(name):
                log(f"{name}: not available (manage.py help {name} failed); skipped")
                continue
            result = manage(name, *KEEP_SINCE) if name == "keep_scorecards" else manage(name)
            if result.returncode:
                sys.exit(f"{name} failed:\n{result.stdout}{result.stderr}")
            phase(name, began)
            cursor.execute("INSERT INTO bench_rollups VALUES (%s, %s, now())", [name, phases[name]])
    log(f"loaded {loaded:,} dossiers in {total} s ({total / 60:.1f} min) before the rollups; load average now "
        f"{load_average()}")  # fmt: skip


def vacuum(cursor, sql: str) -> None:
    cursor.connection.autocommit = True  # VACUUM cannot run in a transaction
    cursor.execute(sql)


if __name__ == "__main__":
    main()
