#!/usr/bin/env bash
# `make run`: migrate, load the demo data once, then serve the portal with a Celery worker and beat.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
export DJANGO_SETTINGS_MODULE=center.settings
mkdir -p var
command -v msgfmt >/dev/null && $PY manage.py compilemessages -v0 >/dev/null 2>&1 || true
$PY manage.py migrate --noinput -v0
$PY manage.py collectstatic --noinput -v0
if [ ! -f var/.demo-loaded ] || ! $PY manage.py shell -c "from dossiers.models import Dossier; import sys; sys.exit(0 if Dossier.objects.exists() else 1)" 2>/dev/null; then
  $PY manage.py seed_demo && touch var/.demo-loaded
fi

cat <<MSG

  The portal:        http://127.0.0.1:8000/
  Staff work pages:  http://127.0.0.1:8000/can-bo/
  Administration:    http://127.0.0.1:8000/admin/
  API docs:          http://127.0.0.1:8000/api/docs/

  Demo accounts (password Demo@2026):
    admin              administrator
    giamdoc            center director
    tiepnhan1, tiepnhan2   counter staff
    chuyenvien.stc     specialist, Sở Tài chính      lanhdao.stc     lead, Sở Tài chính
    chuyenvien.snnmt   specialist, Sở NN và MT       lanhdao.snnmt   lead, Sở NN và MT

  Payment sandbox:   http://127.0.0.1:8010/  (approve or decline online payments)

  Ctrl-C stops the portal, the worker and beat, and the payment sandbox.

MSG
bash scripts/center_name_hint.sh
# honcho (a maintained Procfile runner) starts the web server and the Celery worker with beat, prefixes
# their output, and stops all of them on Ctrl-C.
exec .venv/bin/honcho -f Procfile.dev start
