#!/bin/sh
# deps.sh - install the Debian packages tern needs, only those missing.
#
# A fresh Debian 12 machine needs nothing by hand: `make run` and
# `make test` call this first.  Runs apt-get only when something is
# missing, so repeated builds stay offline and fast.
set -eu
pkgs="build-essential clang m4 sendmail-cf libdb-dev libssl-dev libsasl2-dev
sasl2-bin libevent-dev libc-ares-dev python3-pytest iproute2 util-linux
bc time valgrind libnet-ssleay-perl man-db openssl"
missing=""
for p in $pkgs; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' ||
		missing="$missing $p"
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" != 0 ]; then
	echo "deps.sh: missing packages:$missing (run as root to install)" >&2
	exit 1
fi
echo "deps.sh: installing$missing"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# shellcheck disable=SC2086
apt-get install -y -qq --no-install-recommends $missing
