#!/usr/bin/env bash
# Benchmark: one seeder and LEECHERS leechers on 127.0.0.1 share SIZE_MIB of random bytes.
# Prints the time until every leecher holds an identical file, MiB/s, the ratio against
# 'cp' + 'sha1sum' of the same file (the cost of moving and checking the bytes locally), and
# the CPU the players used meanwhile: how many of the machine's cores they kept busy shows
# whether the swarm was held back by the processors or by waiting.
# Usage: scripts/bench-swarm.sh [SIZE_MIB] [LEECHERS]   (defaults: 512 1)
# BENCH_SEEDER_OPTS and BENCH_LEECHER_OPTS add player options to the seeder and the leechers,
# BENCH_HUB_OPTS hub options. BENCH_SEEDER_OPTS="--max-upload-rate 153600" gives the swarm a
# seeder that uploads 150 MiB/s, as a seeder on a slower link would: the leechers must trade
# books to go faster. The first leecher learns of the others at its second announce, which
# the hub allows after its min interval (5 s): BENCH_HUB_OPTS="--min-interval 1" sooner.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/netd.sh"
netd_init
source "$(dirname "${BASH_SOURCE[0]}")/lib/swarm.sh"
SIZE_MIB=${1:-512}
LEECHERS=${2:-1}
BOOK_SIZE=${BENCH_BOOK_SIZE:-0x4000}
echo "netd swarm benchmark: $SIZE_MIB MiB$([ "${BENCH_SPARSE:-0}" = 1 ] && echo " (sparse zeros)"), 1 seeder -> $LEECHERS leecher(s), book size $BOOK_SIZE, 127.0.0.1"
swarm_prepare "$SIZE_MIB" "$BOOK_SIZE" "${BENCH_SPARSE:-0}"
echo "library: $(grep -aq '4:netdi1e' stuff.libr && echo "a netd library" || echo "an original library"), books of $(grep -ao '12:piece lengthi[0-9]*e' stuff.libr | tr -dc 0-9 | sed 's/^12//') bytes"

swarm_record_player_cache
# shellcheck disable=SC2086 # BENCH_HUB_OPTS is a list of options
swarm_start_hub ${BENCH_HUB_OPTS:-}
# shellcheck disable=SC2086 # BENCH_SEEDER_OPTS is a list of options
swarm_start_seeder seed -ND0100-000000000001 ${BENCH_SEEDER_OPTS:-}
seeder=$!

swarm_children_cpu leechers_cpu_before
seeder_cpu_before=$(swarm_process_cpu "$seeder")
start=$(swarm_now)
# shellcheck disable=SC2086 # BENCH_LEECHER_OPTS is a list of options
swarm_start_leechers stuff.libr "$LEECHERS" ${BENCH_LEECHER_OPTS:-}
swarm_await_leechers "$start"
swarm_seconds=$(swarm_elapsed "$(swarm_now)" "$start")
seeder_cpu=$(swarm_elapsed "$(swarm_process_cpu "$seeder")" "$seeder_cpu_before")
swarm_children_cpu leechers_cpu_after
leechers_cpu=$(swarm_elapsed "$leechers_cpu_after" "$leechers_cpu_before")

for i in $(seq "$LEECHERS"); do
    id=$(sed -n 's/^player id: //p' "leecher$i.log")
    cmp -s stuff.bin "leech$i/$id/stuff.bin" || { echo "leecher $i's file differs from the original" >&2; exit 1; }
done
echo "every leecher's file is identical to the original"

cp stuff.bin warm.bin && rm warm.bin
start=$(swarm_now)
cp stuff.bin copy.bin
sha1sum copy.bin > /dev/null
local_seconds=$(swarm_elapsed "$(swarm_now)" "$start")
rm copy.bin

awk -v size="$SIZE_MIB" -v n="$LEECHERS" -v swarm="$swarm_seconds" -v local="$local_seconds" \
    -v leechers_cpu="$leechers_cpu" -v seeder_cpu="$seeder_cpu" -v cores="$(nproc)" 'BEGIN {
    printf "swarm time: %.2f s (until the last leecher had the whole, verified file)\n", swarm
    printf "per leecher: %.1f MiB/s; all leechers together: %.1f MiB/s\n", size / swarm, size * n / swarm
    printf "cp + sha1sum: %.2f s (%.1f MiB/s)\n", local, size / local
    printf "ratio: %.2f (swarm time / cp + sha1sum time)\n", swarm / local
    printf "cpu: leechers %.2f s (%.2f each), seeder %.2f s; %.2f of %d cores busy on average\n", \
        leechers_cpu, leechers_cpu / n, seeder_cpu, (leechers_cpu + seeder_cpu) / swarm, cores
}'
