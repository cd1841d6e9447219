#!/usr/bin/env bash
# Stops a daemon started by .ci/start-clamd.sh and removes its directory.
set -u
dir=$1
if [ -f "$dir/clamd.pid" ]; then
  pid=$(cat "$dir/clamd.pid")
  kill "$pid" 2>/dev/null
  for _ in $(seq 1 20); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
fi
rm -rf "$dir"
