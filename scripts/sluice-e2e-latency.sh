#!/usr/bin/env bash
# Kafka's EndToEndLatency on Sluice's clients (same flags and output lines):
#   sluice-e2e-latency.sh broker_list topic num_messages producer_acks message_size_bytes [properties_file]
exec "$(dirname "$0")/sluice-run-class.sh" io.sluice.tools.perf.EndToEndLatency "$@"
