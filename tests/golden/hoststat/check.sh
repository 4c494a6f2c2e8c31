#!/bin/sh
# check.sh - tern's -bh/-bH against the golden files recorded from the
# real sendmail 8.17 (make.sh): the same status directories, the same
# stdout, stderr and exit status.  The "How long ago" column counts from
# the moment of the run, so a case that crossed a second boundary is run
# again (at most three times).
# usage: tests/golden/hoststat/check.sh [SENDMAIL [MAKEMAP]]   (as root)
set -u
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../../.." && pwd)
GOLDEN_REPO=$repo
. "$repo/tests/golden/lib.sh"
sendmail=$(golden_abspath "${1:-$repo/build/san/bin/sendmail}")
makemap=$(golden_abspath "${2:-$repo/build/bin/makemap}")
world=$repo/build/golden-hoststat-check-world
pass=0 fail=0
if ! "$repo/tests/golden/world-setup.sh" "$world" "$makemap" > /dev/null 2>&1; then
	echo "FAIL world setup"
	echo "hoststat-golden: 0 passed, 1 failed"
	exit 1
fi
golden_bin "$sendmail" "$world" tern > /dev/null
cp "$here/cases.sh" "$world/cases.sh"
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0}
for f in "$here"/out/*.out; do
	c=$(basename "$f" .out)
	try=0
	while :; do
		try=$((try + 1))
		rm -rf "$world/out"
		"$repo/tests/world/enter.sh" "$world" /bin/sh /tmp/w/cases.sh \
			/tmp/w/.bin/tern /tmp/w/out "$c" > /dev/null 2>&1
		if cmp -s "$f" "$world/out/$c.out" &&
		   cmp -s "$here/out/$c.err" "$world/out/$c.err" &&
		   cmp -s "$here/out/$c.rc" "$world/out/$c.rc"; then
			pass=$((pass + 1)); echo "ok $c"
			break
		fi
		if [ $try -ge 3 ]; then
			fail=$((fail + 1)); echo "FAIL $c"
			for x in out err rc; do
				diff "$here/out/$c.$x" "$world/out/$c.$x" | sed 's/^/    /' | head -n 20
			done
			break
		fi
	done
done
echo "hoststat-golden: $pass passed, $fail failed"
[ $fail -eq 0 ]
