#!/usr/bin/env bash
# Stops ZooKeeper servers started with -daemon: the one of the given properties file, or all of them.
#   scripts/zookeeper-server-stop.sh [conf/zookeeper-1.properties]
set -uo pipefail
base_dir="$(cd "$(dirname "$0")/.." && pwd)"
logs_dir="${SLUICE_LOG_DIR:-$base_dir/logs}"
"$base_dir/scripts/sluice-stop-pids.sh" "$logs_dir" zookeeper "${1:+$(basename "$1" .properties)}"
