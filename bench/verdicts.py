"""Prints each goal of issue 17 with its figure and a verdict (MET / NOT MET) at 1M and 10M (bench/run.sh).

    .venv/bin/python bench/verdicts.py SCALE_1M.log SCALE_10M.log LOAD_1M.json LOAD_10M.json

The scale logs end with bench/scale.py's JSON line; the load files hold bench/load.py's record (bench_load)
with the time of the rollups built after it.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

PAGE_MS = 150  # the dashboard and the scorecard, any period, at 10M
RATIO = 1.2  # each at 10M against its time at 1M
RECEIVE_PCT = 10  # receiving with rollups against without
LOAD_MINUTES = 30  # loading 10M on 2 cores

DASHBOARD = {
    "month_closed": "month (last closed)",
    "month_current": "month (current)",
    "year_closed": "year (last closed)",
    "year_current": "year (current)",
    "five_years": "five years",
}
SCORECARD = {"month_closed": "month (last closed)", "month_current": "month (current)"}


def last_json(path: str) -> dict:
    lines = [line for line in Path(path).read_text().splitlines() if line.startswith("{")]
    if not lines:
        sys.exit(f"{path}: no figures (did scale.py fail? see the log)")
    return json.loads(lines[-1])


def verdict(ok: bool) -> str:
    return "MET" if ok else "NOT MET"


def main() -> None:
    small, big = last_json(sys.argv[1]), last_json(sys.argv[2])
    loads = [json.loads(Path(p).read_text() or "{}") for p in sys.argv[3:5]]
    met = []

    def goal(text: str, ok: bool) -> None:
        met.append(ok)
        print(f"  [{verdict(ok)}] {text}")

    print()
    print(f"Issue 17 goals: {small['dossiers']:,} and {big['dossiers']:,} dossiers "
          f"(load average {small['load_average_before']} / {big['load_average_before']} before each run)")  # fmt: skip
    for title, key, names in (
        ("Director's dashboard page (/giam-sat/, giamdoc)", "dashboard", DASHBOARD),
        ("Scorecard (API /api/v1/monitoring/scorecard/)", "scorecard_api", SCORECARD),
    ):
        print(f"{title}: median ms, goal <= {PAGE_MS} ms at 10M and <= {RATIO}x the 1M time")
        for name, label in names.items():
            a, b = small[key][name], big[key][name]
            refused = a.get("refused") or b.get("refused")
            if refused:
                goal(f"{label}: refused by the page ({refused}); "
                     f"{a['median_ms']} ms / {b['median_ms']} ms for what it showed instead", False)  # fmt: skip
                continue
            if b.get("stopped_after_s") or a.get("stopped_after_s"):
                goal(f"{label}: {a['median_ms']} ms at 1M, {b['median_ms']} ms at 10M "
                     f"(stopped after {b.get('stopped_after_s') or a.get('stopped_after_s')} s)", False)  # fmt: skip
                continue
            ratio = b["median_ms"] / a["median_ms"] if a["median_ms"] else float("inf")
            goal(f"{label}: {a['median_ms']} ms at 1M, {b['median_ms']} ms at 10M (<= {PAGE_MS} ms)",
                 b["median_ms"] <= PAGE_MS)  # fmt: skip
            goal(f"{label}: 10M / 1M = {ratio:.2f}x (<= {RATIO}x)", ratio <= RATIO)
            if a.get("queries") != b.get("queries"):
                print(f"      queries differ: {a.get('queries')} at 1M, {b.get('queries')} at 10M")

    print(
        f"Receiving a dossier with the rollups maintained vs ROLLUPS_MAINTAINED=False (goal <= {RECEIVE_PCT} % slower)"
    )
    for label, data in (("1M", small), ("10M", big)):
        receive = data["receive"]
        if not receive.get("setting_exists"):
            goal(f"{label}: ROLLUPS_MAINTAINED does not exist here: {receive['with_rollups_ms']} ms vs "
                 f"{receive['without_rollups_ms']} ms measures nothing yet", False)  # fmt: skip
            continue
        goal(f"{label}: {receive['with_rollups_ms']} ms vs {receive['without_rollups_ms']} ms = "
             f"{receive['slower_pct']:+.1f} % (median of {receive['receives']} each, interleaved)",
             receive["slower_pct"] <= RECEIVE_PCT)  # fmt: skip

    print("verify_rollups (runs in the bench, no difference)")
    for label, data in (("1M", small), ("10M", big)):
        verify = data.get("verify_rollups", {})
        if not verify.get("available"):
            goal(f"{label}: manage.py verify_rollups not available", False)
            continue
        for scope in ("all", "month_closed"):
            run = verify[scope]
            goal(f"{label}, {scope}: exit status {run['exit_status']} in {run['seconds']} s "
                 f"({' / '.join(run['last_lines'])})", run["exit_status"] == 0)  # fmt: skip

    print(
        f"Loading the demo dossiers (goal: 10M in < {LOAD_MINUTES} min on 2 cores, rollups included; the kept "
        "scorecards of the last 13 months are beat's work at each period's close, shown apart)"
    )
    for label, load in zip(("1M", "10M"), loads, strict=True):
        if not load:
            goal(f"{label}: no load recorded", False)
            continue
        rollups = {k: v for k, v in (load.get("rollups") or {}).items() if v is not None}
        scorecards = rollups.pop("keep_scorecards", None)
        total = load["seconds"] + sum(rollups.values())
        detail = ", ".join(f"{k} {v:.0f} s" for k, v in rollups.items()) or "no rollups built (commands absent)"
        if scorecards is not None:
            detail += f"; then keep_scorecards {scorecards:.0f} s"
        text = (f"{label}: {load['dossiers']:,} dossiers in {total / 60:.1f} min ({load['seconds']:.0f} s load; "
                f"{detail}) on {load['cores']} cores, load average {load['load_before']} before, "
                f"{load['load_after']} after, {str(load['finished_at'])[:16]}")  # fmt: skip
        if label == "10M":
            goal(text, total < LOAD_MINUTES * 60 and load["dossiers"] >= 10_000_000)
        else:
            print(f"  [info] {text}")
    print("All goals met." if all(met) else f"{met.count(False)} of {len(met)} checks NOT MET (see above).")


if __name__ == "__main__":
    main()
