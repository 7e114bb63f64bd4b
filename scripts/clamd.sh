#!/usr/bin/env bash
# `make run`: a clamd for the portal's malware scan of dossiers' files, on the socket the settings name
# (CLAMD_SOCKET, default var/clamav/clamd.sock). Offline, its signature database is the EICAR test file's
# signature only (no download is possible here): enough to see the scan work, not protection. A real
# deployment runs Debian's clamav-daemon with freshclam's databases and sets CLAMD_SOCKET to its socket.
set -euo pipefail
cd "$(dirname "$0")/.."
VAR=${VAR_DIR:-var}
SOCKET=${CLAMD_SOCKET:-$VAR/clamav/clamd.sock}
CLAMD=$(command -v clamd || echo /usr/sbin/clamd)
if [ ! -x "$CLAMD" ]; then
  echo "clamd is not installed (apt-get install clamav-daemon): files wait as 'being checked' until it runs."
  exec sleep infinity
fi
DIR=$(cd "$VAR" && pwd)/clamav
mkdir -p "$DIR/db"
EICAR='X5O!P%@AP[4\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*'
printf '%s:%s:Eicar-Test-Signature\n' "$(printf '%s' "$EICAR" | md5sum | cut -d' ' -f1)" "${#EICAR}" > "$DIR/db/test.hdb"
printf 'Eicar-Test-Signature-Embedded:0:*:%s\n' "$(printf '%s' "$EICAR" | od -An -tx1 | tr -d ' \n')" > "$DIR/db/test.ndb"
cat > "$DIR/clamd.conf" <<CONF
DatabaseDirectory $DIR/db
LocalSocket $(realpath -m "$SOCKET")
LogFile $DIR/clamd.log
Foreground yes
StreamMaxLength 64M
MaxFileSize 64M
MaxScanSize 128M
CONF
[ "$(id -u)" = 0 ] && echo "User root" >> "$DIR/clamd.conf"
rm -f "$SOCKET"
echo "clamd on $SOCKET (EICAR test signature only)"
exec "$CLAMD" -c "$DIR/clamd.conf"
