#!/usr/bin/env bash
# One command to try Sluice: builds the project if needed, then starts a local cluster in one process
# (an embedded ZooKeeper on 127.0.0.1:2181 and a broker on 127.0.0.1:9092). Ctrl-C stops it cleanly.
#   scripts/sluice-quickstart.sh [--brokers N] [--port 9092] [--zookeeper-port 2181] [--data-dir DIR] [--fresh]
#                                [--override key=value ...]    (--help lists every flag)
#   SLUICE_HEAP_OPTS  heap flags (default -Xmx1g)
set -euo pipefail
exec "$(dirname "$0")/sluice-run-class.sh" io.sluice.tools.LocalCluster "$@"
