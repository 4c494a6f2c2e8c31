#!/bin/sh
# make-bs.sh - record the golden SMTP sessions of the REAL sendmail 8.17.
#
# usage: tests/golden/make-bs.sh [SESSION...]      (as root)
#
# 1. Fetches and unpacks the real sendmail (lib.sh golden_fetch_real).
# 2. Builds the world build/golden-bs-world with the real makemap
#    (world-setup.sh).
# 3. For every tests/golden/bs/CONFIG.TOPIC.in (or the SESSIONs named),
#    empties the world's queues, then runs, inside the world,
#        sendmail -C /tmp/w/CONFIG.cf -odq -bs ARGS
#    (ARGS: the one line of CONFIG.TOPIC.args, if any) under
#    tests/golden/bs/drive.py in "record" mode, which plays the client
#    side of the .in script (waiting for the server to go quiet after
#    each write) and writes the transcript, normalized (drive.py's
#    normalize(): dates -> DATE, queue IDs in "250 2.0.0 QID Message
#    accepted for delivery" -> QID), to CONFIG.TOPIC.out; what the
#    program wrote on stderr goes to CONFIG.TOPIC.err if not empty.
# -odq: the real sendmail only queues, never delivers; each session
# starts with empty queues, so ETRN has nothing to deliver either.
# The world gets two things world-setup.sh does not make: the
# HostStatusDirectory of tern's sendmail.mc (else a warning precedes
# the greeting) and the MSP queue owned by smmsp, mode 0770.
# Recording is slow (BS_QUIET seconds of silence per write, default
# 0.6); check-bs.sh replays in a fraction of that.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
GOLDEN_REPO=$repo
. "$here/lib.sh"
cd "$repo"

real=$repo/build/real-sendmail
world=$repo/build/golden-bs-world
golden_fetch_real "$real" || { echo "$0: cannot fetch the real sendmail" >&2; exit 1; }
sm=$real/root/usr/libexec/sendmail/sendmail
mm=$real/root/usr/libexec/sendmail/makemap

"$here/world-setup.sh" "$world" "$mm" > /dev/null
# HostStatusDirectory of tern's sendmail.mc: without it sendmail starts
# with a "Cannot use HostStatusDirectory" warning on stdout.
mkdir -p "$world/var/spool/mqueue/.hoststat"
# the MSP (submit.cf, RunAsUser=smmsp) writes its queue as smmsp
chown 25:25 "$world/var/spool/clientmqueue"
chmod 0770 "$world/var/spool/clientmqueue"
golden_bin "$sm" "$world" sendmail > /dev/null

if [ $# -gt 0 ]; then
	sessions=$*
else
	sessions=$(cd "$here/bs" && ls *.in | sed 's/\.in$//')
fi
for s in $sessions; do
	in=$here/bs/$s.in
	[ -f "$in" ] || { echo "$0: no such session: $s" >&2; exit 2; }
	cfg=$(golden_session_config "$s")
	args=
	[ -f "$here/bs/$s.args" ] && args=$(cat "$here/bs/$s.args")
	rm -rf "$world"/var/spool/mqueue/* "$world"/var/spool/clientmqueue/*
	err=$here/bs/$s.err
	# shellcheck disable=SC2086  # ARGS is split on purpose
	python3 "$here/bs/drive.py" record "$in" -- \
		"$repo/tests/world/enter.sh" "$world" /tmp/w/.bin/sendmail \
		-C "/tmp/w/$cfg.cf" -odq -bs $args > "$here/bs/$s.out" 2> "$err"
	[ -s "$err" ] || rm -f "$err"
	printf '%-40s %4d lines\n' "$s" "$(wc -l < "$here/bs/$s.out")"
done
