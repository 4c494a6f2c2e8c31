#!/bin/sh
# make-bp.sh - record the mailq (-bp) golden files from the REAL sendmail.
#
# usage: tests/golden/bp/make-bp.sh [CASE...]        (as root)
#
# 1. Fetches and unpacks sendmail 8.17 like make-bt.sh (lib.sh
#    golden_fetch_real: apt-get download, dpkg -x, never installed) and
#    builds the world build/golden-bp-world with its makemap.
# 2. The listing cases of bp.py (queues with fixed contents): runs, inside
#    the world,  /tmp/w/.bin/sendmail -C CF -OQueueLA=1000 -bp ARGS  and
#    keeps stdout/stderr/status in tests/golden/bp/out/CASE.{out,err,rc}.
# 3. Unless CASEs were named: a queue WRITTEN by the real sendmail, never
#    delivered: the SMTP sessions in sessions/*.smtp through
#    `sendmail -odq -bs`, a message through `sendmail -odq -t -f -F`, and
#    one with recipients on the command line (-odq).  The queue files go
#    to tests/golden/bp/realq/ (data: sendmail's own qf and df files), the
#    server's replies to realq.sessions, and the real -bp and -bp -v
#    listings of that queue to realq.out and realq-v.out.
# Run it again only on purpose: realq/ then gets new IDs and times.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../../.." && pwd)
GOLDEN_REPO=$repo
. "$repo/tests/golden/lib.sh"

real=$repo/build/real-sendmail
world=$repo/build/golden-bp-world
golden_fetch_real "$real" || { echo "$0: cannot fetch the real sendmail" >&2; exit 1; }
sm=$real/root/usr/libexec/sendmail/sendmail
"$repo/tests/golden/world-setup.sh" "$world" \
	"$real/root/usr/libexec/sendmail/makemap" > /dev/null
golden_bin "$sm" "$world" sendmail > /dev/null
enter() { "$repo/tests/world/enter.sh" "$world" "$@"; }

enter python3 "$here/bp.py" record /tmp/w/.bin/sendmail "$here/out" "$@"
[ $# -eq 0 ] || exit 0

rm -rf "$here/realq"
mkdir -p "$here/realq"
enter /bin/sh -eu -c '
here=$1
q=/tmp/w/var/spool/mqueue
sm="/tmp/w/.bin/sendmail -C /tmp/w/mta.cf"
rm -rf $q
mkdir -m 700 $q
: > /tmp/w/sessions
for s in "$here"/sessions/*.smtp; do
	echo "== $(basename "$s")" >> /tmp/w/sessions
	python3 "$here/smtp.py" "$s" -- $sm -odq -bs >> /tmp/w/sessions
	sleep 1		# distinct creation times
done
printf "To: bob@example.com, \"Who Ever\" <who@www.other.org>\nCc: cc@www.other.org\nSubject: via -t\n\nbody\n" |
	$sm -odq -t -f alice -F "Alice Q. Example"
sleep 1
printf "Subject: recipients on the command line\n\nbody\n" |
	$sm -odq -oi bob@www.other.org "carol@www.other.org"
cp -p $q/* "$here/realq/"
TZ=UTC $sm -OQueueLA=1000 -bp > "$here/realq.out"
TZ=UTC $sm -OQueueLA=1000 -bp -v > "$here/realq-v.out"
cp /tmp/w/sessions "$here/realq.sessions"
' sh "$here"
chmod 0644 "$here"/realq/*
ls -l "$here/realq"
cat "$here/realq.out"
