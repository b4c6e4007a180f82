#!/usr/bin/env bash
# Apache Kafka 3.9 (ZooKeeper mode) beside Sluice, for side-by-side benchmarks. Its jars come from
# Maven Central through tools/bench/apache-kafka/pom.xml; nothing of it is part of Sluice.
#   scripts/apache-kafka.sh start [--port 19092] [--zk-port 12181] [--dir DIR] [--config key=value]...
#                                 ZooKeeper + one broker; each --config line is added to server.properties
#   scripts/apache-kafka.sh stop  [--dir DIR]
#   scripts/apache-kafka.sh run CLASS [ARGS...]   e.g. org.apache.kafka.tools.ProducerPerformance, or a
#                                                 class of tools/bench/apache-kafka/src/main/java (io.sluice.bench)
set -euo pipefail
base_dir="$(cd "$(dirname "$0")/.." && pwd)"
bench_dir="$base_dir/tools/bench/apache-kafka"
lib="$bench_dir/target/lib"
cmd="${1:-}"; shift || true
port=19092; zk_port=12181; dir="${TMPDIR:-/tmp}/sluice-apache-kafka"; extra_config=""
if [ "$cmd" != run ]; then
  while [ $# -gt 0 ]; do
    case "$1" in
      --port) port="$2"; shift 2 ;;
      --zk-port) zk_port="$2"; shift 2 ;;
      --dir) dir="$2"; shift 2 ;;
      --config) extra_config="$extra_config$2"$'\n'; shift 2 ;;
      *) echo "unknown option $1" >&2; exit 2 ;;
    esac
  done
fi

if [ ! -d "$lib" ]; then
  echo "Fetching Apache Kafka 3.9 jars (once)..." >&2
  (cd "$bench_dir" && mvn -B -q -ntp dependency:copy-dependencies -DoutputDirectory=target/lib >&2)
fi
# The benchmark code compiled against the official client (src/main/java), rebuilt when a source changed.
classes="$bench_dir/target/classes"
if [ -d "$bench_dir/src/main/java" ] && { [ ! -d "$classes" ] \
    || [ -n "$(find "$bench_dir/src/main/java" -newer "$classes" -name '*.java' -print -quit)" ]; }; then
  (cd "$bench_dir" && mvn -B -q -ntp compile >&2) && touch "$classes"
fi
log4j_config() {
  mkdir -p "$dir"
  cat > "$dir/log4j.properties" <<LOG
log4j.rootLogger=WARN, stderr
log4j.appender.stderr=org.apache.log4j.ConsoleAppender
log4j.appender.stderr.Target=System.err
log4j.appender.stderr.layout=org.apache.log4j.PatternLayout
log4j.appender.stderr.layout.ConversionPattern=[%d] %p %m (%c)%n
LOG
}
# Every jar but logback (ZooKeeper brings it): exactly one SLF4J binding, reload4j, as Kafka ships.
class_path="$classes:$(ls "$lib"/*.jar | grep -v '/logback-' | tr '\n' ':')"
# exec: started with `java_run ... &`, the background subshell becomes the JVM, so $! is the JVM's pid
# and `stop` signals the server itself rather than a shell that would leave it running.
java_run() {
  # shellcheck disable=SC2086
  exec java ${KAFKA_HEAP_OPTS:--Xmx1g} -Dlog4j.configuration="file:$dir/log4j.properties" -cp "$class_path" "$@"
}

case "$cmd" in
  start)
    rm -rf "$dir"; log4j_config
    cat > "$dir/zookeeper.properties" <<PROPS
dataDir=$dir/zookeeper
clientPort=$zk_port
clientPortAddress=127.0.0.1
admin.enableServer=false
PROPS
    cat > "$dir/server.properties" <<PROPS
broker.id=0
listeners=PLAINTEXT://127.0.0.1:$port
log.dirs=$dir/kafka-logs
zookeeper.connect=127.0.0.1:$zk_port
num.partitions=1
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
group.initial.rebalance.delay.ms=0
${extra_config}
PROPS
    java_run org.apache.zookeeper.server.quorum.QuorumPeerMain "$dir/zookeeper.properties" >"$dir/zookeeper.out" 2>&1 &
    echo $! > "$dir/zookeeper.pid"
    for _ in $(seq 1 100); do (echo ruok >/dev/tcp/127.0.0.1/"$zk_port") 2>/dev/null && break; sleep 0.2; done
    java_run kafka.Kafka "$dir/server.properties" >"$dir/kafka.out" 2>&1 &
    echo $! > "$dir/kafka.pid"
    for _ in $(seq 1 150); do (: >/dev/tcp/127.0.0.1/"$port") 2>/dev/null && break; sleep 0.2; done
    (: >/dev/tcp/127.0.0.1/"$port") 2>/dev/null || { echo "Apache Kafka did not start; see $dir/kafka.out" >&2; exit 1; }
    echo "Apache Kafka 3.9 on 127.0.0.1:$port (ZooKeeper 127.0.0.1:$zk_port), data in $dir"
    ;;
  stop)
    for p in kafka zookeeper; do
      if [ -f "$dir/$p.pid" ]; then
        pid="$(cat "$dir/$p.pid")"; kill "$pid" 2>/dev/null || true
        for _ in $(seq 1 300); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        kill -9 "$pid" 2>/dev/null || true; rm -f "$dir/$p.pid"
      fi
    done
    ;;
  run)
    [ $# -ge 1 ] || { echo "usage: $0 run CLASS [ARGS...]" >&2; exit 2; }
    log4j_config
    java_run "$@"
    ;;
  *)
    echo "usage: $0 start|stop [--port P] [--zk-port P] [--dir D] | run CLASS [ARGS...]" >&2; exit 2 ;;
esac
