#!/usr/bin/env bash
# The hub's announce path in-process (netd.bench.hub.AnswerPath in bench.jar): the hub
# benchmark's 10,000 players through the real Registrar and the answer's encoding, on one
# thread, with no sockets, under the hub's JVM options (conf/jvm.options). Prints the CPU time
# and the bytes allocated per announce, and the frames' CRC: figures that a crowded machine
# disturbs far less than scripts/bench-hub.sh's, for the Java part of an announce only.
# --hub-jar JAR runs it on another build's hub.jar (e.g. main's, to compare in the same
# minutes); other arguments go to AnswerPath (see its --help).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/netd.sh"
netd_init

hub_jar=
args=()
while [ $# -gt 0 ]; do
    case "$1" in
        --hub-jar) hub_jar=${2:-}; shift 2 || netd_fail "--hub-jar needs the path of a hub.jar" ;;
        *) args+=("$1"); shift ;;
    esac
done
netd_ensure_jar bench
if [ -z "$hub_jar" ]; then
    netd_ensure_jar hub
    hub_jar=$(netd_jar hub)
fi
[ -f "$hub_jar" ] || netd_fail "no hub.jar at $hub_jar"
mapfile -t options < <(netd_conf_options hub)
"$NETD_JAVA" "${options[@]}" -cp "$(netd_jar bench):$hub_jar" netd.bench.hub.AnswerPath --quiet "${args[@]}"
