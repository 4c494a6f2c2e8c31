#!/bin/sh
# make.sh - record the host status golden files (tests/golden/hoststat/
# out) from the real sendmail 8.17, fetched without installing it
# (lib.sh golden_fetch_real), in the deterministic world.
# usage: tests/golden/hoststat/make.sh [MAKEMAP]   (as root)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../../.." && pwd)
GOLDEN_REPO=$repo
. "$repo/tests/golden/lib.sh"
makemap=${1:-$repo/build/bin/makemap}
golden_fetch_real "$repo/build/real-sendmail"
world=$repo/build/golden-hoststat-world
"$repo/tests/golden/world-setup.sh" "$world" "$makemap" > /dev/null
golden_bin "$repo/build/real-sendmail/root/usr/libexec/sendmail/sendmail" "$world" real > /dev/null
cp "$here/cases.sh" "$world/cases.sh"
rm -rf "$here/out"
"$repo/tests/world/enter.sh" "$world" /bin/sh /tmp/w/cases.sh /tmp/w/.bin/real /tmp/w/out
cp -r "$world/out" "$here/out"
echo "recorded $(ls "$here/out"/*.out | wc -l) cases in $here/out"
