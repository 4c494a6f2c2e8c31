#!/bin/sh
# daemon-bench.sh - the mail server (sendmail -bD, the -O2 build) against
# Postfix 3.7 (scripts/peers.sh postfix: extracted, never installed) on
# loopback: acceptance rate with smtp-source at 1, 10 and 50 sessions for
# 1 KiB and 64 KiB messages, CPU per accepted message, memory per idle
# session, printed next to the goals of issue 5.  Needs root (the daemon
# binds and drops privileges; Postfix's master too); skipped otherwise.
# Knobs: BENCH_DAEMON_MSGS (2000 per 1 KiB row, a quarter for 64 KiB),
# BENCH_IDLE (1000 idle tern sessions), BENCH_PF_IDLE (100 for Postfix),
# BENCH_ROUNDS (5: each cell's median is reported).
# The details are at the top of bench/daemon-bench.py.
set -eu
cd "$(dirname "$0")/.."
if [ "$(id -u)" -ne 0 ]; then
	echo "daemon-bench: skipped (the mail server needs root)"
	exit 0
fi
scripts/peers.sh postfix > /dev/null || {
	echo "daemon-bench: cannot fetch Postfix (scripts/peers.sh postfix)" >&2; }
export TERN_BUILD="${TERN_BUILD:-$(pwd)/build}"
exec timeout -k 10 1200 /usr/bin/python3 bench/daemon-bench.py
