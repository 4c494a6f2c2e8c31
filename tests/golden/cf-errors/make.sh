#!/bin/sh
# make.sh - record what the REAL sendmail 8.17 says about malformed .cf lines.
#
# usage: tests/golden/cf-errors/make.sh [SENDMAIL]        (as root)
#
# SENDMAIL defaults to build/real-sendmail/root/usr/libexec/sendmail/sendmail
# (fetched and unpacked by golden_fetch_real from ../lib.sh when missing);
# any extracted Debian sendmail-bin tree works, e.g.
#     tests/golden/cf-errors/make.sh /tmp/sm/root/usr/libexec/sendmail/sendmail
#
# The cases are the NAME.cf files here: most are base.cf (which loads
# silently) with bad lines appended, a few are whole files.  The world is
# build/cf-errors-world: every NAME.cf, files/ (class files the cases
# read) and an empty q/.  Each case runs inside it as
#     tests/world/enter.sh build/cf-errors-world \
#         /tmp/w/.bin/sendmail -C /tmp/w/NAME.cf -bt ARGS < NAME.in
# NAME.in is the -bt input (empty when there is none: the session is then
# just the banner and one prompt, which shows that loading went on), ARGS
# the one line of NAME.args if present.
#     stdout -> NAME.out
#     stderr -> NAME.err   (only if not empty)
#     status -> NAME.rc    (only if not 0)
# as in tests/golden/bt.  docs/notes/cf-warnings.md summarises them.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../../.." && pwd)
GOLDEN_REPO=$repo
. "$repo/tests/golden/lib.sh"
cd "$repo"

if [ $# -gt 0 ]; then
	sm=$(golden_abspath "$1")
else
	real=$repo/build/real-sendmail
	golden_fetch_real "$real" ||
		{ echo "$0: cannot fetch the real sendmail" >&2; exit 1; }
	sm=$real/root/usr/libexec/sendmail/sendmail
fi

world=$repo/build/cf-errors-world
if [ -e "$world" ]; then
	if [ -e "$world/.cf-errors-world" ]; then
		rm -rf "$world"
	else
		echo "$0: $world exists and is not a cf-errors world" >&2
		exit 1
	fi
fi
mkdir -p "$world/q" "$world/files"
: > "$world/.cf-errors-world"
cp "$here"/*.cf "$world/"
cp "$here"/files/* "$world/files/"
find "$world" -type d -exec chmod 0755 {} +
find "$world" -type f -exec chmod 0644 {} +
golden_bin "$sm" "$world" sendmail > /dev/null

bad=0
for cf in "$here"/*.cf; do
	n=$(basename "$cf" .cf)
	in=$here/$n.in
	[ -f "$in" ] || in=/dev/null
	args=
	[ -f "$here/$n.args" ] && args=$(cat "$here/$n.args")
	out=$here/$n.out; err=$here/$n.err; rcf=$here/$n.rc
	rc=0
	golden_run "$world" "/tmp/w/$n.cf" "$args" "$in" "$out" "$err" || rc=$?
	[ -s "$err" ] || rm -f "$err"
	if [ "$rc" -ne 0 ]; then echo "$rc" > "$rcf"; else rm -f "$rcf"; fi
	note=
	if [ "$rc" -eq 124 ] || [ "$rc" -ge 128 ]; then
		note=" killed/crashed"; bad=1
	fi
	printf '%-24s rc=%-3s %4d lines%s\n' "$n" "$rc" "$(wc -l < "$out")" \
		"$note"
done
[ "$bad" -eq 0 ] || { echo "$0: some cases look wrong" >&2; exit 1; }
