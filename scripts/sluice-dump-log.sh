#!/usr/bin/env bash
# Dumps log segments and their indexes like Kafka's kafka-dump-log.sh:
#   sluice-dump-log.sh --files 00000000000000000000.log[,00000000000000000000.index,...]
#                      [--print-data-log] [--deep-iteration] [--index-sanity-check] [--verify-index-only]
exec "$(dirname "$0")/sluice-run-class.sh" io.sluice.tools.dumplog.DumpLogSegments "$@"
