#!/usr/bin/env bash
# Chaos: a swarm (1 seeder, LEECHERS leechers, SIZE_MIB) on 127.0.0.1 in which random
# players are killed (SIGKILL) and restarted with their ids, and the hub is killed and
# restarted, for SECONDS. Then the chaos stops and every player must finish: each file is
# compared with the original, each player's downloads are checked against the stuff's size
# plus what can be in flight at each kill, and thread and file-descriptor counts are shown.
# Exit 0 only if every check passes.
# Usage: scripts/chaos.sh [SECONDS] [SIZE_MIB] [LEECHERS]   (defaults: 60 64 5)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/netd.sh"
netd_init
source "$(dirname "${BASH_SOURCE[0]}")/lib/swarm.sh"
SECONDS_OF_CHAOS=${1:-60}
SIZE_MIB=${2:-64}
LEECHERS=${3:-5}
case "$SECONDS_OF_CHAOS$SIZE_MIB$LEECHERS" in
    *[!0-9]*) netd_fail "usage: chaos.sh [SECONDS] [SIZE_MIB] [LEECHERS], whole numbers" ;;
esac
# What a player can lose at a kill: books requested or verified but not yet written. The
# player downloads from at most --max-downloads uploaders with --pipeline requests each.
MAX_DOWNLOADS=4 PIPELINE=8 BOOK=16384
IN_FLIGHT=$((MAX_DOWNLOADS * PIPELINE * BOOK))
echo "netd chaos: $SECONDS_OF_CHAOS s of kills in a swarm of 1 seeder + $LEECHERS leechers sharing $SIZE_MIB MiB (in $SWARM_DIR)"
swarm_prepare "$SIZE_MIB"
start_hub() {
    (netd_exec hub --port "$port" --bind 127.0.0.1 --interval 2 --min-interval 1) >> hub.log 2>&1 &
    hub_pid=$!
}
start_hub

# Player n (0 = the seeder) runs as id ids[n]; its runs' logs and status files are numbered.
ids=() pids=() runs=() kills=()
ids[0]=-ND0100-c4a050000000
mkdir -p "players/${ids[0]}" && ln stuff.bin "players/${ids[0]}/stuff.bin"
for n in $(seq "$LEECHERS"); do
    ids[n]=$(printf -- "-ND0100-c4a05%07d" "$n")
    mkdir -p "players/${ids[n]}"
done
start_player() {
    local n=$1
    runs[n]=$(( ${runs[n]:-0} + 1 ))
    (netd_exec player players stuff.libr "${ids[n]}" --bind 127.0.0.1 \
        --max-downloads "$MAX_DOWNLOADS" --pipeline "$PIPELINE" --status-file "p$n.run${runs[n]}.json" \
        > "p$n.run${runs[n]}.log" 2>&1) &
    pids[n]=$!
}
for n in $(seq 0 "$LEECHERS"); do start_player "$n"; kills[n]=0; done

# The chaos: every 1-3 s kill a random player (or the hub) and bring it back a moment later.
hub_kills=0
end=$((SECONDS + SECONDS_OF_CHAOS))
while [ $SECONDS -lt $end ]; do
    sleep "$((1 + RANDOM % 3))"
    victim=$((RANDOM % (LEECHERS + 2)))
    if [ "$victim" -gt "$LEECHERS" ]; then
        kill -KILL "$hub_pid" 2>/dev/null || true; wait "$hub_pid" 2>/dev/null || true
        hub_kills=$((hub_kills + 1))
        sleep 0.5; start_hub
    else
        kill -KILL "${pids[victim]}" 2>/dev/null || true; wait "${pids[victim]}" 2>/dev/null || true
        kills[victim]=$(( ${kills[victim]} + 1 ))
        sleep 0.3; start_player "$victim"
    fi
done
echo "chaos over: $hub_kills hub kills, player kills: ${kills[*]}"

# Calm: every leecher must now finish.
deadline=$((SECONDS + 120 + SIZE_MIB))
for n in $(seq "$LEECHERS"); do
    until [ "$(swarm_status "p$n.run${runs[n]}.json" complete)" = true ]; do
        [ $SECONDS -lt $deadline ] || { echo "player $n did not finish after the chaos" >&2; tail -n 5 "p$n.run${runs[n]}.log" >&2; exit 1; }
        sleep 0.5
    done
done

status=0
size=$((SIZE_MIB * 1024 * 1024))
echo "player  runs kills  downloaded(all runs)  allowed      threads  fds  file"
for n in $(seq 0 "$LEECHERS"); do
    downloaded=0
    for run in $(seq "${runs[n]}"); do
        # A run killed in its first second wrote no status: it downloaded too little to show.
        run_downloaded=$(swarm_status "p$n.run$run.json" downloaded_bytes)
        downloaded=$((downloaded + ${run_downloaded:-0}))
    done
    allowed=$(( n == 0 ? 0 : size + ${kills[n]} * IN_FLIGHT ))
    threads=$(awk '/^Threads:/ {print $2}' "/proc/${pids[n]}/status")
    fds=$(ls "/proc/${pids[n]}/fd" | wc -l)
    if cmp -s stuff.bin "players/${ids[n]}/stuff.bin"; then file=identical; else file=DIFFERS; status=1; fi
    [ "$downloaded" -le "$allowed" ] || { file="$file, DOWNLOADED TOO MUCH"; status=1; }
    printf "%-7s %4s %5s  %20s  %-11s %7s %4s  %s\n" "$n" "${runs[n]}" "${kills[n]}" "$downloaded" "$allowed" "$threads" "$fds" "$file"
done
kill -TERM "${pids[@]}" "$hub_pid" 2>/dev/null
wait 2>/dev/null || true
[ "$status" -eq 0 ] && echo "chaos: every player holds the identical file" || echo "chaos: FAILED" >&2
exit "$status"
