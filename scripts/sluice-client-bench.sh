#!/usr/bin/env bash
# Our producer beside the official Apache Kafka 3.9.1 producer, against the SAME Sluice broker, with the
# same workload and the same measurement:
#   official  org.apache.kafka.tools.ProducerPerformance (run through scripts/apache-kafka.sh run)
#   ours      io.sluice.tools.bench.ClientProducerPerformance (the same loop and statistics, our SluiceProducer)
# 1 KiB records (null keys), unthrottled unless --throughput is given, one partition, client defaults otherwise, for acks=1 and
# acks=all. Rounds alternate which client goes first; a fresh topic for every run. Prints every run,
# then medians and the ours/official ratios, including the CPU seconds each client JVM used.
#   scripts/sluice-client-bench.sh [--records 500000] [--record-size 1024] [--rounds 3] [--throughput -1] [--dir DIR]
#   --throughput R: target records/s for both clients (-1, the default: as fast as they can); with a
#   rate below what both reach, the p99 latency shows the client's own delay instead of its queue
#   BENCH_HEAP_OPTS  heap of the broker and of both clients (default -Xmx1g)
set -euo pipefail
base_dir="$(cd "$(dirname "$0")/.." && pwd)"
records=500000; record_size=1024; rounds=3; throughput=-1; dir="${TMPDIR:-/tmp}/sluice-client-bench"
while [ $# -gt 0 ]; do
  case "$1" in
    --records) records="$2"; shift 2 ;;
    --record-size) record_size="$2"; shift 2 ;;
    --rounds) rounds="$2"; shift 2 ;;
    --throughput) throughput="$2"; shift 2 ;;
    --dir) dir="$2"; shift 2 ;;
    -h|--help) sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
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

echo "== Starting Sluice on $bootstrap (heap $heap)"
bench_start_sluice "$dir" "$port" "$zk_port" "$heap"

results="$dir/results.tsv"
tool_log="$dir/tools.err"
fail() { echo "Failed: $1. Last lines of $tool_log:" >&2; tail -15 "$tool_log" >&2; exit 1; }
: > "$results"

run_one() {  # client acks round
  local client="$1" acks="$2" round="$3" topic out mb rps p99 cpu
  topic="bench-$client-$acks-$round"
  KAFKA_HEAP_OPTS="$heap" "${kafka[@]}" run org.apache.kafka.tools.TopicCommand --bootstrap-server "$bootstrap" \
    --create --topic "$topic" --partitions 1 --replication-factor 1 >/dev/null 2>>"$tool_log" \
    || fail "creating topic $topic"
  local args=(--topic "$topic" --num-records "$records" --record-size "$record_size" --throughput "$throughput"
    --producer-props "bootstrap.servers=$bootstrap" "acks=$acks")
  # bash's time keyword: CPU seconds (user + system) of the client JVM, a figure the shared cores
  # disturb much less than throughput.
  local TIMEFORMAT='%U %S'
  if [ "$client" = official ]; then
    { time KAFKA_HEAP_OPTS="$heap" "${kafka[@]}" run org.apache.kafka.tools.ProducerPerformance "${args[@]}" \
        2>>"$tool_log" | tail -1 > "$dir/out"; } 2> "$dir/cpu" || fail "official producer"
  else
    { time SLUICE_HEAP_OPTS="$heap" SLUICE_OPTS="-Dsluice.log.level=WARN" "$base_dir/scripts/sluice-run-class.sh" \
        io.sluice.tools.bench.ClientProducerPerformance "${args[@]}" 2>>"$tool_log" | tail -1 > "$dir/out"; } 2> "$dir/cpu" \
      || fail "our producer"
  fi
  out="$(cat "$dir/out")"
  cpu="$(awk '{printf "%.1f", $1 + $2}' "$dir/cpu")"
  # "N records sent, R records/sec (M MB/sec), A ms avg latency, X ms max latency, ... P ms 99th, ..."
  rps="$(sed -n 's/.* sent, \([0-9.]*\) records\/sec.*/\1/p' <<<"$out")"
  mb="$(sed -n 's/.*(\([0-9.]*\) MB\/sec).*/\1/p' <<<"$out")"
  p99="$(sed -n 's/.*, \([0-9.]*\) ms 99th,.*/\1/p' <<<"$out")"
  [ -n "$mb" ] && [ -n "$p99" ] && [ -n "$rps" ] || { echo "Unexpected output from the $client producer: $out" >&2; exit 1; }
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$round" "$acks" "$client" "$mb" "$rps" "$p99" "$cpu" >> "$results"
  printf '  acks=%-3s round %s %-8s %8.2f MB/s %10.0f records/s  p99 %6.0f ms  client CPU %6.1f s\n' \
    "$acks" "$round" "$client" "$mb" "$rps" "$p99" "$cpu"
}

echo "== $rounds rounds of $records records x $record_size bytes per client and acks, one partition, throughput $throughput"
for acks in 1 all; do
  for round in $(seq 1 "$rounds"); do
    if [ $((round % 2)) -eq 1 ]; then order="official ours"; else order="ours official"; fi
    for client in $order; do run_one "$client" "$acks" "$round"; done
  done
done

median() { sort -g | awk '{v[NR]=$1} END {if (NR%2) print v[(NR+1)/2]; else print (v[NR/2]+v[NR/2+1])/2}'; }
col() { awk -F'\t' -v a="$1" -v c="$2" -v k="$3" '$2==a && $3==c {print $k}' "$results" | median; }
echo
echo "== Medians over $rounds rounds (ours / official: above 1 is better for throughput, below 1 for latency)"
printf '| %-4s | %-16s | %12s | %12s | %15s |\n' "acks" "measurement" "official" "ours" "ours/official"
printf '|%s|%s|%s|%s|%s|\n' "------" "------------------" "--------------" "--------------" "-----------------"
for acks in 1 all; do
  for spec in "MB/s:4" "records/s:5" "p99 latency ms:6" "client CPU s:7"; do
    label="${spec%:*}"; c="${spec##*:}"
    o="$(col "$acks" official "$c")"; s="$(col "$acks" ours "$c")"
    printf '| %-4s | %-16s | %12.2f | %12.2f | %15s |\n' "$acks" "$label" "$o" "$s" \
      "$(awk -v s="$s" -v o="$o" 'BEGIN {if (o > 0) printf "%.2f", s / o; else print "n/a"}')"
  done
done
echo
echo "Every run: $results (round, acks, client, MB/s, records/s, p99 ms, client CPU s)"
