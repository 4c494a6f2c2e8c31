#!/bin/sh
# test_install.sh - make install, into a staging directory (DESTDIR):
# the system layout with its modes and owners, no set-user-ID file
# anywhere, links that resolve, .cf files made for the installed paths
# (every P= program there), the service units' PIDFile equal to the
# .cf's PidFile, the manual pages rendering without warnings.  Then
# scripts/install.sh alone: an existing sendmail.cf that differs is kept
# (the new one beside it as sendmail.cf.new), an equal one is left as it
# is.  Last, in a private mount namespace with a copy of /etc (the
# machine's passwd and group are never touched), an install without
# DESTDIR creates smmsp and mailnull and makes sendmail root:smmsp 2555.
set -u
cd "$(dirname "$0")/../.." || exit 1
repo=$(pwd)
B=${TERN_BUILD:-$repo/build}
fail=0
ok() { echo "ok - $*"; }
nok() { echo "not ok - $*"; fail=1; }
check() { # what command...: ok when the command succeeds
	what=$1; shift
	if "$@"; then ok "$what"; else nok "$what"; fi
}
res() { # status what: ok when the status (of a compound test) is 0
	if [ "$1" -eq 0 ]; then ok "$2"; else nok "$2"; fi
}
# mode_of FILE: octal mode (4 digits), owner:group
mode_of() { stat -c '%04a %U:%G' "$1" 2>/dev/null; }
# complaints TEXT: the .cf reader's complaints in sendmail's output, less
# "unknown user" for smmsp and mailnull where this machine lacks them
# (a real install creates them)
complaints() {
	skip='^$'
	for u in smmsp mailnull; do
		getent passwd "$u" >/dev/null || skip="$skip\|unknown user $u\$"
	done
	printf '%s\n' "$1" | grep ': line [0-9]' | grep -v "$skip"
}

if [ "$(id -u)" != 0 ]; then
	echo "ok - # SKIP make install checks owners and modes as root"
	exit 0
fi

# --- the namespace half (run by the main half through unshare) --------
if [ "${TERN_INSTALL_NS:-}" = 1 ]; then
	T=$1
	cp -a /etc "$T/etc-copy"
	mount --bind "$T/etc-copy" /etc || { nok "bind a copy of /etc"; exit 1; }
	S=$T/sys
	# the system's directories all moved under $S: the .cf files for them
	dirs="sbindir=$S/usr/sbin bindir=$S/usr/bin
		ternlibexecdir=$S/usr/libexec/tern mandir=$S/usr/share/man
		sysconfdir=$S/etc localstatedir=$S/var runstatedir=$S/run
		systemdunitdir=$S/lib/systemd/system"
	# shellcheck disable=SC2086
	make -s install-cf INSTALL_CF_DIR="$T/cf" $dirs > "$T/ns-cf.out" 2>&1 ||
		{ nok "make install-cf for the namespace's paths"; sed 's/^/# /' "$T/ns-cf.out"; exit 1; }
	sysinstall() { # the install without DESTDIR, into $S
		# shellcheck disable=SC2086
		env -u DESTDIR $dirs B="$B" cfdir="$T/cf" scripts/install.sh
	}
	sysinstall > "$T/ns.out" 2>&1
	rc=$?
	check "install without DESTDIR, as root: exit 0" [ $rc -eq 0 ]
	[ $rc -eq 0 ] || sed 's/^/# /' "$T/ns.out"
	g=$(getent group smmsp | cut -d: -f3)
	[ -n "$g" ] && { [ "$g" = 25 ] || [ "$g" -lt 1000 ]; }
	res $? "group smmsp created, a system group (gid 25 where free): ${g:-none}"
	u=$(getent passwd smmsp)
	[ -n "$u" ] && [ "$(echo "$u" | cut -d: -f4)" = "$g" ] &&
		[ "$(echo "$u" | cut -d: -f6)" = /nonexistent ] &&
		echo "$u" | cut -d: -f7 | grep -q 'nologin$\|/bin/false$'
	res $? "user smmsp created in group smmsp, no home, no login shell: $u"
	getent passwd mailnull >/dev/null && getent group mailnull >/dev/null
	res $? "group and user mailnull created"
	check "sendmail is root:smmsp 2555" [ "$(mode_of "$S/usr/sbin/sendmail")" = "2555 root:smmsp" ]
	check "clientmqueue is smmsp:smmsp 0770" [ "$(mode_of "$S/var/spool/clientmqueue")" = "0770 smmsp:smmsp" ]
	check "mqueue is root:root 0700" [ "$(mode_of "$S/var/spool/mqueue")" = "0700 root:root" ]
	check "no set-user-ID file installed" [ -z "$(find "$S" -perm -4000)" ]
	# again: nothing created twice, nothing fails
	p=$(sed -n 's/^Mlocal,[[:space:]]*P=\([^,]*\),.*/\1/p' "$S/etc/mail/sendmail.cf")
	[ "$p" = "$S/usr/libexec/tern/mail.local" ] && [ -x "$p" ]
	res $? "the installed sendmail.cf's local mailer is the installed mail.local"
	before=$(cat /etc/passwd /etc/group | cksum)
	sysinstall > "$T/ns2.out" 2>&1
	[ $? -eq 0 ] && [ "$before" = "$(cat /etc/passwd /etc/group | cksum)" ]
	res $? "a second install succeeds and creates no user again"
	check "a second install leaves the .cf files as they are" \
		grep -q 'etc/mail/sendmail.cf: unchanged' "$T/ns2.out"
	[ $fail -eq 0 ]
	exit
fi

T=$(mktemp -d "$B/install-test-XXXXXX") || exit 1
trap 'rm -rf "$T"' EXIT INT TERM
chmod 0755 "$T"
R=$T/root

# --- make install DESTDIR=... -----------------------------------------
if make -s install DESTDIR="$R" > "$T/install.out" 2>&1; then
	ok "make install DESTDIR=... exits 0"
else
	nok "make install DESTDIR=... exits 0"
	sed 's/^/# /' "$T/install.out"
	exit 1
fi

sm=$R/usr/sbin/sendmail
if getent group smmsp >/dev/null; then
	check "sendmail is root:smmsp 2555" [ "$(mode_of "$sm")" = "2555 root:smmsp" ]
	check "clientmqueue is smmsp:smmsp 0770" [ "$(mode_of "$R/var/spool/clientmqueue")" = "0770 smmsp:smmsp" ]
else
	check "no group smmsp here: sendmail is root:root 0555, not set-group-ID" \
		[ "$(mode_of "$sm")" = "0555 root:root" ]
	check "no group smmsp here: the packager is told to chown and chmod 2555" \
		grep -q "chown root:smmsp /usr/sbin/sendmail && chmod 2555 /usr/sbin/sendmail" "$T/install.out"
	check "clientmqueue is 0770" [ "$(stat -c %04a "$R/var/spool/clientmqueue")" = 0770 ]
fi
check "no set-user-ID file anywhere in the tree" [ -z "$(find "$R" -perm -4000)" ]
check "no set-group-ID file but sendmail" \
	[ -z "$(find "$R" -type f -perm -2000 ! -path "$sm")" ]
check "nothing in the tree is writable by others" \
	[ -z "$(find "$R" ! -type l -perm -0002)" ]
check "mqueue is root:root 0700" [ "$(mode_of "$R/var/spool/mqueue")" = "0700 root:root" ]
for f in usr/sbin/makemap usr/libexec/tern/mail.local usr/libexec/tern/smrsh; do
	check "$f is root:root 0555" [ "$(mode_of "$R/$f")" = "0555 root:root" ]
done
for l in usr/bin/mailq usr/bin/newaliases usr/bin/hoststat usr/bin/purgestat usr/lib/sendmail; do
	[ "$(readlink "$R/$l")" = ../sbin/sendmail ] &&
		[ "$(readlink -f "$R/$l")" = "$(readlink -f "$sm")" ]
	res $? "$l is a link to ../sbin/sendmail that resolves in the tree"
done
out=$("$R/usr/bin/mailq" -C "$R/etc/mail/sendmail.cf" \
	-OQueueDirectory="$R/var/spool/mqueue" 2>&1)
printf '%s\n' "$out" | grep -qx "$R/var/spool/mqueue is empty" &&
	[ -z "$(complaints "$out")" ]
res $? "mailq through its link lists the installed (empty) queue"
[ -n "$(complaints "$out")" ] && printf '%s\n' "$out" | sed 's/^/# /'

# --- the .cf files: made for the installed paths ------------------------
cf=$R/etc/mail/sendmail.cf
scf=$R/etc/mail/submit.cf
[ "$(mode_of "$cf")" = "0644 root:root" ] && [ "$(mode_of "$scf")" = "0644 root:root" ]
res $? "sendmail.cf and submit.cf are root:root 0644"
check "sendmail.cf: local mailer is /usr/libexec/tern/mail.local" \
	grep -q '^Mlocal,[[:space:]]*P=/usr/libexec/tern/mail.local,' "$cf"
check "sendmail.cf: prog mailer is /usr/libexec/tern/smrsh" \
	grep -q '^Mprog,[[:space:]]*P=/usr/libexec/tern/smrsh,' "$cf"
check "sendmail.cf: queue /var/spool/mqueue, ports 25 and 587, DefaultUser mailnull" \
	sh -c "grep -qx 'O QueueDirectory=/var/spool/mqueue' '$cf' &&
		grep -qx 'O DaemonPortOptions=Port=smtp, Name=MTA' '$cf' &&
		grep -q '^O DaemonPortOptions=Port=587, Name=MSA' '$cf' &&
		grep -qx 'O DefaultUser=mailnull:mailnull' '$cf' &&
		grep -qx 'O AliasFile=/etc/mail/aliases' '$cf'"
check "submit.cf: client queue /var/spool/clientmqueue, RunAsUser smmsp, QueueFileMode 0660" \
	sh -c "grep -qx 'O QueueDirectory=/var/spool/clientmqueue' '$scf' &&
		grep -qx 'O RunAsUser=smmsp' '$scf' && grep -qx 'O QueueFileMode=0660' '$scf' &&
		grep -qx 'O UseMSP=True' '$scf'"
check "no .cf line names the checkout or build/prefix" \
	[ -z "$(grep -h -v '^#' "$cf" "$scf" | grep -F -e "$repo" -e build/prefix)" ]
# every program a mailer runs is in the tree, executable
progs=$(sed -n 's/^M[^,]*,[[:space:]]*P=\([^,]*\),.*/\1/p' "$cf" "$scf" | grep '^/' | sort -u)
check "the .cf files' P= programs exist: $(echo $progs)" [ -n "$progs" ]
for p in $progs; do
	[ -f "$R$p" ] && [ -x "$R$p" ]
	res $? "P=$p is an executable file in the tree"
done
# the installed sendmail reads both without complaint (but for the
# users smmsp and mailnull where this machine has none)
for c in "$scf" "$cf"; do
	bad=$(complaints "$(echo '$=w' | "$sm" -C "$c" -bt 2>&1)")
	check "the installed sendmail loads ${c##*/} cleanly" [ -z "$bad" ]
	[ -z "$bad" ] || printf '%s\n' "$bad" | sed 's/^/# /'
done
[ -s "$R/etc/mail/aliases" ] && [ -s "$R/etc/mail/local-host-names" ]
res $? "aliases and local-host-names seeded"
check "the smrsh directory exists" [ -d "$R/etc/mail/smrsh" ]

# --- systemd units --------------------------------------------------------
u=$R/lib/systemd/system
pid=$(sed -n 's/^O PidFile=//p' "$cf")
spid=$(sed -n 's/^O PidFile=//p' "$scf")
check "sm-mta.service: PIDFile is sendmail.cf's PidFile ($pid)" \
	grep -qx "PIDFile=$pid" "$u/sm-mta.service"
check "sm-mta.service: forking sendmail -L sm-mta -bd -q1h, reload by SIGHUP" \
	sh -c "grep -qx 'Type=forking' '$u/sm-mta.service' &&
		grep -qx 'ExecStart=/usr/sbin/sendmail -L sm-mta -bd -q1h' '$u/sm-mta.service' &&
		grep -q '^ExecReload=/bin/kill -HUP' '$u/sm-mta.service'"
check "sm-msp-queue.service: PIDFile is submit.cf's PidFile ($spid)" \
	grep -qx "PIDFile=$spid" "$u/sm-msp-queue.service"
check "sm-msp-queue.service: sendmail -L sm-msp-queue -Ac -q30m" \
	grep -qx 'ExecStart=/usr/sbin/sendmail -L sm-msp-queue -Ac -q30m' "$u/sm-msp-queue.service"
check "no unit enabled (nothing under etc/systemd)" [ ! -e "$R/etc/systemd" ]

# --- manual pages -----------------------------------------------------------
for m in man1/mailq.1 man1/newaliases.1 man8/sendmail.8 man8/makemap.8 \
    man8/mail.local.8 man8/smrsh.8; do
	f=$R/usr/share/man/$m
	if [ ! -f "$f" ]; then nok "$m installed"; continue; fi
	w=$(man --warnings -l -Tutf8 "$f" 2>&1 >/dev/null); rc=$?
	[ $rc -eq 0 ] && [ -z "$w" ]
	res $? "$m renders without warnings"
	[ -z "$w" ] || printf '%s\n' "$w" | sed 's/^/# /'
done

# --- scripts/install.sh over an existing configuration ----------------------
R2=$T/again
mkdir -p "$R2/etc/mail"
printf '# the admin'"'"'s own\n' > "$R2/etc/mail/sendmail.cf"
cp "$B/install-cf/submit.cf" "$R2/etc/mail/submit.cf"
sed -i 's/^\(##### built by \).*/\1someone else on another day/' "$R2/etc/mail/submit.cf"
printf 'postmaster: admin\n' > "$R2/etc/mail/aliases"
DESTDIR=$R2 B=$B scripts/install.sh > "$T/again.out" 2>&1
res $? "install over an existing configuration exits 0"
check "an existing sendmail.cf that differs is kept" \
	[ "$(cat "$R2/etc/mail/sendmail.cf")" = "# the admin's own" ]
check "the new one is installed as sendmail.cf.new" \
	cmp -s "$B/install-cf/sendmail.cf" "$R2/etc/mail/sendmail.cf.new"
check "and the install says so" \
	grep -q '/etc/mail/sendmail.cf: exists and differs, kept; the new one is /etc/mail/sendmail.cf.new' "$T/again.out"
check "an equal submit.cf (but for its build stamp) is left alone, no .new" \
	sh -c "grep -q 'someone else on another day' '$R2/etc/mail/submit.cf' &&
		[ ! -e '$R2/etc/mail/submit.cf.new' ] &&
		grep -q '/etc/mail/submit.cf: unchanged' '$T/again.out'"
check "an existing aliases file is kept" \
	[ "$(cat "$R2/etc/mail/aliases")" = "postmaster: admin" ]
cp "$B/install-cf/sendmail.cf" "$R2/etc/mail/sendmail.cf"
DESTDIR=$R2 B=$B scripts/install.sh > "$T/again2.out" 2>&1
check "once the admin takes the new one, a stale sendmail.cf.new is removed" \
	[ ! -e "$R2/etc/mail/sendmail.cf.new" ]
DESTDIR=relative B=$B scripts/install.sh >/dev/null 2>&1
[ $? -ne 0 ] && [ ! -e relative ]
res $? "a relative DESTDIR is refused"

# --- without DESTDIR, in a mount namespace with a copy of /etc ---------------
sum=$(cat /etc/passwd /etc/group | cksum)
if unshare -m --propagation private true 2>/dev/null; then
	TERN_INSTALL_NS=1 TERN_BUILD=$B unshare -m --propagation private \
		"$repo/tests/integration/test_install.sh" "$T"
	[ $? -eq 0 ] || fail=1
else
	echo "ok - # SKIP no mount namespaces here: the install without DESTDIR is not run"
fi
check "the machine's /etc/passwd and /etc/group are untouched" \
	[ "$sum" = "$(cat /etc/passwd /etc/group | cksum)" ]

[ $fail -eq 0 ]
