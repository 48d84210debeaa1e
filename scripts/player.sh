#!/usr/bin/env bash
# Starts the player; every argument is passed through. See README.md or 'player.sh --help'.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/netd.sh"
netd_run player "$@"
