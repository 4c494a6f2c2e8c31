#!/bin/sh
# check-bs.sh - replay the golden SMTP sessions against a sendmail.
#
# usage: tests/golden/check-bs.sh SENDMAIL [SESSION...]      (as root)
#
# Builds a fresh world (build/golden-bs-check-world, or $GOLDEN_WORLD)
# with world-setup.sh (maps made by $BS_MAKEMAP: the real makemap when
# it has been fetched, else tern's build/bin/makemap), then for each
# tests/golden/bs/CONFIG.TOPIC.in empties the world's queues and runs,
# inside the world,
#     SENDMAIL -C /tmp/w/CONFIG.cf -odq -bs ARGS
# under tests/golden/bs/drive.py in "check" mode: the client side of the
# script is played against it, waiting after each write for as many
# reply lines as CONFIG.TOPIC.out holds there (10 s at most).  The
# transcript (normalized as the recorded one: dates, queue IDs, and
# $BS_SELF_VERSION -> 8.17.1.9) must equal CONFIG.TOPIC.out, and what
# the program wrote on stderr must equal CONFIG.TOPIC.err (empty if
# absent).  The transcript's last line is the exit status ("X: exit
# 67": sendmail -bs exits with the status of the last error, e.g.
# EX_NOUSER after "User unknown"); BS_IGNORE_EXIT=1 leaves it out of the
# comparison.  Prints "ok"/"FAIL" per session with the first differing
# lines, then "bs-golden: N passed, N failed"; exits 1 on any failure.
# Passes 100% against the real binary:
#     tests/golden/check-bs.sh build/real-sendmail/root/usr/libexec/sendmail/sendmail
set -u
if [ $# -lt 1 ]; then
	echo "usage: $0 SENDMAIL [SESSION...]" >&2
	exit 2
fi
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
GOLDEN_REPO=$repo
. "$here/lib.sh"
sendmail=$(golden_abspath "$1")
shift
world=${GOLDEN_WORLD:-$repo/build/golden-bs-check-world}
tmp=$world.out
mkdir -p "$(dirname "$world")"
# one run per world at a time: a second one waits (it would rebuild the
# world under the first one's feet)
exec 9> "$world.lock"
flock 9
rm -rf "$tmp"
mkdir -p "$tmp"
# where sendmail names its version ($v in the greeting, HELP) a clone
# names its own: tern's (src/util/version.h) unless told otherwise
if [ -z "${BS_SELF_VERSION:-}" ] && [ -z "${GOLDEN_SELF_VERSION:-}" ]; then
	GOLDEN_SELF_VERSION=$(sed -n 's/^#define TERN_VERSION[^"]*"\(.*\)"/\1/p' \
		"$repo/src/util/version.h" 2>/dev/null)
fi
export BS_SELF_VERSION=${BS_SELF_VERSION:-${GOLDEN_SELF_VERSION:-}}

makemap=${BS_MAKEMAP:-}
if [ -z "$makemap" ]; then
	makemap=$repo/build/real-sendmail/root/usr/libexec/sendmail/makemap
	[ -x "$makemap" ] || makemap=$repo/build/bin/makemap
fi

if [ $# -gt 0 ]; then
	sessions=$*
else
	sessions=$(cd "$here/bs" && ls *.in | sed 's/\.in$//')
fi

setup_error=
if [ ! -x "$makemap" ]; then
	setup_error="no makemap at $makemap"
elif ! "$here/world-setup.sh" "$world" "$makemap" > "$tmp/world-setup.log" 2>&1; then
	setup_error="world-setup.sh failed: $(tail -n 3 "$tmp/world-setup.log" | tr '\n' ' ')"
elif [ ! -x "$sendmail" ]; then
	setup_error="no sendmail at $sendmail"
fi
[ -n "$setup_error" ] || golden_bin "$sendmail" "$world" sendmail > /dev/null
# as make-bs.sh: tern's sendmail.mc names a HostStatusDirectory
[ -n "$setup_error" ] || mkdir -p "$world/var/spool/mqueue/.hoststat"
# and the MSP's queue belongs to smmsp (uid/gid 25 in tests/world/etc)
if [ -z "$setup_error" ]; then
	chown 25:25 "$world/var/spool/clientmqueue"
	chmod 0770 "$world/var/spool/clientmqueue"
fi


pass=0; fail=0
for s in $sessions; do
	if [ ! -f "$here/bs/$s.in" ] || [ ! -f "$here/bs/$s.out" ]; then
		echo "FAIL $s"
		echo "    no such session (tests/golden/bs/$s.in/.out)"
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
	[ -f "$here/bs/$s.args" ] && args=$(cat "$here/bs/$s.args")
	rm -rf "$world"/var/spool/mqueue/* "$world"/var/spool/clientmqueue/*
	out=$tmp/$s.out; err=$tmp/$s.err
	# shellcheck disable=SC2086  # ARGS is split on purpose
	python3 "$here/bs/drive.py" check "$here/bs/$s.in" "$here/bs/$s.out" -- \
		"$repo/tests/world/enter.sh" "$world" /tmp/w/.bin/sendmail \
		-C "/tmp/w/$cfg.cf" -odq -bs $args > "$out" 2> "$err"
	exp_err=$here/bs/$s.err
	[ -f "$exp_err" ] || { exp_err=$tmp/.empty; : > "$exp_err"; }
	why=
	if [ -n "${BS_IGNORE_EXIT:-}" ]; then
		# compare the conversation only, not sendmail's exit status
		grep -v '^X: exit ' "$out" > "$out.noexit"
		grep -v '^X: exit ' "$here/bs/$s.out" > "$out.exp"
		cmp -s "$out.exp" "$out.noexit" || why="$why transcript"
	else
		cmp -s "$here/bs/$s.out" "$out" || why="$why transcript"
	fi
	cmp -s "$exp_err" "$err" || why="$why stderr"
	if [ -z "$why" ]; then
		echo "ok   $s"
		pass=$((pass + 1))
		continue
	fi
	echo "FAIL $s:$why"
	case $why in *transcript*) golden_show_diff "$here/bs/$s.out" "$out" ;; esac
	case $why in *stderr*) golden_show_diff "$exp_err" "$err" ;; esac
	fail=$((fail + 1))
done
echo "bs-golden: $pass passed, $fail failed"
[ $fail -eq 0 ]
