#!/usr/bin/env bash
# The one test command: installs what the tests drive when it is missing
# (scripts/test-deps.sh), builds everything and runs every test, unit and end-to-end
# (end-to-end tests start the real jars on 127.0.0.1), then builds the release archives
# once and tests each as a user would (scripts/test-dist.sh). Extra arguments go to Maven;
# with any, only Maven runs.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/netd.sh"
netd_init
# The real servers and browser the tests drive: installed when missing (as root, with
# apt-get), else one sentence naming them and exit 1.
bash "$NETD_ROOT/scripts/test-deps.sh"
echo "netd: testing with $("$NETD_JAVA" -version 2>&1 | head -n1) at $NETD_JAVA"
netd_maven -B verify "$@"
[ $# -eq 0 ] || exit 0
bash "$NETD_ROOT/scripts/dist.sh" --no-build
bash "$NETD_ROOT/scripts/test-dist.sh"
