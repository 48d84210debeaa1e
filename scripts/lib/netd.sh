# Shared by every netd launcher. Sourcing it only defines functions: nothing runs, nothing
# is exported, nothing exits. A launcher calls netd_init (finds the layout and a Java), then
# starts a program one way: netd_exec PROGRAM ARGS... in place of its shell, or
# '(netd_exec PROGRAM ARGS...) &' in the background, where $! is then java's pid.
#
# Two layouts, one file:
# - a checkout: this file is scripts/lib/netd.sh; the jars are <program>/target/, built with
#   Maven (mvn on PATH, else ./mvnw) when older than the sources;
# - a release (scripts/dist.sh): this file is bin/lib/netd.sh; the jars are lib/, never
#   built; a release with its own runtime (runtime/) runs only that.
# Both read the programs' JVM options from conf/jvm.options at every start, as netd.bat does.
# Why those options, and the start-up cache: docs/JVM.md.

NETD_MIN_JAVA=21

netd_fail() {
    echo "netd: $*" >&2
    exit 1
}

# Sets NETD_ROOT (the checkout or the release), NETD_RELEASE (1 in a release, else empty),
# NETD_CONF (the conf directory), NETD_JAVA (a java 21+) and NETD_JAVA_MAJOR. Once per shell.
netd_init() {
    [ -n "${NETD_INIT_DONE:-}" ] && return 0
    local here
    # BASH_SOURCE[0] is this file even inside a function; a launcher reached by a symbolic
    # link still finds the layout it belongs to. Paths are cut with the shell's own expansions:
    # every command substituted costs a start a fork, and ten players start at once.
    here=$(readlink -f "${BASH_SOURCE[0]}" 2>/dev/null) || here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/netd.sh
    here=${here%/*}
    NETD_ROOT=${here%/*/*}
    NETD_ROOT=${NETD_ROOT:-/}
    NETD_RELEASE=
    [ -f "$NETD_ROOT/lib/player.jar" ] && NETD_RELEASE=1
    NETD_CONF="$NETD_ROOT/conf"
    if [ -n "$NETD_RELEASE" ] && [ -d "$NETD_ROOT/runtime" ]; then
        NETD_JAVA="$NETD_ROOT/runtime/bin/java"
        NETD_JAVA_MAJOR=$(netd_java_major "$NETD_JAVA") || netd_fail "this release's own runtime ($NETD_JAVA) does not run on this machine."
    else
        netd_find_java || netd_fail "no Java $NETD_MIN_JAVA or newer found (looked at JAVA_HOME, java on PATH and /usr/lib/jvm); install a Java $NETD_MIN_JAVA+ or set JAVA_HOME to one."
    fi
    NETD_INIT_DONE=1
}

# The major version of the java binary $1, or nothing when it does not run. Read from the
# 'release' file of its JDK or runtime when there is one (every JDK 9+ and jlink image has
# it): asking 'java -version' costs a JVM start, a third of a warm 'player --help'.
netd_java_major() {
    local line= release
    release=$(readlink -f "$1" 2>/dev/null) || release=$1
    release=${release%/*/*}/release
    if [ -x "$1" ] && [ -f "$release" ]; then
        while IFS= read -r line || [ -n "$line" ]; do
            case "$line" in
                JAVA_VERSION=*) break ;;
            esac
            line=
        done < "$release"
    fi
    if [ -n "$line" ]; then
        line=${line#*\"}
    else
        line=$("$1" -version 2>&1 | grep -m1 -E 'version "[0-9]') || return 1
        line=${line#*version \"}
    fi
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

# Runs Maven with the arguments, in the checkout, with the JDK netd_init found: mvn from PATH,
# else the checkout's pinned Maven Wrapper (./mvnw, which downloads Maven once).
netd_maven() {
    netd_init
    [ -z "$NETD_RELEASE" ] || netd_fail "a release has no sources to build."
    local maven="$NETD_ROOT/mvnw"
    command -v mvn >/dev/null 2>&1 && maven=mvn
    (
        cd "$NETD_ROOT" || exit 1
        JAVA_HOME="$(cd "$(dirname "$(readlink -f "$NETD_JAVA")")/.." && pwd)"
        export JAVA_HOME
        # Maven's own libraries use sun.misc.Unsafe, which JDK 24+ warns about at every build.
        if [ "$NETD_JAVA_MAJOR" -ge 24 ]; then
            export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"
        fi
        exec "$maven" "$@"
    )
}

# The path of program $1's jar.
netd_jar() {
    netd_init
    if [ -n "$NETD_RELEASE" ]; then
        echo "$NETD_ROOT/lib/$1.jar"
    else
        echo "$NETD_ROOT/$1/target/$1.jar"
    fi
}

# Whether program $1's jar is there and, in a checkout, newer than every source and pom.
netd_jar_current() {
    local module=$1 jar
    jar=$(netd_jar "$module")
    [ -f "$jar" ] || return 1
    [ -n "$NETD_RELEASE" ] && return 0
    [ -z "$(find "$NETD_ROOT/pom.xml" "$NETD_ROOT/common/pom.xml" "$NETD_ROOT/common/src/main" \
        "$NETD_ROOT/$module/pom.xml" "$NETD_ROOT/$module/src/main" -newer "$jar" -print -quit 2>/dev/null)" ]
}

# Makes sure program $1's jar is current: in a checkout it is built when missing or older than
# its sources, under a lock, so that launchers started together build it once; a release
# never builds.
netd_ensure_jar() {
    local module=$1
    netd_init
    netd_jar_current "$module" && return 0
    [ -z "$NETD_RELEASE" ] || netd_fail "$(netd_jar "$module") is missing: this release is incomplete; unpack it again."
    netd_lock "$NETD_ROOT/target/build.lock"
    # Another launcher may have built it while this one waited for the lock.
    if ! netd_jar_current "$module"; then
        echo "netd: building $module.jar (sources changed or jar missing)..." >&2
        if ! netd_maven -B -q -DskipTests package -pl "$module" -am >&2; then
            netd_unlock "$NETD_ROOT/target/build.lock"
            netd_fail "building $module.jar failed; run 'mvn -B package' in $NETD_ROOT to see why."
        fi
    fi
    netd_unlock "$NETD_ROOT/target/build.lock"
}

# Takes the lock $1 (a directory: making one is atomic everywhere), waiting while another
# process holds it. A lock whose holder has died (its pid, written inside, is gone) is
# broken, so a launcher killed mid-build does not stop the next ones.
netd_lock() {
    local lock=$1 holder waited=0
    mkdir -p "$(dirname "$lock")"
    until mkdir "$lock" 2>/dev/null; do
        holder=$(cat "$lock/pid" 2>/dev/null)
        if [ -n "$holder" ] && ! kill -0 "$holder" 2>/dev/null; then
            rm -rf "$lock"
            continue
        fi
        [ "$waited" -eq 0 ] && echo "netd: waiting for another launcher's build..." >&2
        waited=1
        sleep 0.2
    done
    echo "$BASHPID" > "$lock/pid"
}

netd_unlock() {
    rm -rf "$1"
}

# Runs program $1 with the remaining arguments in place of the current shell (or subshell):
# its jar made current, its JVM options from conf/jvm.options, its start-up cache, then
# NETD_JAVA_OPTS, which come last and so win.
netd_exec() {
    local module=$1 options arg recorder=$BASHPID
    shift
    netd_ensure_jar "$module"
    # A run that only prints its usage or version uses the cache but records none: the first
    # training becomes the cache, and one of a --help lacks a third of a real run's classes (a
    # player started from it took 0.45 s of CPU until it listened, against 0.34 s).
    for arg in "$@"; do
        case "$arg" in
            -h | --help | -V | --version) recorder= ;;
        esac
    done
    # One option a line, so that one naming a path with spaces stays one option.
    mapfile -t options < <(netd_conf_options "$module"; netd_cache_options "$module" "$recorder")
    # shellcheck disable=SC2086 # NETD_JAVA_OPTS is a list of options
    exec "$NETD_JAVA" "${options[@]}" ${NETD_JAVA_OPTS:-} -jar "$(netd_jar "$module")" "$@"
}

# Program $1's JVM options from conf/jvm.options, one a line: the lines after "[all]" and
# after "[$1]" that start with '-', with @CONF@ replaced by the conf directory. Other lines
# are comments (#), sections and settings (netd_conf_setting). Carriage returns are
# dropped: the file is shared with Windows.
netd_conf_options() {
    netd_conf_lines "$1" | while IFS= read -r line; do
        case "$line" in
            -*) printf '%s\n' "${line//@CONF@/$NETD_CONF}" ;;
        esac
    done
}

# The value of setting $2 (a line "$2=VALUE") for program $1 in conf/jvm.options, or $3.
netd_conf_setting() {
    local value=$3 line
    while IFS= read -r line; do
        case "$line" in
            "$2="*) value=${line#*=} ;;
        esac
    done < <(netd_conf_lines "$1")
    echo "$value"
}

# The lines of conf/jvm.options that apply to program $1, trimmed.
netd_conf_lines() {
    local section=all line
    netd_init
    [ -f "$NETD_CONF/jvm.options" ] || netd_fail "$NETD_CONF/jvm.options is missing."
    while IFS= read -r line || [ -n "$line" ]; do
        line=${line%$'\r'}
        line=${line#"${line%%[![:space:]]*}"}
        line=${line%"${line##*[![:space:]]}"}
        case "$line" in
            '' | '#'*) ;;
            '['*']') section=${line:1:${#line}-2} ;;
            *) if [ "$section" = all ] || [ "$section" = "$1" ]; then printf '%s\n' "$line"; fi ;;
        esac
    done < "$NETD_CONF/jvm.options"
}

# Where program $1's start-up cache lives: beside its jar in a checkout; in a release, a
# directory of this user's (the release may be read-only), one per release and Java, so that
# two releases or two runtimes never share a cache. The directory's name is a checksum of the
# release's place, its jars' bytes, the java's path and its runtime's 'release' file (its
# version and build): a new version unpacked where the old one was, or a Java updated in
# place, gets a directory of its own. A cache made for other jars or another JVM would not be
# remade, only refused by the JVM at every start (about 6 ms of CPU for 2.5 MiB of jars).
netd_cache_dir() {
    local java
    if [ -z "$NETD_RELEASE" ]; then
        echo "$NETD_ROOT/$1/target"
        return
    fi
    java=$(readlink -f "$NETD_JAVA" 2>/dev/null || echo "$NETD_JAVA")
    echo "${NETD_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/netd}/$({
        printf '%s\n%s\n' "$NETD_ROOT" "$java"
        cat "$NETD_ROOT"/lib/*.jar "$(dirname "$(dirname "$java")")/release" 2>/dev/null
    } | cksum | cut -d' ' -f1)"
}

# JVM options, one a line, that start program $1 from its start-up cache, made from an
# earlier run: on JDK 25+ an AOT cache (classes loaded and linked, and method profiles), on
# JDK 21-24 a class-data-sharing archive. NETD_CACHE=off, or "start-up-cache=off" for the
# program in conf/jvm.options, runs without one; so does a cache directory that cannot be made.
#
# A run that finds no AOT cache records a training under a name of its own
# ($1.aot.training-PID, PID being java's: $2, or the launcher's, which java takes over by
# exec; $2 empty: the run records nothing), and a later start makes the cache from it once
# that run has ended
# (netd_cache_make): players started together never write the same file, and a training
# still being written is never read; a cache is made under a name of its own and renamed, so
# one half-made is never read either. The JVM checks a cache's header (its own version and
# build, the jars' sizes and times), not a checksum of the whole (VerifySharedSpaces, off by
# default as for the JDK's own archive): that cost 20-30 ms of CPU at each start, a tenth of a
# 'player --version', for a file no one but this launcher writes. A cache older than the jar
# is removed: the JVM does not remake one whose jar changed, it only runs without it. The
# caches' log lines are silenced: they are an optimisation, not news.
netd_cache_options() {
    local module=$1 recorder=${2-$$} jar dir cache
    netd_init
    [ "${NETD_CACHE:-on}" = off ] && return 0
    [ "$(netd_conf_setting "$module" start-up-cache on)" = off ] && return 0
    jar=$(netd_jar "$module")
    dir=$(netd_cache_dir "$module")
    { [ -d "$dir" ] || mkdir -p "$dir" 2>/dev/null; } && [ -w "$dir" ] || return 0
    if [ "$NETD_JAVA_MAJOR" -lt 25 ]; then
        cache="$dir/$module.jsa"
        if [ -f "$cache" ] && [ "$jar" -nt "$cache" ]; then
            rm -f "$cache"
        fi
        if [ -n "$recorder" ]; then
            printf '%s\n' -XX:+AutoCreateSharedArchive "-XX:SharedArchiveFile=$cache" -Xlog:cds=off -Xlog:cds+dynamic=off
        elif [ -f "$cache" ]; then
            printf '%s\n' "-XX:SharedArchiveFile=$cache" -Xlog:cds=off -Xlog:cds+dynamic=off
        fi
        return
    fi
    cache="$dir/$module.aot"
    if [ -f "$cache" ] && [ "$jar" -nt "$cache" ]; then
        rm -f "$cache"
    fi
    netd_cache_make "$module" "$jar" "$cache"
    if [ -f "$cache" ]; then
        printf '%s\n' "-XX:AOTCache=$cache" -Xlog:aot=off -Xlog:cds=off
    elif [ -n "$recorder" ]; then
        # The JVM ends a training with a line on stdout, which only -DisplayVMOutput silences.
        printf '%s\n' -XX:AOTMode=record "-XX:AOTConfiguration=$cache.training-$recorder" -Xlog:aot=off -Xlog:cds=off \
            -XX:+UnlockDiagnosticVMOptions -XX:-DisplayVMOutput
    fi
}

# Makes program $1's AOT cache $3 (for jar $2) from the training of a run that has ended, once,
# quietly (about a second), and removes the trainings no longer needed. A launcher takes a
# training by renaming it, so two starting together never both make the cache from it.
netd_cache_make() {
    local module=$1 jar=$2 cache=$3 training taken made options stale
    # What a launcher killed while making the cache left (its pid ends the name): removed, as
    # it is no one's any more and holds a training's or a cache's tens of MiB.
    for stale in "$cache".taking-* "$cache".making-*; do
        if [ -f "$stale" ] && ! kill -0 "${stale##*-}" 2>/dev/null; then
            rm -f "$stale"
        fi
    done
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
            mapfile -t options < <(netd_conf_options "$module")
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
        *AutoCreateSharedArchive*) [ -f "$(netd_cache_dir "$1")/$1.jsa" ] ;;
        *) return 0 ;;
    esac
}

# How a user runs program $1 from this layout, for messages: bin/player or scripts/player.sh.
netd_command() {
    netd_init
    if [ -n "$NETD_RELEASE" ]; then
        echo "$(basename "$NETD_ROOT")/bin/$1"
    else
        echo "scripts/$1.sh"
    fi
}
