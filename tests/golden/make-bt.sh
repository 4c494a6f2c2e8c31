#!/bin/sh
# make-bt.sh - regenerate the golden -bt transcripts of the REAL sendmail 8.17.
#
# usage: tests/golden/make-bt.sh [SESSION...]      (as root)
#
# 1. Fetches Debian's sendmail-bin, sendmail-base and libwrap0 with
#    `apt-get download` into build/real-sendmail/debs and unpacks them with
#    `dpkg -x` into build/real-sendmail/root (skipped when already there).
#    Nothing is installed.
# 2. Builds the world build/golden-world with the REAL makemap:
#        tests/golden/world-setup.sh build/golden-world \
#            build/real-sendmail/root/usr/libexec/sendmail/makemap
# 3. For every tests/golden/bt/CONFIG.TOPIC.in (or only the SESSIONs
#    named, as CONFIG.TOPIC), runs, inside the world:
#        tests/world/enter.sh build/golden-world \
#            /tmp/w/.bin/sendmail -C /tmp/w/CONFIG.cf -bt ARGS \
#            < tests/golden/bt/CONFIG.TOPIC.in
#    where /tmp/w/.bin/sendmail runs build/real-sendmail/root/usr/libexec/
#    sendmail/sendmail with LD_LIBRARY_PATH=build/real-sendmail/root/usr/lib/
#    x86_64-linux-gnu (for libwrap.so.0), and ARGS is the one line of
#    CONFIG.TOPIC.args if that file exists (e.g. -d21.12).
#    stdout  -> tests/golden/bt/CONFIG.TOPIC.out
#    stderr  -> tests/golden/bt/CONFIG.TOPIC.err   (only if not empty)
#    status  -> tests/golden/bt/CONFIG.TOPIC.rc    (only if not 0)
# 4. Checks the transcripts look sane: no "World writable" warning, no
#    name-server timeouts, and every session well under a second.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
GOLDEN_REPO=$repo
. "$here/lib.sh"
cd "$repo"

real=$repo/build/real-sendmail
world=$repo/build/golden-world
golden_fetch_real "$real" || { echo "$0: cannot fetch the real sendmail" >&2; exit 1; }
sm=$real/root/usr/libexec/sendmail/sendmail
mm=$real/root/usr/libexec/sendmail/makemap

"$here/world-setup.sh" "$world" "$mm"
golden_bin "$sm" "$world" sendmail > /dev/null

if [ $# -gt 0 ]; then
	sessions=$*
else
	sessions=$(cd "$here/bt" && ls *.in | sed 's/\.in$//')
fi
bad=0
for s in $sessions; do
	in=$here/bt/$s.in
	[ -f "$in" ] || { echo "$0: no such session: $s" >&2; exit 2; }
	cfg=$(golden_session_config "$s")
	args=
	[ -f "$here/bt/$s.args" ] && args=$(cat "$here/bt/$s.args")
	out=$here/bt/$s.out; err=$here/bt/$s.err; rcf=$here/bt/$s.rc
	t0=$(date +%s%N)
	rc=0
	golden_run "$world" "/tmp/w/$cfg.cf" "$args" "$in" "$out" "$err" || rc=$?
	ms=$(( ($(date +%s%N) - t0) / 1000000 ))
	[ -s "$err" ] || rm -f "$err"
	if [ "$rc" -ne 0 ]; then echo "$rc" > "$rcf"; else rm -f "$rcf"; fi
	note=
	if [ "$rc" -eq 124 ] || [ "$rc" -ge 128 ]; then
		note="$note killed/crashed(rc=$rc)"; bad=1
	fi
	if grep -aq 'World writable' "$out" ${err:+"$err"} 2>/dev/null; then
		note="$note World-writable-warning"; bad=1
	fi
	if grep -aq 'Name server timeout' "$out"; then
		note="$note name-server-timeout"; bad=1
	fi
	if [ "$ms" -gt 1000 ]; then
		note="$note slow(${ms}ms)"; bad=1
	fi
	printf '%-32s rc=%-3s %5d lines %5d ms%s\n' "$s" "$rc" \
		"$(wc -l < "$out")" "$ms" "$note"
done
if [ "$bad" -ne 0 ]; then
	echo "$0: some transcripts look wrong (see above)" >&2
	exit 1
fi
