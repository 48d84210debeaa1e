# Shared by the benchmark scripts (sourced): temporary space, timing, free ports, cleanup.

# A scratch directory removed on exit, with every background process started by the script.
BENCH_DIR=$(mktemp -d "${TMPDIR:-/tmp}/netd-bench.XXXXXX")
bench_cleanup() {
    local pids
    pids=$(jobs -pr)
    [ -n "$pids" ] && kill $pids 2>/dev/null
    wait 2>/dev/null
    rm -rf "$BENCH_DIR"
}
trap bench_cleanup EXIT
trap 'exit 130' INT TERM

# Seconds since the epoch, with nanoseconds.
bench_now() {
    date +%s.%N
}

# $1 - $2 in seconds, 3 decimals.
bench_elapsed() {
    awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", a - b }'
}

# A TCP port on 127.0.0.1 that nothing listens on.
bench_free_port() {
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
bench_await_line() {
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

# Writes $2 MiB of random bytes to $1.
bench_random_file() {
    head -c "$(($2 * 1024 * 1024))" /dev/urandom > "$1"
}
