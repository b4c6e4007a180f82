#!/usr/bin/env bash
# Our consumer beside the official Apache Kafka 3.9.1 consumer, against the SAME Sluice broker in the
# same run (the consumer half of scripts/sluice-client-bench.sh):
#   throughput   official org.apache.kafka.tools.ConsumerPerformance (scripts/apache-kafka.sh run)
#                ours     scripts/sluice-consumer-perf-test.sh (io.sluice.tools.perf.ConsumerPerformance)
#                both read the same one-partition topic, pre-filled once with --records records of
#                --record-size bytes, each run in a fresh group from the earliest offset
#   latency      official org.apache.kafka.tools.EndToEndLatency
#                ours     scripts/sluice-e2e-latency.sh (io.sluice.tools.perf.EndToEndLatency: our
#                producer and our consumer), --e2e-messages messages of --record-size bytes, producer
#                acks=1 and acks=all, a fresh one-partition topic for every run
# Rounds alternate which client goes first. Prints every run, then medians and ours/official ratios,
# including the CPU seconds each client JVM used (bash's time: user + system).
#   scripts/sluice-client-consumer-bench.sh [--records 500000] [--e2e-messages 10000] [--record-size 1024]
#       [--rounds 3] [--dir DIR]
#   --e2e-messages 0 skips the latency runs (throughput only)
#   BENCH_HEAP_OPTS  heap of the broker and of both clients (default -Xmx1g)
set -euo pipefail
base_dir="$(cd "$(dirname "$0")/.." && pwd)"
records=500000; e2e_messages=10000; record_size=1024; rounds=3; dir="${TMPDIR:-/tmp}/sluice-client-consumer-bench"
while [ $# -gt 0 ]; do
  case "$1" in
    --records) records="$2"; shift 2 ;;
    --e2e-messages) e2e_messages="$2"; shift 2 ;;
    --record-size) record_size="$2"; shift 2 ;;
    --rounds) rounds="$2"; shift 2 ;;
    --dir) dir="$2"; shift 2 ;;
    -h|--help) sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done
heap="${BENCH_HEAP_OPTS:--Xmx1g}"
# shellcheck source=sluice-bench-lib.sh
source "$base_dir/scripts/sluice-bench-lib.sh"
port=$(bench_free_port); zk_port=$(bench_free_port)
rm -rf "$dir"; mkdir -p "$dir"
logs="$dir/logs"
export SLUICE_LOG_DIR="$logs"
kafka=("$base_dir/scripts/apache-kafka.sh")
bootstrap="127.0.0.1:$port"

stop_all() {
  bench_stop_sluice "$dir"
}
trap stop_all EXIT

# Build our side first (sluice-run-class.sh builds when sources are newer than the jars).
"$base_dir/scripts/sluice-run-class.sh" io.sluice.tools.Version >/dev/null 2>&1 || true

echo "== Starting Sluice on $bootstrap (heap $heap); load average: $(cut -d' ' -f1-3 /proc/loadavg)"
bench_start_sluice "$dir" "$port" "$zk_port" "$heap"

results="$dir/results.tsv"
tool_log="$dir/tools.err"
fail() { echo "Failed: $1. Last lines of $tool_log:" >&2; tail -15 "$tool_log" >&2; exit 1; }
: > "$results"

create_topic() {
  KAFKA_HEAP_OPTS="$heap" "${kafka[@]}" run org.apache.kafka.tools.TopicCommand --bootstrap-server "$bootstrap" \
    --create --topic "$1" --partitions 1 --replication-factor 1 >/dev/null 2>>"$tool_log" \
    || fail "creating topic $1"
}

# Runs a client under bash's time keyword; its output goes to $dir/out, its CPU seconds to $cpu.
timed() {  # name command...
  local name="$1"; shift
  local TIMEFORMAT='%U %S'
  { time "$@" 2>>"$tool_log" > "$dir/out"; } 2> "$dir/cpu" || fail "$name"
  cpu="$(awk '{printf "%.1f", $1 + $2}' "$dir/cpu")"
}

data_topic="consume-$records"
echo "== Filling $data_topic with $records records x $record_size bytes (official producer, acks=1)"
create_topic "$data_topic"
KAFKA_HEAP_OPTS="$heap" "${kafka[@]}" run org.apache.kafka.tools.ProducerPerformance --topic "$data_topic" \
  --num-records "$records" --record-size "$record_size" --throughput -1 \
  --producer-props "bootstrap.servers=$bootstrap" acks=1 2>>"$tool_log" | tail -1 || fail "filling $data_topic"

# The first group on a fresh broker creates __consumer_offsets (50 partitions) while its consumer waits;
# a throwaway group pays that here, so neither client's measured join includes it.
echo "== Warm-up: one throwaway consumer group creates __consumer_offsets"
KAFKA_HEAP_OPTS="$heap" "${kafka[@]}" run org.apache.kafka.tools.ConsumerPerformance --bootstrap-server "$bootstrap" \
  --topic "$data_topic" --messages 1 --group bench-warmup --timeout 60000 --hide-header >/dev/null 2>>"$tool_log" \
  || fail "warm-up consumer"

consume_one() {  # client round
  local client="$1" round="$2" group line cpu mb rps fetch_mb rebalance
  group="bench-$client-$round"
  local args=(--bootstrap-server "$bootstrap" --topic "$data_topic" --messages "$records" --group "$group"
    --timeout 60000 --hide-header)
  if [ "$client" = official ]; then
    timed "official consumer" env KAFKA_HEAP_OPTS="$heap" "${kafka[@]}" run org.apache.kafka.tools.ConsumerPerformance "${args[@]}"
  else
    timed "our consumer" env SLUICE_HEAP_OPTS="$heap" SLUICE_OPTS="-Dsluice.log.level=WARN" \
      "$base_dir/scripts/sluice-consumer-perf-test.sh" "${args[@]}"
  fi
  # start.time, end.time, data.consumed.in.MB, MB.sec, data.consumed.in.nMsg, nMsg.sec,
  # rebalance.time.ms, fetch.time.ms, fetch.MB.sec, fetch.nMsg.sec
  line="$(grep -v '^WARNING' "$dir/out" | tail -1)"
  grep -q '^WARNING' "$dir/out" && { echo "The $client consumer stopped early: $(cat "$dir/out")" >&2; exit 1; }
  IFS=',' read -r _ _ _ mb _ rps rebalance _ fetch_mb _ <<<"$line"
  mb="${mb// /}"; rps="${rps// /}"; rebalance="${rebalance// /}"; fetch_mb="${fetch_mb// /}"
  [ -n "$fetch_mb" ] || { echo "Unexpected output from the $client consumer: $line" >&2; exit 1; }
  printf 'consume\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$round" "$client" "$mb" "$rps" "$fetch_mb" "$rebalance" "$cpu" >> "$results"
  printf '  consume round %s %-8s %8.2f MB/s %10.0f records/s  fetch %8.2f MB/s  rebalance %5d ms  client CPU %6.1f s\n' \
    "$round" "$client" "$mb" "$rps" "$fetch_mb" "$rebalance" "$cpu"
}

latency_one() {  # client acks round
  local client="$1" acks="$2" round="$3" topic cpu avg p50 p99 p999
  topic="e2e-$client-$acks-$round"
  create_topic "$topic"
  local args=("$bootstrap" "$topic" "$e2e_messages" "$acks" "$record_size")
  if [ "$client" = official ]; then
    timed "official EndToEndLatency" env KAFKA_HEAP_OPTS="$heap" "${kafka[@]}" run org.apache.kafka.tools.EndToEndLatency "${args[@]}"
  else
    timed "our e2e latency" env SLUICE_HEAP_OPTS="$heap" SLUICE_OPTS="-Dsluice.log.level=WARN" \
      "$base_dir/scripts/sluice-e2e-latency.sh" "${args[@]}"
  fi
  # "Avg latency: A ms" and "Percentiles: 50th = P, 99th = Q, 99.9th = R" (whole milliseconds)
  avg="$(sed -n 's/^Avg latency: \([0-9.]*\) ms.*/\1/p' "$dir/out")"
  read -r p50 p99 p999 <<<"$(sed -n 's/^Percentiles: 50th = \([0-9]*\), 99th = \([0-9]*\), 99.9th = \([0-9]*\).*/\1 \2 \3/p' "$dir/out")"
  [ -n "$avg" ] && [ -n "$p999" ] || { echo "Unexpected output from the $client latency tool: $(tail -3 "$dir/out")" >&2; exit 1; }
  printf 'e2e-%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$acks" "$round" "$client" "$avg" "$p50" "$p99" "$p999" "$cpu" >> "$results"
  printf '  e2e acks=%-3s round %s %-8s avg %8.3f ms  p50 %4d  p99 %4d  p99.9 %4d ms  client CPU %6.1f s\n' \
    "$acks" "$round" "$client" "$avg" "$p50" "$p99" "$p999" "$cpu"
}

order_of() { if [ $(($1 % 2)) -eq 1 ]; then echo "official ours"; else echo "ours official"; fi; }

echo "== Consumer throughput: $rounds rounds of $records records per client, fresh group per run; load average: $(cut -d' ' -f1-3 /proc/loadavg)"
for round in $(seq 1 "$rounds"); do
  for client in $(order_of "$round"); do consume_one "$client" "$round"; done
done
latency_acks="1 all"; [ "$e2e_messages" -gt 0 ] || latency_acks=""
for acks in $latency_acks; do
  echo "== End-to-end latency, acks=$acks: $rounds rounds of $e2e_messages messages x $record_size bytes; load average: $(cut -d' ' -f1-3 /proc/loadavg)"
  for round in $(seq 1 "$rounds"); do
    for client in $(order_of "$round"); do latency_one "$client" "$acks" "$round"; done
  done
done

median() { sort -g | awk '{v[NR]=$1} END {if (NR%2) print v[(NR+1)/2]; else print (v[NR/2]+v[NR/2+1])/2}'; }
col() { awk -F'\t' -v k="$1" -v c="$2" -v f="$3" '$1==k && $3==c {print $f}' "$results" | median; }
row() {  # kind label field format
  local o s
  o="$(col "$1" official "$3")"; s="$(col "$1" ours "$3")"
  printf "| %-9s | %-18s | $4 | $4 | %15s |\n" "$1" "$2" "$o" "$s" \
    "$(awk -v s="$s" -v o="$o" 'BEGIN {if (o > 0) printf "%.2f", s / o; else print "n/a"}')"
}
echo
echo "== Medians over $rounds rounds (ours / official: above 1 is better for throughput, below 1 for latency and CPU)"
echo "   load average now: $(cut -d' ' -f1-3 /proc/loadavg)"
printf '| %-9s | %-18s | %12s | %12s | %15s |\n' "run" "measurement" "official" "ours" "ours/official"
printf '|%s|%s|%s|%s|%s|\n' "-----------" "--------------------" "--------------" "--------------" "-----------------"
row consume "MB/s" 4 '%12.2f'
row consume "records/s" 5 '%12.0f'
row consume "fetch MB/s" 6 '%12.2f'
row consume "rebalance ms" 7 '%12.0f'
row consume "client CPU s" 8 '%12.1f'
for acks in $latency_acks; do
  row "e2e-$acks" "avg latency ms" 4 '%12.3f'
  row "e2e-$acks" "p50 latency ms" 5 '%12.0f'
  row "e2e-$acks" "p99 latency ms" 6 '%12.0f'
  row "e2e-$acks" "p99.9 latency ms" 7 '%12.0f'
  row "e2e-$acks" "client CPU s" 8 '%12.1f'
done
echo
echo "Every run: $results (kind, round, client, then for consume: MB/s, records/s, fetch MB/s, rebalance ms, CPU s;"
echo "for e2e: avg ms, p50, p99, p99.9 ms, CPU s)"
