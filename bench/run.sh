#!/usr/bin/env bash
# `make bench`: the supervision benchmarks (issue 5) on PostgreSQL.
#   BENCH_DATABASE_URL        the big database (default .../bench), loaded with BENCH_DOSSIERS dossiers once
#   BENCH_SMALL_DATABASE_URL  a small one (default .../bench_small, 10,000 dossiers) to compare query counts
# Each database is created, migrated and loaded with `manage.py seed_demo` when it has no dossiers yet.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
BIG=${BENCH_DATABASE_URL:-postgres://postgres:postgres@127.0.0.1:5432/bench}
SMALL=${BENCH_SMALL_DATABASE_URL:-postgres://postgres:postgres@127.0.0.1:5432/bench_small}
DOSSIERS=${BENCH_DOSSIERS:-1000000}
export DJANGO_SETTINGS_MODULE=center.settings

prepare() {  # url, number of dossiers
  local url=$1 count=$2 name=${1##*/} server=${1%/*}
  psql "$server/postgres" -tAc "SELECT 1 FROM pg_database WHERE datname = '$name'" | grep -q 1 \
    || psql "$server/postgres" -qc "CREATE DATABASE \"$name\""
  DATABASE_URL=$url $PY manage.py migrate --noinput -v0
  DATABASE_URL=$url $PY manage.py seed_demo --dossiers "$count" | tail -2
  psql "$url" -qc "VACUUM ANALYZE"  # fresh statistics, as autovacuum would give a live database
}

echo "== preparing $SMALL (10,000 dossiers) and $BIG ($DOSSIERS dossiers; the first load takes minutes)"
prepare "$SMALL" 10000
prepare "$BIG" "$DOSSIERS"
echo "== small database"
small=$(DATABASE_URL=$SMALL $PY bench/supervision.py --queries-only | tail -1)
echo "$small"
echo "== big database"
big=$(DATABASE_URL=$BIG $PY bench/supervision.py | tail -1)
echo "$big"
$PY - "$small" "$big" <<'PY'
import json, sys
small, big = json.loads(sys.argv[1]), json.loads(sys.argv[2])
agg, sweeps = big["aggregation_year"], big["sweeps"]
print()
print(f"Dashboard aggregation, one year, {big['dossiers']:,} dossiers: ORM {agg['orm_aggregation_s']} s vs "
      f"hand-written SQL {agg['hand_written_sql_s']} s = {agg['ratio']}x (goal <= 1.5x)")
print(f"  all dashboard aggregates (with the 12-month trend and ratings): {agg['all_aggregates_with_trend_and_ratings_s']} s; "
      f"whole page {big['dashboard_page_year_s']} s (year), {big['dashboard_page_month_s']} s (month)")
print(f"First sweep {sweeps['first_sweep_s']} s ({sweeps['first_sweep_dossiers_read']:,} dossiers read, alerts "
      f"{sweeps['first_sweep_alerts']}) (goal < 5 s); second sweep, nothing new: "
      f"{sweeps['second_sweep_nothing_new_s']} s, {sweeps['second_sweep_dossiers_read']} read (goal < 0.2 s)")
print(f"Dashboard page SQL queries: {small['dashboard_page_queries']} with {small['dossiers']:,} dossiers, "
      f"{big['dashboard_page_queries']} with {big['dossiers']:,} (goal: constant)")
ok = agg["ratio"] <= 1.5 and sweeps["first_sweep_s"] < 5 and sweeps["second_sweep_nothing_new_s"] < 0.2 \
    and small["dashboard_page_queries"] == big["dashboard_page_queries"]
print("All goals met." if ok else "Some goals NOT met (see above).")
PY
