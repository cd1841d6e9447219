#!/usr/bin/env bash
# Starts a throwaway ClamAV daemon (Debian's clamav-daemon) for the tests and
# prints the path of its unix socket. Signature downloads are impossible here
# (no freshclam), so its only signature is one made locally with `sigtool --md5`
# for the EICAR test file: enough to prove an infected file is refused and a
# clean one accepted. It runs as the current user with its own configuration,
# database and temporary files under <dir>. Stop it with: .ci/stop-clamd.sh <dir>
set -euo pipefail
command -v clamd >/dev/null && command -v sigtool >/dev/null ||
  { echo "clamd/sigtool not found (apt-get install clamav-daemon clamav)" >&2; exit 1; }
dir=${1:-$(mktemp -d /tmp/haven-clamd.XXXXXX)}
mkdir -p "$dir/db" "$dir/tmp"
# The EICAR test string, written here from two halves so that this script is not itself a "test virus".
printf '%s%s' 'X5O!P%@AP[4\PZX54(P^)7CC)7}$EICAR-STANDARD' '-ANTIVIRUS-TEST-FILE!$H+H*' >"$dir/eicar.com"
# md5:size:name — named as ClamAV's official signature is (reported with ".UNOFFICIAL", as every local signature is).
printf '%s:Eicar-Test-Signature\n' "$(sigtool --md5 "$dir/eicar.com" | cut -d: -f1,2)" >"$dir/db/haven-test.hdb"
rm -f "$dir/eicar.com"
cat >"$dir/clamd.conf" <<CONF
DatabaseDirectory $dir/db
TemporaryDirectory $dir/tmp
LocalSocket $dir/clamd.sock
LocalSocketMode 600
Foreground yes
LogFile $dir/clamd.log
LogTime yes
StreamMaxLength 600M
MaxFileSize 600M
MaxScanSize 600M
CONF
[ "$(id -u)" = 0 ] && echo "User root" >>"$dir/clamd.conf"
clamd --config-file="$dir/clamd.conf" >>"$dir/clamd.out" 2>&1 &
echo $! >"$dir/clamd.pid"
# Ready when it answers PING on its socket (loading a one-line database takes a moment).
for _ in $(seq 1 120); do
  if node -e "
    const s = require('net').connect('$dir/clamd.sock', () => s.write('zPING\0'));
    let r = ''; s.on('data', (d) => (r += d)); s.on('error', () => process.exit(1));
    s.on('close', () => process.exit(r.startsWith('PONG') ? 0 : 1));" 2>/dev/null; then
    echo "$dir/clamd.sock"
    exit 0
  fi
  kill -0 "$(cat "$dir/clamd.pid")" 2>/dev/null || break
  sleep 0.5
done
echo "clamd did not start; its log:" >&2
cat "$dir/clamd.out" "$dir/clamd.log" >&2 2>/dev/null || true
kill "$(cat "$dir/clamd.pid")" 2>/dev/null || true
exit 1
