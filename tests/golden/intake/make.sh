#!/bin/sh
# make.sh - record what the REAL sendmail 8.17 does with messages it takes
# in: the headers it stores (the qf H lines), the recipients (R lines), the
# body (df) and what it prints and exits with.
#
# usage: tests/golden/intake/make.sh [NAME...]      (as root)
#
# 1. Fetches Debian's sendmail-bin (tests/golden/lib.sh golden_fetch_real,
#    apt-get download + dpkg -x into build/real-sendmail; never installed).
# 2. Builds the world build/intake-golden-world with the real makemap
#    (tests/golden/world-setup.sh, then the queue directories: mqueue
#    root 0700, clientmqueue smmsp 0770).
# 3. For every cases/NAME.args (or the NAMEs given) runs, in the world,
#        cd /tmp/w && /tmp/w/.bin/sendmail ARGS < MESSAGE
#    (see lib.sh: MESSAGE is NAME.in or the output of NAME.gen; NAME.as
#    runs it as another user) with empty queues, and writes the
#    normalized transcript to cases/NAME.out.
# Every case queues with -odq (or fails before queueing), so nothing is
# ever delivered; two runs give identical files.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../../.." && pwd)
GOLDEN_REPO=$repo
. "$repo/tests/golden/lib.sh"
. "$here/lib.sh"
cd "$repo"

real=$repo/build/real-sendmail
world=$repo/build/intake-golden-world
golden_fetch_real "$real" || { echo "$0: cannot fetch the real sendmail" >&2; exit 1; }
sm=$real/root/usr/libexec/sendmail/sendmail
mm=$real/root/usr/libexec/sendmail/makemap
intake_world "$world" "$mm"
golden_bin "$sm" "$world" sendmail > /dev/null

if [ $# -gt 0 ]; then
	names=$*
else
	names=$(cd "$here/cases" && ls *.args | sed 's/\.args$//')
fi
n=0
for name in $names; do
	[ -f "$here/cases/$name.args" ] || { echo "$0: no such case: $name" >&2; exit 2; }
	GOLDEN_SELF_VERSION= intake_case "$world" "$name" > "$here/cases/$name.out"
	n=$((n + 1))
done
echo "intake: recorded $n cases"
