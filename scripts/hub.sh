#!/usr/bin/env bash
# Starts the hub; every argument is passed through. See README.md or 'hub.sh --help'.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/netd.sh"
netd_run hub "$@"
