#!/usr/bin/env bash
# A lab of hosts on this machine: each host is a network namespace (netd-h1 ... netd-hN) with
# one interface, eth0, on a bridge (netd-br0) and the address 10.77.0.<n>/24, which exists only
# inside the lab's namespaces. A host's uplink (what eth0 sends) and optionally its downlink
# (what the bridge sends to it) are shaped with tbf.
# Usage: scripts/netlab.sh up N [--uplink MBIT] [--downlink MBIT]
#        scripts/netlab.sh down
#        scripts/netlab.sh exec HOST COMMAND...      (HOST is 1 ... N)
#        scripts/netlab.sh hold
# 'up' makes the lab exactly N hosts (1 to 250) with the rates given (none: unshaped) and can
# be run again; 'down' removes every namespace, interface and bridge the lab has. A failure
# half-way through 'up' removes the whole lab. Needs root.
# 'exec' runs COMMAND in host HOST in place of this script, so the pid that started it is
# COMMAND's pid (a program started with exec in turn, like the launchers, keeps it).
# 'hold' takes the lab's lock, the one place its path is written: the lab's names are the
# machine's, so two runs at once would reshape, bring up or remove each other's hosts and kill
# each other's players. It waits while another run holds it (up to NETLAB_LOCK_WAIT seconds,
# default 900), prints "held" once it has it and keeps it until its input ends (or it dies):
# scripts/lib/netlab.sh and NetlabE2ETest hold the lab through it.
set -euo pipefail
NETLAB_PREFIX=netd-h
NETLAB_BRIDGE=netd-br0
NETLAB_SUBNET=10.77.0
NETLAB_LOCK=/run/lock/netd-netlab.lock

usage() {
    echo "netlab: $1; usage: netlab.sh up N [--uplink MBIT] [--downlink MBIT] | down | exec HOST COMMAND... | hold" >&2
    exit 2
}

require_root() {
    [ "$(id -u)" -eq 0 ] || { echo "netlab: making network namespaces needs root; run it as root (e.g. with sudo)." >&2; exit 2; }
    command -v ip >/dev/null && command -v tc >/dev/null \
        || { echo "netlab: 'ip' and 'tc' (iproute2) are needed but not on PATH." >&2; exit 2; }
}

whole_number() {
    case "$1" in '' | *[!0-9]*) return 1 ;; esac
}

# The lab's hosts now there, one namespace name a line.
lab_hosts() {
    ip netns list | awk -v prefix="$NETLAB_PREFIX" 'index($1, prefix) == 1 { print $1 }'
}

# Removes host $1: its processes, its veth pair (now: a namespace's deletion would take it
# only some time later) and its namespace.
remove_host() {
    ip netns pids "$1" 2>/dev/null | xargs -r kill -KILL 2>/dev/null || true
    ip link delete "netd-v${1#"$NETLAB_PREFIX"}" 2>/dev/null || true
    ip netns delete "$1"
}

lab_down() {
    local host
    for host in $(lab_hosts); do
        remove_host "$host"
    done
    if ip link show "$NETLAB_BRIDGE" >/dev/null 2>&1; then
        ip link delete "$NETLAB_BRIDGE" type bridge
    fi
}

# Shapes what $2 sends (in namespace $1, or here when empty) to $3 Mbit/s, or unshapes it.
shape() {
    local netns=(${1:+ip netns exec "$1"}) dev=$2 mbit=$3
    if [ -n "$mbit" ]; then
        # A burst of 64 KiB: at least a few full-size packets at any rate, small enough that
        # the rate holds over a tenth of a second. Packets waiting over 200 ms are dropped,
        # so TCP sees the link's limit instead of an ever longer queue.
        "${netns[@]}" tc qdisc replace dev "$dev" root tbf rate "${mbit}mbit" burst 64kb latency 200ms
    else
        "${netns[@]}" tc qdisc del dev "$dev" root 2>/dev/null || true
    fi
}

lab_up() {
    local hosts=$1 uplink=$2 downlink=$3 n host outside
    if ! ip link show "$NETLAB_BRIDGE" >/dev/null 2>&1; then
        ip link add "$NETLAB_BRIDGE" type bridge
    fi
    ip link set "$NETLAB_BRIDGE" up
    # Hosts beyond N, from a larger lab before, go.
    for host in $(lab_hosts); do
        n=${host#"$NETLAB_PREFIX"}
        if ! whole_number "$n" || [ "$n" -gt "$hosts" ]; then remove_host "$host"; fi
    done
    for n in $(seq "$hosts"); do
        host=$NETLAB_PREFIX$n
        outside=netd-v$n
        if ! ip netns list | grep -qx "$host\( .*\)\?"; then
            ip netns add "$host"
        fi
        if ! ip netns exec "$host" ip link show eth0 >/dev/null 2>&1; then
            ip link delete "$outside" 2>/dev/null || true
            ip link add "$outside" type veth peer name eth0 netns "$host"
        fi
        ip link set "$outside" master "$NETLAB_BRIDGE" up
        ip netns exec "$host" ip link set lo up
        ip netns exec "$host" ip address replace "$NETLAB_SUBNET.$n/24" dev eth0
        ip netns exec "$host" ip link set eth0 up
        shape "$host" eth0 "$uplink"
        shape "" "$outside" "$downlink"
    done
}

command=${1:-}
[ -n "$command" ] || usage "no command given"
shift
case "$command" in
    up)
        hosts=${1:-}
        whole_number "$hosts" && [ "$hosts" -ge 1 ] && [ "$hosts" -le 250 ] || usage "N must be a whole number from 1 to 250"
        shift
        uplink= downlink=
        while [ $# -gt 0 ]; do
            case "$1" in
                --uplink | --downlink)
                    [ $# -ge 2 ] && whole_number "$2" && [ "$2" -ge 1 ] || usage "$1 needs a rate in Mbit/s, a whole number from 1"
                    [ "$1" = --uplink ] && uplink=$2 || downlink=$2
                    shift 2
                    ;;
                *) usage "unknown option '$1'" ;;
            esac
        done
        require_root
        trap 'echo "netlab: making the lab failed; removing it" >&2; lab_down' ERR
        lab_up "$hosts" "$uplink" "$downlink"
        trap - ERR
        ;;
    down)
        [ $# -eq 0 ] || usage "down takes no arguments"
        require_root
        lab_down
        ;;
    exec)
        [ $# -ge 2 ] || usage "exec needs a host and a command"
        whole_number "$1" || usage "HOST must be a host's number"
        require_root
        ip netns list | grep -q "^$NETLAB_PREFIX$1\( \|$\)" || { echo "netlab: there is no host $1 in the lab (run 'netlab.sh up N' first)." >&2; exit 2; }
        host=$NETLAB_PREFIX$1
        shift
        exec ip netns exec "$host" "$@"
        ;;
    hold)
        [ $# -eq 0 ] || usage "hold takes no arguments"
        exec {lock}>> "$NETLAB_LOCK"
        if ! flock -n "$lock"; then
            echo "netlab: another run is using the lab; waiting for it to end" >&2
            flock -w "${NETLAB_LOCK_WAIT:-900}" "$lock" \
                || { echo "netlab: another run kept the lab for ${NETLAB_LOCK_WAIT:-900} s (lock $NETLAB_LOCK)" >&2; exit 1; }
        fi
        echo held
        # cat inherits the locked descriptor: the lock goes when the input ends.
        exec cat > /dev/null
        ;;
    *) usage "unknown command '$command'" ;;
esac
