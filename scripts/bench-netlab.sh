#!/usr/bin/env bash
# Benchmark: one seeder and LEECHERS leechers, each on its own host of the lab
# (scripts/netlab.sh) with its uplink shaped to UPLINK_MBIT, share SIZE_MIB of random bytes
# in 16 KiB books. The hub runs on host 1, the seeder on host 2, leecher n on host n + 2,
# every one through its launcher with its defaults. Prints each leecher's time from the
# leechers' launch (once the hub has answered the seeder; the launchers' and JVMs' start
# count, as they do for a user), the fluid bound T* of the swarm, the last leecher's time as a ratio to T*, what the
# seeder uploaded as copies of the stuff, and whether every file is identical; exits 0 only
# if they all are. Needs root.
# T* = max(F / u_seeder, F / d_min, N F / (u_seeder + sum of the leechers' u)): with every
# uplink u and no limit on the downlinks, F / u.
# NETLAB_LEECHERS_FIRST=S starts the leechers S seconds before the seeder (when no uploader
# exists yet) and times them from the seeder's start. NETLAB_LOGS=DIR keeps the logs there.
# NETLAB_RATES=1 also prints what each host sent, half a second a line (whether an uplink sat
# idle, and when).
# Usage: scripts/bench-netlab.sh [SIZE_MIB] [LEECHERS] [UPLINK_MBIT]   (defaults: 32 8 32)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/netd.sh"
netd_init
SIZE_MIB=${1:-32}
LEECHERS=${2:-8}
UPLINK=${3:-32}
FIRST=${NETLAB_LEECHERS_FIRST:-0}
case "$SIZE_MIB$LEECHERS$UPLINK$FIRST" in
    *[!0-9]*) echo "bench-netlab: usage: bench-netlab.sh [SIZE_MIB] [LEECHERS] [UPLINK_MBIT], whole numbers" >&2; exit 2 ;;
esac
[ "$SIZE_MIB" -ge 1 ] && [ "$LEECHERS" -ge 1 ] && [ "$LEECHERS" -le 248 ] && [ "$UPLINK" -ge 1 ] \
    || { echo "bench-netlab: SIZE_MIB and UPLINK_MBIT must be 1 or more, LEECHERS 1 to 248" >&2; exit 2; }
# 'wait -n -p' (below) came with bash 5.1.
[ "${BASH_VERSINFO[0]}" -gt 5 ] || { [ "${BASH_VERSINFO[0]}" -eq 5 ] && [ "${BASH_VERSINFO[1]}" -ge 1 ]; } \
    || { echo "bench-netlab: needs bash 5.1 or newer; this is bash $BASH_VERSION" >&2; exit 2; }
source "$(dirname "${BASH_SOURCE[0]}")/lib/netlab.sh"
echo "netd lab benchmark: $SIZE_MIB MiB, 1 seeder -> $LEECHERS leecher(s), 16 KiB books, uplinks $UPLINK Mbit/s, one host each"
netlab_prepare $((LEECHERS + 2)) "$SIZE_MIB" --uplink "$UPLINK"
netlab_start_hub
netlab_record_player_cache 2 3
if [ -n "${NETLAB_RATES:-}" ]; then
    netlab_sample_sent $((LEECHERS + 2)) sent.txt &
    sampler=$!
fi

start_leechers() {
    for i in $(seq "$LEECHERS"); do
        netlab_start_player $((i + 2)) "leech$i" None --exit-when-done
        pids[i]=$!
    done
}
pids=()
if [ "$FIRST" -gt 0 ]; then
    start_leechers
    sleep "$FIRST"
fi
netlab_start_seeder 2 --status-file seeder.json
seeder=$!
start=$(swarm_now)
if [ "$FIRST" -eq 0 ]; then
    # The seeder is in the swarm (the hub answered it) before the leechers start.
    swarm_await_line seed.log "hub: " 60
    start=$(swarm_now)
    start_leechers
fi

# Each leecher's time, taken the moment its process ends: 'wait -n' returns as it ends, and
# the shell's own clock costs no fork, where polling every 50 ms and forking 'date' on two
# cores busy with ten JVMs ending at once added 30-80 ms to the last leecher's time.
leecher_of=()
running=()
for i in $(seq "$LEECHERS"); do
    leecher_of[pids[i]]=$i
    running[pids[i]]=${pids[i]}
done
times=()
while [ "${#running[@]}" -gt 0 ]; do
    ended_pid=
    status=0
    wait -n -p ended_pid "$seeder" "${running[@]}" || status=$?
    ended=${EPOCHREALTIME/,/.}
    [ -n "$ended_pid" ] || { echo "bench-netlab: no player left to wait for" >&2; exit 1; }
    [ "$ended_pid" != "$seeder" ] || { echo "seed ended early:" >&2; tail -n 20 seed.log >&2; exit 1; }
    i=${leecher_of[ended_pid]}
    unset "running[ended_pid]"
    [ "$status" -eq 0 ] || { echo "leecher $i failed:" >&2; tail -n 20 "leech$i.log" >&2; exit 1; }
    times[i]=$(swarm_elapsed "$ended" "$start")
    echo "leecher $i (host $((i + 2))) done after ${times[i]} s"
done

# The seeder's final figures are in its status file once it has stopped.
kill -TERM "$seeder"
wait "$seeder" || true
uploaded=$(swarm_status seeder.json uploaded_bytes)
identical=0
for i in $(seq "$LEECHERS"); do
    id=$(netlab_player_id "leech$i.log")
    if cmp -s stuff.bin "leech$i/$id/stuff.bin"; then
        identical=$((identical + 1))
    else
        echo "leecher $i's file differs from the original" >&2
    fi
done

last=$(printf '%s\n' "${times[@]}" | sort -g | tail -n 1)

if [ -n "${NETLAB_RATES:-}" ]; then
    kill "$sampler"
    wait "$sampler" 2>/dev/null || true
    echo "what each host sent (Mbit/s, TCP payload and headers) over each half second to the time from the start: the seeder, then leecher 1 to $LEECHERS"
    netlab_print_sent sent.txt "$start"
fi

# Where the last leecher's time went, by its log's clock (this machine's), from the start:
# when its JVM listened, when its first download link opened, when it held every book (the
# transfer, from the first link, as a ratio to T*), when its process ended. Over tbf a
# 1514-byte frame carries 1448 bytes of TCP payload, so the transfer's best is about 1.046 x T*.
log_at() {
    local clock
    clock=$(grep -m1 -E "^[0-9:.]+ .*$2" "$1" | cut -d' ' -f1)
    if [ -n "$clock" ]; then date -d "$clock" +%s.%N; else echo "$start"; fi
}
for i in $(seq "$LEECHERS"); do
    [ "${times[i]}" = "$last" ] && slowest=$i
done
listening=$(log_at "leech$slowest.log" "listening on port")
linked=$(log_at "leech$slowest.log" "PlayerCore - connected to .* to download$")
held=$(log_at "leech$slowest.log" "complete: all")
awk -v start="$start" -v listening="$listening" -v linked="$linked" -v held="$held" -v last="$last" -v size="$SIZE_MIB" \
    -v u="$UPLINK" -v n="$LEECHERS" 'BEGIN {
    bytes = size * 1048576
    tstar = bytes * 8 / (u * 1e6)
    bound = n * bytes * 8 / ((1 + n) * u * 1e6)
    if (bound > tstar) tstar = bound
    printf "the last leecher, from the start: listening at %.2f s, first download link at %.2f s, every book held at %.2f s (transfer %.2f s = %.3f x T*), ended at %.2f s\n", \
        listening - start, linked - start, held - start, held - linked, (held - linked) / tstar, last
}'
# The seeder's first copy: how long it took, and whether any book went out twice before every
# book went out once (InitialSeeding's aim); the copies beyond went to leechers still lacking
# books after it.
# Its first downloader's link, from the start, is where the swarm's transfer can begin.
first_copy=$(sed -n 's/.*initial seeding: every book sent once, //p' seed.log | head -n 1)
seeder_linked=$(log_at seed.log "Uploading - .* connected to download$")
echo "the seeder's first downloader linked at $(swarm_elapsed "$seeder_linked" "$start") s;" \
    "its first copy: ${first_copy:-not complete (some book never went out)}"
awk -v size="$SIZE_MIB" -v n="$LEECHERS" -v u="$UPLINK" -v last="$last" -v uploaded="${uploaded:-0}" \
    -v identical="$identical" 'BEGIN {
    bytes = size * 1048576
    tstar = bytes * 8 / (u * 1e6)
    bound = n * bytes * 8 / ((1 + n) * u * 1e6)
    if (bound > tstar) tstar = bound
    printf "netlab: 1 -> %d, %d MiB, %d Mbit/s: last leecher %.1f s, T* %.1f s, ratio %.2f, seeder copies %.2f, identical %d of %d\n", \
        n, size, u, last, tstar, last / tstar, uploaded / bytes, identical, n
}'
[ "$identical" -eq "$LEECHERS" ]
