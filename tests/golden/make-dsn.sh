#!/bin/sh
# make-dsn.sh - record the DSNs (bounces, delay warnings, delivery
# reports) the REAL sendmail 8.17 writes.
#
# usage: tests/golden/make-dsn.sh [CASE...]      (as root)
#
# Fetches the real sendmail (golden_fetch_real, never installed), builds
# the world build/golden-dsn-world (world-setup.sh with the real
# makemap) plus /tmp/w/dsn.cf (m4 of tests/golden/dsn/dsn.mc), whose
# local mailer is tests/golden/dsn/lmail.sh.  For every
# tests/golden/dsn/cases/CASE.sh (or the CASEs named) it empties the
# queue and the mailboxes, then runs the case inside the world with
#     SM="/tmp/w/.bin/sendmail -C /tmp/w/dsn.cf"  MSG=/tmp/w/dsn-msg  TZ=UTC
# and a shell function slow (feeds SMTP lines with a pause before each).
# (the message is tests/golden/dsn/msg) and keeps every mailbox the
# mailer wrote, each after a "==> USER <==" line, as
# tests/golden/dsn/cases/CASE.mbox.  Dates, queue IDs and boundaries
# vary from run to run; check-dsn.sh normalizes them.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
GOLDEN_REPO=$repo
. "$here/lib.sh"
real=$repo/build/real-sendmail
world=$repo/build/golden-dsn-world
golden_fetch_real "$real" || { echo "$0: cannot fetch the real sendmail" >&2; exit 1; }
"$here/world-setup.sh" "$world" "$real/root/usr/libexec/sendmail/makemap" > /dev/null
golden_bin "$real/root/usr/libexec/sendmail/sendmail" "$world" sendmail > /dev/null
m4 -D TERN_PREFIX=/tmp/w -D "TERN_CF=$repo/cf" -D "GOLDEN_CF=$here/cf" \
	/usr/share/sendmail/cf/m4/cf.m4 "$here/dsn/dsn.mc" > "$world/dsn.cf"
install -m 0755 "$here/dsn/lmail.sh" "$world/.bin/lmail"
install -m 0644 "$here/dsn/msg" "$world/dsn-msg"
cases=${*:-$(cd "$here/dsn/cases" && ls *.sh | sed 's/\.sh$//')}
for c in $cases; do
	rm -rf "$world/mbox" "$world/var/spool/mqueue"
	mkdir -m 1777 "$world/mbox"
	mkdir -m 0700 "$world/var/spool/mqueue"
	install -m 0644 "$here/dsn/cases/$c.sh" "$world/case.sh"
	"$repo/tests/world/enter.sh" "$world" /bin/sh -c '
		SM="/tmp/w/.bin/sendmail -C /tmp/w/dsn.cf" MSG=/tmp/w/dsn-msg TZ=UTC
		export SM MSG TZ
		# an SMTP client that waits a little before each line
		slow() { while IFS= read -r l; do sleep 0.2; printf "%s\r\n" "$l"; done; sleep 1; }
		cd /tmp/w && . /tmp/w/case.sh' > "$world.$c.log" 2>&1 || true
	out=$here/dsn/cases/$c.mbox
	: > "$out"
	for f in "$world"/mbox/*; do
		[ -f "$f" ] || continue
		echo "==> ${f##*/} <==" >> "$out"
		cat "$f" >> "$out"
	done
	echo "$c: $(grep -c '^==> ' "$out") mailbox(es), $(ls "$world/var/spool/mqueue" | wc -l) queue file(s)"
done
