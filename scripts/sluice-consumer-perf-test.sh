#!/usr/bin/env bash
# Kafka's kafka-consumer-perf-test.sh on Sluice's consumer (same flags and output lines):
#   sluice-consumer-perf-test.sh --bootstrap-server B --topic T --messages N [--group G] [--consumer.config FILE] [--show-detailed-stats]
exec "$(dirname "$0")/sluice-run-class.sh" io.sluice.tools.perf.ConsumerPerformance "$@"
