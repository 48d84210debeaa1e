#!/usr/bin/env bash
# Benchmark: what a player's start costs, through scripts/player.sh as users run it, on
# 127.0.0.1: from the launcher's start until the player listens (the launcher, the JVM, class
# loading, logging and command-line set-up, opening its stuff) and until the hub's first answer
# (its first announce). ROUNDS rounds of one player alone, then ROUNDS rounds of PLAYERS new
# players started at once, each a leecher of a 1 MiB stuff that nobody seeds, against a hub
# started before. Prints, per round, the players' median and last time to listen and to the
# hub's answer, and the CPU (user + system, launcher and JVM) each took by the time it
# listened: on a loaded machine the wall times vary with the load, the CPU much less.
# Players start from their start-up cache (as the lab's and the swarm's benchmarks do, it is
# recorded first by an untimed download when there is none); NETD_CACHE=off runs without.
# Usage: scripts/bench-startup.sh [PLAYERS] [ROUNDS]   (defaults: 10 3)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/netd.sh"
netd_init
source "$(dirname "${BASH_SOURCE[0]}")/lib/swarm.sh"
PLAYERS=${1:-10}
ROUNDS=${2:-3}
case "$PLAYERS$ROUNDS" in
    *[!0-9]*) echo "bench-startup: usage: bench-startup.sh [PLAYERS] [ROUNDS], whole numbers" >&2; exit 2 ;;
esac
[ "$PLAYERS" -ge 1 ] && [ "$ROUNDS" -ge 1 ] || { echo "bench-startup: PLAYERS and ROUNDS must be 1 or more" >&2; exit 2; }
echo "netd start-up benchmark: 1 player alone, then $PLAYERS at once, $ROUNDS rounds each, scripts/player.sh, 127.0.0.1"
swarm_prepare 1
swarm_record_player_cache
swarm_start_hub
hub=$!
echo "start-up cache: $( [ "${NETD_CACHE:-on}" = off ] && echo off || echo "$(netd_cache_dir player)")"

# The log line's clock (HH:MM:SS.mmm, this machine's) of the first line of log $1 matching $2,
# as seconds since the epoch.
log_clock() {
    date -d "$(grep -m1 -E "^[0-9:.]+ .*$2" "$1" | cut -d' ' -f1)" +%s.%N
}

# CPU seconds (user + system) of process $1 and of the children it waited for (the launcher's
# tools), which exec keeps: the launcher's and the JVM's together.
process_cpu_all() {
    sed 's/^.*) //' "/proc/$1/stat" | awk -v tck="$(getconf CLK_TCK)" '{ printf "%.3f", ($12 + $13 + $14 + $15) / tck }'
}

# One round: $1 players started at once; prints their median and last times and CPU.
round() {
    local count=$1 i start pids=() cpu=() listening=() answered=() waiting deadline
    rm -rf round && mkdir round
    start=$(swarm_now)
    for i in $(seq "$count"); do
        (netd_exec player round/leech stuff.libr None --bind 127.0.0.1 > "round/$i.log" 2>&1) &
        pids[i]=$!
    done
    # Each player's CPU is read as soon as its log says it listens (one grep a tenth of a
    # second, so that the watching costs the players little).
    waiting=$count
    deadline=$((SECONDS + 120))
    while [ "$waiting" -gt 0 ]; do
        [ $SECONDS -lt $deadline ] || { tail -n 5 round/*.log >&2; netd_fail "the players did not all listen within 120 s"; }
        sleep 0.1
        for i in $(grep -l 'listening on port' round/*.log 2>/dev/null | sed 's:round/\(.*\)\.log:\1:'); do
            [ -z "${cpu[i]:-}" ] || continue
            cpu[i]=$(process_cpu_all "${pids[i]}")
            waiting=$((waiting - 1))
        done
    done
    for i in $(seq "$count"); do
        swarm_await_line "round/$i.log" "hub: " 60
        listening[i]=$(swarm_elapsed "$(log_clock "round/$i.log" 'listening on port')" "$start")
        answered[i]=$(swarm_elapsed "$(log_clock "round/$i.log" 'hub: ')" "$start")
    done
    kill "${pids[@]}" 2>/dev/null
    wait "${pids[@]}" 2>/dev/null || true
    {
        echo "${listening[*]}"
        echo "${answered[*]}"
        echo "${cpu[*]}"
    } | awk -v n="$count" '
        { for (i = 1; i <= NF; i++) v[NR, i] = $i }
        function sorted(row,   i, j, t) {
            for (i = 1; i <= n; i++) s[i] = v[row, i]
            for (i = 2; i <= n; i++) for (j = i; j > 1 && s[j - 1] > s[j]; j--) { t = s[j]; s[j] = s[j - 1]; s[j - 1] = t }
        }
        function median() { return n % 2 ? s[(n + 1) / 2] : (s[n / 2] + s[n / 2 + 1]) / 2 }
        END {
            sorted(1); lm = median(); ll = s[n]
            sorted(2); am = median(); al = s[n]
            sorted(3); cm = median(); cl = s[n]
            printf "%d at once: listening after %.2f s (median), %.2f s (last); hub answered after %.2f s, %.2f s; CPU until listening %.2f s (median), %.2f s (most)\n",
                n, lm, ll, am, al, cm, cl
        }'
}

for r in $(seq "$ROUNDS"); do
    round 1
done
for r in $(seq "$ROUNDS"); do
    round "$PLAYERS"
done
kill "$hub"
