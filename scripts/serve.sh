#!/usr/bin/env bash
# `make serve`: the portal for real, against PostgreSQL and Redis. Checks the environment and the deploy
# settings, migrates, collects static files, then runs gunicorn, a Celery worker and Celery beat as
# separate processes (Procfile, through honcho); Ctrl-C stops all of them, and so does any one's exit.
# Variables may also sit in a .env file beside this repository's Procfile (KEY=value lines).
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
export DJANGO_SETTINGS_MODULE=center.settings
if [ -f .env ]; then set -a; . ./.env; set +a; fi

fail() { echo "make serve: $*" >&2; exit 2; }

missing=()
for name in DATABASE_URL REDIS_URL SECRET_KEY ALLOWED_HOSTS PUBLIC_BASE_URL; do
  [ -n "${!name:-}" ] || missing+=("$name")
done
[ ${#missing[@]} -eq 0 ] || fail "set ${missing[*]} (README: Deployment)."
case "$DATABASE_URL" in postgres://* | postgresql://* | pgsql://*) ;; *) fail "DATABASE_URL must be a PostgreSQL URL (postgres://user:password@host:5432/name)." ;; esac
case "$REDIS_URL" in redis://* | rediss://*) ;; *) fail "REDIS_URL must be a Redis URL (redis://host:6379/0)." ;; esac
case "${DEBUG:-0}" in 0 | false | False | off | no | "") ;; *) fail "DEBUG must be off in production." ;; esac

# Which processes this machine runs; beat on exactly one machine of the deployment.
processes=${SERVE_PROCESSES:-web worker beat}
for process in $processes; do
  case "$process" in web | worker | beat) ;; *) fail "SERVE_PROCESSES: unknown process '$process' (web, worker, beat)." ;; esac
done
cores=$(nproc 2>/dev/null || echo 2)
# gunicorn's rule of thumb: 2 workers per core + 1 (5 on 2 cores); Celery: one task at a time per core.
export WEB_CONCURRENCY=${WEB_CONCURRENCY:-$((2 * cores + 1))}
export CELERY_CONCURRENCY=${CELERY_CONCURRENCY:-$cores}
# Behind a reverse proxy on this machine by default; BIND=0.0.0.0:8000 for a proxy elsewhere.
export BIND=${BIND:-127.0.0.1:8000}
export LOG_FORMAT=${LOG_FORMAT:-json}

$PY manage.py check --deploy --fail-level WARNING
command -v msgfmt >/dev/null && $PY manage.py compilemessages -v0 >/dev/null 2>&1 || true
# SERVE_MIGRATE=0 on all machines but one, so two machines never migrate at the same time.
if [ "${SERVE_MIGRATE:-1}" = 1 ]; then
  $PY manage.py migrate --noinput
fi
$PY manage.py collectstatic --noinput -v0

echo "make serve: $processes (web: $WEB_CONCURRENCY gunicorn workers on $BIND; worker: $CELERY_CONCURRENCY)" >&2
# --no-prefix keeps each log line a JSON object; --env /dev/null: the .env above is already exported.
# shellcheck disable=SC2086  # $processes is a list of names
exec .venv/bin/honcho start --no-colour --no-prefix --env /dev/null -f Procfile $processes
