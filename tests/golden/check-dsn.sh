#!/bin/sh
# check-dsn.sh - tern's DSN composer against the DSNs sendmail 8.17 wrote.
#
# usage: tests/golden/check-dsn.sh [CASE...]
#
# Builds tests/golden/dsn/drive.c against build/san/libtern.a (or
# $TERN_SAN_LIB) and, for every tests/golden/dsn/cases/CASE.in, runs it
# and compares its output with the DSN the real binary delivered to the
# sender (CASE.mbox, recorded by make-dsn.sh from CASE.sh), both
# normalized by dsn/norm.sh (queue IDs, dates, the boundary's time; the
# headers the .cf adds).  The inputs in CASE.in restate what the real
# sendmail knew (recipients, statuses, transcript, original header).
# Prints "ok"/"FAIL" per case and "dsn-golden: N passed, N failed".
set -u
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
tmp=$repo/build/golden-dsn-check
rm -rf "$tmp"
mkdir -p "$tmp"
pass=0 fail=0
cases=${*:-$(cd "$here/dsn/cases" && ls *.in | sed 's/\.in$//')}
drive=$tmp/drive
if ! cc -std=c11 -D_GNU_SOURCE -Wall -Wextra -Werror -g -O1 \
	-fsanitize=address,undefined -fno-sanitize-recover=undefined \
	-I"$repo/src" -o "$drive" "$here/dsn/drive.c" \
	"${TERN_SAN_LIB:-$repo/build/san/libtern.a}" -ldb -lresolv \
	> "$tmp/cc.log" 2>&1; then
	echo "FAIL build tests/golden/dsn/drive.c"
	sed 's/^/    /' "$tmp/cc.log" | head -n 20
	echo "dsn-golden: 0 passed, $(echo $cases | wc -w) failed"
	exit 1
fi
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0}
cd "$repo"
for c in $cases; do
	in=$here/dsn/cases/$c.in
	user=$(sed -n 's/^to: \([^@]*\).*/\1/p' "$in" | head -n 1)
	[ "$(sed -n 's/^kind: //p' "$in")" = postmaster ] && user=root
	"$here/dsn/norm.sh" "$user" < "$here/dsn/cases/$c.mbox" > "$tmp/$c.want"
	if TZ=UTC "$drive" "$in" > "$tmp/$c.raw" 2> "$tmp/$c.err"; then
		"$here/dsn/norm.sh" < "$tmp/$c.raw" > "$tmp/$c.got"
	else
		cat "$tmp/$c.err" > "$tmp/$c.got"
	fi
	if cmp -s "$tmp/$c.want" "$tmp/$c.got"; then
		pass=$((pass + 1)); echo "ok   $c"
	else
		fail=$((fail + 1)); echo "FAIL $c"
		diff -u "$tmp/$c.want" "$tmp/$c.got" | sed -n '3,22p' | sed 's/^/    /'
	fi
done
echo "dsn-golden: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
