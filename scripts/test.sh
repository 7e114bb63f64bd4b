#!/usr/bin/env bash
# The whole suite against PostgreSQL and Redis. Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
export DJANGO_SETTINGS_MODULE=center.settings_test
command -v msgfmt >/dev/null && .venv/bin/python manage.py compilemessages -v0 >/dev/null || true
start=$(date +%s)
set +e
# One pytest process per core (pytest-xdist): each has its own test database (test_<name>_gwN) and Redis db
# (center/settings_test.py); TEST_WORKERS=0 runs in one process.
.venv/bin/python -m pytest -p no:cacheprovider -n "${TEST_WORKERS:-auto}" --dist worksteal "$@"
status=$?
set -e
echo "make test: pytest finished in $(( $(date +%s) - start )) s"
exit $status
