#!/usr/bin/env bash
# Starts the hub; every argument is passed through. See README.md or 'hub.sh --help'.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/netd.sh"
# A bounded heap keeps ten thousand connections under 512 MiB resident (the JVM would
# otherwise size the heap from the machine's memory and let garbage pile up). Set
# NETD_JAVA_OPTS to choose other options, e.g. a larger -Xmx for more connections.
NETD_JAVA_OPTS="${NETD_JAVA_OPTS-"-Xmx384m"}"
netd_run hub "$@"
