#!/bin/sh
# check-cfload.sh - compare a sendmail's loading of every upstream sample
# configuration against the real sendmail 8.17 (see make-cfload.sh).
#
# usage: tests/golden/check-cfload.sh SENDMAIL      (as root)
#
# Makes the world build/golden-cfload-check-world (or $GOLDEN_WORLD) the
# same way make-cfload.sh does, runs
#     tests/world/enter.sh WORLD /tmp/w/.bin/sendmail \
#         -C /tmp/w/cfload/NAME.cf -bt < tests/golden/cfload/INPUT.in
# and compares stdout, stderr and exit status with NAME.INPUT.{out,err,rc}.
# Prints "ok"/"FAIL" per session, the first differing lines of failures,
# then "cfload: N passed, N failed"; exits 1 on any failure.  A missing
# SENDMAIL fails every session.
set -u
if [ $# -ne 1 ]; then
	echo "usage: $0 SENDMAIL" >&2
	exit 2
fi
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
GOLDEN_REPO=$repo
. "$here/lib.sh"
sendmail=$(golden_abspath "$1")
world=${GOLDEN_WORLD:-$repo/build/golden-cfload-check-world}
tmp=$world.out
rm -rf "$tmp"
mkdir -p "$tmp"
: > "$tmp/.empty"

setup_error=
if [ ! -x "$sendmail" ]; then
	setup_error="no sendmail at $sendmail"
elif ! golden_cfload_world "$world" > "$tmp/setup.log" 2>&1; then
	setup_error="cannot make the world: $(tail -n 3 "$tmp/setup.log" | tr '\n' ' ')"
else
	golden_bin "$sendmail" "$world" sendmail > /dev/null
fi


pass=0; fail=0
for exp in "$here"/cfload/*.out; do
	s=$(basename "$exp" .out)
	name=${s%.*}; input=${s##*.}
	if [ -n "$setup_error" ]; then
		echo "FAIL $s"
		echo "    $setup_error"
		fail=$((fail + 1))
		continue
	fi
	out=$tmp/$s.out; err=$tmp/$s.err
	rc=0
	golden_run "$world" "/tmp/w/cfload/$name.cf" "" "$here/cfload/$input.in" \
		"$out" "$err" || rc=$?
	exp_rc=0
	[ -f "$here/cfload/$s.rc" ] && exp_rc=$(cat "$here/cfload/$s.rc")
	exp_err=$here/cfload/$s.err
	[ -f "$exp_err" ] || exp_err=$tmp/.empty
	if golden_verdict "$s" "$exp" "$out" "$exp_err" "$err" "$rc" "$exp_rc"; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
	fi
done
echo "cfload: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
