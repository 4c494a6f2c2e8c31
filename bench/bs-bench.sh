#!/bin/sh
# bs-bench.sh - intake rate of `sendmail -bs` over a pipe, against this
# disk's fsync rate and the real sendmail 8.17.
#
# Both programs run as root in the deterministic test world (tests/world/
# enter.sh) on the golden "mta" .cf, whose queue /tmp/w/var/spool/mqueue
# is build/bench-bs-world/var/spool/mqueue: this disk.  One session each
# of BENCH_MSGS (default 500) messages of 1 KiB and of 64 KiB, with
# DeliveryMode=q (-odq) so every message only goes into the queue;
# bench/bs-drive.py pipelines MAIL/RCPT/DATA and waits for each 250,
# which both say only after their commit.  Best of BENCH_RUNS (default
# 3).  Reported side by side:
#   * messages/s and ms per message, with SuperSafe (the default: fsync
#     df, qf and directory before 250) and with SuperSafe=False;
#   * the commit cost per message: ms/msg with fsync minus without;
#   * fsyncs per message (strace -c over BENCH_STRACE_MSGS, default 50);
#   * this disk's fsync rate (bench/fsync-rate.py: new file, 1 KiB,
#     fsync, fsync directory; serially) and the ceiling it sets:
#     fsyncs/s divided by fsyncs per message.
# Without the real sendmail (golden_fetch_real failed) its rows say so.
set -eu
cd "$(dirname "$0")/.."
repo=$PWD
GOLDEN_REPO=$repo
. tests/golden/lib.sh
n=${BENCH_MSGS:-500}
runs=${BENCH_RUNS:-3}
sn=${BENCH_STRACE_MSGS:-50}
world=$repo/build/bench-bs-world
real=$repo/build/real-sendmail

have_real=yes
golden_fetch_real "$real" > /dev/null 2>&1 || have_real=
rm -rf "$world"
tests/golden/world-setup.sh "$world" build/bin/makemap > /dev/null
golden_bin build/bin/sendmail "$world" tern > /dev/null
[ -z "$have_real" ] ||
	golden_bin "$real/root/usr/libexec/sendmail/sendmail" "$world" real > /dev/null
mkdir -p "$world/var/spool/mqueue/.hoststat"
cp bench/bs-drive.py bench/fsync-rate.py "$world/"

inworld() { tests/world/enter.sh "$world" "$@"; }
empty_queue() { find "$world/var/spool/mqueue" -maxdepth 1 -type f -delete; }

# rate PROG SIZE [ARGS]: best "N SECONDS" of $runs sessions
rate() {
	prog=$1; size=$2; shift 2
	best=
	i=0
	while [ $i -lt "$runs" ]; do
		empty_queue
		r=$(inworld python3 /tmp/w/bs-drive.py "$n" "$size" \
			/tmp/w/.bin/"$prog" -C /tmp/w/mta.cf -odq -bs "$@") || {
			echo "bs-bench: $prog failed" >&2; return 1; }
		q=$(find "$world/var/spool/mqueue" -maxdepth 1 -name 'qf*' | wc -l)
		if [ "$q" -ne "$n" ]; then
			echo "bs-bench: $prog: $q qf files for $n messages" >&2
			return 1
		fi
		s=${r#* }
		if [ -z "$best" ] || [ "$(echo "$s < $best" | bc)" = 1 ]; then
			best=$s
		fi
		i=$((i + 1))
	done
	empty_queue
	echo "$best"
}

# fsyncs PROG [ARGS]: fsync+fdatasync calls per message
fsyncs() {
	prog=$1; shift
	empty_queue
	inworld strace -f -c -e trace=fsync,fdatasync -o /tmp/w/strace.out \
		python3 /tmp/w/bs-drive.py "$sn" 1024 \
		/tmp/w/.bin/"$prog" -C /tmp/w/mta.cf -odq -bs "$@" > /dev/null
	empty_queue
	awk -v n="$sn" '$NF == "fsync" || $NF == "fdatasync" { c += $(NF-1) }
		END { printf "%.1f", c / n }' "$world/strace.out"
}

fs=$(inworld python3 /tmp/w/fsync-rate.py /tmp/w/var/spool/fsync-probe 500)
fs_rounds=$(echo "$fs" | awk '{ printf "%.0f", $1 / $2 }')
fs_rate=$(echo "$fs" | awk '{ printf "%.0f", $3 / $2 }')
fs_ms=$(echo "$fs" | awk '{ printf "%.2f", $2 * 1000 / $3 }')
rm -rf "$world/var/spool/fsync-probe"

line() {	# line LABEL PROG [ARGS]
	label=$1; prog=$2; shift 2
	if [ "$prog" = real ] && [ -z "$have_real" ]; then
		printf '%-32s  (real sendmail not available: golden_fetch_real failed)\n' "$label"
		return 0
	fi
	t1=$(rate "$prog" 1024 "$@")
	t64=$(rate "$prog" 65536 "$@")
	f=$(fsyncs "$prog" "$@")
	printf '%-32s %9.0f %9.2f %9.0f %9.2f %9s\n' "$label" \
		"$(echo "$n / $t1" | bc -l)" "$(echo "$t1 * 1000 / $n" | bc -l)" \
		"$(echo "$n / $t64" | bc -l)" "$(echo "$t64 * 1000 / $n" | bc -l)" "$f"
	eval "ms1_$prog$( [ $# -gt 0 ] && echo _nosync )=$(echo "$t1 * 1000 / $n" | bc -l)"
	eval "ms64_$prog$( [ $# -gt 0 ] && echo _nosync )=$(echo "$t64 * 1000 / $n" | bc -l)"
	eval "fs_$prog$( [ $# -gt 0 ] && echo _nosync )=$f"
}

dev=$(df -P "$world" | awk 'NR == 2 { print $1 " (" $6 ")" }')
echo "== -bs intake over a pipe: $n messages per session, -odq, best of $runs"
echo "queue: $world/var/spool/mqueue on $dev"
echo "disk: $fs_rounds rounds/s of new file + 1 KiB + fsync + fsync dir" \
	"= $fs_rate fsyncs/s ($fs_ms ms each)"
echo
printf '%-32s %9s %9s %9s %9s %9s\n' "" "1K msg/s" "1K ms" "64K msg/s" \
	"64K ms" "fsync/msg"
line "tern (SuperSafe)" tern
line "tern (SuperSafe=False)" tern -OSuperSafe=False
line "sendmail 8.17 (SuperSafe)" real
line "sendmail 8.17 (SuperSafe=False)" real -OSuperSafe=False
echo
commit() {	# commit PROG: ms with fsync - ms without
	eval "a=\${ms1_$1:-}; b=\${ms1_$1_nosync:-}; c=\${ms64_$1:-};" \
		"d=\${ms64_$1_nosync:-}; f=\${fs_$1:-}"
	[ -n "$a" ] || return 0
	printf '%-32s commit %.2f ms/msg (1K), %.2f ms/msg (64K); %s fsyncs x %s ms = %.2f ms; ceiling %s msg/s\n' \
		"$2" "$(echo "$a - $b" | bc -l)" "$(echo "$c - $d" | bc -l)" \
		"$f" "$fs_ms" "$(echo "$f * $fs_ms" | bc -l)" \
		"$(echo "$fs_rate / $f" | bc -l | awk '{ printf "%.0f", $1 }')"
}
commit tern "tern"
commit real "sendmail 8.17"
echo "(commit = ms/msg with SuperSafe minus without, best of $runs each: on a" \
	"shared machine differences under ~0.5 ms are noise)"
