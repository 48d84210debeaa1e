#!/usr/bin/env bash
# netd's main job on this one machine: a hub, a seeder and LEECHERS leechers on 127.0.0.1
# share SIZE_MIB of random bytes; live progress, then every leecher's file is compared byte
# for byte with the original. Exit 0 only if every file is identical. Ctrl-C stops everything.
# With --web, every player serves its web page: their addresses are printed, and the swarm
# stays up after the check until Ctrl-C, so a person can watch and look around.
# Usage: scripts/demo.sh [--web] [SIZE_MIB] [LEECHERS]   (defaults: 256 3)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/netd.sh"
netd_init
source "$(dirname "${BASH_SOURCE[0]}")/lib/swarm.sh"
WEB=false
if [ "${1:-}" = --web ]; then
    WEB=true
    shift
fi
SIZE_MIB=${1:-256}
LEECHERS=${2:-3}
case "$SIZE_MIB$LEECHERS" in
    *[!0-9]*) netd_fail "usage: demo.sh [--web] [SIZE_MIB] [LEECHERS], both whole numbers (got '$SIZE_MIB' '$LEECHERS')" ;;
esac
# Each program's page on a free port of 127.0.0.1, which it prints ('web page: URL' for a
# player, 'its page: URL' for the hub).
web_options=()
$WEB && web_options=(--http-port 0)
[ "$SIZE_MIB" -ge 1 ] && [ "$LEECHERS" -ge 1 ] || netd_fail "SIZE_MIB and LEECHERS must be at least 1"
echo "netd demo: a hub, 1 seeder and $LEECHERS leecher(s) share $SIZE_MIB MiB on 127.0.0.1 (in $SWARM_DIR)"
swarm_prepare "$SIZE_MIB"
echo "library: stuff.libr (hub 127.0.0.1/$port, 16 KiB books)"
swarm_start_hub "${web_options[@]}"

seeder_id=-ND0100-5eede7000001
swarm_start_seeder players "$seeder_id" --status-file seeder.json "${web_options[@]}"
seeder_pid=$!

start=$(swarm_now)
pids=()
for i in $(seq "$LEECHERS"); do
    (netd_exec player players stuff.libr None --bind 127.0.0.1 --status-file "leecher$i.json" \
        "${web_options[@]}" > "leecher$i.log" 2>&1) &
    pids+=($!)
done
if $WEB; then
    echo "web pages (open them now to watch the download):"
    swarm_await_line hub.log 'its page: ' 30
    printf "  %-10s %s\n" hub "$(sed -n 's/.*its page: //p' hub.log)"
    for name in seeder $(seq -f 'leecher%g' "$LEECHERS"); do
        swarm_await_line "$name.log" '^web page: ' 60
        printf "  %-10s %s\n" "$name" "$(sed -n 's/^web page: //p' "$name.log")"
    done
fi

# Live progress until every leecher holds every book (or a generous time has passed).
deadline=$((SECONDS + 120 + SIZE_MIB))
while true; do
    line="" done=0
    for i in $(seq "$LEECHERS"); do
        percent=$(swarm_status "leecher$i.json" percent)
        [ "$(swarm_status "leecher$i.json" complete)" = true ] && done=$((done + 1))
        line+=$(printf "  leecher %d: %5s%%" "$i" "${percent:-0.0}")
    done
    # On a terminal the line is redrawn in place; elsewhere (a log, CI) it is printed every 5 s.
    if [ -t 1 ]; then
        printf "\r%s" "$line"
    elif [ $((SECONDS - ${last_print:=0})) -ge 5 ]; then
        echo "$line"
        last_print=$SECONDS
    fi
    [ "$done" -eq "$LEECHERS" ] && break
    if [ $SECONDS -ge $deadline ]; then
        echo; echo "netd demo: the leechers did not finish in time; see the logs in $SWARM_DIR" >&2
        exit 1
    fi
    for pid in "$seeder_pid" "${pids[@]}"; do
        kill -0 "$pid" 2>/dev/null || { echo; echo "netd demo: a player stopped unexpectedly:" >&2; tail -n 5 ./*.log >&2; exit 1; }
    done
    sleep 0.5
done
seconds=$(swarm_elapsed "$(swarm_now)" "$start")
[ -t 1 ] && echo
echo "$line"

# Stop every player gracefully, so each writes its final figures (with --web, after Ctrl-C).
if ! $WEB; then
    kill -TERM "$seeder_pid" "${pids[@]}"
    wait "$seeder_pid" "${pids[@]}" || true
fi

identical=0
for i in $(seq "$LEECHERS"); do
    id=$(sed -n 's/^player id: //p' "leecher$i.log")
    if cmp -s stuff.bin "players/$id/stuff.bin"; then
        identical=$((identical + 1))
    else
        echo "leecher $i ($id): its file DIFFERS from the original" >&2
    fi
done

echo "summary:"
awk -v size="$SIZE_MIB" -v n="$LEECHERS" -v t="$seconds" 'BEGIN {
    printf "  time: %.2f s until every leecher held the whole, verified file\n", t
    printf "  speed: %.1f MiB/s per leecher, %.1f MiB/s delivered in all\n", size / t, size * n / t }'
printf "  seeder uploaded %s bytes\n" "$(swarm_status seeder.json uploaded_bytes)"
for i in $(seq "$LEECHERS"); do
    printf "  leecher %d uploaded %s bytes, downloaded %s bytes\n" "$i" \
        "$(swarm_status "leecher$i.json" uploaded_bytes)" "$(swarm_status "leecher$i.json" downloaded_bytes)"
done
echo "  identical files: $identical of $LEECHERS"
if $WEB; then
    echo "the swarm stays up for its web pages (hub $(sed -n 's/.*its page: //p' hub.log)); Ctrl-C stops it"
    wait "$seeder_pid"
fi
[ "$identical" -eq "$LEECHERS" ]
