#!/bin/sh
# make-delivery.sh - record how the REAL sendmail 8.17 delivers: the
# mailboxes, files and program input its deliveries leave, and its
# syslog lines (intake "from=" and delivery "to=" lines).
#
# usage: tests/golden/make-delivery.sh [CASE...]      (as root)
#
# Fetches the real sendmail (golden_fetch_real, never installed), builds
# build/golden-delivery-world with the real makemap (delivery/lib.sh
# dlvg_world: tern's sendmail.cf, tern's mail.local and smrsh), runs
# every tests/golden/delivery/cases/CASE.sh (or the CASEs named) in it
# (delivery/lib.sh dlvg_case: intake with -odq, then the real
# sendmail's own -q) and keeps delivery/cases/CASE.mbox and CASE.log
# as they came (dates, queue IDs, pids vary; delivery/norm.py
# normalizes them when check-delivery.sh compares).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
GOLDEN_REPO=$repo
. "$here/lib.sh"
. "$here/delivery/lib.sh"
real=$repo/build/real-sendmail
world=$repo/build/golden-delivery-world
golden_fetch_real "$real" || { echo "$0: cannot fetch the real sendmail" >&2; exit 1; }
dlvg_world "$world" "$real/root/usr/libexec/sendmail/makemap" \
	"$real/root/usr/libexec/sendmail/sendmail" ||
	{ echo "$0: cannot build the world" >&2; exit 1; }
cases=${*:-$(cd "$here/delivery/cases" && ls *.sh | sed 's/\.sh$//')}
for c in $cases; do
	dlvg_case "$world" "$c" "$here/delivery/cases"
	rm -f "$here/delivery/cases/$c.stdout"
	printf '%-16s %3d mbox lines, %3d log lines\n' "$c" \
		"$(wc -l < "$here/delivery/cases/$c.mbox")" \
		"$(wc -l < "$here/delivery/cases/$c.log")"
done
