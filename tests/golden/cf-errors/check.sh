#!/bin/sh
# check.sh - compare a sendmail's complaints about malformed .cf lines with
# the real sendmail 8.17's (the NAME.out / NAME.err / NAME.rc recorded by
# make.sh).
#
# usage: tests/golden/cf-errors/check.sh SENDMAIL [NAME...]    (as root)
#
# Runs every case (or the NAMEs given) exactly as make.sh does, in the world
# build/cf-errors-check-world (GOLDEN_WORLD=dir moves it), prints
# "ok NAME" or "FAIL NAME: what differs" and the first differing lines, and
# ends with "cf-errors: N passed, N failed"; exits 1 on any failure.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../../.." && pwd)
GOLDEN_REPO=$repo
. "$repo/tests/golden/lib.sh"
[ $# -ge 1 ] || { echo "usage: $0 SENDMAIL [NAME...]" >&2; exit 2; }
sm=$(golden_abspath "$1"); shift
cd "$repo"

world=${GOLDEN_WORLD:-$repo/build/cf-errors-check-world}
outd=$world.out
for d in "$world" "$outd"; do
	if [ -e "$d" ]; then
		if [ -e "$d/.cf-errors-world" ]; then
			rm -rf "$d"
		else
			echo "$0: $d exists and is not a cf-errors world" >&2
			exit 1
		fi
	fi
done
mkdir -p "$world/q" "$world/files" "$outd"
: > "$world/.cf-errors-world"
: > "$outd/.cf-errors-world"
cp "$here"/*.cf "$world/"
cp "$here"/files/* "$world/files/"
find "$world" -type d -exec chmod 0755 {} +
find "$world" -type f -exec chmod 0644 {} +
golden_bin "$sm" "$world" sendmail > /dev/null

if [ $# -gt 0 ]; then
	names=$*
else
	names=$(cd "$here" && ls *.cf | sed 's/\.cf$//')
fi
pass=0; fail=0
for n in $names; do
	[ -f "$here/$n.cf" ] || { echo "$0: no such case: $n" >&2; exit 2; }
	in=$here/$n.in
	[ -f "$in" ] || in=/dev/null
	args=
	[ -f "$here/$n.args" ] && args=$(cat "$here/$n.args")
	out=$outd/$n.out; err=$outd/$n.err
	rc=0
	golden_run "$world" "/tmp/w/$n.cf" "$args" "$in" "$out" "$err" || rc=$?
	want_rc=0
	[ -f "$here/$n.rc" ] && want_rc=$(cat "$here/$n.rc")
	want_err=/dev/null
	[ -f "$here/$n.err" ] && want_err=$here/$n.err
	# where sendmail names its version a clone names its own
	# (GOLDEN_SELF_VERSION), as in check-bt.sh
	if [ -n "${GOLDEN_SELF_VERSION:-}" ]; then
		sed "s/$GOLDEN_SELF_VERSION/8.17.1.9/g" "$out" > "$out.norm" &&
			mv "$out.norm" "$out"
	fi
	what=
	cmp -s "$here/$n.out" "$out" || what="$what stdout"
	cmp -s "$want_err" "$err" || what="$what stderr"
	[ "$rc" = "$want_rc" ] || what="$what exit-status($rc, want $want_rc)"
	if [ -z "$what" ]; then
		echo "ok $n"
		pass=$((pass + 1))
	else
		echo "FAIL $n:$what"
		diff -u "$here/$n.out" "$out" | sed -n '3,22p' | cut -c1-200 || true
		fail=$((fail + 1))
	fi
done
echo "cf-errors: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
