#!/bin/sh
# kill-qwriter.sh - SIGKILL the queue writer at random moments while a
# front end streams messages to it over the qwriter protocol; after each
# kill every message the writer answered COMMITTED must be whole in the
# queue and no control file partial.
#
# usage: tests/queue/kill-qwriter.sh [ROUNDS]     (default 100)
#
# tests/queue/qwkill.c (built here against build/libtern.a, or
# $TERN_LIB) forks a writer (qw_server, SuperSafe=True) on a
# SOCK_SEQPACKET socketpair and streams messages of 0-70 KB, 8
# transactions at a time, in BODY frames of random sizes; it appends
# "ID SIZE" to a log, fsynced, only after COMMITTED arrived -- what the
# SMTP client would have been answered 250.  Each round kills the
# writer after 0-40 ms and runs "qcommit check" (tests/queue/qcommit.c,
# as kill-commit.sh): every logged message has a qf that reads to its
# "." line and a df of the logged size, every qf reads whole; stale tf
# and orphan df files (what queue_recover removes) are counted.  The
# queue lives in build/ (a real disk, not tmpfs).  Prints
# "kill-qwriter: N passed, N failed"; well under a minute.
set -u
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
rounds=${1:-100}
work=$repo/build/kill-qwriter
rm -rf "$work"
mkdir -p "$work/mqueue"
chmod 700 "$work/mqueue"
printf 'V10\nO QueueDirectory=%s/mqueue\nO SuperSafe=True\nO QueueFileMode=0600\n' \
	"$work" > "$work/test.cf"
lib=${TERN_LIB:-$repo/build/libtern.a}
libs="-ldb -lresolv -lsasl2 -lcares -lssl -lcrypto"
for p in qwkill qcommit; do
	if ! cc -std=c11 -D_GNU_SOURCE -Wall -Wextra -Werror -Wno-unused-parameter \
		-O2 -g -I"$repo/src" -o "$work/$p" "$here/$p.c" "$lib" $libs \
		> "$work/cc.log" 2>&1; then
		cat "$work/cc.log"
		echo "kill-qwriter: 0 passed, 1 failed"
		exit 1
	fi
done

pass=0 fail=0 tfs=0 orphans=0 logged=0 i=0
start=$(date +%s)
while [ $i -lt "$rounds" ]; do
	i=$((i + 1))
	rm -f "$work/writer.pid"
	"$work/qwkill" run "$work/test.cf" "$work/acked.log" "$work/writer.pid" \
		2> "$work/run.err" &
	fe=$!
	n=0
	while [ ! -s "$work/writer.pid" ] && [ $n -lt 500 ]; do
		sleep 0.01; n=$((n + 1))
	done
	wpid=$(cat "$work/writer.pid" 2> /dev/null)
	ms=$(( $(od -An -N2 -tu2 /dev/urandom) % 41 ))
	sleep "$(printf '0.%03d' "$ms")"
	[ -n "$wpid" ] && kill -KILL "$wpid" 2> /dev/null
	wait "$fe" 2> /dev/null
	if out=$("$work/qcommit" check "$work/test.cf" "$work/acked.log" 2>&1) &&
	    [ -n "$wpid" ]; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
		echo "round $i (writer ${wpid:-not started} killed after ${ms} ms): $out"
	fi
	set -- $(printf '%s\n' "$out" | sed -n 's/.* tf \([0-9]*\) df-orphans \([0-9]*\).*/\1 \2/p')
	tfs=$((tfs + ${1:-0})); orphans=$((orphans + ${2:-0}))
	"$work/qcommit" recover "$work/test.cf" > /dev/null
	if [ $((i % 20)) -eq 0 ] || [ $i -eq "$rounds" ]; then
		logged=$((logged + $(cat "$work/acked.log" 2> /dev/null | wc -l)))
		rm -rf "$work/mqueue" "$work/acked.log"
		mkdir -m 700 "$work/mqueue"
	fi
done
echo "rounds $rounds in $(( $(date +%s) - start )) s; $logged COMMITTED messages checked; leftovers seen: $tfs stale tf, $orphans orphan df (removable)"
echo "kill-qwriter: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
