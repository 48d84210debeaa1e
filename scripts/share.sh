#!/usr/bin/env bash
# Shares a FILE or a FOLDER with other machines: makes its library next to it (or reuses an
# up-to-date one), starts a hub unless --hub names one, seeds it in place (no copy), and prints
# the command to run on the other machines. Runs until Ctrl-C.
# Usage: scripts/share.sh FILE|FOLDER [--hub IP/PORT] [--root DIR] [--hub-ip IP] [--hub-port N]
#   --hub IP/PORT   use this running hub instead of starting one
#   --root DIR      the players' root directory (default: ~/.netd/players)
#   --hub-ip IP     the address other machines reach the started hub at (default: this machine's first address)
#   --hub-port N    the started hub's port (default: 8001, the original's)
set -euo pipefail
source "$(dirname "$(readlink -f "${BASH_SOURCE[0]}" 2>/dev/null || echo "${BASH_SOURCE[0]}")")/lib/netd.sh"
netd_init
usage() { netd_fail "usage: share.sh FILE|FOLDER [--hub IP/PORT] [--root DIR] [--hub-ip IP] [--hub-port N]${1:+ ($1)}"; }

file="" hub="" root="$HOME/.netd/players" hub_ip="" hub_port=8001
while [ $# -gt 0 ]; do
    case "$1" in
        --hub) [ $# -ge 2 ] || usage "--hub needs IP/PORT"; hub=$2; shift 2 ;;
        --root) [ $# -ge 2 ] || usage "--root needs a directory"; root=$2; shift 2 ;;
        --hub-ip) [ $# -ge 2 ] || usage "--hub-ip needs an address"; hub_ip=$2; shift 2 ;;
        --hub-port) [ $# -ge 2 ] || usage "--hub-port needs a number"; hub_port=$2; shift 2 ;;
        -h|--help) sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        -*) usage "unknown option $1" ;;
        *) [ -z "$file" ] || usage "only one FILE or FOLDER"; file=${1%/}; shift ;;
    esac
done
[ -n "$file" ] || usage "FILE or FOLDER is missing"
[ -f "$file" ] || [ -d "$file" ] || netd_fail "$file is neither a file nor a folder"
for module in librarifier hub player; do netd_ensure_jar "$module"; done
children=()
trap 'kill "${children[@]}" 2>/dev/null; wait' EXIT
trap 'exit 0' INT TERM

if [ -z "$hub" ]; then
    [ -n "$hub_ip" ] || hub_ip=$(hostname -I 2>/dev/null | awk '{print $1}')
    [ -n "$hub_ip" ] || hub_ip=127.0.0.1
    hub="$hub_ip/$hub_port"
    mkdir -p "$root"
    (netd_exec hub --port "$hub_port") > "$root/hub.log" 2>&1 &
    children+=($!)
    for _ in $(seq 100); do grep -q listening "$root/hub.log" 2>/dev/null && break; sleep 0.1; done
    grep -q listening "$root/hub.log" || { cat "$root/hub.log" >&2; netd_fail "the hub did not start (see above)"; }
    echo "hub: started at $hub (log: $root/hub.log)"
fi

# A library is reused when it is newer than the file (or than everything in the folder) and
# names the same hub. The book size is auto: 16 KiB, which original players can use, for a
# file of up to 2 GiB; a folder or a larger file gets a netd library (docs/PROTOCOL-EXTENSIONS.md).
library="$file.libr"
if [ -f "$library" ] && [ -z "$(find "$file" -newer "$library" -print -quit)" ] \
        && grep -aqF "8:announce${#hub}:$hub" "$library"; then
    echo "library: $library (up to date, reused)"
else
    (netd_exec librarifier "$hub" "$file" auto "$library" --force)
    echo "library: $library"
fi

mkdir -p "$root"
(netd_exec player "$root" "$library" None --stuff "$file" > "$root/seeder.log" 2>&1) &
children+=($!)
for _ in $(seq 600); do grep -q "hub: \|failed\|refused\|cannot" "$root/seeder.log" 2>/dev/null && break; sleep 0.1; done
seeder_id=$(sed -n 's/^player id: //p' "$root/seeder.log")
[ -n "$seeder_id" ] || { cat "$root/seeder.log" >&2; netd_fail "the seeder did not start (see above)"; }
cat <<TXT
seeding: $file as player $seeder_id (log: $root/seeder.log)

On each other machine, with netd installed there (README.md: Install), copy $(basename "$library") there and run:
    $(netd_command player) ROOT $(basename "$library") None
(ROOT is any directory; the $([ -d "$file" ] && echo folder || echo file) arrives in ROOT/<new player id>/$(basename "$file").)
Ctrl-C stops sharing.
TXT
wait "${children[@]}"
