#!/usr/bin/env bash
# Starts a real ZooKeeper server (org.apache.zookeeper QuorumPeerMain) from a properties file.
#   scripts/zookeeper-server-start.sh [-daemon] conf/zookeeper.properties
# Relative dataDir paths are taken from the Sluice directory. With -daemon the server runs in the
# background, logs to logs/<name>.out and records its pid in logs/<name>.pid.
set -euo pipefail
base_dir="$(cd "$(dirname "$0")/.." && pwd)"
daemon=""
if [ "${1:-}" = "-daemon" ]; then daemon=1; shift; fi
if [ $# -ne 1 ]; then
  echo "usage: $0 [-daemon] zookeeper.properties" >&2
  exit 2
fi
config="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
[ -f "$config" ] || { echo "No such file: $1" >&2; exit 2; }
name="$(basename "$config" .properties)"

prop() { sed -n "s/^[[:space:]]*$1[[:space:]]*=[[:space:]]*//p" "$config" | tail -1; }
data_dir="$(prop dataDir)"
case "$data_dir" in /*) ;; *) data_dir="$base_dir/$data_dir" ;; esac
mkdir -p "$data_dir"
myid="$(prop sluice.myid)"
if [ -n "$myid" ]; then echo "$myid" > "$data_dir/myid"; fi

# ZooKeeper resolves a relative dataDir against its working directory: run from the Sluice directory.
cd "$base_dir"
logs_dir="${SLUICE_LOG_DIR:-$base_dir/logs}"
mkdir -p "$logs_dir"
export SLUICE_HEAP_OPTS="${ZK_HEAP_OPTS:--Xmx512m}"
export SLUICE_OPTS="${SLUICE_OPTS:-} -Dsluice.logs.dir=$logs_dir -Dzookeeper.admin.enableServer=false"
run=("$base_dir/scripts/sluice-run-class.sh" org.apache.zookeeper.server.quorum.QuorumPeerMain "$config")
if [ -n "$daemon" ]; then
  # Build in the foreground so a build failure is seen, not buried in the .out file.
  "$base_dir/scripts/sluice-run-class.sh" io.sluice.tools.Version >/dev/null
  nohup "${run[@]}" >"$logs_dir/$name.out" 2>&1 < /dev/null &
  echo $! > "$logs_dir/$name.pid"
  echo "ZooKeeper $name started (pid $!), log: $logs_dir/$name.out"
else
  exec "${run[@]}"
fi
