#!/bin/sh
# check-bt.sh - compare a sendmail against the golden -bt transcripts.
#
# usage: tests/golden/check-bt.sh SENDMAIL MAKEMAP [SESSION...]   (as root)
#
# Builds a fresh world (build/golden-check-world, or $GOLDEN_WORLD) with
# MAKEMAP (tests/golden/world-setup.sh), then runs SENDMAIL there exactly
# as make-bt.sh ran the real sendmail 8.17:
#     tests/world/enter.sh WORLD /tmp/w/.bin/sendmail \
#         -C /tmp/w/CONFIG.cf -bt ARGS < tests/golden/bt/CONFIG.TOPIC.in
# and compares stdout with CONFIG.TOPIC.out, stderr with CONFIG.TOPIC.err
# (empty if absent) and the exit status with CONFIG.TOPIC.rc (0 if
# absent), byte for byte.  Prints "ok" or "FAIL" per session, the first
# differing lines of each failure, then "bt-golden: N passed, N failed".
# Exits 1 if any session failed.  A missing SENDMAIL or MAKEMAP fails
# every session instead of stopping.  Works against the real binary too:
#     tests/golden/check-bt.sh \
#         build/real-sendmail/root/usr/libexec/sendmail/sendmail \
#         build/real-sendmail/root/usr/libexec/sendmail/makemap
set -u
if [ $# -lt 2 ]; then
	echo "usage: $0 SENDMAIL MAKEMAP [SESSION...]" >&2
	exit 2
fi
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
GOLDEN_REPO=$repo
. "$here/lib.sh"
sendmail=$(golden_abspath "$1")
makemap=$(golden_abspath "$2")
shift 2
world=${GOLDEN_WORLD:-$repo/build/golden-check-world}
tmp=$world.out
rm -rf "$tmp"
mkdir -p "$tmp"

if [ $# -gt 0 ]; then
	sessions=$*
else
	sessions=$(cd "$here/bt" && ls *.in | sed 's/\.in$//')
fi

setup_error=
if [ ! -x "$makemap" ]; then
	setup_error="no makemap at $makemap"
elif ! "$here/world-setup.sh" "$world" "$makemap" > "$tmp/world-setup.log" 2>&1; then
	setup_error="world-setup.sh failed: $(tail -n 3 "$tmp/world-setup.log" | tr '\n' ' ')"
fi
if [ -z "$setup_error" ] && [ ! -x "$sendmail" ]; then
	setup_error="no sendmail at $sendmail"
fi
[ -n "$setup_error" ] || golden_bin "$sendmail" "$world" sendmail > /dev/null
if [ -z "$setup_error" ] &&
   ! "$repo/tests/world/enter.sh" "$world" cmp -s /etc/mail/service.switch \
	"$repo/tests/world/etc/mail/service.switch" 2>/dev/null; then
	echo "note: the world has no /etc/mail/service.switch (overlayfs missing?):" \
		"host lookups will differ from the transcripts"
fi


# normalize FILE: where sendmail names its own version and build ($v,
# the -d0.1 banner) a clone names its own; GOLDEN_SELF_VERSION (tern's
# version string) is mapped to 8.17.1.9 and the "Compiled with" block,
# which lists build options, is compared only for its presence.
normalize() {
	awk -v self="${GOLDEN_SELF_VERSION:-}" '
	skip && /^$/ { skip = 0 }
	skip { next }
	/^ Compiled with:/ { print " Compiled with: ..."; skip = 1; next }
	{ if (self != "") gsub(self, "8.17.1.9"); print }' "$1" > "$1.norm" &&
	mv "$1.norm" "$1"
}

pass=0; fail=0
for s in $sessions; do
	if [ ! -f "$here/bt/$s.in" ]; then
		echo "FAIL $s"
		echo "    no such session (tests/golden/bt/$s.in)"
		fail=$((fail + 1))
		continue
	fi
	if [ -n "$setup_error" ]; then
		echo "FAIL $s"
		echo "    $setup_error"
		fail=$((fail + 1))
		continue
	fi
	cfg=$(golden_session_config "$s")
	args=
	[ -f "$here/bt/$s.args" ] && args=$(cat "$here/bt/$s.args")
	out=$tmp/$s.out; err=$tmp/$s.err
	rc=0
	golden_run "$world" "/tmp/w/$cfg.cf" "$args" "$here/bt/$s.in" "$out" "$err" || rc=$?
	exp=$tmp/$s.expected
	cp "$here/bt/$s.out" "$exp"
	normalize "$exp"
	normalize "$out"
	exp_rc=0
	[ -f "$here/bt/$s.rc" ] && exp_rc=$(cat "$here/bt/$s.rc")
	exp_err=$here/bt/$s.err
	[ -f "$exp_err" ] || { exp_err=$tmp/.empty; : > "$exp_err"; }
	if golden_verdict "$s" "$exp" "$out" "$exp_err" "$err" "$rc" "$exp_rc"; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
	fi
done
echo "bt-golden: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
