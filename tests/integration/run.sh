#!/bin/sh
# run.sh - every integration scenario: tests/integration/test_* (shell or
# /usr/bin/python3 scripts, executable).  Each prints TAP-like lines
# "ok - what" / "not ok - what"; a script that exits non-zero without a
# "not ok" line counts as one failure.  Each is bounded in time.
# Usage: run.sh [test_name ...]   (default: all)
set -u
cd "$(dirname "$0")/../.."
export TERN_BUILD="$(pwd)/build"
export PY=/usr/bin/python3
passed=0 failed=0
if [ $# -gt 0 ]; then tests="$*"; else tests=$(ls tests/integration/test_* 2>/dev/null); fi
for t in $tests; do
	[ -x "$t" ] || continue
	out=$(timeout -k 5 300 "$t" 2>&1); rc=$?
	p=$(printf '%s\n' "$out" | grep -c '^ok ')
	f=$(printf '%s\n' "$out" | grep -c '^not ok ')
	if [ $rc -ne 0 ] && [ "$f" -eq 0 ]; then
		f=1; out="$out
not ok - $t exited $rc"
	fi
	printf '%s\n' "$out" | grep -v '^ok ' | sed "s|^|$(basename "$t"): |"
	echo "$(basename "$t"): $p passed, $f failed"
	passed=$((passed + p)); failed=$((failed + f))
done
echo "integration: $passed passed, $failed failed"
[ $failed -eq 0 ]
