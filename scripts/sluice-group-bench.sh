#!/usr/bin/env bash
# Consumer-group benchmark: Apache Kafka 3.9 (ZooKeeper mode) and Sluice on the same machine in the same
# run, each with its own ZooKeeper, the same broker heap and group.initial.rebalance.delay.ms=0, driven by
# the official Java client (tools/bench/apache-kafka/src/main/java/io/sluice/bench/GroupBench.java):
#   offset commits  CLIENTS consumers, each with assign() of 4 partitions and its own group, calling
#                   commitSync of the 4 offsets in a loop; commits (requests) per second over all clients
#   rebalance       MEMBERS consumers subscribe to a topic of MEMBERS partitions in a fresh group: time from
#                   the first poll (FindCoordinator, then the first JoinGroup) until every member has its
#                   partitions of the same generation; median over ROUNDS groups
# Brokers alternate which goes first. Prints every run, then a table with the Sluice/Kafka ratios.
#   scripts/sluice-group-bench.sh [--commits 20000] [--clients "1 8"] [--members 10] [--rounds 5] [--dir DIR]
#   BENCH_HEAP_OPTS  heap of both brokers and of the client (default -Xmx1g)
set -euo pipefail
base_dir="$(cd "$(dirname "$0")/.." && pwd)"
commits=20000; clients_list="1 8"; members=10; rounds=5; dir="${TMPDIR:-/tmp}/sluice-group-bench"
while [ $# -gt 0 ]; do
  case "$1" in
    --commits) commits="$2"; shift 2 ;;
    --clients) clients_list="$2"; shift 2 ;;
    --members) members="$2"; shift 2 ;;
    --rounds) rounds="$2"; shift 2 ;;
    --dir) dir="$2"; shift 2 ;;
    -h|--help) sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
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
}
trap stop_all EXIT

echo "== Starting Apache Kafka 3.9 on 127.0.0.1:$kafka_port and Sluice on 127.0.0.1:$sluice_port (heap $heap each," \
  "group.initial.rebalance.delay.ms=0 on both)"
# apache-kafka.sh writes group.initial.rebalance.delay.ms=0 into the Kafka broker's server.properties.
KAFKA_HEAP_OPTS="$heap" "${kafka[@]}" start --port "$kafka_port" --zk-port "$kafka_zk_port" --dir "$dir/kafka"
grep -q '^group.initial.rebalance.delay.ms=0$' "$dir/kafka/server.properties" \
  || { echo "Apache Kafka does not run with group.initial.rebalance.delay.ms=0" >&2; exit 1; }

bench_start_sluice "$dir" "$sluice_port" "$sluice_zk_port" "$heap" \
  --override "offsets.topic.replication.factor=1" \
  --override "group.initial.rebalance.delay.ms=0"

bootstrap_of() { if [ "$1" = kafka ]; then echo "127.0.0.1:$kafka_port"; else echo "127.0.0.1:$sluice_port"; fi; }
results="$dir/results.tsv"
tool_log="$dir/client.err"
: > "$results"
bench() { KAFKA_HEAP_OPTS="$heap" "${kafka[@]}" run io.sluice.bench.GroupBench "$@" 2>>"$tool_log"; }
field() { sed -n "s/.* $1=\([0-9.]*\).*/\1/p" | tail -1; }

echo "== Offset commits: $commits commitSync calls of 4 partitions per broker and client count"
for clients in $clients_list; do
  order="kafka sluice"; [ "$clients" = "$(echo "$clients_list" | awk '{print $2}')" ] && order="sluice kafka"
  for broker in $order; do
    if out="$(bench commits "$(bootstrap_of "$broker")" "$commits" "$clients" | grep '^result')"; then
      rate="$(field commits_per_sec <<<"$out")"
    else
      rate="failed"
    fi
    printf 'commits/s, %s client(s)\t%s\t%s\n' "$clients" "$broker" "$rate" >> "$results"
    printf '  %-6s %2s client(s): %s commits/s\n' "$broker" "$clients" "$rate"
  done
done

echo "== Rebalance: $members members joining a fresh group, $rounds rounds per broker"
for broker in sluice kafka; do
  if out="$(bench rebalance "$(bootstrap_of "$broker")" "$members" "$rounds" | grep '^result')"; then
    grep 'round=' <<<"$out" | sed "s/^result /  $broker /"
    summary="$(grep 'median_rebalance_ms' <<<"$out")"
    ms="$(field median_rebalance_ms <<<"$summary")"; min="$(field min_rebalance_ms <<<"$summary")"
    slow="$(field rounds_waiting_for_a_heartbeat <<<"$summary")"
  else
    ms="failed"; min="failed"; slow="failed"
    echo "  $broker: failed (see $tool_log)"
  fi
  printf 'rebalance ms, %s members (median)\t%s\t%s\n' "$members" "$broker" "$ms" >> "$results"
  printf 'rebalance ms, %s members (fastest)\t%s\t%s\n' "$members" "$broker" "$min" >> "$results"
  printf 'rounds of %s over 3 s (heartbeat)\t%s\t%s\n' "$rounds" "$broker" "$slow" >> "$results"
done

echo
echo "== Sluice / Kafka (above 1 is better for commits/s, below 1 is better for rebalance time)"
printf '| %-34s | %12s | %12s | %12s |\n' "measurement" "Apache Kafka" "Sluice" "Sluice/Kafka"
printf '|%s|%s|%s|%s|\n' "------------------------------------" "--------------" "--------------" "--------------"
cut -f1 "$results" | awk '!seen[$0]++' | while IFS= read -r label; do
  k="$(awk -F'\t' -v l="$label" '$1==l && $2=="kafka" {print $3}' "$results")"
  s="$(awk -F'\t' -v l="$label" '$1==l && $2=="sluice" {print $3}' "$results")"
  ratio="$(awk -v s="$s" -v k="$k" -v l="$label" 'BEGIN {if (l !~ /^rounds/ && k+0 > 0 && s+0 > 0) printf "%.2f", s / k; else print "-"}')"
  printf '| %-34s | %12s | %12s | %12s |\n' "$label" "$k" "$s" "$ratio"
done
echo
echo "Every figure: $results; client errors: $tool_log"
