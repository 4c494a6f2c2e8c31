#!/bin/sh
# demo.sh - `make run`: the embedded default mail server.
#
# Everything lives under the checkout: the configuration generated from
# cf/*.mc into build/etc/mail (PREFIX build/prefix, ports 2525 and 2587,
# mailboxes in build/prefix/var/mail), the queue, the pid file and the
# helper programs under build/prefix.  The server is started as
#     sendmail -C build/etc/mail/sendmail.cf -L sm-mta -bd -q1m
# (it needs root, as sendmail does), a message is sent to it over SMTP,
# and the mailbox it lands in is shown.  It keeps running afterwards;
# the last lines say how to use and stop it.
set -eu
cd "$(dirname "$0")/.."
repo=$(pwd)
B=$repo/build
prefix=${PREFIX:-$B/prefix}
cf=$B/etc/mail/sendmail.cf
port=${SMTP_PORT:-2525}
PY=/usr/bin/python3

if [ "$(id -u)" != 0 ]; then
	echo "make run starts the mail server, which needs root (as sendmail's -bd)." >&2
	exit 1
fi

# --- the prefix: what sendmail.cf names
mkdir -p "$prefix/etc/mail" "$prefix/var/spool/mqueue" \
	"$prefix/var/spool/clientmqueue" "$prefix/run" "$prefix/libexec" \
	"$prefix/var/mail" "$prefix/etc/smrsh"
chmod 0700 "$prefix/var/spool/mqueue"
chgrp mail "$prefix/var/mail" 2>/dev/null && chmod 2775 "$prefix/var/mail" ||
	chmod 1777 "$prefix/var/mail"
install -m 0755 "$B/libexec/mail.local" "$B/libexec/smrsh" "$prefix/libexec/"
etc=$prefix/etc/mail
[ -e "$etc/local-host-names" ] ||
	printf 'localhost\n%s\n' "$(hostname)" > "$etc/local-host-names"
[ -e "$etc/aliases" ] || cat > "$etc/aliases" <<'ALIASES'
# aliases - the demo's aliases; rebuild with: sendmail -C ... -bi
postmaster:	root
mailer-daemon:	postmaster
abuse:		root
ALIASES
for f in relay-domains trusted-users; do [ -e "$etc/$f" ] || : > "$etc/$f"; done
[ -e "$etc/access" ] || printf 'Connect:127.0.0.1\tRELAY\nConnect:localhost\tRELAY\n' > "$etc/access"
[ -e "$etc/service.switch" ] || printf 'hosts\tfiles dns\naliases\tfiles\n' > "$etc/service.switch"
"$B/bin/makemap" -C "$cf" hash "$etc/access" < "$etc/access"
"$B/bin/sendmail" -C "$cf" -bi

# --- the server (again, if one runs already)
pidfile=$prefix/run/sendmail.pid
if [ -s "$pidfile" ] && kill -0 "$(head -n 1 "$pidfile")" 2>/dev/null; then
	kill "$(head -n 1 "$pidfile")"
	i=0
	while [ -s "$pidfile" ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
fi
echo "\$ build/bin/sendmail -C build/etc/mail/sendmail.cf -L sm-mta -bd -q1m"
"$B/bin/sendmail" -C "$cf" -L sm-mta -bd -q1m
i=0
while ! [ -s "$pidfile" ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
echo "tern is running, pid $(head -n 1 "$pidfile"), SMTP on 127.0.0.1:$port (MSA ${MSA_PORT:-2587})"

# --- a message, over SMTP, to root's mailbox
box=$prefix/var/mail/root
before=$(grep -c '^From ' "$box" 2>/dev/null || true)
$PY - "$port" <<'PYEOF'
import smtplib, sys
s = smtplib.SMTP("127.0.0.1", int(sys.argv[1]), timeout=30)
s.ehlo("demo.localhost")
s.sendmail("demo@localhost", ["root@localhost"],
           "From: demo@localhost\r\nTo: root@localhost\r\n"
           "Subject: hello from make run\r\n\r\nDelivered by tern.\r\n")
s.quit()
print("sent a message to root@localhost over SMTP")
PYEOF
i=0
while [ "$(grep -c '^From ' "$box" 2>/dev/null || echo 0)" = "${before:-0}" ] && [ $i -lt 100 ]; do
	sleep 0.1; i=$((i + 1))
done
echo
# --- and one through the submission program, as cron or mutt would
msp=$B/etc/mail/submit.cf
before=$(grep -c '^From ' "$box" 2>/dev/null || true)
echo
echo "\$ printf 'To: root\\nSubject: hello from the submission program\\n\\nsendmail -t' | build/bin/sendmail -C build/etc/mail/submit.cf -oi -t"
printf 'To: root\nSubject: hello from the submission program\n\nsent with sendmail -oi -t\n' |
	"$B/bin/sendmail" -C "$msp" -oi -t && echo "(exit 0: delivered, or safe in $prefix/var/spool/clientmqueue)"
i=0
while [ "$(grep -c '^From ' "$box" 2>/dev/null || echo 0)" = "${before:-0}" ] && [ $i -lt 100 ]; do
	sleep 0.1; i=$((i + 1))
done
echo
echo "\$ cat $box"
cat "$box" 2>/dev/null || echo "(not delivered yet: see build/bin/sendmail -C $cf -bp)"
cat <<TXT

Send more:    swaks --server 127.0.0.1:$port --to root@localhost
              (or any SMTP client, e.g. Python's smtplib, to 127.0.0.1:$port)
  or locally: build/bin/sendmail -C build/etc/mail/submit.cf -oi -t < message
              (the submission program; with the server down the message
              waits in $prefix/var/spool/clientmqueue until
              build/bin/sendmail -C build/etc/mail/submit.cf -q)
Read mail:    $prefix/var/mail/USER (mbox; e.g. mutt -f ...)
The queue:    build/bin/sendmail -C build/etc/mail/sendmail.cf -bp
Stop it:      kill \$(head -n 1 $pidfile)
TXT
