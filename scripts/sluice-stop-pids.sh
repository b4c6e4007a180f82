#!/usr/bin/env bash
# Shared by the stop scripts: stops the processes recorded in <logs_dir>/<name>.pid, or in every
# <logs_dir>/<prefix>*.pid when no name is given; politely first (SIGTERM), SIGKILL after 30 s.
#   scripts/sluice-stop-pids.sh LOGS_DIR PREFIX [NAME]
set -uo pipefail
logs_dir="$1"; prefix="$2"; name="${3:-}"
shopt -s nullglob
if [ -n "$name" ]; then files=("$logs_dir/$name.pid"); else files=("$logs_dir/$prefix"*.pid); fi
stopped=0
for f in "${files[@]}"; do
  [ -f "$f" ] || continue
  pid="$(cat "$f")"
  if kill -0 "$pid" 2>/dev/null; then
    kill "$pid"
    for _ in $(seq 1 300); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -0 "$pid" 2>/dev/null && kill -9 "$pid"
    echo "Stopped $(basename "$f" .pid) (pid $pid)"
    stopped=$((stopped + 1))
  fi
  rm -f "$f"
done
[ "$stopped" -gt 0 ] || echo "Nothing to stop${name:+ for $name}"
