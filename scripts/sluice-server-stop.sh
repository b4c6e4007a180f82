#!/usr/bin/env bash
# Stops Sluice brokers started with -daemon: the one of the given properties file, or all of them.
# SIGTERM makes a broker deregister, close its logs and write the clean-shutdown marker, so the next
# start needs no log recovery; a broker still running after 30 s is killed.
#   scripts/sluice-server-stop.sh [conf/server-1.properties]
set -uo pipefail
base_dir="$(cd "$(dirname "$0")/.." && pwd)"
logs_dir="${SLUICE_LOG_DIR:-$base_dir/logs}"
"$base_dir/scripts/sluice-stop-pids.sh" "$logs_dir" server "${1:+$(basename "$1" .properties)}"
