#!/bin/sh
# run.sh - run the libFuzzer targets: "short" (make test: a few seconds
# each, from the seed corpus in tests/fuzz/corpus/NAME) or "long".
set -u
mode=$1; shift
secs=8
[ "$mode" = long ] && secs=300
passed=0 failed=0
here=$(cd "$(dirname "$0")" && pwd)
for f in "$@"; do
	name=$(basename "$f")
	corpus=$(mktemp -d)
	[ -d "$here/corpus/$name" ] && cp -r "$here/corpus/$name/." "$corpus/"
	if ASAN_OPTIONS=detect_leaks=1 LSAN_OPTIONS=suppressions=$here/lsan.supp "$f" -max_total_time=$secs -rss_limit_mb=2048 \
		-timeout=10 -print_final_stats=1 "$corpus" > "$corpus.log" 2>&1; then
		passed=$((passed + 1))
		echo "ok   $name ($(grep -o 'stat::number_of_executed_units: [0-9]*' "$corpus.log" | tail -n 1))"
	else
		failed=$((failed + 1))
		echo "FAIL $name"
		tail -n 40 "$corpus.log" | sed 's/^/    /'
	fi
	rm -rf "$corpus" "$corpus.log"
done
echo "fuzz: $passed passed, $failed failed"
[ $failed -eq 0 ]
