#!/usr/bin/env bash
# Simulates a swarm: N players, each running the player's own connection manager, on a
# simulated network with a virtual clock (the sim module). The same --seed gives the same
# output line for line. Prints progress every 10 simulated seconds and ends with:
#   sim: N players, F MiB: p50 A s, p90 B s, max C s, T* D s, ratio R, seeder copies S, wasted W MiB, complete K of N
# Usage: scripts/simulate.sh --players N [--seeders S] [--size MIB] [--book-size BYTES]
#          [--uplink MBIT | --uplinks MBIT:SHARE,...] [--downlink MBIT] [--latency MS]
#          [--arrival flash | poisson:PER_S] [--seeder-leaves-after COPIES] [--leave-rate SHARE]
#          [--free-riders N] [--no-hash] [--seed N] [--csv FILE] [--plot FILE.svg]
#          [--start-up SECONDS[:SECONDS]] [--shaper-queue MS] [--exit-when-done] [--like-netlab]
#          [--idle-by-second]   (--help for all)
# Before the summary it prints why the leechers' uplinks sat idle, cause by cause
# (docs/simulator.md, "Why the uplinks sit idle"); --idle-by-second also per simulated second.
# --like-netlab models what scripts/bench-netlab.sh's hosts add (JVM start-up counted in each
# leecher's time, requests and haves queued behind books in tbf's 200 ms queue, leechers that
# exit when done); docs/simulator.md's "Fidelity" compares the two.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/netd.sh"
netd_init
netd_ensure_jar player
netd_ensure_jar hub
netd_ensure_jar sim
# The simulator first: its logging configuration (errors only) is the one found. The
# programs' jars name the libraries they run on (Class-Path), which the class path follows.
exec "$NETD_JAVA" -XX:+UseParallelGC -cp "$(netd_jar sim):$(netd_jar player):$NETD_ROOT/player/target/player-tests.jar:$(netd_jar hub)" \
    netd.sim.SimulateMain "$@"
