#!/usr/bin/env bash
# Starts the librarifier; every argument is passed through. See README.md or 'librarifier --help'.
set -euo pipefail
source "$(dirname "$(readlink -f "${BASH_SOURCE[0]}" 2>/dev/null || echo "${BASH_SOURCE[0]}")")/lib/netd.sh"
netd_init
netd_exec librarifier "$@"
