#!/usr/bin/env bash
# Times the librarifier against sha1sum on the same random file (warm cache, best of 3 each)
# and prints both times and their ratio. Usage: bench-librarifier.sh [SIZE_MIB] (default 512).
# The librarifier runs as scripts/librarifier.sh runs it: from its start-up cache, with any
# JVM options from NETD_JAVA_OPTS.
set -euo pipefail
source "$(dirname "$0")/lib/netd.sh"
netd_init
netd_ensure_jar librarifier

size_mib=${1:-512}
case "$size_mib" in
    '' | *[!0-9]* | 0) netd_fail "SIZE_MIB must be a positive whole number of MiB, not '$size_mib'." ;;
esac
command -v sha1sum >/dev/null 2>&1 || netd_fail "sha1sum is needed for the comparison but is not on PATH."

work=$(mktemp -d "${TMPDIR:-/tmp}/netd-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT
stuff="$work/stuff.bin"
head -c "$((size_mib * 1024 * 1024))" /dev/urandom >"$stuff"
cat "$stuff" >/dev/null # warm the page cache

# The best wall-clock time of three runs of the command, in seconds.
best_of_3() {
    local best="" start end elapsed
    for _ in 1 2 3; do
        start=$(date +%s%N)
        "$@" >/dev/null
        end=$(date +%s%N)
        elapsed=$((end - start))
        if [ -z "$best" ] || [ "$elapsed" -lt "$best" ]; then
            best=$elapsed
        fi
    done
    awk -v ns="$best" 'BEGIN { printf "%.3f", ns / 1e9 }'
}

librarify() {
    (netd_exec librarifier --quiet --force 127.0.0.1/8001 "$stuff" 0x4000 "$work/stuff.libr")
}
librarify # untimed: records the start-up cache if the jar is new
librarifier_s=$(best_of_3 librarify)
sha1sum_s=$(best_of_3 sha1sum "$stuff")

echo "file: ${size_mib} MiB, $(nproc) cores, $("$NETD_JAVA" -version 2>&1 | head -n1)"
echo "librarifier: ${librarifier_s} s (JVM options: $(netd_cache_options librarifier | tr '\n' ' ')${NETD_JAVA_OPTS:-})"
echo "sha1sum: ${sha1sum_s} s"
awk -v a="$librarifier_s" -v b="$sha1sum_s" 'BEGIN { printf "ratio: %.2f\n", a / b }'
