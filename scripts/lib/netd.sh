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

# The first java 21+ among: $JAVA_HOME, java on PATH, the system's installed JDKs.
netd_find_java() {
    local candidate major
    local candidates=()
    [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME/bin/java")
    command -v java >/dev/null 2>&1 && candidates+=("$(command -v java)")
    for candidate in /usr/lib/jvm/*/bin/java /usr/java/*/bin/java /opt/*/bin/java \
        /Library/Java/JavaVirtualMachines/*/Contents/Home/bin/java "$HOME"/.sdkman/candidates/java/*/bin/java; do
        [ -x "$candidate" ] && candidates+=("$candidate")
    done
    for candidate in "${candidates[@]}"; do
        [ -x "$candidate" ] || continue
        major=$(netd_java_major "$candidate") || continue
        if [ -n "$major" ] && [ "$major" -ge "$NETD_MIN_JAVA" ] 2>/dev/null; then
            echo "$candidate"
            return 0
        fi
    done
    return 1
}

NETD_JAVA=$(netd_find_java) || netd_fail "no Java $NETD_MIN_JAVA or newer found (looked at JAVA_HOME, java on PATH and /usr/lib/jvm); install a JDK $NETD_MIN_JAVA+ or set JAVA_HOME to one."
JAVA_HOME="$(cd "$(dirname "$(readlink -f "$NETD_JAVA")")/.." && pwd)"
export JAVA_HOME NETD_JAVA NETD_ROOT
# Maven's own libraries use sun.misc.Unsafe, which JDK 24+ warns about at every build.
if [ "$(netd_java_major "$NETD_JAVA")" -ge 24 ]; then
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

# JVM options that keep a class-data-sharing archive of program $1's classes beside its jar,
# made by the first run. A short-lived program such as the librarifier starts about 0.1 s
# sooner. An archive older than the jar is removed first: the JVM (25) does not remake one
# whose jar has changed, it only says "shared class paths mismatch" and runs without it. The
# archive's log lines are silenced: it is an optimisation, not news.
netd_cds_options() {
    local archive="$NETD_ROOT/$1/target/$1.jsa"
    if [ -f "$archive" ] && [ "$(netd_jar "$1")" -nt "$archive" ]; then
        rm -f "$archive"
    fi
    echo "-XX:+AutoCreateSharedArchive -XX:SharedArchiveFile=$archive -Xlog:cds=off -Xlog:cds+dynamic=off"
}
