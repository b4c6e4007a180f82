#!/usr/bin/env bash
# Creates, lists, describes, alters and deletes topics like Kafka's kafka-topics.sh:
#   sluice-topics.sh --bootstrap-server localhost:9092 --create --topic T [--partitions N] [--replication-factor R] [--config k=v]...
#   sluice-topics.sh --bootstrap-server localhost:9092 --list | --describe [--topic T] [--under-replicated-partitions]
#   sluice-topics.sh --bootstrap-server localhost:9092 --alter --topic T --partitions N | --delete --topic T
# --help lists every flag. Exit codes: 0 done, 1 failed (one line on stderr), 2 bad flags.
#   SLUICE_HEAP_OPTS         heap flags (default -Xmx512m)
#   SLUICE_TOOLS_LOG_LEVEL   log level of the tool's own logging on stderr (default WARN)
export SLUICE_HEAP_OPTS="${SLUICE_HEAP_OPTS:--Xmx512m}"
export SLUICE_OPTS="${SLUICE_OPTS:-} -Dsluice.log.level=${SLUICE_TOOLS_LOG_LEVEL:-WARN}"
exec "$(dirname "$0")/sluice-run-class.sh" io.sluice.tools.topics.TopicsCommand "$@"
