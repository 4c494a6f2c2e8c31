#!/bin/sh
# check-intake.sh - compare a sendmail's message intake with the real
# sendmail 8.17's (tests/golden/intake/cases/NAME.out, made by
# tests/golden/intake/make.sh).
#
# usage: tests/golden/check-intake.sh SENDMAIL [NAME...]     (as root)
#
# Each case runs exactly as make.sh ran it (tests/golden/intake/lib.sh:
# the same world, arguments, message and normalization), in the world
# build/intake-check-world (GOLDEN_WORLD=dir moves it), whose maps are
# built by $MAKEMAP (default build/bin/makemap, else the real makemap).
# Prints "ok NAME" or "FAIL NAME" with the first differing lines, and
# ends with "intake: N passed, N failed"; exits 1 on any failure.
# GOLDEN_SELF_VERSION names the version SENDMAIL reports (as check-bt.sh),
# so "tern 0.1" and "8.17.1.9" both read VERSION.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
GOLDEN_REPO=$repo
. "$here/lib.sh"
. "$here/intake/lib.sh"
[ $# -ge 1 ] || { echo "usage: $0 SENDMAIL [NAME...]" >&2; exit 2; }
sm=$(golden_abspath "$1"); shift
cd "$repo"

mm=${MAKEMAP:-}
if [ -z "$mm" ]; then
	mm=$repo/build/bin/makemap
	[ -x "$mm" ] || mm=$repo/build/real-sendmail/root/usr/libexec/sendmail/makemap
fi
world=${GOLDEN_WORLD:-$repo/build/intake-check-world}
intake_world "$world" "$mm" > /dev/null ||
	{ echo "$0: cannot build the world $world" >&2; exit 1; }
golden_bin "$sm" "$world" sendmail > /dev/null

if [ $# -gt 0 ]; then
	names=$*
else
	names=$(cd "$here/intake/cases" && ls *.args | sed 's/\.args$//')
fi
pass=0; fail=0
for n in $names; do
	want=$here/intake/cases/$n.out
	[ -f "$want" ] || { echo "$0: no such case: $n" >&2; exit 2; }
	got=$world.out/$n.out
	mkdir -p "$world.out"
	intake_case "$world" "$n" > "$got" 2>&1 || true
	if cmp -s "$want" "$got"; then
		echo "ok $n"
		pass=$((pass + 1))
	else
		echo "FAIL $n"
		diff -u "$want" "$got" | sed -n '3,22p' | cut -c1-200 || true
		fail=$((fail + 1))
	fi
done
echo "intake: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
