#!/usr/bin/env bash
# Starts the librarifier; every argument is passed through. See README.md or 'librarifier.sh --help'.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/netd.sh"
netd_ensure_jar librarifier
# From the start-up cache beside the jar (netd_cache_options): it starts hashing sooner.
netd_exec_cached librarifier "$@"
