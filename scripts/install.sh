#!/bin/sh
# install.sh - `make install`: tern's system layout.
#
# The Makefile passes the directories (defaults in brackets) and has
# already built the programs and build/install-cf/*.cf for them:
#
#   DESTDIR        []                    staging root for packagers
#   sbindir        [/usr/sbin]           sendmail (root:smmsp 2555), makemap
#   bindir         [/usr/bin]            mailq, newaliases, hoststat, purgestat
#                                        (symbolic links to ../sbin/sendmail)
#   ternlibexecdir [/usr/libexec/tern]   mail.local, smrsh
#   mandir         [/usr/share/man]      man1, man8
#   sysconfdir     [/etc]                mail/sendmail.cf, mail/submit.cf
#   localstatedir  [/var]                spool/mqueue (root 0700),
#                                        spool/clientmqueue (smmsp:smmsp 0770)
#   systemdunitdir [/lib/systemd/system] sm-mta.service, sm-msp-queue.service
#   B              [build]               where the build put its files
#   cfdir          [$B/install-cf]       the .cf files made for these paths
#
# Plus /usr/lib/sendmail, the historic path, a link to the binary.
#
# Rules:
# - The sendmail binary is never set-user-ID.  It is set-group-ID smmsp
#   only when it can be chowned to group smmsp; otherwise it is 0555 and
#   the closing notes say what to do (a set-group-ID binary of any other
#   group would hand that group to every user).
# - Users and groups (smmsp, mailnull) are created only by root and only
#   without DESTDIR; with DESTDIR the notes tell the packager what to
#   create, and ownership is set only for ids that exist here.
# - chown/chmod of ownership only as root.
# - An existing sendmail.cf or submit.cf is never overwritten: when it
#   differs, the new one is installed beside it as NAME.cf.new.  Other
#   existing files under sysconfdir/mail are left alone too.
# - Service units are installed, never enabled or started.
set -eu
umask 022
cd "$(dirname "$0")/.."

DESTDIR=${DESTDIR:-}
sbindir=${sbindir:-/usr/sbin}
bindir=${bindir:-/usr/bin}
ternlibexecdir=${ternlibexecdir:-/usr/libexec/tern}
mandir=${mandir:-/usr/share/man}
sysconfdir=${sysconfdir:-/etc}
localstatedir=${localstatedir:-/var}
systemdunitdir=${systemdunitdir:-/lib/systemd/system}
B=${B:-build}
cfdir=${cfdir:-$B/install-cf}
D=$DESTDIR
etc=$sysconfdir/mail

say() { echo "install: $*"; }
notes=""
note() { notes="$notes
  - $*"; }
die() { echo "install: $*" >&2; exit 1; }

is_root=false
[ "$(id -u)" = 0 ] && is_root=true

for f in "$B/bin/sendmail" "$B/bin/makemap" "$B/libexec/mail.local" \
    "$B/libexec/smrsh" "$cfdir/sendmail.cf" "$cfdir/submit.cf"; do
	[ -f "$f" ] || die "$f is missing: run make install, which builds it"
done
if [ -z "$D" ] && ! $is_root; then
	die "installing into the system needs root (or give DESTDIR=... to stage it)"
fi
case $D in ''|/*) ;; *) die "DESTDIR must be an absolute path, not $D" ;; esac
# the .cf must name the programs where they go (the Makefile makes both
# from the same variables; a hand-run script might not)
want=$ternlibexecdir/mail.local
have=$(sed -n 's/^Mlocal,[[:space:]]*P=\([^,]*\),.*/\1/p' "$cfdir/sendmail.cf")
[ "$have" = "$want" ] ||
	die "$cfdir/sendmail.cf names $have, not $want: run make install"

# --- users and groups ---------------------------------------------------

nologin=/usr/sbin/nologin
for s in /usr/sbin/nologin /sbin/nologin /bin/false; do
	[ -x "$s" ] && { nologin=$s; break; }
done

# add_group NAME WANTED-GID: a system group, with that gid when free
add_group() {
	getent group "$1" >/dev/null && return 0
	if ! getent group "$2" >/dev/null; then
		groupadd --system --gid "$2" "$1"
	else
		groupadd --system "$1"
	fi
	say "created group $1 (gid $(getent group "$1" | cut -d: -f3))"
}

# add_user NAME WANTED-UID GROUP COMMENT: a system user without a home
add_user() {
	getent passwd "$1" >/dev/null && return 0
	if [ -n "$2" ] && ! getent passwd "$2" >/dev/null; then
		useradd --system --uid "$2" --gid "$3" --no-create-home --no-log-init \
			--home-dir /nonexistent --shell "$nologin" --comment "$4" "$1"
	else
		useradd --system --gid "$3" --no-create-home --no-log-init \
			--home-dir /nonexistent --shell "$nologin" --comment "$4" "$1"
	fi
	say "created user $1 (uid $(id -u "$1"))"
}

if [ -z "$D" ] && $is_root; then
	command -v useradd >/dev/null && command -v groupadd >/dev/null ||
		die "useradd and groupadd are needed to create smmsp and mailnull"
	add_group smmsp 25
	add_user smmsp 25 smmsp "tern mail submission program"
	# 47: the id Red Hat gives mailnull; any free system id otherwise
	add_group mailnull 47
	add_user mailnull 47 mailnull "tern mail server (unprivileged)"
else
	getent passwd smmsp >/dev/null && getent group smmsp >/dev/null ||
		note "create group smmsp and system user smmsp in it (uid and gid" \
			"25 where free; shell $nologin, home /nonexistent)"
	getent passwd mailnull >/dev/null && getent group mailnull >/dev/null ||
		note "create group mailnull and system user mailnull in it" \
			"(DefaultUser of sendmail.cf; shell $nologin, home /nonexistent)"
fi

have_group() { getent group "$1" >/dev/null; }
have_user() { getent passwd "$1" >/dev/null; }

# own OWNER GROUP PATH...: chown, as root and when both ids exist here;
# false when it did not
own() {
	o=$1 g=$2; shift 2
	$is_root || return 1
	have_user "$o" && have_group "$g" || return 1
	chown -h "$o:$g" "$@"
}

# --- programs -----------------------------------------------------------

# put SRC DST MODE: copy a file into place (replacing what was there)
put() {
	mkdir -p "$(dirname "$2")"
	install -m "$3" "$1" "$2"
	$is_root && chown root:root "$2"
	chmod "$3" "$2"
}

# link TARGET NAME: NAME becomes a relative symbolic link to TARGET
link() {
	mkdir -p "$D$(dirname "$2")"
	# -s: the names as given, whatever links this machine has there
	rel=$(realpath -m -s --relative-to="$(dirname "$2")" "$1")
	ln -sfn "$rel" "$D$2"
	$is_root && chown -h root:root "$D$2"
	return 0
}

sm=$sbindir/sendmail
put "$B/bin/sendmail" "$D$sm" 0555
if own root smmsp "$D$sm"; then
	chmod 2555 "$D$sm"	# set-group-ID smmsp; never set-user-ID
	say "$sm: root:smmsp 2555 (set-group-ID smmsp)"
else
	chmod 0555 "$D$sm"
	say "$sm: 0555, NOT set-group-ID (no group smmsp here, or not root)"
	note "make the submission program set-group-ID smmsp:" \
		"chown root:smmsp $sm && chmod 2555 $sm (never set-user-ID)"
fi
put "$B/bin/makemap" "$D$sbindir/makemap" 0555
for n in mailq newaliases hoststat purgestat; do
	link "$sm" "$bindir/$n"
done
# the historic path every MUA and script knows
[ "$sm" = /usr/lib/sendmail ] || link "$sm" /usr/lib/sendmail
put "$B/libexec/mail.local" "$D$ternlibexecdir/mail.local" 0555
put "$B/libexec/smrsh" "$D$ternlibexecdir/smrsh" 0555
say "programs: $sm, $sbindir/makemap, $ternlibexecdir/{mail.local,smrsh}"
say "links: $bindir/{mailq,newaliases,hoststat,purgestat}, /usr/lib/sendmail"

# --- configuration ------------------------------------------------------

# (an existing directory keeps its owner and mode: it is the admin's)
for d in "$D$etc" "$D$etc/smrsh"; do
	[ -d "$d" ] || { mkdir -p "$d"; chmod 0755 "$d"; }
done

# cf_sum FILE: a checksum of a .cf without its "built by USER on DATE"
# line, which every m4 run changes
cf_sum() { sed '/^##### built by /d' "$1" | cksum; }

# conf SRC NAME: install NAME (sendmail.cf, submit.cf) unless one is there
conf() {
	dst=$D$etc/$2
	if [ ! -e "$dst" ]; then
		put "$1" "$dst" 0644
		say "$etc/$2: installed"
	elif [ "$(cf_sum "$1")" = "$(cf_sum "$dst")" ]; then
		rm -f "$dst.new"
		say "$etc/$2: unchanged"
	else
		put "$1" "$dst.new" 0644
		say "$etc/$2: exists and differs, kept; the new one is $etc/$2.new"
		note "compare $etc/$2 with $etc/$2.new and move the new one in place if you want it"
	fi
}
conf "$cfdir/sendmail.cf" sendmail.cf
conf "$cfdir/submit.cf" submit.cf

# seed FILE MODE: a starting file from stdin, only where there is none
seed() {
	if [ -e "$D$etc/$1" ]; then
		cat > /dev/null
		return 0
	fi
	cat > "$D$etc/$1"
	chmod "$2" "$D$etc/$1"
	$is_root && chown root:root "$D$etc/$1"
	say "$etc/$1: a starting one written"
}
seed aliases 0644 <<'EOF'
# aliases - local recipients that are not users; rebuild the map
# (aliases.db) after a change with: newaliases
postmaster:	root
mailer-daemon:	postmaster
abuse:		root
EOF
seed local-host-names 0644 <<'EOF'
# local-host-names - the names this host receives mail for, one a line
localhost
EOF
[ -e "$D$etc/aliases.db" ] ||
	note "build the aliases map: newaliases (after editing $etc/aliases)"

# --- queues -------------------------------------------------------------

mq=$localstatedir/spool/mqueue
cmq=$localstatedir/spool/clientmqueue
mkdir -p "$D$mq" "$D$cmq"
$is_root && chown root:root "$D$mq"
chmod 0700 "$D$mq"
if own smmsp smmsp "$D$cmq"; then
	say "$cmq: smmsp:smmsp 0770; $mq: root 0700"
else
	say "$cmq: 0770 (not chowned: no user smmsp here, or not root); $mq: 0700"
	note "chown smmsp:smmsp $cmq"
fi
chmod 0770 "$D$cmq"

# --- manual pages -------------------------------------------------------

for m in man/*.[18]; do
	[ -f "$m" ] || continue
	s=${m##*.}
	put "$m" "$D$mandir/man$s/${m##*/}" 0644
done
say "manual pages: $mandir/man1, $mandir/man8"

# --- systemd units ------------------------------------------------------

# cf_opt FILE NAME: the value of "O NAME=value" in a .cf
cf_opt() { sed -n "s/^O $2=//p" "$1" | tail -n 1; }

# unit SRC PIDFILE: the unit with the installed paths
unit() {
	dst=$D$systemdunitdir/${1##*/}
	mkdir -p "$(dirname "$dst")"
	sed -e "s|^PIDFile=.*|PIDFile=$2|" \
	    -e "s|^\(Exec[A-Za-z]*=\)/usr/sbin/sendmail |\1$sm |" "$1" > "$dst"
	chmod 0644 "$dst"
	$is_root && chown root:root "$dst"
	return 0
}
if [ -n "$D" ] || [ -d "$systemdunitdir" ]; then
	unit dist/systemd/sm-mta.service \
		"$(cf_opt "$cfdir/sendmail.cf" PidFile)"
	unit dist/systemd/sm-msp-queue.service \
		"$(cf_opt "$cfdir/submit.cf" PidFile)"
	say "systemd units: $systemdunitdir/sm-mta.service, sm-msp-queue.service (not enabled)"
	note "start the mail server and the client queue runner when ready:" \
		"systemctl enable --now sm-mta.service sm-msp-queue.service"
else
	say "no $systemdunitdir: systemd units not installed"
fi

# --- what is left to do -------------------------------------------------

if [ "$sysconfdir" != /etc ]; then
	note "the programs read /etc/mail (sendmail.cf, submit.cf, smrsh/)" \
		"as built; this install put the configuration in $etc"
fi
if [ -n "$notes" ]; then
	echo "install: left to do${D:+ (by the packager, for $D)}:$notes"
fi
