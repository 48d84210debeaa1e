#!/usr/bin/env bash
# The hub benchmark: starts a hub on 127.0.0.1 (through scripts/hub.sh, so with its JVM
# options), opens 10,000 persistent connections across 100 stuffs, announces from all of
# them at a fixed total rate (--rate N, default 50,000 a second) for a fixed time, then
# prints announces/s answered, p50 and p99 latency, the hub's CPU per announce and its peak
# RSS against the targets (>= 99% of the rate, p99 < 10 ms, <= 15 us, < 256 MiB), and stops
# the hub. Exit code 0 when every target is met.
# Arguments go to the load generator (netd.bench.hub.HubLoad in bench.jar), e.g.
# --rate 30000 --seconds 10 (see its --help).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/netd.sh"

# Ten thousand connections on each side need as many file descriptors.
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
netd_ensure_jar hub
netd_ensure_jar bench

port_open() {
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

port=18001
while port_open "$port"; do
    port=$((port + 1))
done

"$NETD_ROOT/scripts/hub.sh" --bind 127.0.0.1 --port "$port" --quiet &
hub_pid=$!
trap 'kill "$hub_pid" 2>/dev/null || true; wait "$hub_pid" 2>/dev/null || true' EXIT

for _ in $(seq 1 200); do
    port_open "$port" && break
    kill -0 "$hub_pid" 2>/dev/null || netd_fail "the hub did not start"
    sleep 0.1
done
port_open "$port" || netd_fail "the hub is not listening on 127.0.0.1:$port after 20 s"

echo "netd: hub pid $hub_pid on 127.0.0.1:$port, JVM options: ${NETD_JAVA_OPTS:-(hub.sh defaults)}"
# The load is bounded by its own --seconds; the timeout only guards against a hung run.
# The load (bench.jar) runs on the libraries hub.jar holds.
timeout 600 "$NETD_JAVA" -Xmx1g -cp "$(netd_jar bench):$(netd_jar hub)" netd.bench.hub.HubLoad --port "$port" \
    --hub-pid "$hub_pid" "$@"
