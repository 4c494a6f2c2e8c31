#!/bin/sh
# peers.sh - fetch peer programs for integration tests into build/peers
# with apt-get download + dpkg -x (never installed: other MTAs would
# conflict and start daemons).  Prints the root directory on success.
#   scripts/peers.sh PACKAGE...      e.g. swaks postfix dnsmasq-base
# Programs then run as build/peers/root/usr/bin/swaks; Postfix's tools
# need LD_LIBRARY_PATH=build/peers/root/usr/lib/postfix.
set -eu
cd "$(dirname "$0")/.."
dir=build/peers
mkdir -p "$dir/debs" "$dir/root" "$dir/done"
exec 9>"$dir/.lock"
flock 9
for pkg in "$@"; do
	[ -e "$dir/done/$pkg" ] && continue
	# a mirror that fails once is tried again (three times, a pause
	# between): a test must not fail for one dropped connection
	got=
	for try in 1 2 3; do
		if ( cd "$dir/debs" && { ls "${pkg}"_*.deb >/dev/null 2>&1 ||
		    apt-get download "$pkg" >/dev/null 2>&1; } ); then
			got=1
			break
		fi
		[ $try -lt 3 ] && sleep 2
	done
	[ -n "$got" ] || { echo "peers.sh: cannot download $pkg" >&2; exit 1; }
	for deb in "$dir"/debs/"${pkg}"_*.deb; do dpkg -x "$deb" "$dir/root"; done
	touch "$dir/done/$pkg"
done
echo "$(pwd)/$dir/root"
