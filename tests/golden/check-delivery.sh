#!/bin/sh
# check-delivery.sh - a sendmail's deliveries against the real sendmail
# 8.17's (tests/golden/delivery/cases/CASE.mbox and CASE.log, recorded by
# make-delivery.sh).
#
# usage: tests/golden/check-delivery.sh SENDMAIL [CASE...]     (as root)
#
# Each case runs exactly as make-delivery.sh ran it (delivery/lib.sh:
# the same world, .cf, mail.local, smrsh and case script), in
# build/golden-delivery-check-world (GOLDEN_WORLD=dir moves it) whose
# maps are built by $MAKEMAP (default build/bin/makemap).  Two results
# per case, both normalized by delivery/norm.py (GOLDEN_SELF_VERSION:
# the version SENDMAIL puts in Received, as check-bt.sh):
#   CASE.mbox  the mailboxes, the file-mailer file, the program's input,
#              the queue left behind, byte for byte;
#   CASE.log   the syslog lines, one field a line.
# Results listed in delivery/XFAIL (known differences, with the reason)
# print "xfail NAME" (or "XPASS NAME" when they agree after all) and do
# not count as failures.  Ends with "delivery-golden: N passed, N failed".
set -u
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
GOLDEN_REPO=$repo
. "$here/lib.sh"
. "$here/delivery/lib.sh"
[ $# -ge 1 ] || { echo "usage: $0 SENDMAIL [CASE...]" >&2; exit 2; }
sm=$(golden_abspath "$1"); shift
if [ -z "${GOLDEN_SELF_VERSION:-}" ]; then
	GOLDEN_SELF_VERSION=$(sed -n 's/^#define TERN_VERSION[^"]*"\(.*\)"/\1/p' \
		"$repo/src/util/version.h")
	export GOLDEN_SELF_VERSION
fi
mm=${MAKEMAP:-$repo/build/bin/makemap}
world=${GOLDEN_WORLD:-$repo/build/golden-delivery-check-world}
out=$world.out
rm -rf "$out"
mkdir -p "$out"
if ! dlvg_world "$world" "$mm" "$sm" > "$out/world.log" 2>&1; then
	echo "FAIL world: $(tail -n 3 "$out/world.log")"
	echo "delivery-golden: 0 passed, 1 failed"
	exit 1
fi
xfail=$(sed -n 's/^\([^#][^	]*\).*/\1/p' "$here/delivery/XFAIL" 2>/dev/null)
cases=${*:-$(cd "$here/delivery/cases" && ls *.sh | sed 's/\.sh$//')}
pass=0 fail=0 known=0
for c in $cases; do
	[ -f "$here/delivery/cases/$c.sh" ] || { echo "$0: no such case: $c" >&2; exit 2; }
	dlvg_case "$world" "$c" "$out"
	for k in mbox log; do
		"$here/delivery/norm.py" $k "$here/delivery/cases/$c.$k" > "$out/$c.$k.want"
		"$here/delivery/norm.py" $k "$out/$c.$k" > "$out/$c.$k.got"
		if echo "$xfail" | grep -qxF "$c.$k"; then
			if cmp -s "$out/$c.$k.want" "$out/$c.$k.got"; then
				echo "XPASS $c.$k (listed in delivery/XFAIL)"
				pass=$((pass + 1))
			else
				echo "xfail $c.$k"
				known=$((known + 1))
			fi
		elif cmp -s "$out/$c.$k.want" "$out/$c.$k.got"; then
			echo "ok   $c.$k"
			pass=$((pass + 1))
		else
			echo "FAIL $c.$k"
			golden_show_diff "$out/$c.$k.want" "$out/$c.$k.got"
			fail=$((fail + 1))
		fi
	done
done
echo "delivery-golden: $known known differences (tests/golden/delivery/XFAIL)"
echo "delivery-golden: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
