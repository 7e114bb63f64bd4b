# Sourced by scripts/ensure_services.sh (uses its apt_install): ClamAV's daemon, which scans every file
# attached to a dossier. The tests start their own clamd with a one-line signature database (tests/clamd.py);
# a real deployment runs clamd with freshclam's databases and points CLAMD_SOCKET at its socket.
if ! command -v clamd >/dev/null && [ ! -x /usr/sbin/clamd ]; then
  echo "ClamAV not found: installing clamav-daemon from Debian's packages..."
  apt_install clamav-daemon
fi
echo "clamd: $(command -v clamd || echo /usr/sbin/clamd)"
