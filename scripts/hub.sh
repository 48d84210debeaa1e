#!/usr/bin/env bash
# Starts the hub; every argument is passed through. See README.md or 'hub --help'.
set -euo pipefail
source "$(dirname "$(readlink -f "${BASH_SOURCE[0]}" 2>/dev/null || echo "${BASH_SOURCE[0]}")")/lib/netd.sh"
netd_init
netd_exec hub "$@"
