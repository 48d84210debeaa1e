#!/usr/bin/env bash
# Simulates a swarm: N players, each running the player's own connection manager, on a
# simulated network with a virtual clock (the sim module). The same --seed gives the same
# output line for line. Prints progress every 10 simulated seconds and ends with:
#   sim: N players, F MiB: p50 A s, p90 B s, max C s, T* D s, ratio R, seeder copies S, wasted W MiB, complete K of N
# Usage: scripts/simulate.sh --players N [--seeders S] [--size MIB] [--book-size BYTES]
#          [--uplink MBIT | --uplinks MBIT:SHARE,...] [--downlink MBIT] [--latency MS]
#          [--arrival flash | poisson:PER_S] [--seeder-leaves-after COPIES] [--leave-rate SHARE]
#          [--free-riders N] [--no-hash] [--seed N] [--csv FILE] [--plot FILE.svg]   (--help for all)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/netd.sh"

sim_jar="$NETD_ROOT/sim/target/sim-0.1.0.jar"
if [ ! -f "$sim_jar" ] || [ -n "$(find "$NETD_ROOT/pom.xml" "$NETD_ROOT/common/src/main" "$NETD_ROOT/player/src/main" \
    "$NETD_ROOT/hub/src/main" "$NETD_ROOT/sim/pom.xml" "$NETD_ROOT/sim/src/main" -newer "$sim_jar" -print -quit 2>/dev/null)" ]; then
    netd_require_maven
    echo "netd: building the simulator and the jars it runs (sources changed or jar missing)..." >&2
    (cd "$NETD_ROOT" && mvn -B -q -DskipTests package -pl sim -am) >&2 \
        || netd_fail "building the simulator failed; run 'mvn -B package -pl sim -am' in $NETD_ROOT to see why."
fi
# The simulator first: its logging configuration (errors only) is the one found.
exec "$NETD_JAVA" -XX:+UseParallelGC -cp "$sim_jar:$NETD_ROOT/player/target/player.jar:$NETD_ROOT/hub/target/hub.jar" \
    netd.sim.SimulateMain "$@"
