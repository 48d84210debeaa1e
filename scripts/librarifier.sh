#!/usr/bin/env bash
# Starts the librarifier; every argument is passed through. See README.md or 'librarifier.sh --help'.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/netd.sh"
NETD_JAVA_OPTS="$(netd_cds_options librarifier) ${NETD_JAVA_OPTS:-}"
netd_run librarifier "$@"
