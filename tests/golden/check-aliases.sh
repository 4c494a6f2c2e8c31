#!/bin/sh
# check-aliases.sh - tern's newaliases (sendmail -bi) against sendmail 8.17.
#
# usage: tests/golden/check-aliases.sh SENDMAIL MAKEMAP [CASE...]   (as root)
#
# For every tests/golden/aliases/cases/CASE (recorded from the real
# binary by make-aliases.sh) runs SENDMAIL the same way in a fresh world
# (build/golden-aliases-check-world, maps made by MAKEMAP):
#     tests/golden/aliases/case.sh WORLD tern CASEDIR OUTDIR
# and compares stdout, stderr, exit status and the databases left
# (sorted key/value pairs, file mode, no other files) with
# CASE/expect.{out,err,rc,db}.  Prints "ok"/"FAIL" per case and
# "aliases-golden: N passed, N failed"; exits 1 on any failure.
set -u
if [ $# -lt 2 ]; then
	echo "usage: $0 SENDMAIL MAKEMAP [CASE...]" >&2
	exit 2
fi
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
GOLDEN_REPO=$repo
. "$here/lib.sh"
sendmail=$(golden_abspath "$1")
makemap=$(golden_abspath "$2")
shift 2
world=${GOLDEN_ALIASES_WORLD:-$repo/build/golden-aliases-check-world}
tmp=$world.out
rm -rf "$tmp"
mkdir -p "$tmp"
pass=0 fail=0
cases=${*:-$(cd "$here/aliases/cases" && ls)}
if [ ! -x "$sendmail" ] || ! "$here/world-setup.sh" "$world" "$makemap" > "$tmp/setup.log" 2>&1; then
	echo "FAIL setup (sendmail $sendmail, makemap $makemap)"
	sed 's/^/    /' "$tmp/setup.log" | head -n 20
	echo "aliases-golden: 0 passed, $(echo $cases | wc -w) failed"
	exit 1
fi
golden_bin "$sendmail" "$world" tern > /dev/null
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0}
for c in $cases; do
	d=$here/aliases/cases/$c
	o=$tmp/$c
	"$here/aliases/case.sh" "$world" tern "$d" "$o"
	why=
	for f in out err db; do
		cmp -s "$d/expect.$f" "$o/$f" || why="$why $f"
	done
	cmp -s "$d/expect.rc" "$o/rc" || why="$why exit-status($(cat "$o/rc"), expected $(cat "$d/expect.rc"))"
	if [ -z "$why" ]; then
		pass=$((pass + 1)); echo "ok   $c"
	else
		fail=$((fail + 1)); echo "FAIL $c:$why"
		for f in out err db; do
			case $why in *" $f"*) golden_show_diff "$d/expect.$f" "$o/$f" ;; esac
		done
	fi
done
echo "aliases-golden: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
