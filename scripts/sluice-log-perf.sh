#!/usr/bin/env bash
# Benchmarks the partition log: append throughput next to a raw FileChannel write, index lookups,
# and recovery of a 1 GiB segment. Arguments: [--dir DIR] [--append-mib N] [--recovery-mib N] [--lookups N]
set -euo pipefail
exec "$(dirname "$0")/sluice-run-class.sh" io.sluice.tools.bench.LogPerformance "$@"
