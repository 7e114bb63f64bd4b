#!/usr/bin/env bash
# The whole suite against PostgreSQL and Redis. Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
export DJANGO_SETTINGS_MODULE=center.settings_test
command -v msgfmt >/dev/null && .venv/bin/python manage.py compilemessages -v0 >/dev/null || true
start=$(date +%s)
set +e
.venv/bin/python -m pytest -p no:cacheprovider "$@"
status=$?
set -e
echo "make test: pytest finished in $(( $(date +%s) - start )) s"
exit $status
