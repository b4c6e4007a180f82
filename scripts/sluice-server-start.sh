#!/usr/bin/env bash
# Starts a Sluice broker from a properties file (Apache Kafka's key names; see conf/server.properties).
#   scripts/sluice-server-start.sh [-daemon] conf/server.properties [--override key=value ...]
# Relative paths (log.dirs) are taken from the Sluice directory. With -daemon the broker runs in the
# background, logs to logs/<name>.out and records its pid in logs/<name>.pid, where <name> is the
# properties file's name without .properties; scripts/sluice-server-stop.sh stops it cleanly.
#   SLUICE_HEAP_OPTS  heap flags (default -Xmx1g)
#   SLUICE_LOG_DIR    where -daemon puts .out and .pid files (default logs/)
set -euo pipefail
base_dir="$(cd "$(dirname "$0")/.." && pwd)"
daemon=""
if [ "${1:-}" = "-daemon" ]; then daemon=1; shift; fi
if [ $# -lt 1 ] || [ "${1#-}" != "$1" ]; then
  echo "usage: $0 [-daemon] server.properties [--override key=value ...]" >&2
  exit 2
fi
[ -f "$1" ] || { echo "No such file: $1" >&2; exit 2; }
config="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
shift
name="$(basename "$config" .properties)"

# The broker resolves relative paths against its working directory: run from the Sluice directory.
cd "$base_dir"
logs_dir="${SLUICE_LOG_DIR:-$base_dir/logs}"
export SLUICE_HEAP_OPTS="${SLUICE_HEAP_OPTS:--Xmx1g}"
export SLUICE_OPTS="${SLUICE_OPTS:-} -Dsluice.logs.dir=$logs_dir"
run=("$base_dir/scripts/sluice-run-class.sh" io.sluice.server.SluiceServerMain "$config" "$@")
if [ -n "$daemon" ]; then
  mkdir -p "$logs_dir"
  pid_file="$logs_dir/$name.pid"
  if [ -f "$pid_file" ] && kill -0 "$(cat "$pid_file")" 2>/dev/null; then
    echo "Broker $name is already running (pid $(cat "$pid_file"))" >&2
    exit 1
  fi
  # Build in the foreground so a build failure is seen, not buried in the .out file.
  "$base_dir/scripts/sluice-run-class.sh" io.sluice.tools.Version >/dev/null
  nohup "${run[@]}" >"$logs_dir/$name.out" 2>&1 < /dev/null &
  echo $! > "$pid_file"
  echo "Sluice broker $name started (pid $!), log: $logs_dir/$name.out"
else
  exec "${run[@]}"
fi
