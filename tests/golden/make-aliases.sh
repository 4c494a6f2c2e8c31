#!/bin/sh
# make-aliases.sh - record what the REAL sendmail 8.17's newaliases does.
#
# usage: tests/golden/make-aliases.sh [CASE...]      (as root)
#
# Fetches the real sendmail (golden_fetch_real, never installed), builds
# the world build/golden-aliases-world with the real makemap, and for
# every tests/golden/aliases/cases/CASE (or the CASEs named) runs
#     tests/golden/aliases/case.sh WORLD sendmail CASEDIR OUTDIR
# i.e. `sendmail -C /tmp/w/mta.cf -OAliasFile=SPEC -bi` inside the world,
# then keeps its stdout, stderr, exit status and the databases it left
# (sorted db_dump pairs) as CASE/expect.{out,err,rc,db}.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
GOLDEN_REPO=$repo
. "$here/lib.sh"
real=$repo/build/real-sendmail
world=$repo/build/golden-aliases-world
golden_fetch_real "$real" || { echo "$0: cannot fetch the real sendmail" >&2; exit 1; }
"$here/world-setup.sh" "$world" "$real/root/usr/libexec/sendmail/makemap" > /dev/null
golden_bin "$real/root/usr/libexec/sendmail/sendmail" "$world" sendmail > /dev/null
cases=${*:-$(cd "$here/aliases/cases" && ls)}
for c in $cases; do
	d=$here/aliases/cases/$c
	[ -d "$d" ] || { echo "$0: no such case: $c" >&2; exit 2; }
	o=$world.out/$c
	"$here/aliases/case.sh" "$world" sendmail "$d" "$o"
	for f in out err rc db; do
		cp "$o/$f" "$d/expect.$f"
	done
	echo "$c: rc $(cat "$o/rc")"
done
