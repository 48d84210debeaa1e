# Shared by the scripts that run programs on this machine (sourced): scratch space, cleanup,
# timing, free ports, waiting for log lines.

# A scratch directory removed on exit, with every background process started by the script.
SWARM_DIR=$(mktemp -d "${TMPDIR:-/tmp}/netd-swarm.XXXXXX")
swarm_cleanup() {
    local pids
    pids=$(jobs -pr)
    [ -n "$pids" ] && kill $pids 2>/dev/null
    wait 2>/dev/null
    rm -rf "$SWARM_DIR"
}
trap swarm_cleanup EXIT
trap 'exit 130' INT TERM

# Seconds since the epoch, with nanoseconds.
swarm_now() {
    date +%s.%N
}

# $1 - $2 in seconds, 3 decimals.
swarm_elapsed() {
    awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", a - b }'
}

# Sets variable $1 to the CPU seconds (user + system) used so far by the script's children
# that have ended and been waited for (bash's 'times', second line). Call it as a command, not
# in $(...): a command substitution's subshell counts only children of its own.
swarm_children_cpu() {
    times > "$SWARM_DIR/times"
    printf -v "$1" '%s' "$(awk 'NR == 2 {
        total = 0
        for (i = 1; i <= 2; i++) { split($i, t, /[ms]/); total += t[1] * 60 + t[2] }
        printf "%.2f", total
    }' "$SWARM_DIR/times")"
}

# CPU seconds (user + system) used so far by running process $1 (Linux's /proc); 0 elsewhere.
swarm_process_cpu() {
    if [ -r "/proc/$1/stat" ]; then
        # Fields after the command name, which ends with ") ": utime and stime are the 12th and 13th.
        sed 's/^.*) //' "/proc/$1/stat" | awk -v tck="$(getconf CLK_TCK)" '{ printf "%.2f", ($12 + $13) / tck }'
    else
        echo 0
    fi
}

# A TCP port on 127.0.0.1 that nothing listens on.
swarm_free_port() {
    local port
    while true; do
        # Below Linux's ephemeral range (32768+), where outgoing connections take their local ports.
        port=$((10000 + RANDOM % 22000))
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
            echo "$port"
            return
        fi
    done
}

# Waits up to $3 seconds for file $1 to contain a line matching $2.
swarm_await_line() {
    local deadline=$((SECONDS + $3))
    until grep -qE "$2" "$1" 2>/dev/null; do
        if [ $SECONDS -ge $deadline ]; then
            echo "timed out waiting for '$2' in $1:" >&2
            tail -n 20 "$1" >&2
            exit 1
        fi
        sleep 0.05
    done
}

# A figure from a player's --status-file ($1), e.g. books_held; empty if not there yet.
swarm_status() {
    sed -n "s/.*\"$2\":\([0-9.a-z]*\).*/\1/p" "$1" 2>/dev/null || true
}

# Writes $2 MiB of random bytes to $1.
swarm_random_file() {
    head -c "$(($2 * 1024 * 1024))" /dev/urandom > "$1"
}

# What every local swarm starts with: the jars built, a stuff of $1 MiB of random bytes
# (stuff.bin; zeros in a sparse file when $3 is 1) in the scratch directory, and its library
# (stuff.libr, books of $2, default 16 KiB; log librarifier.log) naming a hub at 127.0.0.1 on a
# free port, which is left in $port. Works in the scratch directory.
swarm_prepare() {
    for module in librarifier hub player; do netd_ensure_jar "$module"; done
    cd "$SWARM_DIR"
    if [ "${3:-0}" = 1 ]; then
        truncate -s "$(($1 * 1024 * 1024))" stuff.bin
    else
        swarm_random_file stuff.bin "$1"
    fi
    port=$(swarm_free_port)
    (netd_exec librarifier --quiet "127.0.0.1/$port" stuff.bin "${2:-0x4000}" stuff.libr) \
        2> librarifier.log || { cat librarifier.log >&2; exit 1; }
}

# Starts the library's hub (127.0.0.1:$port, log hub.log), with the arguments as options, and
# waits until it listens.
swarm_start_hub() {
    (netd_exec hub --port "$port" --bind 127.0.0.1 "$@") > hub.log 2>&1 &
    swarm_await_line hub.log listening 30
}

# Starts the seeder: player $2 in root directory $1, holding stuff.bin (a hard link), with
# the remaining arguments as options; log seeder.log. Waits for its first hub answer; $! is
# its pid afterwards, a minute and the time to hash the stuff at 50 MB/s at most.
swarm_start_seeder() {
    local root=$1 id=$2
    shift 2
    mkdir -p "$root/$id"
    ln stuff.bin "$root/$id/stuff.bin"
    (netd_exec player "$root" stuff.libr "$id" --bind 127.0.0.1 "$@" > seeder.log 2>&1) &
    swarm_await_line seeder.log "hub: " $((60 + $(stat -c %s stuff.bin) / 50000000))
}

# Benchmarks time players as scripts/player.sh runs them: from the start-up cache beside the
# jar (netd_cache_options). When there is none yet, an untimed download by two leechers
# records it first (the first leecher's, which both downloads and uploads), so that the timed
# players find it ready. That swarm is then stopped whole, so no timed player is warm from
# it. Runs after swarm_prepare.
swarm_record_player_cache() {
    local warm_hub warm_seeder warm1
    [ "${NETD_CACHE:-on}" != off ] && ! netd_cache_ready player || return 0
    echo "recording the player's start-up cache (an untimed download first)"
    swarm_start_hub
    warm_hub=$!
    swarm_start_seeder warmup -ND0100-000000000002
    warm_seeder=$!
    (netd_exec player warmup stuff.libr None --bind 127.0.0.1 --exit-when-done > warmup1.log 2>&1) &
    warm1=$!
    (NETD_CACHE=off netd_exec player warmup stuff.libr None --bind 127.0.0.1 --exit-when-done > warmup2.log 2>&1) &
    wait "$warm1" || { tail -n 20 warmup1.log >&2; netd_fail "the untimed download failed"; }
    wait $! || true
    kill -KILL "$warm_seeder" # killed, not stopped: a stopping seeder would record a cache too
    kill "$warm_hub"
    wait "$warm_seeder" "$warm_hub" 2>/dev/null || true
    rm -rf warmup
    netd_cache_ready player || netd_fail "the untimed download did not leave a start-up cache"
}

# Starts $2 leechers of library $1 that exit when done (roots leech1..., logs leecher1.log...),
# with the remaining arguments as options; their pids are left in the array leecher_pids.
swarm_start_leechers() {
    local library=$1 count=$2 i
    shift 2
    leecher_pids=()
    for i in $(seq "$count"); do
        (netd_exec player "leech$i" "$library" None --bind 127.0.0.1 --exit-when-done "$@" > "leecher$i.log" 2>&1) &
        leecher_pids+=($!)
    done
}

# Waits for the leechers of swarm_start_leechers, saying when each is done after start time $1;
# a leecher that fails ends the script with its log's tail.
swarm_await_leechers() {
    local i
    for i in $(seq "${#leecher_pids[@]}"); do
        if ! wait "${leecher_pids[$((i - 1))]}"; then
            echo "leecher $i failed:" >&2
            tail -n 20 "leecher$i.log" >&2
            exit 1
        fi
        echo "leecher $i done after $(swarm_elapsed "$(swarm_now)" "$1") s"
    done
}
