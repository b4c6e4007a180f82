#!/usr/bin/env bash
# Describes and changes topic and broker configs like Kafka's kafka-configs.sh:
#   sluice-configs.sh --bootstrap-server localhost:9092 --entity-type topics|brokers --entity-name NAME --describe [--all]
#   sluice-configs.sh --bootstrap-server localhost:9092 --entity-type topics --entity-name T --alter \
#       [--add-config k=v[,k=v]] [--delete-config k[,k]]
# --help lists every flag. Exit codes: 0 done, 1 failed (one line on stderr), 2 bad flags.
#   SLUICE_HEAP_OPTS         heap flags (default -Xmx512m)
#   SLUICE_TOOLS_LOG_LEVEL   log level of the tool's own logging on stderr (default WARN)
export SLUICE_HEAP_OPTS="${SLUICE_HEAP_OPTS:--Xmx512m}"
export SLUICE_OPTS="${SLUICE_OPTS:-} -Dsluice.log.level=${SLUICE_TOOLS_LOG_LEVEL:-WARN}"
exec "$(dirname "$0")/sluice-run-class.sh" io.sluice.tools.configs.ConfigsCommand "$@"
