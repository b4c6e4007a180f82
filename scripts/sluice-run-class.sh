#!/usr/bin/env bash
# Runs a Java main class of Sluice with the tools module's class path (which includes the broker).
# Builds the project first if the jars are missing or older than the sources.
#   SLUICE_HEAP_OPTS  heap flags (default -Xmx1g)
#   SLUICE_OPTS       further JVM flags
#   SLUICE_LOG4J      log4j2 configuration file (default conf/log4j2.xml)
#   SLUICE_CLASSPATH  run with this class path instead of the packaged jars, and never build (tests
#                     use it to run the scripts with the classes Maven just compiled)
set -euo pipefail
base_dir="$(cd "$(dirname "$0")/.." && pwd)"
if [ $# -lt 1 ]; then
  echo "usage: $0 MAIN_CLASS [ARGS...]" >&2
  exit 2
fi
main_class="$1"; shift

log4j="${SLUICE_LOG4J:-$base_dir/conf/log4j2.xml}"
if [ -n "${SLUICE_CLASSPATH:-}" ]; then
  # shellcheck disable=SC2086
  exec java ${SLUICE_HEAP_OPTS:--Xmx1g} ${SLUICE_OPTS:-} \
    -Dlog4j2.configurationFile="$log4j" -Dsluice.home="$base_dir" -cp "$SLUICE_CLASSPATH" "$main_class" "$@"
fi

tools_jar() { ls "$base_dir"/tools/target/sluice-tools-*.jar 2>/dev/null | grep -v -- '-tests.jar' | head -1; }
jar="$(tools_jar || true)"
stale=""
if [ -n "$jar" ] && [ -n "$(find "$base_dir"/clients/src "$base_dir"/zk-coordination/src "$base_dir"/server/src "$base_dir"/tools/src -path '*/src/main/*' -newer "$jar" -print -quit 2>/dev/null)$(find "$base_dir" -maxdepth 2 -name pom.xml -newer "$jar" -print -quit)" ]; then
  stale=1
fi
if [ -z "$jar" ] || [ -n "$stale" ] || [ ! -d "$base_dir/tools/target/lib" ]; then
  echo "Building Sluice (mvn package, tests skipped)..." >&2
  (cd "$base_dir" && mvn -B -q -ntp -DskipTests package >&2)
  jar="$(tools_jar)"
fi

# shellcheck disable=SC2086
exec java ${SLUICE_HEAP_OPTS:--Xmx1g} ${SLUICE_OPTS:-} \
  -Dlog4j2.configurationFile="$log4j" -Dsluice.home="$base_dir" \
  -cp "$jar:$base_dir/tools/target/lib/*" "$main_class" "$@"
