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
# The local identity provider (scripts/idp/, demo citizens) for citizens' sign-in, unless OIDC_ISSUER names
# the province's own; its Procfile line starts it either way (it is small).
$PY scripts/idp/manage.py idp_setup >/dev/null
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

  Citizens sign in at the local identity provider (http://127.0.0.1:8400, unless OIDC_ISSUER is set):
    personal identification number 045090001234 (Nguyễn Thị Hoa), 045085004321 (Trần Văn Minh),
    045197007788, 045078002468; password Demo@2026

  Ctrl-C stops the portal, the worker, beat, the payment sandbox, the identity provider and ClamAV.

MSG
bash scripts/center_name_hint.sh
# honcho (a maintained Procfile runner) starts the web server and the Celery worker with beat, prefixes
# their output, and stops all of them on Ctrl-C.
exec .venv/bin/honcho -f Procfile.dev start
