#!/usr/bin/env bash
# Starts the hub; every argument is passed through. See README.md or 'hub.sh --help'.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/netd.sh"
# A small bounded heap and the serial collector: the hub's live data is a few tens of MiB
# for ten thousand connections, and what it allocates dies young, so a 128 MiB heap
# collected by one thread keeps it under 200 MiB resident with pauses of a few ms, where G1
# and 384 MiB took about 350 MiB (scripts/bench-hub.sh, docs/hub-performance.md). Set
# NETD_JAVA_OPTS to choose other options, e.g. a larger -Xmx for far more connections.
NETD_JAVA_OPTS="${NETD_JAVA_OPTS-"-XX:+UseSerialGC -Xmx128m"}"
netd_run hub "$@"
