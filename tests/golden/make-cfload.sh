#!/bin/sh
# make-cfload.sh - record what the REAL sendmail 8.17 says when it loads
# every upstream sample configuration.
#
# usage: tests/golden/make-cfload.sh      (as root)
#
# Fetches the real sendmail like make-bt.sh (build/real-sendmail), makes
# the world build/golden-cfload-world whose cfload/NAME.cf is
#     m4 /usr/share/sendmail/cf/m4/cf.m4 NAME.mc
# for every /usr/share/sendmail/cf/cf/NAME.mc (m4 run in that directory;
# its warnings are ignored), and runs in the world, for each NAME and each
# input INPUT in tests/golden/cfload/{quit,mailers}.in:
#     tests/world/enter.sh build/golden-cfload-world \
#         /tmp/w/.bin/sendmail -C /tmp/w/cfload/NAME.cf -bt \
#         < tests/golden/cfload/INPUT.in
# stdout -> tests/golden/cfload/NAME.INPUT.out, stderr -> NAME.INPUT.err
# (only if not empty), exit status -> NAME.INPUT.rc (only if not 0).
# Warnings the binary prints while reading the file (unknown users,
# missing class files, ...) are part of the transcript: the real binary
# prints them on stdout.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
GOLDEN_REPO=$repo
. "$here/lib.sh"
cd "$repo"

real=$repo/build/real-sendmail
world=$repo/build/golden-cfload-world
golden_fetch_real "$real" || { echo "$0: cannot fetch the real sendmail" >&2; exit 1; }
golden_cfload_world "$world"
golden_bin "$real/root/usr/libexec/sendmail/sendmail" "$world" sendmail > /dev/null

rm -f "$here"/cfload/*.out "$here"/cfload/*.err "$here"/cfload/*.rc
bad=0
for cf in "$world"/cfload/*.cf; do
	name=$(basename "$cf" .cf)
	for input in quit mailers; do
		s=$name.$input
		out=$here/cfload/$s.out; err=$here/cfload/$s.err
		rc=0
		golden_run "$world" "/tmp/w/cfload/$name.cf" "" \
			"$here/cfload/$input.in" "$out" "$err" || rc=$?
		[ -s "$err" ] || rm -f "$err"
		[ "$rc" -eq 0 ] || echo "$rc" > "$here/cfload/$s.rc"
		note=
		if [ "$rc" -eq 124 ] || [ "$rc" -ge 128 ]; then
			note=" killed/crashed"; bad=1
		fi
		printf '%-32s rc=%-3s %4d lines%s\n' "$s" "$rc" "$(wc -l < "$out")" "$note"
	done
done
[ "$bad" -eq 0 ]
