#!/usr/bin/env bash
# Tests the release archives that scripts/dist.sh made in dist/, as a user runs them. Each is
# unpacked into an empty temporary directory; with no Maven on PATH (and, for the archive with
# its own runtime, no Java on PATH and no JAVA_HOME) and a home of its own, its bin/ makes a
# library, runs a hub, a seeder and two leechers on 127.0.0.1, and each leecher's file is
# compared byte for byte with the original. Also checked: nothing tries Maven (or, with the
# runtime, any Java but the runtime's), the players run on the runtime, the release directory
# is left as it was unpacked, the hub's /metrics answers (with the JVM's figures), bin/share
# prints the command in the release's terms, the start-up cache is made in the user's cache
# directory and the next start uses it (and removes what a launcher killed while making one
# left), --help records no training for it, and the programs
# start, silently, when no cache directory can be made.
# Usage: scripts/test-dist.sh   (after scripts/dist.sh; it prints "N passed, N failed")
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/netd.sh"
netd_init
source "$(dirname "${BASH_SOURCE[0]}")/lib/swarm.sh"

version=$(sed -n 's:^  <version>\(.*\)</version>:\1:p' "$NETD_ROOT/pom.xml" | head -n1)
dist="$NETD_ROOT/dist"
# The tools the launchers and this test use, and nothing else: a PATH without Maven or Java.
tools=(bash sh env cat cp cmp cut date diff dirname basename find grep head hostname awk kill ln ls mkdir mv
    readlink rm sed seq sleep sort tail tr cksum uname wc xargs id)

fail() {
    echo "FAILED: $*" >&2
    exit 1
}

# Tests the archive $1 (unpacked with $2: tar or zip); $3 is "runtime" for the archive with
# its own runtime. Runs in a process of its own (test-dist.sh --one ...): a failure ends it,
# and swarm.sh's clean-up stops its programs and removes its directory.
test_archive() {
    local archive=$1 unpack=$2 variant=${3:-} dir release port http_port metrics id cache
    dir=$(mktemp -d "$SWARM_DIR/archive.XXXXXX")
    cd "$dir"
    [ -f "$dist/$archive" ] || fail "$dist/$archive is missing; run scripts/dist.sh first"
    # The runtime archive's bound: 60 MiB.
    if [ "$variant" = runtime ] && [ "$(wc -c < "$dist/$archive")" -gt $((60 * 1024 * 1024)) ]; then
        fail "$archive is larger than 60 MiB: $(wc -c < "$dist/$archive") bytes"
    fi
    mkdir release && cd release
    case "$unpack" in
        tar) tar -xzf "$dist/$archive" ;;
        zip) unzip -q "$dist/$archive" ;;
    esac
    release="$dir/release/netd-$version"
    [ -x "$release/bin/player" ] || fail "$archive holds no netd-$version/bin/player"
    (cd "$release" && find . -print0 | sort -z | xargs -0 ls -ld --time-style=+%s) > "$dir/unpacked.list"

    # PATH: the tools above, plus mvn, mvnw and (with the runtime) java that only say they ran.
    mkdir "$dir/path"
    for tool in "${tools[@]}"; do
        ln -s "$(command -v "$tool")" "$dir/path/$tool"
    done
    local traps=(mvn mvnw)
    [ "$variant" = runtime ] && traps+=(java)
    for tool in "${traps[@]}"; do
        printf '#!/bin/sh\necho "%s was run: $*" >> "%s/tripped"\nexit 1\n' "$tool" "$dir" > "$dir/path/$tool"
        chmod +x "$dir/path/$tool"
    done
    mkdir "$dir/home"
    export PATH="$dir/path" HOME="$dir/home"
    unset XDG_CACHE_HOME NETD_CACHE_DIR NETD_JAVA_OPTS NETD_CACHE MAVEN_HOME M2_HOME
    if [ "$variant" = runtime ]; then
        unset JAVA_HOME
    else
        JAVA_HOME="$(cd "$(dirname "$(readlink -f "$NETD_JAVA")")/.." && pwd)"
        export JAVA_HOME
    fi
    # The programs as a user starts them: by their path, from a directory of their own.
    mkdir "$dir/work" && cd "$dir/work"
    swarm_random_file stuff.bin 3
    printf 'an odd tail' >> stuff.bin
    port=$(swarm_free_port)
    http_port=$(swarm_free_port)
    "$release/bin/librarifier" --quiet "127.0.0.1/$port" stuff.bin 0x4000 stuff.libr || fail "bin/librarifier failed"
    "$release/bin/hub" --port "$port" --bind 127.0.0.1 --http-port "$http_port" --http-bind 127.0.0.1 > hub.log 2>&1 &
    swarm_await_line hub.log listening 30
    # The hub's metrics include the JVM's: the runtime must hold the modules they need.
    exec 3<> "/dev/tcp/127.0.0.1/$http_port"
    printf 'GET /metrics HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n' >&3
    metrics=$(cat <&3)
    exec 3<&-
    case "$metrics" in
        "HTTP/1.1 200"*jvm_*) ;;
        *) fail "the hub's /metrics answered: $(printf '%s' "$metrics" | head -n 5)" ;;
    esac
    mkdir -p seed/-ND0100-5eede7000001
    ln stuff.bin seed/-ND0100-5eede7000001/stuff.bin
    "$release/bin/player" seed stuff.libr -ND0100-5eede7000001 --bind 127.0.0.1 > seeder.log 2>&1 &
    local seeder=$!
    swarm_await_line seeder.log "hub: " 60
    if [ "$variant" = runtime ]; then
        case "$(readlink -f "/proc/$seeder/exe")" in
            "$release/runtime/"*) ;;
            *) fail "the seeder runs on $(readlink -f "/proc/$seeder/exe"), not the release's runtime" ;;
        esac
    fi
    local leechers=()
    for i in 1 2; do
        "$release/bin/player" leech stuff.libr None --bind 127.0.0.1 --exit-when-done > "leecher$i.log" 2>&1 &
        leechers+=($!)
    done
    for i in 1 2; do
        wait "${leechers[i - 1]}" || { tail -n 20 "leecher$i.log" >&2; fail "leecher $i failed"; }
        id=$(sed -n 's/^player id: //p' "leecher$i.log")
        cmp stuff.bin "leech/$id/stuff.bin" || fail "leecher $i's file differs from the original"
    done

    # bin/share with the running hub: it seeds and prints the command for other machines.
    mkdir share
    cp stuff.bin share/movie.bin
    "$release/bin/share" share/movie.bin --hub "127.0.0.1/$port" --root "$dir/work/share-root" > share.log 2>&1 &
    swarm_await_line share.log "Ctrl-C stops sharing" 60
    grep -q "netd-$version/bin/player ROOT movie.bin.libr None" share.log \
        || { cat share.log >&2; fail "bin/share did not print the command in the release's terms"; }
    kill "$!"
    kill -TERM "$seeder"
    wait "$seeder" || true

    # The trainings the players recorded become the start-up cache at the next start.
    "$release/bin/player" --help > /dev/null
    "$release/bin/player" --help > help.txt
    grep -q "Usage: player" help.txt || fail "bin/player --help printed no usage"
    cache=$(find "$HOME/.cache/netd" -name 'player.aot' -o -name 'player.jsa' | head -n1)
    [ -n "$cache" ] || fail "no start-up cache in $HOME/.cache/netd: $(find "$HOME" | tr '\n' ' ')"
    # The next start uses it: the launcher names it, and the JVM, told to fail when it cannot
    # use the cache it is given, says it opened it. A --help records no training (the
    # trainings of runs that ended are removed once the cache is made).
    local use_cache=(-XX:AOTMode=on -Xlog:aot=info)
    [ "$NETD_JAVA_MAJOR" -ge 25 ] || use_cache=(-Xshare:on -Xlog:cds=info)
    NETD_JAVA_OPTS="${use_cache[*]}" "$release/bin/player" --help > help.txt 2> help.err \
        || fail "bin/player did not start from its cache $cache: $(head -n 3 help.err)"
    grep -F "$cache" help.txt | grep -qi "opened" \
        || fail "bin/player did not open its cache $cache: $(grep -iF "$cache" help.txt | head -n 3)"
    # What a launcher killed while making the cache left (named by its pid) goes at the next start.
    local dead
    ( exit 0 ) &
    dead=$!
    wait "$dead"
    if [ "$NETD_JAVA_MAJOR" -ge 25 ]; then
        : > "$cache.taking-$dead"
        : > "$cache.making-$dead"
    fi
    "$release/bin/player" --version > /dev/null
    [ ! -e "$cache.taking-$dead" ] && [ ! -e "$cache.making-$dead" ] \
        || fail "a start left what a killed launcher was making: $(ls "$cache".*-"$dead" 2>/dev/null)"
    [ -z "$(find "$HOME/.cache/netd" -name '*.training-*')" ] \
        || fail "--help or --version recorded a training: $(find "$HOME/.cache/netd" -name '*.training-*')"
    # No cache directory can be made (as root, permissions would not stop it, a file in the
    # way does): the programs start all the same, and say nothing of it.
    printf 'not a directory' > "$dir/file"
    XDG_CACHE_HOME="$dir/file/cache" "$release/bin/player" --help > help.txt 2> help.err \
        || fail "bin/player --help failed without a cache directory: $(head -n 3 help.err)"
    grep -q "Usage: player" help.txt && [ ! -s help.err ] \
        || fail "bin/player --help without a cache directory printed: $(head -n 3 help.err)"
    XDG_CACHE_HOME="$dir/file/cache" "$release/bin/librarifier" --quiet "127.0.0.1/$port" stuff.bin 0x4000 nocache.libr \
        2> librarifier.err || fail "bin/librarifier failed without a cache directory: $(head -n 3 librarifier.err)"
    [ ! -s librarifier.err ] || fail "bin/librarifier without a cache directory printed: $(head -n 3 librarifier.err)"
    [ -s nocache.libr ] || fail "bin/librarifier without a cache directory made no library"

    [ ! -f "$dir/tripped" ] || fail "a launcher ran what it must not: $(cat "$dir/tripped")"
    (cd "$release" && find . -print0 | sort -z | xargs -0 ls -ld --time-style=+%s) > "$dir/after.list"
    cmp -s "$dir/unpacked.list" "$dir/after.list" \
        || fail "the release directory changed: $(diff "$dir/unpacked.list" "$dir/after.list" | head -n 5)"
}

if [ "${1:-}" = --one ]; then
    shift
    test_archive "$@"
    exit 0
fi
passed=0 failed=0
for spec in "netd-$version.tar.gz tar" "netd-$version.zip zip" "netd-$version-linux-x64.tar.gz tar runtime"; do
    read -r archive unpack variant <<< "$spec"
    if bash "${BASH_SOURCE[0]}" --one "$archive" "$unpack" $variant; then
        echo "dist: $archive: ok (a library, a hub, a seeder and two leechers from bin/, identical files)"
        passed=$((passed + 1))
    else
        echo "dist: $archive: FAILED" >&2
        failed=$((failed + 1))
    fi
done
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
