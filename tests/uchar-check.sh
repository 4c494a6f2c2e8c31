#!/bin/sh
# uchar-check.sh - the address and header code built once more with
# -funsigned-char, with the same results as the default (signed char)
# build.  Issue 3: "built both with signed and with unsigned char, with
# identical results".
#
# usage: tests/uchar-check.sh          (make unsigned-char-check; as root
#                                        for the -bt golden comparison)
#
# Builds into build/uchar (make with B=build/uchar; ASan/UBSan as the
# default test build, but -O0 -g0 so the build stays short; objects are
# kept, so a second run compiles only what changed):
#   the address, header, qf and SMTP-parameter unit tests, and sendmail.
# Then, each unit test is run from both builds and their outputs must be
# identical (and pass); and the -bt golden comparison with sendmail 8.17
# (tests/golden/check-bt.sh) must report the same for build/uchar's
# sendmail as for the signed one (its own failures are bt-golden's
# business).  Prints "uchar: N passed, N failed".
set -u
cd "$(dirname "$0")/.."
U=build/uchar
SAN=${SANFLAGS:-"-fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer"}
TESTS="test_prescan test_rewrite test_addrlist test_crackaddr test_hdr_parse
test_hdr_cf test_hdr_golden test_hdr_intake test_hdr_qf test_hdr_rcpt
test_hdr_rewrite test_qf test_smtp_param test_smtp_cmd"
export ASAN_OPTIONS=detect_leaks=0:abort_on_error=0
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
pass=0 fail=0
ok() { echo "ok   $1"; pass=$((pass + 1)); }
bad() { echo "FAIL $1"; fail=$((fail + 1)); }

jobs=$(nproc 2>/dev/null || echo 2)
utargets= stargets=
for t in $TESTS; do
	utargets="$utargets $U/san/tests/$t"
	stargets="$stargets build/san/tests/$t"
done
# shellcheck disable=SC2086
if ! make -s -j"$jobs" B=$U SANFLAGS="$SAN -funsigned-char -O0 -g0" \
	$U/san/bin/sendmail $utargets > "$U.build.log" 2>&1; then
	tail -n 30 "$U.build.log" | sed 's/^/    /'
	bad "build with -funsigned-char"
	echo "uchar: $pass passed, $fail failed"
	exit 1
fi
ok "build with -funsigned-char"
# the signed binaries (make test has built them already)
# shellcheck disable=SC2086
make -s -j"$jobs" $stargets > "$U.build-signed.log" 2>&1 ||
	bad "build the signed unit tests"

for t in $TESTS; do
	s=$(timeout 300 "build/san/tests/$t" 2>&1); src=$?
	u=$(timeout 300 "$U/san/tests/$t" 2>&1); urc=$?
	if [ "$s" = "$u" ] && [ $src -eq 0 ] && [ $urc -eq 0 ]; then
		ok "$t: identical ($(printf '%s\n' "$u" | tail -n 1))"
	else
		bad "$t: signed exit $src, unsigned exit $urc"
		printf '%s\n' "$s" > "$U/$t.signed.out"
		printf '%s\n' "$u" > "$U/$t.unsigned.out"
		diff "$U/$t.signed.out" "$U/$t.unsigned.out" | head -n 20 |
			sed 's/^/    /'
	fi
done

# -bt against the real sendmail's transcripts, as bt-golden does, for
# both builds: the two reports must be the same (and pass)
export GOLDEN_SELF_VERSION=${GOLDEN_SELF_VERSION:-$(sed -n \
	's/^#define TERN_VERSION[^"]*"\(.*\)"/\1/p' src/util/version.h)}
for b in signed unsigned; do
	bin=build/san/bin/sendmail
	[ $b = unsigned ] && bin=$U/san/bin/sendmail
	GOLDEN_WORLD=$PWD/$U/bt-world-$b tests/golden/check-bt.sh \
		"$bin" build/bin/makemap 2>&1 |
		sed "s|$U/bt-world-$b|WORLD|g" > "$U/bt-$b.out"
done
line=$(grep -E '^bt-golden: [0-9]+ passed' "$U/bt-unsigned.out" | tail -n 1)
if ! cmp -s "$U/bt-signed.out" "$U/bt-unsigned.out"; then
	diff "$U/bt-signed.out" "$U/bt-unsigned.out" | head -n 40 |
		sed 's/^/    /'
	bad "-bt golden: unsigned char differs from signed"
elif printf '%s' "$line" | grep -q ' 0 failed$'; then
	ok "-bt golden: identical, ${line#bt-golden: }"
else
	# the same failures with signed char: bt-golden reports them
	ok "-bt golden: identical, ${line#bt-golden: } (as with signed char)"
fi
echo "uchar: $pass passed, $fail failed"
[ $fail -eq 0 ]
