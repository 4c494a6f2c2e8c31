#!/bin/sh
# cases.sh - the host status golden cases, run INSIDE the world
# (tests/world/enter.sh): for each case, a status directory is made
# (ages relative to now), then PROGRAM -bh (or -bH, then the remaining
# files and -bh) runs; outputs go to OUTDIR/CASE.{out,err,rc}, the -bh
# table's entry lines sorted (their order is the directory's readdir
# order, which differs between file systems).
#
# usage: cases.sh PROGRAM OUTDIR [CASE...]
set -u
prog=$1 out=$2; shift 2
cf=/tmp/w/tern-sendmail.cf
H=/tmp/w/var/spool/mqueue/.hoststat
all="basic exits errs names literals empty missing purge purge0"
[ $# -gt 0 ] && all="$*"
mkdir -p "$out"

# mk PATH AGE E H S D R: one status file, U = now - AGE
mk() {
	mkdir -p "$(dirname "$H/$1")"
	{ echo V0; echo "E$3"; echo "H$4"; echo "S$5"
	  [ -n "$6" ] && echo "D$6"; [ -n "$7" ] && echo "R$7"
	  echo "U$((now - $2))"; echo .; } > "$H/$1"
}
# age PATH SECONDS: the file's mtime
age() { touch -d "@$((now - $2))" "$H/$1"; }

prepare() {
	now=$(date +%s)
	rm -rf "$H"
	case $1 in missing) return ;; esac
	mkdir -p "$H"
	case $1 in
	basic)
		mk "com./example./mx1" 5 0 0 0 2.0.0 "250 2.0.0 Ok: queued as 4F2A1"
		mk "com./example./mx2" 65 111 0 75 4.4.1 ""
		mk "test./named./sub./mx" 3700 11 2 75 4.4.3 ""
		mk "org./quiet" 90000 0 0 0 "" ""
		mk "org./ancient" 40000000 110 0 75 4.4.1 ""
		mk "net./greet" 30 0 0 75 4.3.2 "421 4.3.2 Service shutting down"
		;;
	exits)
		for s in 0 1 63 64 65 66 67 68 69 70 71 72 73 74 75 76 77 78 79 99 -1; do
			mk "s./s$s" 1 0 0 "$s" "" ""
		done
		mk "d./d1" 1 0 0 69 5.9.9 ""
		mk "d./d2" 1 0 0 0 2.9.9 ""
		mk "d./d3" 1 2 0 75 "" ""
		mk "d./d7" 1 0 4 75 "" ""
		mk "d./d5" 1 13 0 0 "" ""
		;;
	names)
		mk "com./averyveryveryverylonghostnamelabel./sub./anotherlongerlabelhere" 30 0 0 0 "" "250 2.0.0 a long reply text that goes on and on"
		mk "net./justunder39charsxxxxxxxxxxxxxxxxxx" 30 0 0 0 "" "250 2.0.0 a long reply text that goes on"
		mk "net./just39charsxxxxxxxxxxxxxxxxxxxxxxxx" 30 0 0 0 "" "250 short"
		mk "net./just40charsxxxxxxxxxxxxxxxxxxxxxxxxx" 30 0 0 0 "" "250 short"
		mk "net./tab" 30 0 0 0 "" "250 a	tab"
		mk "single" 30 0 0 0 "" ""
		;;
	literals)
		mk "3./0./0./127" 10 111 0 75 4.4.1 ""
		mk "1./0./0./127" 10 0 0 0 2.0.0 "250 2.0.0 Ok"
		mk "ipv6:::1" 10 111 1 75 4.4.1 ""
		mk "ipv6:2001:db8::25" 10 0 0 0 "" ""
		;;
	errs)	# an errno with each kind of exit code; missing lines
		for s in 0 1 64 68 69 70 75 76 99; do
			mk "e./s$s" 1 13 0 "$s" "" ""
		done
		mk "e./r0" 1 13 0 0 "" "250 reply"
		mk "e./h0" 1 0 1 0 "" ""
		mk "e./h68" 1 0 1 68 "" ""
		mk "e./big" 1 4000 0 75 "" ""
		printf 'V0\nU%s\n.\n' "$((now - 3))" > "$H/e./nos"
		printf 'V0\nE0\nS75\nU%s\n' "$((now - 4))" > "$H/e./nodot"
		;;
	empty) ;;
	purge|purge0)
		mk "old./o1" 30 0 0 75 "" ""
		mk "old./o2" 30 0 0 75 "" ""
		mk "new./n1" 30 0 0 0 "" ""
		mk "only./old./x" 30 0 0 0 "" ""
		age "old./o1" 1801
		age "old./o2" 1700
		age "only./old./x" 99999
		age "new./n1" 120
		;;
	esac
}

# sorted - the -bh table with its entry lines sorted
sorted() {
	awk 'NR == 1 { print; next } /^[ *]/ { print | "LC_ALL=C sort" } !/^[ *]/ { other = other $0 "\n" }
	     END { close("LC_ALL=C sort"); printf "%s", other }'
}

for c in $all; do
	prepare "$c"
	case $c in
	purge|purge0)
		to=
		[ "$c" = purge0 ] && to=-OTimeout.hoststatus=100
		{ "$prog" -C "$cf" $to -bH; echo "rc=$?"
		  (cd "$H" && find . | LC_ALL=C sort)
		  "$prog" -C "$cf" -bh | sorted; } > "$out/$c.out" 2> "$out/$c.err"
		echo 0 > "$out/$c.rc"
		;;
	*)
		"$prog" -C "$cf" -bh > "$out/$c.raw" 2> "$out/$c.err"
		echo $? > "$out/$c.rc"
		sorted < "$out/$c.raw" > "$out/$c.out"
		rm -f "$out/$c.raw"
		;;
	esac
done
