#!/usr/bin/env bash
# Side-by-side benchmark: Apache Kafka 3.9 and Sluice on the same machine in the same run, each with its
# own ZooKeeper and the same broker heap, driven by the same Apache Kafka clients:
#   producer  org.apache.kafka.tools.ProducerPerformance (one partition, acks=1, --throughput -1)
#   consumer  tools/bench/PartitionReadPerf.java (an assigned KafkaConsumer reading the partition back)
# Rounds alternate which broker goes first; a fresh topic is created for every run. Prints every run,
# then the medians and the Sluice/Kafka ratios.
#   scripts/sluice-compare-bench.sh [--records 1000000] [--record-size 1024] [--rounds 3] [--dir DIR]
#   BENCH_HEAP_OPTS  heap of both brokers and of the client tools (default -Xmx1g)
set -euo pipefail
base_dir="$(cd "$(dirname "$0")/.." && pwd)"
records=1000000; record_size=1024; rounds=3; dir="${TMPDIR:-/tmp}/sluice-compare-bench"
while [ $# -gt 0 ]; do
  case "$1" in
    --records) records="$2"; shift 2 ;;
    --record-size) record_size="$2"; shift 2 ;;
    --rounds) rounds="$2"; shift 2 ;;
    --dir) dir="$2"; shift 2 ;;
    -h|--help) sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done
heap="${BENCH_HEAP_OPTS:--Xmx1g}"
# shellcheck source=sluice-bench-lib.sh
source "$base_dir/scripts/sluice-bench-lib.sh"
kafka_port=$(bench_free_port); kafka_zk_port=$(bench_free_port); sluice_port=$(bench_free_port); sluice_zk_port=$(bench_free_port)
rm -rf "$dir"; mkdir -p "$dir"
logs="$dir/logs"
export SLUICE_LOG_DIR="$logs"
kafka=("$base_dir/scripts/apache-kafka.sh")

stop_all() {
  bench_stop_sluice "$dir"
  KAFKA_HEAP_OPTS="$heap" "${kafka[@]}" stop --dir "$dir/kafka" >/dev/null 2>&1 || true
  # The brokers' data (records x record size per run) is not worth keeping; results and logs are.
  rm -rf "$dir/kafka/kafka-logs" "$dir/sluice-logs"
}
trap stop_all EXIT

echo "== Starting Apache Kafka 3.9 on 127.0.0.1:$kafka_port and Sluice on 127.0.0.1:$sluice_port (heap $heap each)"
KAFKA_HEAP_OPTS="$heap" "${kafka[@]}" start --port "$kafka_port" --zk-port "$kafka_zk_port" --dir "$dir/kafka"

bench_start_sluice "$dir" "$sluice_port" "$sluice_zk_port" "$heap"

bootstrap_of() { if [ "$1" = kafka ]; then echo "127.0.0.1:$kafka_port"; else echo "127.0.0.1:$sluice_port"; fi; }
results="$dir/results.tsv"
tool_log="$dir/tools.err"
fail() { echo "Failed: $1. Last lines of $tool_log:" >&2; tail -15 "$tool_log" >&2; exit 1; }
: > "$results"

run_one() {  # broker round
  local broker="$1" round="$2" bootstrap topic out prod_mb p99 cons_mb
  bootstrap="$(bootstrap_of "$broker")"; topic="bench-$round"
  KAFKA_HEAP_OPTS="$heap" "${kafka[@]}" run org.apache.kafka.tools.TopicCommand --bootstrap-server "$bootstrap" \
    --create --topic "$topic" --partitions 1 --replication-factor 1 >/dev/null 2>>"$tool_log" \
    || fail "creating topic $topic on $broker"
  out="$(KAFKA_HEAP_OPTS="$heap" "${kafka[@]}" run org.apache.kafka.tools.ProducerPerformance --topic "$topic" \
    --num-records "$records" --record-size "$record_size" --throughput -1 \
    --producer-props "bootstrap.servers=$bootstrap" acks=1 2>>"$tool_log" | tail -1)" || fail "producing to $broker"
  # "N records sent, R records/sec (M MB/sec), A ms avg latency, X ms max latency, ... P ms 99th, ..."
  prod_mb="$(sed -n 's/.*(\([0-9.]*\) MB\/sec).*/\1/p' <<<"$out")"
  p99="$(sed -n 's/.*, \([0-9.]*\) ms 99th,.*/\1/p' <<<"$out")"
  [ -n "$prod_mb" ] && [ -n "$p99" ] || { echo "Unexpected producer output from $broker: $out" >&2; exit 1; }
  # shellcheck disable=SC2086
  out="$(java $heap -cp "$(ls "$base_dir"/tools/bench/apache-kafka/target/lib/*.jar | grep -v /logback- | tr '\n' :)" \
    -Dlog4j.configuration="file:$dir/kafka/log4j.properties" \
    "$base_dir/tools/bench/PartitionReadPerf.java" "$bootstrap" "$topic" "$records" 2>>"$tool_log" | tail -1)" \
    || fail "consuming from $broker"
  cons_mb="$(sed -n 's/.*mb_per_sec=\([0-9.]*\).*/\1/p' <<<"$out")"
  [ -n "$cons_mb" ] || { echo "Unexpected consumer output from $broker: $out" >&2; exit 1; }
  printf '%s\t%s\t%s\t%s\t%s\n' "$round" "$broker" "$prod_mb" "$p99" "$cons_mb" >> "$results"
  printf '  round %s %-6s producer %8.2f MB/s  p99 %7.0f ms   consumer %8.2f MB/s\n' \
    "$round" "$broker" "$prod_mb" "$p99" "$cons_mb"
}

echo "== $rounds rounds of $records records x $record_size bytes, one partition, acks=1"
for round in $(seq 1 "$rounds"); do
  if [ $((round % 2)) -eq 1 ]; then order="kafka sluice"; else order="sluice kafka"; fi
  for broker in $order; do run_one "$broker" "$round"; done
done

median() { sort -g | awk '{v[NR]=$1} END {if (NR%2) print v[(NR+1)/2]; else print (v[NR/2]+v[NR/2+1])/2}'; }
col() { awk -F'\t' -v b="$1" -v c="$2" '$2==b {print $c}' "$results" | median; }
echo
echo "== Medians over $rounds rounds (Sluice / Kafka: above 1 is better for MB/s, below 1 is better for latency)"
printf '| %-25s | %12s | %12s | %13s |\n' "measurement" "Apache Kafka" "Sluice" "Sluice/Kafka"
printf '|%s|%s|%s|%s|\n' "---------------------------" "--------------" "--------------" "---------------"
for spec in "producer MB/s:3" "producer p99 latency ms:4" "consumer MB/s:5"; do
  label="${spec%:*}"; c="${spec##*:}"
  k="$(col kafka "$c")"; s="$(col sluice "$c")"
  printf '| %-25s | %12s | %12s | %13s |\n' "$label" "$k" "$s" "$(awk -v s="$s" -v k="$k" 'BEGIN {if (k > 0) printf "%.2f", s / k; else print "n/a"}')"
done
echo
echo "Every run: $results (round, broker, producer MB/s, producer p99 ms, consumer MB/s)"
