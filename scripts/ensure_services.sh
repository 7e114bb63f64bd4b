#!/usr/bin/env bash
# Make sure PostgreSQL and Redis answer before the tests: use DATABASE_URL / REDIS_URL or the local
# defaults; start local servers that are installed but stopped; install them (Debian packages) when
# absent and running as root; otherwise stop with a clear message.
set -euo pipefail
DATABASE_URL=${DATABASE_URL:-postgres://postgres:postgres@127.0.0.1:5432/center}
REDIS_URL=${REDIS_URL:-redis://127.0.0.1:6379/15}
PY=.venv/bin/python

pg_up() { $PY - "$DATABASE_URL" <<'PYEOF' >/dev/null 2>&1
import sys, urllib.parse, psycopg2
u = urllib.parse.urlparse(sys.argv[1])
psycopg2.connect(host=u.hostname, port=u.port or 5432, user=u.username, password=u.password or None,
                 dbname="postgres", connect_timeout=3).close()
PYEOF
}
redis_up() { $PY -c "import redis,sys; redis.Redis.from_url(sys.argv[1], socket_connect_timeout=3).ping()" "$REDIS_URL" >/dev/null 2>&1; }
apt_updated=0
apt_install() {
  if [ "$(id -u)" != 0 ]; then echo "ERROR: $1 is not installed and this is not root: install $*, or set the URL." >&2; exit 1; fi
  if [ $apt_updated = 0 ]; then apt-get update -qq; apt_updated=1; fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

if ! pg_up; then
  if ! ls /etc/postgresql/*/main >/dev/null 2>&1; then
    echo "PostgreSQL not found: installing it from Debian's packages..."
    apt_install postgresql
  fi
  echo "Starting PostgreSQL..."
  for version in $(ls /etc/postgresql); do
    pg_ctlcluster --skip-systemctl-redirect "$version" main start 2>/dev/null || true
  done
  for _ in $(seq 1 30); do pg_up && break; sleep 1; done
  if ! pg_up; then
    # A fresh Debian install asks for a password on 127.0.0.1: give the postgres user the one we use.
    su postgres -c "psql -q -c \"ALTER USER postgres PASSWORD 'postgres'\"" >/dev/null 2>&1 || true
  fi
  pg_up || { echo "ERROR: PostgreSQL does not answer at $DATABASE_URL" >&2; exit 1; }
fi

if ! redis_up; then
  if ! command -v redis-server >/dev/null; then
    echo "Redis not found: installing it from Debian's packages..."
    apt_install redis-server
  fi
  echo "Starting Redis..."
  mkdir -p /var/lib/redis /var/log/redis 2>/dev/null || true
  redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no \
    --dir /tmp --logfile /tmp/redis-ci.log >/dev/null
  for _ in $(seq 1 20); do redis_up && break; sleep 0.5; done
  redis_up || { echo "ERROR: Redis does not answer at $REDIS_URL" >&2; exit 1; }
fi
echo "PostgreSQL and Redis answer."

# Browser tests drive Debian's chromium through Playwright (a browser download is not possible here).
if ! command -v chromium >/dev/null; then
  echo "Chromium not found: installing it from Debian's packages..."
  apt_install chromium
fi
# Printed slips (PDF) embed DejaVu, a free font with every Vietnamese diacritic.
if [ ! -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ]; then
  echo "DejaVu fonts not found: installing them from Debian's packages..."
  apt_install fonts-dejavu-core
fi
echo "Chromium: $(command -v chromium)"

# Services of particular features, one file each (scripts/services/).
source "$(dirname "$0")/services/clamav.sh"
