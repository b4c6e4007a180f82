#!/usr/bin/env bash
# Prints records to standard output like Kafka's kafka-console-consumer.sh:
#   sluice-console-consumer.sh --bootstrap-server localhost:9092 --topic T|--include REGEX [--group G] [--from-beginning]
#       [--partition P --offset O|earliest|latest] [--max-messages N] [--timeout-ms MS] [--property print.key=true ...]
#       [--consumer-property k=v] [--consumer.config conf/consumer.properties] [--formatter offsets]
# --help lists every flag. Exit codes: 0 done, 1 failed (one line on stderr), 2 bad flags.
#   SLUICE_HEAP_OPTS         heap flags (default -Xmx512m)
#   SLUICE_TOOLS_LOG_LEVEL   log level of the tool's own logging on stderr (default WARN)
export SLUICE_HEAP_OPTS="${SLUICE_HEAP_OPTS:--Xmx512m}"
export SLUICE_OPTS="${SLUICE_OPTS:-} -Dsluice.log.level=${SLUICE_TOOLS_LOG_LEVEL:-WARN}"
exec "$(dirname "$0")/sluice-run-class.sh" io.sluice.tools.consoleconsumer.ConsoleConsumer "$@"
