#!/usr/bin/env bash
# `make bench`: supervision at 1,000,000 and 10,000,000 dossiers (issue 17) on PostgreSQL.
#   BENCH_DATABASE_URL      the 1M database (default .../bench)
#   BENCH10M_DATABASE_URL   the 10M database (default .../bench10m)
#   BENCH_STREAMS           parallel connections of the load (default 3)
#   BENCH_RUNS              timed requests per figure (default 5; a first one is thrown away)
# Each database is loaded once by bench/load.py (dropped and created again when it does not hold a finished
# load of its size: the table bench_load says so) and reused afterwards. After migrating (new rollup tables
# after a merge), the rollups are built once when `manage.py rebuild_rollups` exists and has not run on that
# database yet (recorded in bench_rollups). Then bench/scale.py on each, and a verdict per goal.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
SMALL=${BENCH_DATABASE_URL:-postgres://postgres:postgres@127.0.0.1:5432/bench}
BIG=${BENCH10M_DATABASE_URL:-postgres://postgres:postgres@127.0.0.1:5432/bench10m}
STREAMS=${BENCH_STREAMS:-3}
export DJANGO_SETTINGS_MODULE=center.settings PGOPTIONS="-c client_min_messages=warning"  # no NOTICE lines
LOGS=var/bench
mkdir -p "$LOGS"

quiet() { grep -v -e ' INFO ' -e 'No directory at' -e 'mw_instance' || true; }  # Django's log lines
has_command() { DATABASE_URL=$1 $PY manage.py help "$2" >/dev/null 2>&1; }

prepare() {  # url, number of dossiers
  local url=$1 count=$2 name=${1##*/} server=${1%/*} loaded
  loaded=$(psql "$url" -tAc "SELECT dossiers FROM bench_load ORDER BY id DESC LIMIT 1" 2>/dev/null || true)
  if [ "$loaded" = "$count" ]; then
    echo "== $name: reusing its load of $count dossiers"
  else
    echo "== $name: loading $count dossiers ($STREAMS streams; log in $LOGS/load-$name.log)"
    psql "$server/postgres" -qc "DROP DATABASE IF EXISTS \"$name\"" -qc "CREATE DATABASE \"$name\""
    DATABASE_URL=$url $PY -u bench/load.py --dossiers "$count" --streams "$STREAMS" 2>&1 \
      | { grep --line-buffered -v ' INFO ' || true; } | tee "$LOGS/load-$name.log"
  fi
  local pending started=$SECONDS
  pending=$(DATABASE_URL=$url $PY manage.py showmigrations --plan 2>/dev/null | grep -c '^\[ \]' || true)
  DATABASE_URL=$url $PY manage.py migrate --noinput -v0 2>&1 | quiet
  # A migration may count the existing dossiers into new tables (0011_rollups does): say what it cost.
  [ "$pending" = 0 ] || echo "   migrate ($pending pending migrations): $((SECONDS - started)) s"
  psql "$url" -qc "CREATE TABLE IF NOT EXISTS bench_rollups (command text PRIMARY KEY, seconds float8, done_at timestamptz)"
  for command in rebuild_rollups keep_scorecards; do
    if ! has_command "$url" "$command"; then
      echo "   $command: not available (manage.py help $command fails)"
    elif [ -z "$(psql "$url" -tAc "SELECT 1 FROM bench_rollups WHERE command = '$command'")" ]; then
      local started=$SECONDS
      # The kept scorecards of the last 13 months (the trend's twelve and the open one): all ten years would
      # take hours and the bench reads none older.
      args=(); [ "$command" = keep_scorecards ] && args=(--since "$(date -d '-13 months' +%Y-%m)")
      DATABASE_URL=$url $PY manage.py "$command" "${args[@]}" 2>&1 | quiet | tail -3
      psql "$url" -qc "INSERT INTO bench_rollups VALUES ('$command', $((SECONDS - started)), now())"
      echo "   $command: $((SECONDS - started)) s"
    fi
  done
}

prepare "$SMALL" 1000000
prepare "$BIG" 10000000

for url in "$SMALL" "$BIG"; do
  name=${url##*/}
  echo "== scale.py on $name"
  DATABASE_URL=$url $PY bench/scale.py 2>&1 | quiet | tee "$LOGS/scale-$name.log" | tail -1
  psql "$url" -tAc "SELECT row_to_json(l) FROM (SELECT dossiers, seconds, phases, cores, load_before, load_after,
      finished_at, (SELECT COALESCE(json_object_agg(command, seconds), '{}') FROM bench_rollups) AS rollups
      FROM bench_load ORDER BY id DESC LIMIT 1) l" >"$LOGS/load-$name.json"
done

$PY bench/verdicts.py "$LOGS/scale-${SMALL##*/}.log" "$LOGS/scale-${BIG##*/}.log" \
  "$LOGS/load-${SMALL##*/}.json" "$LOGS/load-${BIG##*/}.json"
