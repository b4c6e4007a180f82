#!/usr/bin/env bash
# Sends one record per line of standard input like Kafka's kafka-console-producer.sh:
#   sluice-console-producer.sh --bootstrap-server localhost:9092 --topic T [--property parse.key=true --property key.separator=:]
#       [--producer-property k=v] [--producer.config conf/producer.properties] [--compression-codec gzip|snappy|lz4|zstd]
# --help lists every flag. Exit codes: 0 done, 1 failed (one line on stderr), 2 bad flags.
#   SLUICE_HEAP_OPTS         heap flags (default -Xmx512m)
#   SLUICE_TOOLS_LOG_LEVEL   log level of the tool's own logging on stderr (default WARN)
export SLUICE_HEAP_OPTS="${SLUICE_HEAP_OPTS:--Xmx512m}"
export SLUICE_OPTS="${SLUICE_OPTS:-} -Dsluice.log.level=${SLUICE_TOOLS_LOG_LEVEL:-WARN}"
exec "$(dirname "$0")/sluice-run-class.sh" io.sluice.tools.consoleproducer.ConsoleProducer "$@"
