#!/usr/bin/env bash
# Fuzzes one Jazzer @FuzzTest for real. Usage:
#   scripts/fuzz.sh --list            the targets, one a line, as Class.method
#   scripts/fuzz.sh TARGET SECONDS    fuzz TARGET (Class.method, or Class when it has one) for SECONDS
# Plain 'mvn verify' only replays each target's committed inputs (Jazzer's regression mode);
# this runs the Jazzer driver itself, so the time limit is ours and not the annotation's.
# New coverage goes to .fuzz-corpus/ (not committed); a finding is written as crash-<sha1>
# into the target's committed inputs directory, <module>/src/test/resources/<package>/
# <Class>Inputs/<method>/, where, once the bug is fixed, every later build replays it.
# Fuzzing is CPU-bound: run it under 'nice -n 19' on a shared machine. Stopping it early
# (Ctrl-C, kill) makes Jazzer write the input under way as a crash- file: delete that one.
set -euo pipefail
source "$(dirname "$0")/lib/netd.sh"
netd_init

# Every "module path/to/Class.java method" of a @FuzzTest, from the test sources.
fuzz_tests() {
    local file module
    cd "$NETD_ROOT"
    grep -rl --include='*.java' '@FuzzTest' -- */src/test/java | sort | while read -r file; do
        module=${file%%/*}
        # The method is the first "void name(" after each @FuzzTest line.
        awk -v module="$module" -v file="$file" '
            /@FuzzTest/ { pending = 1; next }
            pending && match($0, /void [A-Za-z0-9_]+\(/) {
                print module, file, substr($0, RSTART + 5, RLENGTH - 6); pending = 0
            }' "$file"
    done
}

list_targets() {
    local module file method class
    fuzz_tests | while read -r module file method; do
        class=$(basename "$file" .java)
        echo "$class.$method"
    done
}

usage() {
    echo "usage: $0 --list | TARGET SECONDS  (TARGET from --list: Class.method, or Class)" >&2
    exit 2
}

[ "${1:-}" = "--list" ] && { list_targets; exit 0; }
[ $# -eq 2 ] || usage
target=$1
seconds=$2
case "$seconds" in
    '' | *[!0-9]* | 0) netd_fail "SECONDS must be a positive whole number, not '$seconds'." ;;
esac

matches=$(fuzz_tests | while read -r module file method; do
    class=$(basename "$file" .java)
    if [ "$target" = "$class.$method" ] || [ "$target" = "$class#$method" ] || [ "$target" = "$class" ]; then
        echo "$module $file $method"
    fi
done)
[ -n "$matches" ] || netd_fail "no fuzz target '$target'; the targets are: $(list_targets | tr '\n' ' ')"
[ "$(echo "$matches" | wc -l)" -eq 1 ] || netd_fail "'$target' names several fuzz tests; name one as Class.method: $(echo "$matches" | awk '{print $3}' | tr '\n' ' ')"
read -r module file method <<<"$matches"
class_path=${file#"$module/src/test/java/"}
class_path=${class_path%.java}
class_name=${class_path//\//.}

cd "$NETD_ROOT"
classpath_file="$NETD_ROOT/$module/target/fuzz-classpath.txt"
# Jazzer reads the inputs from target/test-classes too; Maven copies resources there but never
# deletes, so a removed input would live on in a stale copy.
rm -rf "$NETD_ROOT/$module/target/test-classes/$class_path""Inputs"
echo "netd: compiling $module and its tests..." >&2
netd_maven -B -q -pl "$module" -am test-compile dependency:build-classpath \
    -Dmdep.includeScope=test -Dmdep.outputFile="$classpath_file" >&2 \
    || netd_fail "compiling $module failed; run 'mvn -B -pl $module -am test-compile' to see why."

inputs="$NETD_ROOT/$module/src/test/resources/$class_path""Inputs/$method"
generated="$NETD_ROOT/.fuzz-corpus/$class_name/$method"
reproducers="$NETD_ROOT/$module/target/fuzz-reproducers"
mkdir -p "$inputs" "$generated" "$reproducers"

echo "netd: fuzzing $class_name.$method for $seconds s (inputs: ${inputs#"$NETD_ROOT/"})" >&2
# The first corpus directory receives what the fuzzer learns; the second seeds it.
# -timeout: an input that takes 10 s is a hang, which is a finding.
# -max_len: without it libFuzzer sizes inputs after the largest seed (64 KiB for a whole book)
# and slows to a crawl; longer seeds are cut to this length while fuzzing, and replayed whole
# by mvn verify.
# Jazzer 0.24 cannot instrument the classes of JDKs newer than it knows (it says so for each
# one at start); our classes are instrumented, so that noise is filtered out.
set +e
# shellcheck disable=SC2086 # NETD_FUZZ_JAVA_OPTS is a list of options
"$NETD_JAVA" -Xmx1g -XX:+EnableDynamicAgentLoading -XX:-OmitStackTraceInFastThrow ${NETD_FUZZ_JAVA_OPTS:-} \
    -cp "$NETD_ROOT/$module/target/test-classes:$NETD_ROOT/$module/target/classes:$(cat "$classpath_file")" \
    com.code_intelligence.jazzer.Jazzer \
    --target_class="$class_name" --target_method="$method" --reproducer_path="$reproducers" \
    -max_total_time="$seconds" -timeout=10 -max_len=4096 -artifact_prefix="$inputs/" \
    "$generated" "$inputs" 2>&1 \
    | awk '/^WARN: Failed to instrument / { skipping = 1; next }
           skipping && (/^java.lang.IllegalArgumentException: Unsupported class file major version/ || /^\tat /) { next }
           { skipping = 0; print; fflush() }'
status=${PIPESTATUS[0]}
set -e
if [ "$status" -ne 0 ]; then
    echo "netd: $class_name.$method found something (exit $status); the input is in ${inputs#"$NETD_ROOT/"}/" >&2
fi
exit "$status"
