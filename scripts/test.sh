#!/usr/bin/env bash
# The one test command: builds everything and runs every test, unit and end-to-end
# (end-to-end tests start the real jars on 127.0.0.1). Extra arguments go to Maven.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/netd.sh"
netd_require_maven
cd "$NETD_ROOT"
echo "netd: testing with $("$NETD_JAVA" -version 2>&1 | head -n1) at $JAVA_HOME"
exec mvn -B verify "$@"
