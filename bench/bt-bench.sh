#!/bin/sh
# bt-bench.sh - tern against the real sendmail 8.17 on the same -bt input.
#
# Both run in the deterministic test world on the same configuration
# (the golden "mta" .cf: access_db, mailertable, virtusertable ...) and
# the same input: every address session of tests/golden/bt repeated to
# BENCH_LINES lines (default 5000).  Reported side by side:
#   * CPU time (user+sys) of the whole run, best of BENCH_RUNS (default 5);
#   * instructions (valgrind --tool=callgrind, Ir), which do not depend
#     on the machine's load;
#   * the time to load tern's own sendmail.cf (a -bt session with no input).
# Goal (issue: foundation): tern at least 2x faster, the .cf in under 5 ms.
set -eu
cd "$(dirname "$0")/.."
repo=$PWD
GOLDEN_REPO=$repo
. tests/golden/lib.sh
lines=${BENCH_LINES:-5000}
runs=${BENCH_RUNS:-5}
world=$repo/build/bench-world
real=$repo/build/real-sendmail

golden_fetch_real "$real"
rm -rf "$world"
tests/golden/world-setup.sh "$world" build/bin/makemap > /dev/null
golden_bin build/bin/sendmail "$world" tern > /dev/null
golden_bin "$real/root/usr/libexec/sendmail/sendmail" "$world" real > /dev/null
cp build/bin/sendmail "$world/.bin/tern.bin"
# valgrind needs the binary itself, not a shell wrapper
cp "$real/root/usr/libexec/sendmail/sendmail" "$world/.bin/real.bin"
chmod 0755 "$world/.bin/real.bin"
mkdir -p "$world/.bin/lib"
cp -a "$real/root/usr/lib/x86_64-linux-gnu/." "$world/.bin/lib/"

# the input: address lines only (no commands that print dates or versions)
cat tests/golden/bt/*.addresses.in | grep -v '^#' | grep -v '^$' > "$world/one.in"
: > "$world/bench.in"
while [ "$(wc -l < "$world/bench.in")" -lt "$lines" ]; do
	cat "$world/one.in" >> "$world/bench.in"
done
head -n "$lines" "$world/bench.in" > "$world/bench.tmp"
mv "$world/bench.tmp" "$world/bench.in"

# cpu NAME: best user+sys seconds of $runs runs
cpu() {
	tests/world/enter.sh "$world" /bin/sh -c '
		best=
		i=0
		while [ $i -lt '"$runs"' ]; do
			t=$( { /usr/bin/time -f "%U %S" /tmp/w/.bin/'"$1"' \
				-C /tmp/w/mta.cf -bt < /tmp/w/bench.in > /dev/null; } 2>&1 |
				tail -n 1 | awk "{ printf \"%.3f\", \$1 + \$2 }")
			if [ -z "$best" ] || [ "$(echo "$t < $best" | bc)" = 1 ]; then
				best=$t
			fi
			i=$((i + 1))
		done
		echo "$best"'
}

# instr NAME: instructions executed, from callgrind
instr() {
	tests/world/enter.sh "$world" /bin/sh -c '
		LD_LIBRARY_PATH=/tmp/w/.bin/lib valgrind --tool=callgrind \
			--callgrind-out-file=/tmp/cg.out /tmp/w/.bin/'"$1"'.bin \
			-C /tmp/w/mta.cf -bt < /tmp/w/bench.in > /dev/null 2> /tmp/cg.err
		grep "^summary:" /tmp/cg.out | awk "{ print \$2 }"'
}

echo "bench: $lines -bt input lines, configuration mta.cf, best of $runs runs"
t_tern=$(cpu tern); t_real=$(cpu real)
printf '  CPU time      tern %8ss   sendmail 8.17 %8ss   ratio %s\n' \
	"$t_tern" "$t_real" "$(echo "scale=2; $t_real / $t_tern" | bc 2>/dev/null || echo '?')"
i_tern=$(instr tern); i_real=$(instr real)
printf '  instructions  tern %12s   sendmail 8.17 %12s   ratio %s\n' \
	"$i_tern" "$i_real" "$(echo "scale=2; $i_real / $i_tern" | bc)"

# the load time of tern's own sendmail.cf: a session with no input
cp build/etc/mail/sendmail.cf "$world/tern-own.cf"
load=$(tests/world/enter.sh "$world" /bin/sh -c '
	n=200; i=0
	start=$(date +%s%N)
	while [ $i -lt $n ]; do
		/tmp/w/.bin/tern.bin -C /tmp/w/tern-own.cf -bt < /dev/null > /dev/null
		i=$((i + 1))
	done
	end=$(date +%s%N)
	echo $(( (end - start) / n / 1000 ))')
printf '  tern: load sendmail.cf and exit: %s us per run (process start included)\n' "$load"
i_load=$(tests/world/enter.sh "$world" /bin/sh -c '
	valgrind --tool=callgrind --callgrind-out-file=/tmp/cgl.out \
		/tmp/w/.bin/tern.bin -C /tmp/w/tern-own.cf -bt < /dev/null > /dev/null 2>&1
	grep "^summary:" /tmp/cgl.out | awk "{ print \$2 }"')
printf '  tern: instructions to load sendmail.cf: %s\n' "$i_load"
