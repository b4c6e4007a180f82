#!/usr/bin/env bash
# Kafka's kafka-producer-perf-test.sh on Sluice's producer (same flags and output lines):
#   sluice-producer-perf-test.sh --topic T --num-records N (--record-size S | --payload-file F) --throughput R (--producer-props k=v ... | --producer.config FILE)
exec "$(dirname "$0")/sluice-run-class.sh" io.sluice.tools.perf.ProducerPerformance "$@"
