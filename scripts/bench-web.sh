#!/usr/bin/env bash
# Benchmark: how fast a player's web page stays with many books and peers. A seeder with
# --max-upload-rate feeds a leecher of SIZE_MIB (16 KiB books: 1563 MiB is 100,032 books) for
# long enough that its book map changes every second; PEERS downloaders connect to the
# leecher (netd.bench.web.PageBench) while a headless Chromium shows its page. Prints the
# page's /api/status fetches (size, median and longest time) and Chromium's long tasks (50 ms
# or more: what a person notices) after the first drawing.
# Usage: scripts/bench-web.sh [SIZE_MIB] [PEERS] [SECONDS]   (defaults: 1563 50 20)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/netd.sh"
netd_init
source "$(dirname "${BASH_SOURCE[0]}")/lib/swarm.sh"
SIZE_MIB=${1:-1563}
PEERS=${2:-50}
SECONDS_WATCHED=${3:-20}
case "$SIZE_MIB$PEERS$SECONDS_WATCHED" in
    *[!0-9]*) netd_fail "usage: bench-web.sh [SIZE_MIB] [PEERS] [SECONDS], whole numbers" ;;
esac
[ -x /usr/bin/chromium ] || netd_fail "bench-web.sh needs Chromium (/usr/bin/chromium; scripts/test-deps.sh installs it)"
echo "netd web page benchmark: $SIZE_MIB MiB in 16 KiB books, $PEERS peers, watched for $SECONDS_WATCHED s"
swarm_prepare "$SIZE_MIB"
swarm_start_hub
# Slow enough that the leecher is still downloading while the page is watched.
rate_kib=$((SIZE_MIB * 1024 / (SECONDS_WATCHED + 30)))
swarm_start_seeder seed -ND0100-000000000001 --max-upload-rate "$rate_kib"
(netd_exec player leech stuff.libr None --bind 127.0.0.1 --http-port 0 --max-connections $((PEERS + 10)) \
    > leecher.log 2>&1) &
swarm_await_line leecher.log '^web page: ' 60
swarm_await_line leecher.log 'listening on port' 60
page=$(sed -n 's/^web page: //p' leecher.log)
peer_port=$(sed -n 's/.*listening on port \([0-9]*\).*/\1/p' leecher.log)
netd_ensure_jar bench
# PageBench (bench.jar) runs on the libraries player.jar holds.
"$NETD_JAVA" -cp "$(netd_jar bench):$(netd_jar player)" netd.bench.web.PageBench --page "$page" \
    --peer-port "$peer_port" --library stuff.libr --peers "$PEERS" --seconds "$SECONDS_WATCHED"
