#!/bin/sh
# kill-commit.sh - SIGKILL a process committing messages to the queue, at
# random moments, 200 times; after each kill every acknowledged message
# must be whole and no control file partial.
#
# usage: tests/queue/kill-commit.sh [ROUNDS]     (default 200)
#
# The committer is tests/queue/qcommit (built here against
# build/libtern.a, or $TERN_LIB): "qcommit loop" commits messages with
# bodies of 0-70 KB through queue_commit (SuperSafe=True: df, locked tf,
# fsync, link to qf, fsync of the directory) and, only after
# queue_commit has returned, appends "ID SIZE" to a log and fsyncs it --
# the log is what an SMTP client would have seen answered 250.  Each
# round starts it, kills it with SIGKILL after 0-40 ms, and runs
# "qcommit check": every logged message has a qf that reads to its "."
# line and a df of the logged size, every qf in the queue reads whole;
# tf files (stale, unlocked) and df files without a control file are
# counted -- the leftovers queue_recover removes.  The queue lives in
# build/ (a real disk, not tmpfs).  Prints "kill-commit: N passed, N
# failed"; well under a minute.
set -u
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
rounds=${1:-200}
work=$repo/build/kill-commit
rm -rf "$work"
mkdir -p "$work/mqueue"
chmod 700 "$work/mqueue"
printf 'V10\nO QueueDirectory=%s/mqueue\nO SuperSafe=True\nO QueueFileMode=0600\n' \
	"$work" > "$work/test.cf"
qc=$work/qcommit
if ! cc -std=c11 -D_GNU_SOURCE -Wall -Wextra -Werror -Wno-unused-parameter \
	-O2 -g -I"$repo/src" -o "$qc" "$here/qcommit.c" \
	"${TERN_LIB:-$repo/build/libtern.a}" -ldb -lresolv > "$work/cc.log" 2>&1; then
	cat "$work/cc.log"
	echo "kill-commit: 0 passed, 1 failed"
	exit 1
fi

pass=0 fail=0 tfs=0 orphans=0 i=0
start=$(date +%s)
while [ $i -lt "$rounds" ]; do
	i=$((i + 1))
	"$qc" loop "$work/test.cf" "$work/acked.log" 2> "$work/loop.err" &
	pid=$!
	# 0..40 ms, different each round
	ms=$(( $(od -An -N2 -tu2 /dev/urandom) % 41 ))
	sleep "$(printf '0.%03d' "$ms")"
	kill -KILL "$pid" 2> /dev/null
	wait "$pid" 2> /dev/null
	if out=$("$qc" check "$work/test.cf" "$work/acked.log" 2>&1); then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
		echo "round $i (killed after ${ms} ms): $out"
	fi
	set -- $(printf '%s\n' "$out" | sed -n 's/.* tf \([0-9]*\) df-orphans \([0-9]*\).*/\1 \2/p')
	tfs=$((tfs + ${1:-0})); orphans=$((orphans + ${2:-0}))
	# clear the leftovers so each round counts its own
	"$qc" recover "$work/test.cf" > /dev/null
	# keep the queue small: whole messages were checked, start afresh
	if [ $((i % 20)) -eq 0 ]; then
		rm -rf "$work/mqueue" "$work/acked.log"
		mkdir -m 700 "$work/mqueue"
	fi
done
echo "rounds $rounds in $(( $(date +%s) - start )) s; leftovers seen: $tfs stale tf, $orphans orphan df (removable)"
echo "kill-commit: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
