#!/bin/sh
# test_msp_callers.sh - real programs that send mail by running sendmail,
# each run as the world's user alice (uid 1000) against the set-group-ID
# smmsp MSP (/tmp/w/sendmail, /etc/mail/submit.cf) with tern's mail server
# on port 25 of the world; every message must reach bob's mailbox, read
# back with Python's mailbox module (Subject, body, From with alice's
# address, To with its display name as the caller wrote it):
#   - mutt (batch mode, sendmail="... -oi -t"): an 8-bit UTF-8 body and a
#     binary attachment; mutt still names the recipient after "--", so bob
#     is both on the command line and in To: and gets one copy (as from
#     sendmail 8.17, tests/golden/intake/cases/t-argv-dup)
#   - s-nail (mta=..., mta-arguments "-oi -t", no receiver arguments)
#   - a cron-style job: a script piping a message into `sendmail
#     -FCronDaemon -i -B8BITMIME -oem -t` (Debian cron's arguments, the
#     recipients in the message) under cron's minimal environment; From
#     gets the full name CronDaemon
#   - PHP's mail() (php -d sendmail_path="... -t -i", -f alice@...)
#   - git send-email --smtp-server=/tmp/w/sendmail --envelope-sender=auto
#     (a patch made with git format-patch)
# PHP and git give alice's own address with -f: no X-Authentication-Warning.
# The programs are Debian's, fetched by scripts/peers.sh (apt-get download
# + dpkg -x, never installed) before the world is entered (it has no route
# out) and bind-mounted on /tmp/w/peers; one that cannot be fetched is
# skipped ("ok - ... # SKIP"), the rest still run.
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib/dlv-world.sh"
W=$dlv_repo/build/itest/msp-callers
ok() { echo "ok - $*"; }
nok() { echo "not ok - $*"; fail=1; }
skip() { echo "ok - $1 # SKIP $2"; }
show() { sed 's/^/#   /' "$@" 2>/dev/null; }
fail=0
arch=$(dpkg-architecture -qDEB_HOST_MULTIARCH 2>/dev/null || echo x86_64-linux-gnu)

# the library packages among PKG... that this machine lacks
missing() {
	for p in "$@"; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' ||
			printf '%s ' "$p"
	done
}
# fetch PKG...: the packages into $peers, or a SKIP reason in $why
peers=
fetch() {
	if _p=$("$dlv_repo/scripts/peers.sh" "$@" 2>"$W.fetch.err"); then
		peers=$_p; return 0
	fi
	why="cannot fetch $(sed -n 's/^peers.sh: cannot download //p' "$W.fetch.err" |
		head -n 1) from Debian's mirror"
	return 1
}
# libs_ok PROGRAM: every shared library found (the peers' first)
libs_ok() {
	_nf=$(LD_LIBRARY_PATH=$peers/usr/lib/$arch:$peers/lib/$arch ldd "$1" 2>&1 |
		awk '/not found/ { print $1; exit }')
	[ -z "$_nf" ] && return 0
	why="$(basename "$1") needs $_nf"
	return 1
}

rm -rf "$W"
mkdir -p "$(dirname "$W")"
# which callers run: "mutt s-nail cron php git", less the skipped ones
run=cron
why=
if fetch mutt libgsasl18 libtokyocabinet9 libgpgme11 libidn12 libntlm0 \
	libgssglue1 $(missing libssl3 libsasl2-2 libgnutls30 libncursesw6 libidn2-0) &&
   libs_ok "$peers/usr/bin/mutt"; then
	run="$run mutt"
else skip "mutt sends with sendmail -oi -t" "$why"; fi
if fetch s-nail $(missing libgssapi-krb5-2 libidn2-0 libtinfo6 libssl3) &&
   libs_ok "$peers/usr/bin/s-nail"; then
	run="$run s-nail"
else skip "s-nail sends with sendmail -oi -t" "$why"; fi
if fetch php8.2-cli php8.2-common $(missing libxml2 libicu72 liblzma5 \
	libsodium23 libargon2-1 libpcre2-8-0 libssl3 zlib1g libstdc++6) &&
   libs_ok "$peers/usr/bin/php8.2"; then
	run="$run php"
else skip "PHP's mail() sends with sendmail -t -i" "$why"; fi
# git send-email is perl: the modules it takes from perl itself, and from
# git's Depends/Recommends (Error, Mail::Address)
if ! /usr/bin/perl -MGetopt::Long -MText::ParseWords -MTerm::ReadLine \
	-MFile::Temp -MPOSIX -MSys::Hostname -e 1 2>/dev/null; then
	skip "git send-email --smtp-server=sendmail" "no /usr/bin/perl with its modules"
elif fetch git git-email liberror-perl libmailtools-perl \
	$(missing libpcre2-8-0 zlib1g) &&
   libs_ok "$peers/usr/bin/git"; then
	run="$run git"
else skip "git send-email --smtp-server=sendmail" "$why"; fi
rm -f "$W.fetch.err"

dlv_world_make "$W" || { echo "not ok - world setup"; exit 1; }
# the optimized build: set-group-ID programs and ASan do not mix
cp "$dlv_repo/build/bin/sendmail" "$W/sendmail" || exit 1
chown 0:25 "$W/sendmail" && chmod 2555 "$W/sendmail"
chown 25:25 "$W/var/spool/clientmqueue" && chmod 0770 "$W/var/spool/clientmqueue"
chmod 0700 "$W/var/spool/mqueue"
mkdir -p "$W/etc-mail" "$W/peers" "$W/home/alice/tmp"
cp "$dlv_repo/tests/world/etc/mail/service.switch" "$W/etc-mail/"
cp "$W/tern-submit.cf" "$W/etc-mail/submit.cf"
cp "$W/tern-sendmail.cf" "$W/etc-mail/sendmail.cf"

# what alice sends
A=$W/home/alice
printf 'Grüße aus Köln: café, naïve, 日本語.\nsecond line\n' > "$A/mutt.body"
# a binary attachment: every byte value
/usr/bin/python3 -c 'import sys; sys.stdout.buffer.write(bytes(range(256)) * 4)' > "$A/blob.bin"
printf 'Hello Bob,\nthis comes from s-nail.\n' > "$A/snail.body"
cat > "$A/cronjob.sh" <<'EOF'
#!/bin/sh
# what cron does with a job's output: mail it through sendmail -t
{
	printf 'To: bob\n'
	printf 'Subject: Cron <alice@mx> /usr/local/bin/backup\n'
	printf 'MIME-Version: 1.0\n'
	printf 'Content-Type: text/plain; charset=US-ASCII\n'
	printf 'Content-Transfer-Encoding: 8bit\n'
	printf 'X-Cron-Env: <SHELL=/bin/sh>\n'
	printf 'X-Cron-Env: <HOME=%s>\n' "$HOME"
	printf 'X-Cron-Env: <PATH=%s>\n' "$PATH"
	printf 'X-Cron-Env: <LOGNAME=%s>\n' "$LOGNAME"
	printf '\n'
	printf 'backup done: 3 files\n'
} | /tmp/w/sendmail -FCronDaemon -i -B8BITMIME -oem -t
echo "rc=$?"
EOF
cat > "$A/mail.php" <<'EOF'
<?php
$ok = mail("Bob Builder <bob@mx.example.com>", "PHP mail() test",
	"Hello Bob,\nthis comes from PHP's mail().\n",
	"X-Mailer: PHP/" . PHP_VERSION, "-falice@mx.example.com");
echo $ok ? "sent\n" : "mail() failed\n";
exit($ok ? 0 : 1);
EOF
chmod 0755 "$A/cronjob.sh"
chown -R 1000:1000 "$A"

dlv_world "$W" /bin/sh -c '
	cd /tmp/w
	run=$1; peers=$2; arch=$3
	mount -t tmpfs tmpfs /etc/mail && cp etc-mail/* /etc/mail/ || exit 98
	[ -z "$peers" ] || mount --bind "$peers" /tmp/w/peers || exit 97
	P=/tmp/w/peers
	L=$P/usr/lib/$arch:$P/lib/$arch
	# alice as a login has her: her ids, HOME, LOGNAME, and a TMPDIR she
	# can write (the world /tmp is root-only)
	as_alice() {
		setpriv --reuid 1000 --regid 1000 --clear-groups \
			env HOME=/tmp/w/home/alice USER=alice LOGNAME=alice \
			TMPDIR=/tmp/w/home/alice/tmp "$@"
	}
	./sendmail -bi > newaliases.out 2>&1
	./sendmail -L sm-mta -bd > bd.out 2>&1
	i=0; while [ $i -lt 100 ] && ! [ -s run/sendmail.pid ]; do sleep 0.1; i=$((i+1)); done
	i=0; while [ $i -lt 100 ] && ! grep -q ":0019 " /proc/net/tcp; do sleep 0.1; i=$((i+1)); done
	n=0
	for c in $run; do
		case $c in
		mutt)
			(cd home/alice && as_alice LC_ALL=C.UTF-8 \
				LD_LIBRARY_PATH=$L $P/usr/bin/mutt -n -F /dev/null \
				-e "set sendmail=\"/tmp/w/sendmail -oi -t\"" \
				-e "set send_charset=utf-8 record=\"\" tmpdir=/tmp/w/home/alice/tmp" \
				-s "mutt with an attachment" -a blob.bin -- bob@mx.example.com \
				< mutt.body) > mutt.out 2>&1
			;;
		s-nail)
			(cd home/alice && as_alice LC_ALL=C.UTF-8 LD_LIBRARY_PATH=$L $P/usr/bin/s-nail -:/ \
				-S mta=/tmp/w/sendmail -S mta-no-default-arguments \
				-S "mta-arguments=-oi -t" -S mta-no-receiver-arguments \
				-S sendwait -S fullnames -s "s-nail test" \
				"Bob Builder <bob@mx.example.com>" \
				< snail.body) > s-nail.out 2>&1
			;;
		cron)
			# as cron runs a job: env -i, then SHELL, HOME, LOGNAME, PATH
			as_alice env -i PATH=/usr/bin:/bin SHELL=/bin/sh \
				HOME=/tmp/w/home/alice LOGNAME=alice \
				/tmp/w/home/alice/cronjob.sh < /dev/null > cron.out 2>&1
			grep -qx "rc=0" cron.out
			;;
		php)
			(cd home/alice && as_alice LD_LIBRARY_PATH=$L $P/usr/bin/php8.2 -n \
				-d "sendmail_path=/tmp/w/sendmail -t -i" mail.php \
				< /dev/null) > php.out 2>&1
			;;
		git)
			(cd home/alice && as_alice PATH=$P/usr/bin:/usr/bin:/bin LD_LIBRARY_PATH=$L \
				GIT_EXEC_PATH=$P/usr/lib/git-core GITPERLLIB=$P/usr/share/perl5 \
				GIT_TEMPLATE_DIR=$P/usr/share/git-core/templates \
				GIT_CONFIG_NOSYSTEM=1 /bin/sh -c "
				set -e
				git config --global user.name \"Alice Example\"
				git config --global user.email alice@mx.example.com
				git init -q proj && cd proj
				printf \"hello\\n\" > README
				git add README && git commit -q -m \"Add a README\" \
					-m \"The first file of the project.\"
				git format-patch -q -1 -o ../patches
				git send-email --smtp-server=/tmp/w/sendmail \
					--from=\"Alice Example <alice@mx.example.com>\" \
					--to=\"Bob Builder <bob@mx.example.com>\" --suppress-cc=all \
					--envelope-sender=auto \
					--confirm=never ../patches/*.patch
				" < /dev/null) > git.out 2>&1
			;;
		esac
		echo "rc=$?" >> $c.out
		grep -qx "rc=0" $c.out && n=$((n+1))
		# one at a time: the mailbox order is the order of the callers
		i=0
		while [ $i -lt 150 ] && [ "$(cat /var/mail/bob 2>/dev/null | grep -c "^From ")" -lt $n ]
		do sleep 0.1; i=$((i+1)); done
	done
	ls var/spool/clientmqueue > cq.after
	cp /var/mail/bob mbox.bob 2>/dev/null
	kill $(head -n 1 run/sendmail.pid)
	i=0; while [ $i -lt 100 ] && [ -s run/sendmail.pid ]; do sleep 0.1; i=$((i+1)); done
' sh "$run" "$peers" "$arch"
rc=$?
[ $rc -eq 0 ] || nok "world ran (rc $rc)"

[ -z "$(grep -E '^(qf|df)' "$W/cq.after" 2>/dev/null)" ] &&
	ok "nothing left in the client queue (every caller went straight through)" ||
	{ nok "the client queue is empty"; show "$W/cq.after"; }

# each caller: its exit status, then what bob got
check() { # CALLER SUBJECT
	/usr/bin/python3 - "$W/mbox.bob" "$@" <<'PY'
import mailbox, sys, email.utils
path, kind, subject = sys.argv[1], sys.argv[2], sys.argv[3]
try:
    msgs = [m for m in mailbox.mbox(path, create=False)
            if (m["Subject"] or "").strip() == subject]
except Exception as e:
    print("not ok - %s: bob's mailbox: %s" % (kind, e)); sys.exit(1)
if len(msgs) != 1:
    print("not ok - %s: bob has %d messages with Subject %r" % (kind, len(msgs), subject))
    sys.exit(1)
m = msgs[0]
bad = []
name, addr = email.utils.parseaddr(m["From"] or "")
want_name = {"cron": "CronDaemon"}.get(kind, "Alice Example")
if addr != "alice@mx.example.com" or name != want_name:
    bad.append("From %r" % m["From"])
# To: as the caller wrote it, a display name kept whole
want_to = "" if kind in ("mutt", "cron") else "Bob Builder"
if email.utils.getaddresses(m.get_all("To") or []) != [(want_to, "bob@mx.example.com")]:
    bad.append("To %r" % m.get_all("To"))
def text(part):
    return part.get_payload(decode=True).decode(part.get_content_charset() or "us-ascii")
if kind == "mutt":
    parts = m.get_payload() if m.is_multipart() else []
    if len(parts) != 2:
        bad.append("%d parts" % len(parts))
    else:
        body, att = parts
        if text(body) != "Grüße aus Köln: café, naïve, 日本語.\nsecond line\n":
            bad.append("body %r" % body.get_payload(decode=True))
        if body.get_content_charset() != "utf-8" or \
           body["Content-Transfer-Encoding"] != "8bit":
            bad.append("body sent as %s %s" % (body.get_content_charset(),
                       body["Content-Transfer-Encoding"]))
        if att.get_filename() != "blob.bin" or \
           att.get_payload(decode=True) != bytes(range(256)) * 4:
            bad.append("attachment %r" % att.get_filename())
    # the 8-bit body stays as it was written, byte for byte
    if "Grüße aus Köln".encode() not in m.as_bytes():
        bad.append("8-bit bytes rewritten")
else:
    want = {"s-nail": "Hello Bob,\nthis comes from s-nail.\n",
            "cron": "backup done: 3 files\n",
            # PHP ends the message with a CR LF of its own
            "php": "Hello Bob,\nthis comes from PHP's mail().\n\n",
            "git": None}[kind]
    got = text(m)
    if want is not None and got != want:
        bad.append("body %r" % got)
    if kind == "git" and ("Add a README" not in subject or
            "The first file of the project." not in got or
            "+hello" not in got):
        bad.append("patch body %r" % got)
    if kind == "php" and not (m["X-Mailer"] or "").startswith("PHP/"):
        bad.append("X-Mailer %r" % m["X-Mailer"])
    if kind == "cron" and len(m.get_all("X-Cron-Env") or []) != 4:
        bad.append("X-Cron-Env %r" % m.get_all("X-Cron-Env"))
# through the MSP as alice
if not any("(from alice@localhost)" in r and "/Submit)" in r
           for r in m.get_all("Received") or []):
    bad.append("no Received from the MSP")
# PHP and git name alice as the envelope sender with -f: her own
# address, no X-Authentication-Warning (sendmail 8.17's rule)
if m.get_all("X-Authentication-Warning"):
    bad.append("X-Authentication-Warning %r" % m.get_all("X-Authentication-Warning"))
if m["Return-Path"] != "<alice@mx.example.com>":
    bad.append("Return-Path %r" % m["Return-Path"])
if not m["Message-Id"] or not m["Date"]:
    bad.append("no Message-Id or Date")
if bad:
    print("not ok - %s: the message bob got: %s" % (kind, "; ".join(bad)))
    sys.exit(1)
print("ok - %s: bob got %r from %s" % (kind, subject, m["From"]))
PY
}
for c in $run; do
	case $c in
	mutt) what="mutt sends with sendmail -oi -t (8-bit UTF-8 body, attachment)"
	      subj="mutt with an attachment" ;;
	s-nail) what="s-nail sends with sendmail -oi -t"; subj="s-nail test" ;;
	cron) what="a cron-style job: sendmail -FCronDaemon -i -B8BITMIME -oem -t, minimal environment"
	      subj="Cron <alice@mx> /usr/local/bin/backup" ;;
	php) what="PHP's mail() sends with sendmail -t -i"; subj="PHP mail() test" ;;
	git) what="git send-email --smtp-server=/tmp/w/sendmail"; subj="[PATCH] Add a README" ;;
	esac
	if grep -qx 'rc=0' "$W/$c.out"; then
		ok "$what: exit 0"
		check "$c" "$subj" || { fail=1; show "$W/$c.out"; }
	else
		nok "$what: exit 0"; show "$W/$c.out"
	fi
done
[ -s "$W/mbox.bob" ] || show "$W/bd.out"
exit $fail
