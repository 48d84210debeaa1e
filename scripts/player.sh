#!/usr/bin/env bash
# Starts the player; every argument is passed through. See README.md or 'player.sh --help'.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/netd.sh"
netd_ensure_jar player
# From the start-up cache beside the jar (netd_cache_options): less time and CPU to full speed.
netd_exec_cached player "$@"
