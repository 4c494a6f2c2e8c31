#!/bin/sh
# run-unit.sh - run each C unit test binary (ASan/UBSan build).
# Each prints "FILE: N passed, N failed"; this sums them into
# "unit: N passed, N failed" and fails if any binary failed.
set -u
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
passed=0 failed=0 bad=0
for t in "$@"; do
	out=$(cd "$(dirname "$0")/.." && timeout 300 "$t" 2>&1)
	rc=$?
	line=$(printf '%s\n' "$out" | grep -E '[0-9]+ passed, [0-9]+ failed' | tail -n 1)
	p=$(printf '%s' "$line" | sed -n 's/.* \([0-9][0-9]*\) passed.*/\1/p')
	f=$(printf '%s' "$line" | sed -n 's/.* \([0-9][0-9]*\) failed.*/\1/p')
	passed=$((passed + ${p:-0}))
	failed=$((failed + ${f:-0}))
	if [ $rc -ne 0 ] || [ -z "$line" ]; then
		bad=$((bad + 1))
		[ -n "$f" ] && [ "$f" != 0 ] || failed=$((failed + 1))
		echo "FAIL $(basename "$t") (exit $rc)"
		printf '%s\n' "$out" | tail -n 30 | sed 's/^/    /'
	else
		echo "ok   $(basename "$t"): $line"
	fi
done
echo "unit: $passed passed, $failed failed"
[ $bad -eq 0 ]
