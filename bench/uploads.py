"""Upload benchmark of dossiers' files (issue 13): 50 clients at once each attach a 5 MB PDF through
`POST /api/v1/dossiers/{code}/documents/` to gunicorn as in production (the Procfile's web line, sync
workers), with a real clamd scanning every file. Reports throughput and the peak memory (RSS) of a web
worker, which shows that no upload is held whole in memory (Django spills it to a temporary file past
FILE_UPLOAD_MAX_MEMORY_SIZE; it is hashed, stored and scanned in chunks).

    .venv/bin/python bench/uploads.py [--clients 50] [--uploads 50] [--megabytes 5] [--workers 5]

- The database (BENCH_UPLOADS_DATABASE_URL, default postgres://postgres:postgres@127.0.0.1:5432/bench_uploads)
  is created, migrated and loaded with `seed_demo --dossiers 2000` when it has no dossiers yet. Each upload
  goes to a different open dossier, as counter staff (a token of `tiepnhan1`).
- The files go to a scratch folder (DOCUMENTS_DIR), removed at the end; clamd runs on its own socket with the
  EICAR test signature (tests/clamd.py), so every file is really streamed to it and judged clean.
- Peak RSS: each worker's VmHWM (/proc/<pid>/status: the most resident memory it ever had), the highest of
  the workers, against their RSS before the run.
Loopback only; the run is bounded by the number of uploads.
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import statistics
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DEFAULT_DB = "postgres://postgres:postgres@127.0.0.1:5432/bench_uploads"


def _status_kb(pid: int, field: str) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    return 0


def worker_pids(master: int) -> list[int]:
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    return [int(pid) for pid in children]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--database-url", default=os.environ.get("BENCH_UPLOADS_DATABASE_URL", DEFAULT_DB))
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--uploads", type=int, default=50)
    parser.add_argument("--megabytes", type=int, default=5)
    parser.add_argument("--workers", type=int, default=2 * (os.cpu_count() or 1) + 1)
    args = parser.parse_args()

    from bench.lookup_load import prepare, sh, start_gunicorn

    prepare(args.database_url, 2000)
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "center.settings", "DATABASE_URL": args.database_url}
    token = sh(str(ROOT / ".venv/bin/python"), "manage.py", "drf_create_token", "tiepnhan1", env=env).split()[2]

    import psycopg2

    with psycopg2.connect(args.database_url) as connection, connection.cursor() as cursor:
        cursor.execute(
            "SELECT code FROM dossiers_dossier WHERE status IN ('received', 'in_progress') ORDER BY id DESC LIMIT %s",
            [args.uploads],
        )
        codes = [row[0] for row in cursor.fetchall()]
    if len(codes) < args.uploads:
        raise SystemExit(f"only {len(codes)} open dossiers in {args.database_url}")

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "center.settings")
    import django

    django.setup()
    import requests

    from dossiers.documents.samples import sample_pdf_of_size
    from tests.clamd import clamd_start, clamd_stop

    body = sample_pdf_of_size(size=args.megabytes * 1024 * 1024, title="Bản quét hồ sơ (benchmark)")
    scratch = Path(tempfile.mkdtemp(prefix="bench-uploads-"))
    clamd = clamd_start(scratch / "clamav")
    server, base = start_gunicorn(
        args.database_url,
        args.workers,
        1,
        env={"CLAMD_SOCKET": clamd.socket, "DOCUMENTS_DIR": str(scratch / "documents"), "LOG_LEVEL": "WARNING"},
    )
    try:
        workers = worker_pids(server.pid)
        before = {pid: _status_kb(pid, "VmRSS") for pid in workers}
        session_headers = {"Authorization": f"Token {token}", "Accept-Language": "vi"}
        timings: list[float] = []
        answers: list[tuple[int, str]] = []
        lock = threading.Lock()

        def upload(code: str) -> None:
            started = time.monotonic()
            answer = requests.post(
                f"{base}/api/v1/dossiers/{code}/documents/",
                headers=session_headers,
                data={"component": "1"},
                files={"file": ("ban-quet.pdf", body, "application/pdf")},
                timeout=300,
            )
            took = time.monotonic() - started
            status = answer.json().get("scan_status", answer.text[:200]) if answer.status_code == 201 else answer.text
            with lock:
                timings.append(took)
                answers.append((answer.status_code, status))

        load_before = os.getloadavg()[0]
        started = time.monotonic()
        with ThreadPoolExecutor(max_workers=args.clients) as pool:
            list(pool.map(upload, codes))
        wall = time.monotonic() - started
        load_after = os.getloadavg()[0]
        peak = {pid: _status_kb(pid, "VmHWM") for pid in workers}
        after = {pid: _status_kb(pid, "VmRSS") for pid in workers}
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
        clamd_stop(clamd)
        stored = sum(f.stat().st_size for f in (scratch / "documents").rglob("*") if f.is_file())
        shutil.rmtree(scratch, ignore_errors=True)

    ok = sum(1 for status, scan in answers if status == 201 and scan == "clean")
    megabytes = args.uploads * len(body) / 1024 / 1024
    timings.sort()
    print(f"{args.uploads} uploads of {len(body) / 1024 / 1024:.0f} MB, {args.clients} at once, gunicorn "
          f"{args.workers} sync workers, clamd scanning each file")  # fmt: skip
    print(
        f"  machine load average (1 min) before / after: {load_before:.1f} / {load_after:.1f} on {os.cpu_count()} cores"
    )
    print(f"  answered 201 and scanned clean: {ok}/{args.uploads}; stored {stored / 1024 / 1024:.0f} MB")
    print(f"  wall time {wall:.1f} s: {args.uploads / wall:.1f} uploads/s, {megabytes / wall:.1f} MB/s")
    print(f"  latency p50 {statistics.median(timings):.2f} s, max {timings[-1]:.2f} s")
    print("  web workers' RSS before / after / peak (VmHWM), MB:")
    for pid in workers:
        print(f"    {pid}: {before[pid] / 1024:.0f} / {after[pid] / 1024:.0f} / {peak[pid] / 1024:.0f}")
    print(f"  peak RSS of a web worker: {max(peak.values()) / 1024:.0f} MB "
          f"(+{max(peak[p] - before[p] for p in workers) / 1024:.0f} MB over its RSS before the run)")  # fmt: skip
    if ok != args.uploads:
        print("  failures:", [a for a in answers if a != (201, "clean")][:5])
        raise SystemExit(1)


if __name__ == "__main__":
    main()
