#!/bin/sh
# world-setup.sh - build a golden world directory.
#
# usage: tests/golden/world-setup.sh WORLD_DIR MAKEMAP
#
# WORLD_DIR becomes /tmp/w inside tests/world/enter.sh.  It receives:
#   /tmp/w/<config>.cf          one .cf per golden configuration, made by
#                               m4 from the .mc files (see CONFIGS below)
#   /tmp/w/etc/hosts            copy of tests/world/etc/hosts (HostsFile)
#   /tmp/w/etc/mail/            local-host-names, relay-domains,
#                               trusted-users, service.switch, helpfile,
#                               access, mailertable, virtusertable, aliases
#                               (text, from tests/golden/data) and their
#                               .db files, built INSIDE the world by MAKEMAP
#   /tmp/w/var/spool/mqueue, /tmp/w/var/spool/clientmqueue, /tmp/w/run,
#   /tmp/w/home/{alice,bob}
#   /tmp/w/.bin/makemap         wrapper that runs MAKEMAP in the world
#
# MAKEMAP is the real sendmail's makemap or tern's build/bin/makemap (same
# command line).  WORLD_DIR must not be under /tmp (enter.sh hides /tmp);
# an existing WORLD_DIR is replaced only if an earlier run made it.
# Everything is root-owned, directories 0755, files 0644, so sendmail's
# file-safety checks pass.
set -eu
if [ $# -ne 2 ]; then
	echo "usage: $0 WORLD_DIR MAKEMAP" >&2
	exit 2
fi
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
. "$here/lib.sh"
world=$(golden_abspath "$1")
makemap=$2

case $world in
/tmp|/tmp/*) echo "$0: WORLD_DIR must not be under /tmp: $world" >&2; exit 2 ;;
esac
if [ -e "$world" ]; then
	if [ -e "$world/.golden-world" ]; then
		rm -rf "$world"
	elif [ -n "$(ls -A "$world" 2>/dev/null)" ]; then
		echo "$0: $world exists and is not a golden world; not touching it" >&2
		exit 2
	fi
fi
umask 022
mkdir -p "$world"
: > "$world/.golden-world"

# --- configurations: name and .mc file.  Every path in them is under /tmp/w.
CONFIGS="
tern-submit	$repo/cf/submit.mc
tern-sendmail	$repo/cf/sendmail.mc
upstream-submit	$here/cf/upstream-submit.mc
mta		$here/cf/mta.mc
mta-nocanon	$here/cf/mta-nocanon.mc
submit-nocanon	$here/cf/submit-nocanon.mc
submit-dbs	$here/cf/submit-dbs.mc
"
M4LIB=/usr/share/sendmail/cf/m4/cf.m4
echo "$CONFIGS" | while read -r name mc; do
	[ -n "$name" ] || continue
	m4 -D TERN_PREFIX=/tmp/w -D "TERN_CF=$repo/cf" -D "GOLDEN_CF=$here/cf" \
		"$M4LIB" "$mc" > "$world/$name.cf.tmp"
	mv "$world/$name.cf.tmp" "$world/$name.cf"
done

# --- files
mkdir -p "$world/etc/mail" "$world/var/spool/mqueue" \
	"$world/var/spool/clientmqueue" "$world/run" \
	"$world/home/alice" "$world/home/bob"
cp "$repo/tests/world/etc/hosts" "$world/etc/hosts"
for f in local-host-names relay-domains trusted-users service.switch helpfile \
	 access mailertable virtusertable aliases; do
	cp "$here/data/$f" "$world/etc/mail/$f"
done
# makemap input for the aliases database: "name: value" -> "name value",
# plus the "@" entry newaliases writes last (sendmail waits for it).
sed -n -e 's/^\([^#: 	][^: 	]*\):[ 	]*\(.*\)$/\1	\2/p' \
	"$world/etc/mail/aliases" > "$world/etc/mail/aliases.in"
printf '@\t@\n' >> "$world/etc/mail/aliases.in"
printf 'alice\nbob\n' > "$world/etc/mail/list.members"

find "$world" -type d -exec chmod 0755 {} +
find "$world" -type f -exec chmod 0644 {} +

# --- maps, built inside the world with the given makemap.  -C names a
# world .cf: without it sendmail's makemap insists on /etc/mail/sendmail.cf.
# Commands run (inside the world):
#   MAKEMAP -C /tmp/w/mta.cf hash /tmp/w/etc/mail/X < /tmp/w/etc/mail/X
#	for X in access mailertable virtusertable
#   MAKEMAP -C /tmp/w/mta.cf -N hash /tmp/w/etc/mail/aliases < aliases.in
mm=$(golden_bin "$makemap" "$world" makemap)
"$repo/tests/world/enter.sh" "$world" /bin/sh -eu -c '
mm=$1
cd /tmp/w/etc/mail
for m in access mailertable virtusertable; do
	"$mm" -C /tmp/w/mta.cf hash /tmp/w/etc/mail/$m < /tmp/w/etc/mail/$m
done
"$mm" -C /tmp/w/mta.cf -N hash /tmp/w/etc/mail/aliases < /tmp/w/etc/mail/aliases.in
' sh "$mm" || { echo "$0: makemap failed ($makemap)" >&2; exit 1; }
for m in access mailertable virtusertable aliases; do
	if [ ! -s "$world/etc/mail/$m.db" ]; then
		echo "$0: makemap did not build $m.db" >&2
		exit 1
	fi
done
