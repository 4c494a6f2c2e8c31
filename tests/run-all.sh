#!/bin/sh
# run-all.sh - every test of `make test`, with one closing summary line.
#
# The parts: C unit tests (ASan/UBSan), the differential -bt comparison
# with the real sendmail 8.17 (tern's sanitizer build, maps made by
# tern's makemap), the load of every upstream sample .cf, and short
# libFuzzer runs.  Each part prints "NAME: N passed, N failed"; the
# last line adds them up.
set -u
cd "$(dirname "$0")/.."
B=build
# Every tern process that reads sendmail.cf names the machine's interface
# addresses (sendmail's interface probe: a PTR query each).  The
# machine's DNS server sometimes drops one, and the 5 s retry then lands
# in some test's time limit.  So, as root, the tests run in a private
# mount namespace whose /etc/hosts names those addresses too; nothing
# outside changes, and other lookups (the package mirror) still work.
if [ "$(id -u)" -eq 0 ] && [ -z "${TERN_TEST_HOSTS:-}" ] &&
    command -v unshare >/dev/null 2>&1; then
	mkdir -p $B
	{
		cat /etc/hosts
		for a in $(hostname -I 2>/dev/null); do
			echo "$a $(hostname)"
		done
	} > $B/test-hosts
	if unshare -m true 2>/dev/null; then
		export TERN_TEST_HOSTS=$PWD/$B/test-hosts
		exec unshare -m sh -c 'mount --bind "$TERN_TEST_HOSTS" /etc/hosts &&
		    exec tests/run-all.sh'
	fi
fi
log=$B/test-logs
mkdir -p "$log"
status=0
run() {
	name=$1; shift
	echo "== $name"
	"$@" > "$log/$name.log" 2>&1
	rc=$?
	grep -v '^ok ' "$log/$name.log" | tail -n 60
	[ $rc -eq 0 ] || status=1
}
export ASAN_OPTIONS=detect_leaks=0
run unit tests/run-unit.sh $B/san/tests/test_*
export GOLDEN_SELF_VERSION=$(sed -n 's/^#define TERN_VERSION[^"]*"\(.*\)"/\1/p' src/util/version.h)
run bt-golden tests/golden/check-bt.sh $B/san/bin/sendmail $B/bin/makemap
run cfload tests/golden/check-cfload.sh $B/san/bin/sendmail
run cf-errors tests/golden/cf-errors/check.sh $B/san/bin/sendmail
run bp-golden tests/golden/check-bp.sh $B/san/bin/sendmail $B/bin/makemap
# the address/header code built with -funsigned-char: same results
run uchar tests/uchar-check.sh
run aliases-golden tests/golden/check-aliases.sh $B/san/bin/sendmail $B/bin/makemap
run dsn-golden tests/golden/check-dsn.sh
run delivery-golden tests/golden/check-delivery.sh $B/san/bin/sendmail
run hoststat-golden tests/golden/hoststat/check.sh $B/san/bin/sendmail $B/bin/makemap
# golden cases (DIR/*EXT) less the known differences (XFAIL: lines
# "name<TAB>why"); prints the names to run, says how many are left out
golden_cases() {
	_xf=$1 _dir=$2 _ext=$3 _part=$4
	_xfail=$(sed -n 's/^\([^#][^	]*\).*/\1/p' "$_xf")
	echo "$_part: $(echo "$_xfail" | wc -l) cases known to differ ($_xf)" >&2
	for _s in $(cd "$_dir" && ls *"$_ext" | sed "s/\\$_ext\$//"); do
		echo "$_xfail" | grep -qxF "$_s" || echo "$_s"
	done
}
# -bs against sendmail 8.17's sessions
run bs-golden tests/golden/check-bs.sh $B/san/bin/sendmail \
	$(golden_cases tests/golden/bs/XFAIL tests/golden/bs .in bs-golden)
# -bm/-t intake against sendmail 8.17's
run intake-golden tests/golden/check-intake.sh $B/san/bin/sendmail \
	$(golden_cases tests/golden/intake/XFAIL tests/golden/intake/cases \
	    .args intake-golden)
run kill-commit tests/queue/kill-commit.sh
run kill-qwriter tests/queue/kill-qwriter.sh
run integration tests/integration/run.sh
run fuzz tests/fuzz/run.sh short $B/fuzz/fuzz_*
passed=0 failed=0
for f in "$log"/*.log; do
	line=$(grep -E '^[a-z-]+: [0-9]+ passed, [0-9]+ failed' "$f" | tail -n 1)
	p=$(printf '%s' "$line" | sed -n 's/.*: \([0-9][0-9]*\) passed.*/\1/p')
	q=$(printf '%s' "$line" | sed -n 's/.* \([0-9][0-9]*\) failed.*/\1/p')
	passed=$((passed + ${p:-0}))
	failed=$((failed + ${q:-1}))
done
# the failures once more at the very end, where a CI log's tail shows them
grep -h -e '^[^ ]*: not ok ' -e '^not ok ' -e '^FAIL' -e ': FAIL: ' \
	"$log"/*.log | tail -n 20 | sed 's/^ */FAILED: /'
echo "$passed passed, $failed failed"
exit $status
