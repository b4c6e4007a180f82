#!/usr/bin/env bash
# Lists, describes and deletes consumer groups and resets their offsets like Kafka's kafka-consumer-groups.sh:
#   sluice-consumer-groups.sh --bootstrap-server localhost:9092 --list | --describe --group G [--members|--state] | --delete --group G
#   sluice-consumer-groups.sh --bootstrap-server localhost:9092 --delete-offsets --group G --topic T[:P,...]
#   sluice-consumer-groups.sh --bootstrap-server localhost:9092 --reset-offsets --group G --topic T|--all-topics \
#       --to-earliest|--to-latest|--to-offset N|--to-datetime 2024-05-01T10:00:00.000|--shift-by N  --dry-run|--execute
# --help lists every flag. Exit codes: 0 done, 1 failed (one line on stderr), 2 bad flags.
#   SLUICE_HEAP_OPTS         heap flags (default -Xmx512m)
#   SLUICE_TOOLS_LOG_LEVEL   log level of the tool's own logging on stderr (default WARN)
export SLUICE_HEAP_OPTS="${SLUICE_HEAP_OPTS:--Xmx512m}"
export SLUICE_OPTS="${SLUICE_OPTS:-} -Dsluice.log.level=${SLUICE_TOOLS_LOG_LEVEL:-WARN}"
exec "$(dirname "$0")/sluice-run-class.sh" io.sluice.tools.groups.ConsumerGroupsCommand "$@"
