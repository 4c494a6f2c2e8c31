#!/bin/sh
# enter.sh - run a command in the deterministic test world.
#
# usage: enter.sh WORLD_DIR command [args...]
#
# The world is private mount, UTS and network namespaces: hostname
# mx.example.com, only lo up, DNS pointing at a dead 127.0.0.1 so lookups
# fail at once, our own hosts/passwd/group/nsswitch files, and a private
# mode-0755 /tmp whose /tmp/w is WORLD_DIR (the configs' $W).  Both the
# real sendmail (for golden files) and tern run here, so their outputs
# can be compared byte for byte.  Needs root (CI runs as root).
#
# /etc/mail is tests/world/etc/mail (service.switch: "hosts files").  The
# real sendmail reads /etc/mail/service.switch before any .cf file; without
# it every host lookup goes to the dead DNS and answers "Name server
# timeout".  When the host has no /etc/mail, /etc is overlaid (upper layer
# on a tmpfs that is then hidden under the world's /tmp) to make the mount
# point; nothing outside the namespace changes.
set -eu
world=$(cd "$1" && pwd); shift
here=$(cd "$(dirname "$0")" && pwd)
exec unshare -m -u -n /bin/sh -eu -c '
world=$1; here=$2; shift 2
mount --make-rprivate /
# the world dir may itself live under /tmp: park it on /srv first
mount --bind "$world" /srv
hostname mx.example.com
ip link set lo up 2>/dev/null || true
mount -t tmpfs -o mode=0755 tmpfs /tmp
if [ ! -d /etc/mail ]; then
	mkdir -p /tmp/etc-upper/mail /tmp/etc-work
	mount -t overlay overlay \
		-o lowerdir=/etc,upperdir=/tmp/etc-upper,workdir=/tmp/etc-work /etc ||
		true
fi
# Without overlayfs (and no /etc/mail) the world has no /etc/mail;
# tests/golden/check-bt.sh notices and says so.
if [ -d /etc/mail ]; then
	mount --bind "$here/etc/mail" /etc/mail
fi
for f in hosts resolv.conf passwd group nsswitch.conf; do
	mount --bind "$here/etc/$f" "/etc/$f"
done
mount -t tmpfs -o mode=0755 tmpfs /tmp
mkdir /tmp/w
mount --move /srv /tmp/w
cd /tmp/w
exec "$@"
' sh "$world" "$here" "$@"
