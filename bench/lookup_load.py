"""Load benchmark of the public status lookup under gunicorn (issue 6), next to a bare Django view in the
same run: the same server, settings and middleware, 50 concurrent clients (wrk, keep-alive as the server
allows), loopback only.

    .venv/bin/python bench/lookup_load.py [--seconds 20] [--connections 50] [--runs 2]

- The database (BENCH_LOOKUP_DATABASE_URL, default postgres://postgres:postgres@127.0.0.1:5432/bench_lookup)
  is created, migrated and loaded with `seed_demo --dossiers 20000` when it has no dossiers yet.
- gunicorn runs as in production (the Procfile's web line: sync workers, WEB_CONCURRENCY, default
  2 x cores + 1) with the production settings plus bench/settings.py (bench/urls.py adds /bench/bare/).
  The cache and the lookup limiter use Redis (REDIS_URL, default redis://127.0.0.1:6379/9). Requests
  carry one of 1,000 client addresses (X-Forwarded-For, trusted with RATELIMIT_PROXY_COUNT=1), and
  PUBLIC_API_RATE is raised: the API's load throttle stays on the path and counts per address, but never
  answers 429 here. The lookup limiter counts only failures, and every lookup here is right (random
  dossiers, their secrets).
- Targets: /bench/bare/, the tracking page /tra-cuu/<code>/?secret=…, and GET /api/v1/public/dossiers/…,
  for 500 dossiers asked again and again, and for dossiers asked for the first time.
  Goal (issue 6): the lookup at >= 50% of the bare view's req/s, and p99 < 50 ms.

Needs `wrk` (Debian package). Prints the machine's load average before and after each run, and a table.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import secrets
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = str(ROOT / ".venv/bin/python")
DEFAULT_DB = "postgres://postgres:postgres@127.0.0.1:5432/bench_lookup"


def sh(*command: str, env: dict | None = None) -> str:
    return subprocess.run(command, cwd=ROOT, env=env, check=True, capture_output=True, text=True).stdout


def prepare(url: str, dossiers: int) -> None:
    """Create, migrate and seed the database unless it already has dossiers."""
    import psycopg2

    server, name = url.rsplit("/", 1)
    admin = psycopg2.connect(f"{server}/postgres")
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if cursor.fetchone() is None:
            cursor.execute(f'CREATE DATABASE "{name}"')
    admin.close()
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "center.settings", "DATABASE_URL": url}
    sh(PY, "manage.py", "migrate", "--noinput", "-v0", env=env)
    with psycopg2.connect(url) as connection, connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM dossiers_dossier")
        have = cursor.fetchone()[0]
    if have == 0:
        print(f"loading {dossiers:,} demo dossiers into {name}...", flush=True)
        sh(PY, "manage.py", "seed_demo", "--dossiers", str(dossiers), env=env)
        connection = psycopg2.connect(url)
        connection.autocommit = True  # VACUUM runs outside a transaction (a `with` block would open one)
        connection.cursor().execute("VACUUM ANALYZE")
        connection.close()


def sample_lookups(url: str, count: int) -> list[tuple[str, str]]:
    import psycopg2

    with psycopg2.connect(url) as connection, connection.cursor() as cursor:
        cursor.execute("SELECT code, secret FROM dossiers_dossier ORDER BY random() LIMIT %s", [count])
        return cursor.fetchall()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


PROCFILE_WEB = re.compile(r"^web: (.*)$", re.M)


def start_gunicorn(url: str, workers: int, threads: int, env: dict | None = None) -> tuple[subprocess.Popen, str]:
    """The Procfile's web line on a free port, production settings (plus bench/settings.py) and `env`."""
    extra, port = env or {}, free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "DATABASE_URL": url,
        "REDIS_URL": os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/9"),
        "SECRET_KEY": secrets.token_urlsafe(50),
        "DEBUG": "0",
        "ALLOWED_HOSTS": "127.0.0.1",
        "PUBLIC_API_RATE": "100000/min",
        "RATELIMIT_PROXY_COUNT": "1",
        "LOG_LEVEL": "WARNING",
        **extra,
    }
    # The Procfile's web line as it is (workers, timeouts, recycling), on this port.
    command = shlex.split(PROCFILE_WEB.search((ROOT / "Procfile").read_text()).group(1))
    command = [str(ROOT / command[0]), *command[1:]]
    command[command.index("$BIND")] = f"127.0.0.1:{port}"
    command[command.index("$WEB_CONCURRENCY")] = str(workers)
    if threads > 1:  # gthread workers keep connections alive (sync workers close each one)
        command += ["--worker-class", "gthread", "--threads", str(threads)]
    log = open(tempfile.gettempdir() + "/lookup_load_gunicorn.log", "wb")  # noqa: SIM115 (the server keeps it)
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{base}/bench/bare/", timeout=2) as answer:
                if answer.status == 200:
                    return process, base
        except OSError:
            time.sleep(0.3)
    os.killpg(process.pid, signal.SIGTERM)
    raise SystemExit(f"gunicorn did not start; see {log.name}")


# Each request comes from one of 1,000 client addresses (X-Forwarded-For, read because the server runs with
# RATELIMIT_PROXY_COUNT=1), as 50 citizens would: limits and throttles count per address.
LUA = """
local paths = {%s}
local i = 0
request = function()
  i = i %% #paths + 1
  local headers = {["X-Forwarded-For"] = "10.0." .. (i %% 4) .. "." .. (i %% 250 + 1)}
  return wrk.format("GET", paths[i], headers)
end
"""

UNITS = {"us": 1e-3, "ms": 1.0, "s": 1000.0}


def wrk(base: str, paths: list[str], *, seconds: int, connections: int, threads: int) -> dict:
    """One wrk run over `paths` in turn; req/s, p50/p99 in ms, non-2xx answers and socket errors."""
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(LUA % ",".join(json.dumps(path) for path in paths))
    try:
        out = sh(
            "wrk", "-t", str(threads), "-c", str(connections), "-d", f"{seconds}s", "--latency", "--timeout", "10s",
            "-s", script.name, base,
        )  # fmt: skip
    finally:
        os.unlink(script.name)

    def latency(percent: str) -> float:
        value, unit = re.search(rf"^\s+{percent}%\s+([\d.]+)(us|ms|s)\s*$", out, re.M).groups()
        return round(float(value) * UNITS[unit], 2)

    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    errors = re.search(r"Socket errors: (.*)", out)
    return {
        "req_s": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
        "p50_ms": latency("50"),
        "p99_ms": latency("99"),
        "non_2xx": int(non_2xx.group(1)) if non_2xx else 0,
        "socket_errors": errors.group(1).strip() if errors else "",
    }


def ask_each_once(base: str, paths: list[str]) -> None:
    for path in paths:
        request = urllib.request.Request(base + path, headers={"X-Forwarded-For": "10.9.9.9"})
        with urllib.request.urlopen(request, timeout=10) as answer:
            answer.read()


def load() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default=os.environ.get("BENCH_LOOKUP_DATABASE_URL", DEFAULT_DB))
    parser.add_argument("--dossiers", type=int, default=20_000)
    parser.add_argument("--seconds", type=int, default=20)
    parser.add_argument("--connections", type=int, default=50)
    parser.add_argument("--workers", type=int, default=int(os.environ.get("WEB_CONCURRENCY", 2 * os.cpu_count() + 1)))
    parser.add_argument("--threads", type=int, default=1, help="threads per worker (>1: gthread, keep-alive)")
    parser.add_argument("--runs", type=int, default=1)
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is needed: apt-get install wrk")

    prepare(args.database_url, args.dossiers)
    pairs = sample_lookups(args.database_url, 500)
    # The same 500 dossiers over and over (citizens reloading, QR codes scanned again), each asked once just
    # before the target is measured, so the window shows lookups answered ready (and those whose answers
    # run out during it); and dossiers asked for the first time in this benchmark (a slice of their own for
    # each run): the database path, each answer built and kept.
    asked_again = set(pairs)
    everyone = [pair for pair in sample_lookups(args.database_url, args.dossiers) if pair not in asked_again]
    warm_up_pair = everyone.pop()  # asked by the warm-up, so no target's first time
    fresh = [everyone[run :: args.runs] for run in range(args.runs)]

    def page(code, secret):
        return f"/tra-cuu/{code}/?secret={secret}"

    def api(code, secret):
        return f"/api/v1/public/dossiers/{code}/?secret={secret}"

    def targets(run: int) -> dict[str, tuple[list[str], bool]]:
        """Each target's paths, and whether they are asked once before the measurement."""
        return {
            "bare Django view": (["/bench/bare/"], False),
            "lookup page, asked again": ([page(*pair) for pair in pairs], True),
            "lookup API, asked again": ([api(*pair) for pair in pairs], True),
            "lookup page, first time": ([page(*pair) for pair in fresh[run]], False),
            "lookup API, first time": ([api(*pair) for pair in fresh[run]], False),
        }

    process, base = start_gunicorn(args.database_url, args.workers, args.threads)
    results = []
    try:
        warm_up = ["/bench/bare/", page(*warm_up_pair), api(*warm_up_pair)]  # workers import, connect
        wrk(base, warm_up, seconds=3, connections=args.connections, threads=2)
        for run in range(args.runs):
            before = load()
            figures = {}
            for name, (paths, ask_first) in targets(run).items():
                if ask_first:
                    ask_each_once(base, paths)
                figures[name] = wrk(base, paths, seconds=args.seconds, connections=args.connections, threads=2)
            results.append({"run": run + 1, "load_before": before, "load_after": load(), "figures": figures})
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)

    kind = f"gthread x {args.threads} threads" if args.threads > 1 else "sync"
    print(f"\n{args.connections} clients, {args.seconds} s per target, gunicorn {args.workers} {kind} workers, "
          f"{os.cpu_count()} cores; {len(pairs)} dossiers asked again, {len(fresh[0]):,} new ones a run")  # fmt: skip
    for result in results:
        print(f"\nrun {result['run']} (load average before {result['load_before']}, after {result['load_after']})")
        bare = result["figures"]["bare Django view"]["req_s"]
        for name, f in result["figures"].items():
            share = f["req_s"] / bare * 100
            verdict = ""
            if name != "bare Django view":
                met = share >= 50 and f["p99_ms"] < 50 and f["non_2xx"] == 0
                verdict = "goal met" if met else "goal NOT met"
            print(
                f"  {name:26} {f['req_s']:8.0f} req/s ({share:3.0f}% of bare)  p50 {f['p50_ms']:6.1f} ms  "
                f"p99 {f['p99_ms']:6.1f} ms  non-2xx {f['non_2xx']}  {f['socket_errors']}  {verdict}"
            )
    print("\nGoal per lookup target (issue 6): >= 50% of the bare view's req/s, p99 < 50 ms, all answers 200.")
    print(json.dumps(results))


if __name__ == "__main__":
    sys.exit(main())
