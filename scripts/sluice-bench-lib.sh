# Sourced by the benchmark scripts (sluice-*-bench.sh), not run on its own: free loopback ports, and a
# Sluice broker with a ZooKeeper of its own under a benchmark's scratch directory. The broker runs from
# conf/server.properties; its output goes to $SLUICE_LOG_DIR/server.out, which the caller sets.

bench_free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

# bench_start_sluice DIR PORT ZK_PORT HEAP [--override key=value ...]
# Starts ZooKeeper (data in DIR/sluice-zookeeper) and broker 0 on 127.0.0.1:PORT (logs in
# DIR/sluice-logs), and waits until the broker says it started; exits the script if it does not.
bench_start_sluice() {
  local dir="$1" port="$2" zk_port="$3" heap="$4"; shift 4
  local scripts; scripts="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
  cat > "$dir/sluice-zookeeper.properties" <<PROPS
dataDir=$dir/sluice-zookeeper
clientPort=$zk_port
clientPortAddress=127.0.0.1
admin.enableServer=false
PROPS
  "$scripts/zookeeper-server-start.sh" -daemon "$dir/sluice-zookeeper.properties" >/dev/null
  for _ in $(seq 1 100); do (: >/dev/tcp/127.0.0.1/"$zk_port") 2>/dev/null && break; sleep 0.2; done
  SLUICE_HEAP_OPTS="$heap" "$scripts/sluice-server-start.sh" -daemon "$scripts/../conf/server.properties" \
    --override "listeners=PLAINTEXT://127.0.0.1:$port" \
    --override "zookeeper.connect=127.0.0.1:$zk_port" \
    --override "log.dirs=$dir/sluice-logs" "$@" >/dev/null
  local out="$SLUICE_LOG_DIR/server.out"
  for _ in $(seq 1 150); do grep -q "Sluice broker 0 started" "$out" 2>/dev/null && break; sleep 0.2; done
  grep -q "Sluice broker 0 started" "$out" || { echo "Sluice did not start; see $out" >&2; exit 1; }
}

# bench_stop_sluice DIR: stops what bench_start_sluice started and drops the broker's data.
bench_stop_sluice() {
  local dir="$1" scripts; scripts="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
  "$scripts/sluice-server-stop.sh" >/dev/null 2>&1 || true
  "$scripts/zookeeper-server-stop.sh" "$dir/sluice-zookeeper.properties" >/dev/null 2>&1 || true
  rm -rf "$dir/sluice-logs"
}
