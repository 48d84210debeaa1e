#!/usr/bin/env bash
# Benchmark: a folder shared 1 seeder -> LEECHERS leechers on 127.0.0.1, as a netd library
# (docs/PROTOCOL-EXTENSIONS.md). The folder is built here: SMALL_FILES small files (0 to 64 KiB,
# every tenth one empty) spread over nested folders three deep, LARGE files of LARGE_MIB MiB
# each, and empty folders. Prints the librarifier's and the swarm's times and checks that every
# leecher's tree is identical to the original with 'diff -r' (empty files and folders included).
# Usage: scripts/bench-folder.sh [SMALL_FILES] [LARGE] [LARGE_MIB] [LEECHERS]   (defaults: 1000 3 64 3)
# BENCH_BOOK_SIZE is the librarifier's BOOK_SIZE (default auto).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/netd.sh"
netd_init
source "$(dirname "${BASH_SOURCE[0]}")/lib/swarm.sh"
SMALL=${1:-1000}
LARGE=${2:-3}
LARGE_MIB=${3:-64}
LEECHERS=${4:-3}
case "$SMALL$LARGE$LARGE_MIB$LEECHERS" in
    *[!0-9]*) netd_fail "usage: bench-folder.sh [SMALL_FILES] [LARGE] [LARGE_MIB] [LEECHERS], whole numbers" ;;
esac
for module in librarifier hub player; do netd_ensure_jar "$module"; done
cd "$SWARM_DIR"

mkdir -p share/folder
for i in $(seq "$SMALL"); do
    dir="share/folder/part$((i % 10))/group$((i % 7))/set$((i % 3))"
    mkdir -p "$dir"
    if [ $((i % 10)) = 0 ]; then
        : > "$dir/file$i.dat"
    else
        head -c $((RANDOM * 2)) /dev/urandom > "$dir/file$i.dat"
    fi
done
mkdir -p share/folder/large share/folder/empty share/folder/part1/nothing/here
for i in $(seq "$LARGE"); do swarm_random_file "share/folder/large/big$i.bin" "$LARGE_MIB"; done
files=$(find share/folder -type f | wc -l)
bytes=$(du -sb --apparent-size share/folder | cut -f1)
echo "netd folder benchmark: $files files ($((bytes / 1024 / 1024)) MiB) in nested folders, 1 seeder -> $LEECHERS leecher(s), 127.0.0.1"

port=$(swarm_free_port)
start=$(swarm_now)
(netd_exec librarifier "127.0.0.1/$port" share/folder "${BENCH_BOOK_SIZE:-auto}" folder.libr) \
    2> librarifier.log || { cat librarifier.log >&2; exit 1; }
echo "librarifier: $(swarm_elapsed "$(swarm_now)" "$start") s; $(sed -n 's/.*wrote folder.libr: //p' librarifier.log)"

swarm_start_hub --min-interval 1
(netd_exec player seed folder.libr None --bind 127.0.0.1 --stuff share/folder > seeder.log 2>&1) &
swarm_await_line seeder.log "hub: " 60

start=$(swarm_now)
swarm_start_leechers folder.libr "$LEECHERS"
swarm_await_leechers "$start"
swarm_seconds=$(swarm_elapsed "$(swarm_now)" "$start")
for i in $(seq "$LEECHERS"); do
    id=$(sed -n 's/^player id: //p' "leecher$i.log")
    diff -r share/folder "leech$i/$id/folder" > /dev/null || { echo "leecher $i's tree differs (diff -r)" >&2; exit 1; }
done
echo "every leecher's tree is identical to the original (diff -r)"
awk -v bytes="$bytes" -v n="$LEECHERS" -v swarm="$swarm_seconds" 'BEGIN {
    printf "swarm time: %.2f s; per leecher: %.1f MiB/s; all leechers together: %.1f MiB/s\n", \
        swarm, bytes / 1048576 / swarm, bytes * n / 1048576 / swarm
}'
