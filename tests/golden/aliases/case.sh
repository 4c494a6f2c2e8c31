#!/bin/sh
# case.sh - run one newaliases case inside a world and record what it did.
#
# usage: tests/golden/aliases/case.sh WORLD PROGRAM CASEDIR OUTDIR
#
# WORLD is a golden world (tests/golden/world-setup.sh); PROGRAM the name
# of a wrapper in WORLD/.bin (golden_bin).  CASEDIR holds the alias
# files (every file but spec, mode and expect.*), optionally "spec" (the
# AliasFile value; default /tmp/w/a/aliases) and "mode" (octal mode of
# the alias files; default 644).  They are copied to WORLD/a, which is
# /tmp/w/a inside, and this runs there:
#     cd /tmp/w/a && PROGRAM -C /tmp/w/mta.cf -OAliasFile=SPEC -bi
# OUTDIR receives out, err, rc (the exit status) and db: for every file
# left in /tmp/w/a that was not an input, "== NAME MODE", then for a
# Berkeley DB its key/value pairs (db_dump -p, one "key<TAB>value" a
# line, sorted, so the hash page order does not matter).
set -u
world=$1 prog=$2 case=$3 out=$4
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../../.." && pwd)
rm -rf "$world/a"
mkdir -p "$world/a" "$out"
chmod 0755 "$world/a"
inputs=
for f in "$case"/*; do
	n=${f##*/}
	case $n in spec|mode|expect.*) continue ;; esac
	cp "$f" "$world/a/$n"
	chmod "$(cat "$case/mode" 2>/dev/null || echo 644)" "$world/a/$n"
	inputs="$inputs $n"
done
spec=/tmp/w/a/aliases
[ -f "$case/spec" ] && spec=$(cat "$case/spec")
rc=0
timeout 20 "$repo/tests/world/enter.sh" "$world" /bin/sh -c \
	'cd /tmp/w/a && exec "/tmp/w/.bin/$1" -C /tmp/w/mta.cf "-OAliasFile=$2" -bi' \
	sh "$prog" "$spec" > "$out/out" 2> "$out/err" || rc=$?
echo "$rc" > "$out/rc"
: > "$out/db"
for f in "$world"/a/*; do
	[ -e "$f" ] || continue
	n=${f##*/}
	case " $inputs " in *" $n "*) continue ;; esac
	echo "== $n $(stat -c %a "$f")" >> "$out/db"
	# pairs of lines after HEADER=END; " " leads each printable line
	db_dump -p "$f" 2>/dev/null | sed -n '/^HEADER=END$/,/^DATA=END$/p' |
		sed '1d;$d' | sed 's/^ //' | paste - - | LC_ALL=C sort >> "$out/db"
done
