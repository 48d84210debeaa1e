# Shared by the scripts that run a swarm in the lab of hosts (scripts/netlab.sh), sourced after
# lib/netd.sh: the lab made and always removed, the stuff and its library, the hub and the
# players started through their launchers on their hosts.
source "$(dirname "${BASH_SOURCE[0]}")/swarm.sh"
NETLAB="$NETD_ROOT/scripts/netlab.sh"
NETLAB_HUB_PORT=8001
# A run holds the lab's lock (scripts/netlab.sh hold) from making its lab to removing it;
# another waits for it. NETLAB_LOCK_HELD=1 says the caller holds it already (NetlabE2ETest
# does, for its checks around the scripts).
NETLAB_OWNED=

# Takes the lab's lock for the rest of this script's life, waiting while another run has it:
# 'netlab.sh hold' keeps it while its input, a pipe from this shell, is open. It is no job of
# the script's, so the cleanup that ends the jobs leaves it holding until the lab is removed.
netlab_lock() {
    local answer=
    if [ -z "${NETLAB_LOCK_HELD:-}" ]; then
        coproc NETLAB_HOLD { "$NETLAB" hold; }
        disown "$NETLAB_HOLD_PID"
        read -r answer <&"${NETLAB_HOLD[0]}" || true
        [ "$answer" = held ] || netd_fail "could not take the lab's lock"
    fi
    NETLAB_OWNED=1
}

# The scratch directory's cleanup, then the lab's removal (only if this run made it: another's
# is not ours to remove), whatever happened. NETLAB_LOGS=DIR keeps the players' logs and
# status files there.
netlab_cleanup() {
    if [ -n "${NETLAB_LOGS:-}" ]; then
        mkdir -p "$NETLAB_LOGS" && cp "$SWARM_DIR"/*.log "$SWARM_DIR"/*.json "$NETLAB_LOGS"/ 2>/dev/null || true
    fi
    cd /
    swarm_cleanup
    [ -z "$NETLAB_OWNED" ] || "$NETLAB" down || true
}
trap netlab_cleanup EXIT

# A host's address.
netlab_address() {
    echo "10.77.0.$1"
}

# Makes a lab of $1 hosts (the rest of the arguments are netlab.sh up's options), builds the
# jars, writes a stuff of $2 MiB of random bytes (stuff.bin) and its library (stuff.libr, 16
# KiB books) naming the hub on host 1, holding the lab's lock. Works in the scratch directory.
netlab_prepare() {
    local hosts=$1 size_mib=$2
    shift 2
    for module in librarifier hub player; do netd_ensure_jar "$module"; done
    netlab_lock
    "$NETLAB" up "$hosts" "$@"
    cd "$SWARM_DIR"
    swarm_random_file stuff.bin "$size_mib"
    (netd_exec librarifier --quiet "$(netlab_address 1)/$NETLAB_HUB_PORT" stuff.bin 0x4000 stuff.libr)
}

# Starts the hub on host 1 through its launcher, with the arguments as options (log hub.log),
# and waits until it listens; $! is its pid afterwards.
netlab_start_hub() {
    (exec "$NETLAB" exec 1 "$NETD_ROOT/scripts/hub.sh" --port "$NETLAB_HUB_PORT" "$@" >> hub.log 2>&1) &
    swarm_await_line hub.log listening 30
}

# Starts a player on host $1 through its launcher: root directory $2, id $3, the rest its
# options; its log is $2.log. $! is its pid (java's) afterwards.
netlab_start_player() {
    local host=$1 root=$2 id=$3
    shift 3
    mkdir -p "$root"
    (exec "$NETLAB" exec "$host" "$NETD_ROOT/scripts/player.sh" "$root" stuff.libr "$id" "$@" >> "$root.log" 2>&1) &
}

# Starts the seeder on host $1 holding stuff.bin in place, its root directory being 'seed',
# with the remaining arguments as options; $! is its pid afterwards.
netlab_start_seeder() {
    local host=$1 id=-ND0100-000000000001
    shift
    mkdir -p "seed/$id"
    netlab_start_player "$host" seed "$id" --stuff stuff.bin "$@"
}

# Fails unless process $1 (player $2, log $2.log) still runs.
netlab_check_running() {
    kill -0 "$1" 2>/dev/null || { echo "$2 ended early:" >&2; tail -n 20 "$2.log" >&2; exit 1; }
}

# Players start from their start-up cache, as scripts/player.sh runs them. When there is
# none yet, an untimed download in the lab (a seeder on host $1, a leecher on host $2, the
# hub running) records it first; the seeder is killed, not stopped, so that only the
# leecher records, and the next player's start makes the cache.
netlab_record_player_cache() {
    local seeder
    [ "${NETD_CACHE:-on}" != off ] && ! netd_cache_ready player || return 0
    echo "recording the player's start-up cache (an untimed download first)"
    netlab_start_seeder "$1"
    seeder=$!
    netlab_start_player "$2" warmup None --exit-when-done
    swarm_await_line seed.log "hub: " 60
    wait $! || { tail -n 20 warmup.log >&2; netd_fail "the untimed download failed"; }
    kill -KILL "$seeder"
    wait "$seeder" 2>/dev/null || true
    rm -rf warmup seed seed.log
    netd_cache_ready player || netd_fail "the untimed download did not leave a start-up cache"
}

# The id a player printed first in its log $1.
netlab_player_id() {
    sed -n 's/^player id: //p' "$1" | head -n 1
}

# Samples what hosts 2 ... $1 sent every 0.1 s into file $2 until killed: a line a sample, the
# clock (seconds since the epoch), then each host's bytes so far, read from the bridge's side
# of its link (what that side received is what the host sent: TCP payload and headers, the
# headers once per offloaded segment, so about the payload).
netlab_sample_sent() {
    local hosts=$1 out=$2 line host bytes
    while :; do
        line=$EPOCHREALTIME
        for ((host = 2; host <= hosts; host++)); do
            bytes=0
            { read -r bytes < "/sys/class/net/netd-v$host/statistics/rx_bytes"; } 2>/dev/null
            line+=" $bytes"
        done
        echo "$line" >> "$out"
        sleep 0.1
    done
}

# Prints what the samples of file $1 (netlab_sample_sent) say each host sent, in Mbit/s over
# each half second, the time counted from $2.
netlab_print_sent() {
    awk -v start="$2" 'NR == 1 { for (i = 1; i <= NF; i++) p[i] = $i; next }
        $1 - p[1] >= 0.5 {
            line = sprintf("%6.2f", $1 - start)
            for (i = 2; i <= NF; i++) line = line sprintf(" %5.1f", ($i - p[i]) * 8 / ($1 - p[1]) / 1e6)
            print line
            for (i = 1; i <= NF; i++) p[i] = $i
        }' "$1"
}
