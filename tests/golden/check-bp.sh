#!/bin/sh
# check-bp.sh - tern's queue against sendmail 8.17: the mailq listing byte
# for byte, and queue files carried both ways.
#
# usage: tests/golden/check-bp.sh SENDMAIL MAKEMAP [REAL_SENDMAIL]   (as root)
#
# SENDMAIL is tern's (build/san/bin/sendmail); MAKEMAP builds the world's
# maps (tests/golden/world-setup.sh); REAL_SENDMAIL defaults to
# build/real-sendmail/root/usr/libexec/sendmail/sendmail when that exists
# (tests/golden/make-bt.sh fetches it).  Everything runs inside the
# deterministic world (tests/world/enter.sh), TZ=UTC, -OQueueLA=1000.
#
#  1. the listing cases (tests/golden/bp/bp.py, recorded by make-bp.sh
#     from the real binary in tests/golden/bp/out): SENDMAIL -bp ARGS on
#     the same queue must print the same bytes, stderr and status;
#  2. real -> tern: a queue the real sendmail wrote (-odq -bs, -odq -t,
#     kept in tests/golden/bp/realq): SENDMAIL -bp and -bp -v must print
#     what the real one printed (realq.out, realq-v.out), and every qf
#     must read and write back byte for byte (tests/queue/qcommit rewrite);
#  3. tern -> real: tern's queue_commit stores each of those envelopes
#     again (new queue IDs): the new qf files must equal the real ones,
#     and the listing must be the real listing with the IDs replaced;
#     with REAL_SENDMAIL present, its -bp and -bp -v of tern's queue must
#     equal tern's, for that queue and for made-up messages (qcommit gen:
#     odd senders, ORCPT/ENVID with CR LF, quarantine, status messages).
# Prints "ok"/"FAIL" lines and "bp-golden: N passed, N failed"; exits 1
# on any failure.  Needs cc and build/san/libtern.a (or $TERN_SAN_LIB) for
# tests/queue/qcommit.
set -u
if [ $# -lt 2 ]; then
	echo "usage: $0 SENDMAIL MAKEMAP [REAL_SENDMAIL]" >&2
	exit 2
fi
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
GOLDEN_REPO=$repo
. "$here/lib.sh"
sendmail=$(golden_abspath "$1")
makemap=$(golden_abspath "$2")
real=${3:-$repo/build/real-sendmail/root/usr/libexec/sendmail/sendmail}
# a fresh clone: fetch it (apt-get download, never installed) so the
# live checks run in CI too
[ -n "${3:-}" ] || [ -x "$real" ] ||
	golden_fetch_real "$repo/build/real-sendmail" > /dev/null 2>&1 || true
[ -x "$real" ] && real=$(golden_abspath "$real") || real=
world=${GOLDEN_BP_WORLD:-$repo/build/golden-bp-check-world}
tmp=$world.out
rm -rf "$tmp"
mkdir -p "$tmp"
pass=0 fail=0

ok() { pass=$((pass + 1)); echo "ok $1"; }
bad() { fail=$((fail + 1)); echo "FAIL $1"; [ -z "${2:-}" ] || sed 's/^/    /' "$2" | head -n 20; }
finish() { echo "bp-golden: $pass passed, $fail failed"; [ "$fail" -eq 0 ]; exit $?; }

if [ ! -x "$sendmail" ] || [ ! -x "$makemap" ] ||
   ! "$here/world-setup.sh" "$world" "$makemap" > "$tmp/setup.log" 2>&1; then
	bad "setup (sendmail $sendmail, makemap $makemap)" "$tmp/setup.log"
	finish
fi
golden_bin "$sendmail" "$world" tern > /dev/null
[ -z "$real" ] || golden_bin "$real" "$world" real > /dev/null
enter() { "$repo/tests/world/enter.sh" "$world" "$@"; }

# the helper, built against the sanitizer library
qc=$world/.bin/qcommit
if ! cc -std=c11 -D_GNU_SOURCE -Wall -Wextra -Werror -Wno-unused-parameter \
	-g -O1 -fsanitize=address,undefined -fno-sanitize-recover=undefined \
	-I"$repo/src" -o "$qc" "$repo/tests/queue/qcommit.c" \
	"${TERN_SAN_LIB:-$repo/build/san/libtern.a}" -ldb -lresolv \
	> "$tmp/cc.log" 2>&1; then
	bad "build tests/queue/qcommit" "$tmp/cc.log"
	qc=
fi
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0}

# 1. the listing cases
enter python3 "$here/bp/bp.py" check /tmp/w/.bin/tern "$here/bp/out" \
	> "$tmp/cases.log" 2>&1
grep -v '^ok \|^bp-golden:' "$tmp/cases.log" | head -n 60
p=$(sed -n 's/^bp-golden: \([0-9]*\) passed.*/\1/p' "$tmp/cases.log")
f=$(sed -n 's/.* \([0-9]*\) failed$/\1/p' "$tmp/cases.log")
pass=$((pass + ${p:-0})); fail=$((fail + ${f:-1}))

# 2 and 3 run in one world session
enter /bin/sh -u -c '
here=$1; qc=$2; real=$3; out=$4
q=/tmp/w/var/spool/mqueue
cf=/tmp/w/mta.cf
say() { echo "$1" >> $out/results; }
listing() { TZ=UTC "$1" -C $cf -OQueueLA=1000 -bp $2 2>&1; echo "rc=$?"; }
fresh() { rm -rf $q; mkdir -m 700 $q; }
: > $out/results

# real -> tern
fresh
cp "$here/bp/realq/"* $q/
chmod 600 $q/*
for v in "" -v; do
	n=realq${v:+-v}
	listing /tmp/w/.bin/tern "$v" > $out/$n.tern
	{ cat "$here/bp/$n.out"; echo "rc=0"; } > $out/$n.want
	if cmp -s $out/$n.want $out/$n.tern; then say "ok tern -bp $v of the real queue"
	else diff $out/$n.want $out/$n.tern > $out/$n.diff; say "FAIL tern -bp $v of the real queue: $out/$n.diff"; fi
done
[ -n "$qc" ] || exit 0
for f in $q/qf*; do
	id=${f##*/qf}
	if "$qc" rewrite $f > $out/rw.$id 2> $out/rw.$id.err && cmp -s $f $out/rw.$id; then
		say "ok qf_read+qf_write keep the real $id byte for byte"
	else
		say "FAIL qf_read+qf_write change the real $id: $out/rw.$id"
	fi
done

# tern -> real: the same envelopes through queue_commit
mkdir -p /tmp/w/src
mv $q/* /tmp/w/src/
: > $out/idmap
for f in /tmp/w/src/qf*; do
	id=${f##*/qf}
	new=$("$qc" copy $cf $f /tmp/w/src/df$id 2> $out/copy.err) || { say "FAIL queue_commit of $id: $(cat $out/copy.err)"; continue; }
	echo "s/$id/$new/" >> $out/idmap
	if cmp -s $f $q/qf$new && cmp -s /tmp/w/src/df$id $q/df$new; then
		say "ok queue_commit stores $id as sendmail did (as $new)"
	else
		say "FAIL queue_commit stores $id differently: $q/qf$new"
	fi
	ls $q | grep -q "^tf" && say "FAIL a tf file is left"
done
for v in "" -v; do
	n=realq${v:+-v}
	listing /tmp/w/.bin/tern "$v" > $out/$n.tern2
	# the IDs changed; the order is by priority, which did not
	{ sed -f $out/idmap "$here/bp/$n.out"; echo "rc=0"; } > $out/$n.want2
	if cmp -s $out/$n.want2 $out/$n.tern2; then say "ok tern -bp $v of the queue tern wrote"
	else diff $out/$n.want2 $out/$n.tern2 > $out/$n.diff2; say "FAIL tern -bp $v of the queue tern wrote: $out/$n.diff2"; fi
	if [ -n "$real" ]; then
		listing /tmp/w/.bin/real "$v" > $out/$n.real2
		if cmp -s $out/$n.real2 $out/$n.tern2; then say "ok real -bp $v of the queue tern wrote"
		else diff $out/$n.real2 $out/$n.tern2 > $out/$n.rdiff2; say "FAIL real -bp $v of the queue tern wrote: $out/$n.rdiff2"; fi
	fi
done
# made-up messages
fresh
"$qc" gen $cf 12 > $out/gen.ids 2> $out/gen.err || say "FAIL qcommit gen: $(cat $out/gen.err)"
for v in "" -v -qQ; do
	listing /tmp/w/.bin/tern "$v" > $out/gen$v.tern
	if [ -n "$real" ]; then
		listing /tmp/w/.bin/real "$v" > $out/gen$v.real
		if cmp -s $out/gen$v.real $out/gen$v.tern; then say "ok real -bp $v of made-up messages tern wrote"
		else diff $out/gen$v.real $out/gen$v.tern > $out/gen$v.diff; say "FAIL real -bp $v of made-up messages: $out/gen$v.diff"; fi
	fi
done
' sh "$repo/tests/golden" "${qc:+/tmp/w/.bin/qcommit}" "${real:+/tmp/w/.bin/real}" \
	"$tmp" > "$tmp/compat.log" 2>&1
[ -s "$tmp/compat.log" ] && cat "$tmp/compat.log"
while IFS= read -r line; do
	case $line in
	ok\ *) ok "${line#ok }" ;;
	FAIL\ *) bad "${line#FAIL }"
		f=${line##*: }
		[ -f "$f" ] && sed 's/^/    /' "$f" | head -n 20 ;;
	esac
done < "$tmp/results"
[ -n "$real" ] || echo "note: no real sendmail ($repo/build/real-sendmail): live tern->real checks skipped"
finish
