#!/usr/bin/env bash
# The hub benchmark: starts a hub on 127.0.0.1 (through scripts/hub.sh, so with its JVM
# options), opens 10,000 persistent connections across 100 stuffs, announces from all of
# them at a fixed total rate for a fixed time, then prints announces/s, p50 and p99 latency
# and the hub's peak RSS against the targets (>= 20,000/s, p99 < 50 ms, < 512 MiB), and
# stops the hub. Exit code 0 when every target is met.
# Arguments go to the load generator, e.g. --seconds 10 --rate 30000 (see --help).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/netd.sh"

# Ten thousand connections on each side need as many file descriptors.
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
netd_ensure_jar hub
jar="$NETD_ROOT/hub/target/hub.jar"

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
timeout 600 "$NETD_JAVA" -Xmx1g -cp "$jar" netd.hub.bench.HubLoad --port "$port" --hub-pid "$hub_pid" "$@"
