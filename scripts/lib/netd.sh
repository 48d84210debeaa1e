# Shared by every netd launcher (sourced, not run): finds a JDK 21+ and builds jars when needed.
# Sets NETD_ROOT (the repository), NETD_JAVA (a java 21+ binary) and JAVA_HOME (its JDK, for Maven).

NETD_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
NETD_MIN_JAVA=21

netd_fail() {
    echo "netd: $*" >&2
    exit 1
}

# The major version of the java binary $1, or nothing when it does not run.
netd_java_major() {
    local line
    line=$("$1" -version 2>&1 | grep -m1 -E 'version "[0-9]') || return 1
    line=${line#*version \"}
    line=${line%%\"*}
    case "$line" in
        1.*) line=${line#1.} ;;
    esac
    echo "${line%%[.+-]*}"
}

# Sets NETD_JAVA and NETD_JAVA_MAJOR to the first java 21+ among: $JAVA_HOME, java on PATH,
# the system's installed JDKs. Each is asked its version once: a JDK reached by several links
# (/usr/bin/java, /usr/lib/jvm/java-17-openjdk-amd64 and java-1.17.0-openjdk-amd64 are one
# Debian JDK) is asked once, as every 'java -version' costs a JVM start, about 30 ms.
netd_find_java() {
    local candidate real major
    local candidates=()
    local asked=$'\n' # the real paths asked so far, one a line (macOS's bash 3 has no associative arrays)
    [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME/bin/java")
    command -v java >/dev/null 2>&1 && candidates+=("$(command -v java)")
    for candidate in /usr/lib/jvm/*/bin/java /usr/java/*/bin/java /opt/*/bin/java \
        /Library/Java/JavaVirtualMachines/*/Contents/Home/bin/java "$HOME"/.sdkman/candidates/java/*/bin/java; do
        [ -x "$candidate" ] && candidates+=("$candidate")
    done
    for candidate in "${candidates[@]}"; do
        [ -x "$candidate" ] || continue
        real=$(readlink -f "$candidate") || real=$candidate
        case "$asked" in
            *$'\n'"$real"$'\n'*) continue ;;
        esac
        asked+="$real"$'\n'
        major=$(netd_java_major "$candidate") || continue
        if [ -n "$major" ] && [ "$major" -ge "$NETD_MIN_JAVA" ] 2>/dev/null; then
            NETD_JAVA=$candidate
            NETD_JAVA_MAJOR=$major
            return 0
        fi
    done
    return 1
}

netd_find_java || netd_fail "no Java $NETD_MIN_JAVA or newer found (looked at JAVA_HOME, java on PATH and /usr/lib/jvm); install a JDK $NETD_MIN_JAVA+ or set JAVA_HOME to one."
JAVA_HOME="$(cd "$(dirname "$(readlink -f "$NETD_JAVA")")/.." && pwd)"
export JAVA_HOME NETD_JAVA NETD_JAVA_MAJOR NETD_ROOT
# Maven's own libraries use sun.misc.Unsafe, which JDK 24+ warns about at every build.
if [ "$NETD_JAVA_MAJOR" -ge 24 ]; then
    export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"
fi

netd_require_maven() {
    command -v mvn >/dev/null 2>&1 || netd_fail "Maven (mvn) is needed to build netd but is not on PATH; install Maven 3.8+."
}

# Builds the program jars when $1's jar is missing or older than any source or pom.
netd_ensure_jar() {
    local module=$1
    local jar="$NETD_ROOT/$module/target/$module.jar"
    if [ -f "$jar" ] && [ -z "$(find "$NETD_ROOT/pom.xml" "$NETD_ROOT/common/pom.xml" "$NETD_ROOT/common/src/main" \
        "$NETD_ROOT/$module/pom.xml" "$NETD_ROOT/$module/src/main" -newer "$jar" -print -quit 2>/dev/null)" ]; then
        return 0
    fi
    netd_require_maven
    echo "netd: building $module.jar (sources changed or jar missing)..." >&2
    (cd "$NETD_ROOT" && mvn -B -q -DskipTests package -pl "$module" -am) >&2 \
        || netd_fail "building $module.jar failed; run 'mvn -B package' in $NETD_ROOT to see why."
}

# The path of program $1's jar.
netd_jar() {
    echo "$NETD_ROOT/$1/target/$1.jar"
}

# How a jar is run: "${NETD_JAVA_CMD[@]}" "$(netd_jar hub)" ARGS... An array, not a function,
# so that a program started with '&' is java itself and killing its pid stops it.
# shellcheck disable=SC2206 # NETD_JAVA_OPTS is a list of options
NETD_JAVA_CMD=("$NETD_JAVA" ${NETD_JAVA_OPTS:-} -jar)

# Runs program $1 with the remaining arguments, building its jar first if needed.
netd_run() {
    local module=$1
    shift
    netd_ensure_jar "$module"
    # NETD_JAVA_OPTS read now: a launcher may add options after sourcing this file.
    # shellcheck disable=SC2086 # NETD_JAVA_OPTS is a list of options
    exec "$NETD_JAVA" ${NETD_JAVA_OPTS:-} -jar "$(netd_jar "$module")" "$@"
}

# Runs program $1 as its launcher script does (with its start-up cache and its own JVM
# options, both below, then NETD_JAVA_OPTS, which can override them), the rest being its
# arguments, in place of the current shell or subshell: scripts start one as
# '(netd_exec_cached player ARGS...) &', and then $! is java's pid.
netd_exec_cached() {
    local module=$1 pid=$BASHPID options
    shift
    # One option a line, so that one naming a path with spaces stays one option.
    mapfile -t options < <(netd_cache_options "$module" "$pid"; netd_program_options "$module")
    # shellcheck disable=SC2086 # NETD_JAVA_OPTS is a list of options
    exec "$NETD_JAVA" "${options[@]}" ${NETD_JAVA_OPTS:-} -jar "$(netd_jar "$module")" "$@"
}

# The JVM options program $1 runs with, one a line. The player's: only its SHA-1 code is
# compiled by C2, everything else by C1 (compiler directives in lib/player-compilers.json).
# The player's work is a few hot loops under many small decisions. The loops are intrinsics (copying,
# and SHA-1, which only C2 turns into the CPU's SHA instructions); the decisions are cheap
# either way, but C2 took far longer to compile them than they ever ran: on two cores, C2
# had 20% of all CPU samples of a 1 -> 3 swarm (perf), more than hashing and writing the
# books together. The directives parser prints a line on the JVM's console when it loads
# them, which would come before the player's "player id:" line: -DisplayVMOutput keeps it
# quiet (it also keeps thread dumps from kill -3 off the console; 'jcmd PID Thread.print'
# gives them).
# The player also collects garbage with the serial collector: what it allocates is books
# passing through (a few MiB live), and G1's young generation, sized for a server, touched
# about 280 MiB of fresh pages per 512 MiB download: 215,000 page faults for three leechers
# against 124,000, and a tenth of their CPU (scripts/bench-swarm.sh 512 3). Its pauses are
# a few milliseconds.
netd_program_options() {
    local directives="$NETD_ROOT/scripts/lib/player-compilers.json"
    case "$1" in
        player)
            printf '%s\n' -XX:+UseSerialGC
            [ -f "$directives" ] && printf '%s\n' -XX:+UnlockDiagnosticVMOptions -XX:-DisplayVMOutput \
                "-XX:CompilerDirectivesFile=$directives"
            ;;
    esac
}

# JVM options, one a line, that start program $1 from a cache beside its jar, made from an
# earlier run.
# On JDK 25+ it is an AOT cache (JEP 483, 514, 515): the classes loaded and linked, and the
# profiles of the methods that ran, so the JIT compiles the hot code at once from a recorded
# profile instead of profiling it again. The player needs about a third less CPU per download
# (compilation was half of it) and the librarifier starts sooner. On JDK 21-24 it is a
# class-data-sharing archive of the classes only.
#
# A run that finds no cache records a training under a name of its own
# ($1.aot.training-PID, PID being java's: $2, or the launcher's, which java takes over by
# exec), and a later start makes the cache from it once that run has ended
# (netd_cache_make): players started together never write the same file, and a training
# still being written is never read. The JDK could do both in one run (-XX:AOTCacheOutput),
# but it then starts a second JVM as the first exits, which prints five lines on the
# program's stdout and one on its stderr. The JVM also checks the cache's checksum
# (VerifySharedSpaces) and runs without it when it does not match. A cache older than the
# jar is removed: the JVM does not remake one whose jar changed, it only runs without it. The
# caches' log lines are silenced: they are an optimisation, not news.
# NETD_CACHE=off runs without any cache.
netd_cache_options() {
    local module=$1 recorder=${2:-$$} jar cache
    [ "${NETD_CACHE:-on}" = off ] && return 0
    jar=$(netd_jar "$module")
    if [ "$NETD_JAVA_MAJOR" -lt 25 ]; then
        cache="$NETD_ROOT/$module/target/$module.jsa"
        if [ -f "$cache" ] && [ "$jar" -nt "$cache" ]; then
            rm -f "$cache"
        fi
        printf '%s\n' -XX:+AutoCreateSharedArchive "-XX:SharedArchiveFile=$cache" -Xlog:cds=off -Xlog:cds+dynamic=off
        return
    fi
    cache="$NETD_ROOT/$module/target/$module.aot"
    if [ -f "$cache" ] && [ "$jar" -nt "$cache" ]; then
        rm -f "$cache"
    fi
    netd_cache_make "$module" "$jar" "$cache"
    if [ -f "$cache" ]; then
        printf '%s\n' "-XX:AOTCache=$cache" -XX:+VerifySharedSpaces -Xlog:aot=off -Xlog:cds=off
    else
        # The JVM ends a training with a line on stdout, which only -DisplayVMOutput silences.
        printf '%s\n' -XX:AOTMode=record "-XX:AOTConfiguration=$cache.training-$recorder" -Xlog:aot=off -Xlog:cds=off \
            -XX:+UnlockDiagnosticVMOptions -XX:-DisplayVMOutput
    fi
}

# Makes program $1's AOT cache $3 (for jar $2) from the training of a run that has ended, once,
# quietly (about a second), and removes the trainings no longer needed. A launcher takes a
# training by renaming it, so two starting together never both make the cache from it.
netd_cache_make() {
    local module=$1 jar=$2 cache=$3 training taken made options
    for training in "$cache".training-*; do
        [ -f "$training" ] || continue
        if kill -0 "${training##*-}" 2>/dev/null; then
            continue # its run is still going (or its pid was reused: then it is taken next time)
        fi
        taken="$cache.taking-$BASHPID"
        mv -f "$training" "$taken" 2>/dev/null || continue # another launcher took it
        if [ ! -f "$cache" ] && [ -s "$taken" ] && [ ! "$jar" -nt "$taken" ]; then
            made="$cache.making-$BASHPID"
            # The cache is made with the options the training ran with: those that shape the
            # heap and the collector decide whether the JVM can use it.
            mapfile -t options < <(netd_program_options "$module")
            # shellcheck disable=SC2086 # NETD_JAVA_OPTS is a list of options
            if "$NETD_JAVA" "${options[@]}" ${NETD_JAVA_OPTS:-} -XX:AOTMode=create "-XX:AOTConfiguration=$taken" \
                "-XX:AOTCache=$made" -Xlog:aot=off -Xlog:cds=off -cp "$jar" < /dev/null > /dev/null 2>&1; then
                mv -f "$made" "$cache"
            fi
            rm -f "$made"
        fi
        rm -f "$taken"
    done
}

# Whether program $1 has a start-up cache ready (a recording whose run has ended counts).
netd_cache_ready() {
    case "$(netd_cache_options "$1")" in
        *AOTMode=record* | '') return 1 ;;
        *AutoCreateSharedArchive*) [ -f "$NETD_ROOT/$1/target/$1.jsa" ] ;;
        *) return 0 ;;
    esac
}
