#!/bin/sh
# dlv-world.sh - a delivery world: the golden world (tests/golden/world-
# setup.sh: tern's sendmail.cf as /tmp/w/tern-sendmail.cf, aliases, the
# users alice and bob) plus tern's helper programs in /tmp/w/libexec and
# an empty Debian-style /var/mail.
#   dlv_world_make DIR      build it (DIR outside /tmp)
#   dlv_world DIR cmd...    run cmd inside it, /var/mail a private tmpfs
#                           (root:mail 2775, as Debian has it)
# Sourced by the integration tests.
dlv_repo=$(cd "$(dirname "$0")/../.." && pwd)

dlv_world_make() {
	rm -rf "$1"
	mkdir -p "$1"
	"$dlv_repo/tests/golden/world-setup.sh" "$1" "$dlv_repo/build/bin/makemap" \
		>/dev/null || return 1
	mkdir -p "$1/libexec" "$1/etc/smrsh"
	cp "$dlv_repo/build/san/libexec/mail.local" "$1/libexec/mail.local" &&
	{ [ ! -e "$dlv_repo/build/san/libexec/smrsh" ] ||
	  cp "$dlv_repo/build/san/libexec/smrsh" "$1/libexec/smrsh"; } &&
	cp "$dlv_repo/build/san/bin/sendmail" "$1/sendmail" || return 1
	chmod 0755 "$1/libexec/"* "$1/sendmail"
	chown -R 1000:1000 "$1/home/alice"
	chown -R 1001:1001 "$1/home/bob"
}

dlv_world() {
	_w=$1; shift
	ASAN_OPTIONS=detect_leaks=0 "$dlv_repo/tests/world/enter.sh" "$_w" /bin/sh -c '
		mount -t tmpfs -o mode=2775,gid=8 tmpfs /var/mail || exit 99
		exec "$@"' sh "$@"
}
