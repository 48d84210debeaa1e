#!/usr/bin/env bash
# Benchmark: one seeder -> one leecher across a network with a long round trip, made on
# 127.0.0.1 by a delay line (netd.bench.DelayLine) that holds every byte ROUND_TRIP_MS/2
# each way, with no bandwidth limit. The seeder listens behind the line and tells the hub the
# line's port (--announce-port), so the leecher reaches it only through the line. Prints the
# time until the leecher holds an identical file, MiB/s, and the ratio against what a round
# trip allows with 128 books (16 KiB) in flight, the most a player asks of one uploader
# (Downloading.MAX_DEPTH).
# Usage: scripts/bench-latency.sh [SIZE_MIB] [ROUND_TRIP_MS]   (defaults: 128 50)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/netd.sh"
netd_init
source "$(dirname "${BASH_SOURCE[0]}")/lib/swarm.sh"
SIZE_MIB=${1:-128}
ROUND_TRIP_MS=${2:-50}
[[ "$ROUND_TRIP_MS" =~ ^[0-9]+$ ]] && [ $((ROUND_TRIP_MS % 2)) -eq 0 ] && [ "$ROUND_TRIP_MS" -gt 0 ] \
    || netd_fail "ROUND_TRIP_MS must be an even number of milliseconds above 0 (half of it each way), not '$ROUND_TRIP_MS'"
echo "netd latency benchmark: $SIZE_MIB MiB, 1 seeder -> 1 leecher, 16 KiB books, ${ROUND_TRIP_MS} ms round trip on 127.0.0.1"
swarm_prepare "$SIZE_MIB"
swarm_record_player_cache
swarm_start_hub

seed_port=$(swarm_free_port)
line_port=$(swarm_free_port)
while [ "$line_port" = "$seed_port" ]; do line_port=$(swarm_free_port); done
netd_ensure_jar bench
# The delay line (bench.jar) runs on the libraries player.jar holds.
"$NETD_JAVA" -cp "$(netd_jar bench):$(netd_jar player)" netd.bench.DelayLine --port "$line_port" --to "$seed_port" \
    --delay-ms $((ROUND_TRIP_MS / 2)) > line.log 2>&1 &
swarm_await_line line.log listening 30
swarm_start_seeder seed -ND0100-000000000001 --port "$seed_port" --announce-port "$line_port"

start=$(swarm_now)
(netd_exec player leech stuff.libr None --bind 127.0.0.1 --exit-when-done > leecher.log 2>&1) \
    || { tail -n 20 leecher.log >&2; netd_fail "the leecher failed"; }
seconds=$(swarm_elapsed "$(swarm_now)" "$start")

grep -q "connected to .*:$line_port to download" leecher.log || netd_fail "the leecher did not download through the delay line"
id=$(sed -n 's/^player id: //p' leecher.log)
cmp -s stuff.bin "leech/$id/stuff.bin" || netd_fail "the leecher's file differs from the original"
echo "the leecher's file is identical to the original"

awk -v size="$SIZE_MIB" -v secs="$seconds" -v rtt="$ROUND_TRIP_MS" 'BEGIN {
    bound = 128 * 16 / 1024 / (rtt / 1000)
    printf "time: %.2f s (start-up included)\n", secs
    printf "speed: %.1f MiB/s\n", size / secs
    printf "128 books in flight per round trip allow: %.1f MiB/s\n", bound
    printf "ratio: %.2f (speed / that bound)\n", size / secs / bound
}'
