#!/usr/bin/env bash
# Faults across the lab (scripts/netlab.sh): a swarm of a hub (host 1), a seeder (host 2) and
# 3 leechers (hosts 3-5), every player through its launcher, and one fault mid-download:
#   link-down  leecher 1's link goes down for 20 s, then up: it resumes and finishes.
#   hub-down   the hub's host is unreachable for 30 s: the players go on swapping books
#              meanwhile, and each announces again once the hub is back.
#   kill       leecher 1's host has its processes killed; the others finish; restarted with
#              its id, it finishes without downloading again a book it had verified (its
#              status file's figures, before and after).
# Every case ends with every leecher's file compared with the original and no player warned
# by the hub of an announce sooner than its min interval. Exits 0 only if every check passes;
# the lab is removed whatever happens. Needs root.
# Usage: scripts/netlab-faults.sh link-down|hub-down|kill [SIZE_MIB]   (default 4)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/netd.sh"
netd_init
CASE=${1:-}
SIZE_MIB=${2:-4}
case "$CASE" in
    link-down | hub-down | kill) ;;
    *) echo "netlab-faults: usage: netlab-faults.sh link-down|hub-down|kill [SIZE_MIB]" >&2; exit 2 ;;
esac
case "$SIZE_MIB" in '' | *[!0-9]* | 0) echo "netlab-faults: SIZE_MIB must be a whole number from 1" >&2; exit 2 ;; esac
source "$(dirname "${BASH_SOURCE[0]}")/lib/netlab.sh"
LEECHERS=3 BOOK=16384
BOOKS=$((SIZE_MIB * 1024 * 1024 / BOOK))
# Uplinks slow enough that the fault comes mid-download: the seeder's alone takes F / u, 34 s
# for 4 MiB at 1 Mbit/s, longer than the hub is away.
UPLINK=$([ "$CASE" = hub-down ] && echo 1 || echo 2)
echo "netd lab fault '$CASE': hub, seeder and $LEECHERS leechers on their own hosts, $SIZE_MIB MiB, uplinks $UPLINK Mbit/s"
netlab_prepare $((LEECHERS + 2)) "$SIZE_MIB" --uplink "$UPLINK"
netlab_start_hub
hub=$!
netlab_start_seeder 2 --status-file seed.json
seeder=$!
swarm_await_line seed.log "hub: " 60

ids=() pids=()
start_leecher() {
    local n=$1 run=$2
    netlab_start_player $((n + 2)) "leech$n" "${ids[n]}" --status-file "leech$n.run$run.json"
    pids[n]=$!
}
for n in $(seq "$LEECHERS"); do
    ids[n]=$(printf -- "-ND0100-1ab0000000%02d" "$n")
    mkdir -p "leech$n/${ids[n]}"
    start_leecher "$n" 1
done

held() {
    local books
    books=$(swarm_status "$1" books_held)
    echo "${books:-0}"
}
# Waits up to $3 s until status file $1 shows at least $2 books held.
await_held() {
    local deadline=$((SECONDS + $3))
    until [ "$(held "$1")" -ge "$2" ]; do
        [ $SECONDS -lt $deadline ] || { echo "$1 did not reach $2 books in $3 s (it has $(held "$1"))" >&2; exit 1; }
        sleep 0.2
    done
}
total_held() {
    local n sum=0
    for n in $(seq "$LEECHERS"); do sum=$((sum + $(held "leech$n.run${runs[n]:-1}.json"))); done
    echo "$sum"
}
# The answers with a list of players that leecher $1 has had from the hub (a refusal is none).
hub_answers() {
    local answers
    answers=$(swarm_status "leech$1.run1.json" hub_answers)
    echo "${answers:-0}"
}
host_link() {
    "$NETLAB" exec "$1" ip link set eth0 "$2"
}

runs=()
case "$CASE" in
    link-down)
        await_held leech1.run1.json $((BOOKS / 10)) 120
        echo "leecher 1 holds $(held leech1.run1.json) of $BOOKS books: its link goes down for 20 s"
        host_link 3 down
        sleep 20
        host_link 3 up
        back=$(swarm_now)
        before=$(held leech1.run1.json)
        echo "leecher 1's link is up again, holding $before books"
        # It resumes when its status file (written every second) shows a book more.
        until [ "$(held leech1.run1.json)" -gt "$before" ]; do
            netlab_check_running "${pids[1]}" leech1
            [ "$(swarm_elapsed "$(swarm_now)" "$back" | cut -d. -f1)" -lt 60 ] || { echo "leecher 1 got no book within 60 s of its link's return" >&2; exit 1; }
            sleep 0.1
        done
        resumed=$(swarm_elapsed "$(swarm_now)" "$back")
        echo "leecher 1 resumed $resumed s after its link came back"
        ;;
    hub-down)
        # Once every leecher has books (they have found each other), the hub goes away.
        for n in $(seq "$LEECHERS"); do await_held "leech$n.run1.json" 1 120; done
        before=$(total_held)
        echo "the leechers hold $before books together: the hub's host goes down for 30 s"
        host_link 1 down
        sleep 30
        # Counted once the hub has been away long enough for every answer before to be in the status files.
        for n in $(seq "$LEECHERS"); do answers[n]=$(hub_answers "$n"); done
        during=$(total_held)
        host_link 1 up
        back=$SECONDS
        echo "the hub is back; the leechers hold $during books together"
        [ "$during" -gt "$before" ] || { echo "no book was swapped while the hub was away" >&2; exit 1; }
        deadline=$((SECONDS + 90))
        for n in $(seq "$LEECHERS"); do
            until [ "$(hub_answers "$n")" -gt "${answers[n]}" ]; do
                [ $SECONDS -lt $deadline ] || { echo "leecher $n was not answered by the hub within 90 s of its return" >&2; tail -n 20 "leech$n.log" >&2; exit 1; }
                netlab_check_running "$hub" hub
                netlab_check_running "${pids[n]}" "leech$n"
                sleep 0.2
            done
        done
        echo "every leecher announced again and was answered, the last $((SECONDS - back)) s after the hub's return"
        ;;
    kill)
        await_held leech1.run1.json $((BOOKS / 4)) 120
        ip netns pids netd-h3 | xargs -r kill -KILL
        wait "${pids[1]}" 2>/dev/null || true
        verified=$(held leech1.run1.json)
        echo "leecher 1's host has its processes killed, holding $verified verified books by its status file"
        for n in $(seq 2 "$LEECHERS"); do
            until [ "$(swarm_status "leech$n.run1.json" complete)" = true ]; do
                netlab_check_running "${pids[n]}" "leech$n"
                sleep 0.2
            done
        done
        echo "the other leechers finished; leecher 1 starts again with its id"
        runs[1]=2
        start_leecher 1 2
        ;;
esac

deadline=$((SECONDS + 180))
done_at=()
left=$LEECHERS
while [ "$left" -gt 0 ]; do
    [ $SECONDS -lt $deadline ] || { echo "a leecher did not finish in 180 s" >&2; tail -n 20 leech*.log >&2; exit 1; }
    for n in $(seq "$LEECHERS"); do
        [ -z "${done_at[n]:-}" ] || continue
        if [ "$(swarm_status "leech$n.run${runs[n]:-1}.json" complete)" = true ]; then
            done_at[n]=$(swarm_now)
            left=$((left - 1))
        else
            netlab_check_running "${pids[n]}" "leech$n"
        fi
    done
    sleep 0.2
done
netlab_check_running "$seeder" seed

status=0
if [ "$CASE" = link-down ]; then
    for n in $(seq "$LEECHERS"); do
        echo "leecher $n finished $(swarm_elapsed "${done_at[n]}" "$back") s after leecher 1's link came back"
    done
    # A generous bound (a test, not a benchmark): without dropping its stalled links and
    # redialling at once, it waited 5-16 s on TCP's and its dials' backoffs.
    if awk -v r="$resumed" 'BEGIN { exit !(r > 8) }'; then
        echo "leecher 1 resumed only $resumed s after its link came back (bound 8 s)" >&2
        status=1
    fi
fi

for n in $(seq "$LEECHERS"); do
    if cmp -s stuff.bin "leech$n/${ids[n]}/stuff.bin"; then
        echo "leecher $n: identical"
    else
        echo "leecher $n: its file DIFFERS from the original" >&2
        status=1
    fi
done
announces=$(cat seed.log leech*.log | grep -c "hub: " || true)
if grep -h "the hub warns" seed.log leech*.log >&2; then
    echo "a player announced sooner than the hub's min interval" >&2
    status=1
else
    echo "$announces announces answered, none warned by the hub as sooner than its min interval"
fi
if [ "$CASE" = kill ]; then
    # The restarted run downloads only the books the killed one had not verified (it counts each new book once).
    downloaded=$(swarm_status leech1.run2.json downloaded_bytes)
    allowed=$(( (BOOKS - verified) * BOOK ))
    echo "leecher 1's second run downloaded $downloaded bytes; the books it had not verified are $allowed bytes"
    [ "$downloaded" -le "$allowed" ] || { echo "leecher 1 downloaded again books it had verified" >&2; status=1; }
fi
[ "$status" -eq 0 ] && echo "netlab fault '$CASE': every leecher holds the identical file" || echo "netlab fault '$CASE': FAILED" >&2
exit "$status"
