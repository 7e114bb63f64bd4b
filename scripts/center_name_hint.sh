#!/usr/bin/env bash
# Printed by `make run` when the center is not named: the header and every slip then say only
# "UBND TỈNH" / "Trung tâm Phục vụ hành chính công tỉnh" with no province.
# honcho reads .env too, so a name set there counts.
if [ -f .env ]; then set -a; . ./.env; set +a; fi
if [ -z "${CENTER_NAME:-}" ] || [ -z "${CENTER_PARENT:-}" ]; then
  cat <<'HINT'
  Note: CENTER_NAME and CENTER_PARENT are not set, so the header and the printed slips read
  "UBND TỈNH" with no province name. Name your center, e.g.:
    CENTER_NAME="Trung tâm Phục vụ hành chính công tỉnh Quảng Trị" \
    CENTER_PARENT="UBND TỈNH QUẢNG TRỊ" CENTER_UNIT_CODE="H56" make run

HINT
fi
