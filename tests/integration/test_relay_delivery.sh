#!/bin/sh
# test_relay_delivery.sh - remote recipients through the esmtp mailer
# and tern's SMTP client, to Postfix's smtp-sink on loopback inside the
# world's own network namespace (mailertable routes the test domains to
# address literals): a delivery (checked in the sink's dump), a
# permanent refusal (5xx: bounced to the sender, a local user), a server
# that is down (deferred, left queued, delivered by a later -q once it
# is up), and the log lines.
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib/dlv-world.sh"
W=$dlv_repo/build/itest/relay-delivery
PY=/usr/bin/python3
ok() { echo "ok - $*"; }
nok() { echo "not ok - $*"; fail=1; }
fail=0

peers=$("$dlv_repo/scripts/peers.sh" postfix) || { echo "not ok - fetch postfix"; exit 1; }
dlv_world_make "$W" || { echo "not ok - world setup"; exit 1; }
mkdir -p "$W/peers"
cp -a "$peers/usr/sbin/smtp-sink" "$W/peers/"
cp -a "$peers/usr/lib/postfix" "$W/peers/lib"
cat > "$W/etc/mail/mailertable" <<'MT'
good.test	esmtp:[127.0.0.1]
refuse.test	esmtp:[127.0.0.2]
down.test	esmtp:[127.0.0.3]
MT
cp "$here/lib/smtp_pipe.py" "$W/smtp_pipe.py"
cat > "$W/session.in" <<'SMTP'
EHLO client.example.com
MAIL FROM:<alice@mx.example.com>
RCPT TO:<carol@good.test>
RCPT TO:<dave@refuse.test>
RCPT TO:<erin@down.test>
DATA
From: Alice <alice@mx.example.com>
To: carol@good.test, dave@refuse.test, erin@down.test
Subject: relay test

Hello over SMTP.
.. dotted
.
QUIT
SMTP

dlv_world "$W" /bin/sh -c '
	cd /tmp/w
	export TERN_LOG_FILE=/tmp/w/maillog LD_LIBRARY_PATH=/tmp/w/peers/lib
	.bin/makemap -C /tmp/w/mta.cf hash /tmp/w/etc/mail/mailertable < etc/mail/mailertable
	mkdir -p sink1 sink2
	peers/smtp-sink -u root -d "sink1/%M." 127.0.0.1:25 10 & s1=$!
	peers/smtp-sink -u root -f RCPT -d "sink2/%M." 127.0.0.2:25 10 & s2=$!
	sleep 0.3
	/usr/bin/python3 smtp_pipe.py session.in -- ./sendmail -C /tmp/w/tern-sendmail.cf -odq -bs > bs.out 2>&1
	./sendmail -C /tmp/w/tern-sendmail.cf -q -v > q1.out 2>&1
	./sendmail -C /tmp/w/tern-sendmail.cf -bp > mailq1.out 2>&1
	ls var/spool/mqueue > queue1
	peers/smtp-sink -u root -d "sink3/%M." 127.0.0.3:25 10 & s3=$!
	sleep 0.3
	./sendmail -C /tmp/w/tern-sendmail.cf -q -v > q2.out 2>&1
	ls var/spool/mqueue > queue2
	kill $s1 $s2 $s3
	wait
	[ -f /var/mail/alice ] && cp /var/mail/alice mbox.alice
	true
'
[ $? -eq 0 ] || nok "world ran"

grep -q '^250 2.0.0 .* Message accepted for delivery' "$W/bs.out" &&
	ok "-bs queued the message" || { nok "-bs queued the message"; cat "$W/bs.out"; }
d1=$(ls "$W"/sink1/* 2>/dev/null | head -1)
if [ -n "$d1" ] && grep -q '^X-Rcpt-Args: <carol@good.test>' "$d1" &&
   grep -q '^Subject: relay test' "$d1" && grep -q '^\. dotted' "$d1"; then
	ok "good.test got the message (dot-stuffing undone on arrival)"
else
	nok "good.test got the message"; cat "$W/q1.out"; [ -n "$d1" ] && cat "$d1"
fi
grep -q 'to=<carol@good.test>.*mailer=esmtp.*relay=\[127.0.0.1\].*dsn=2.0.0, stat=Sent' "$W/maillog" &&
	ok "log: carol sent, relay named" || { nok "log: carol"; cat "$W/maillog"; }
grep -q 'to=<dave@refuse.test>.*dsn=5\.[0-9.]*, stat=' "$W/maillog" &&
	ok "log: dave refused permanently" || nok "log: dave refused permanently"
grep -q 'to=<erin@down.test>.*dsn=4\.[0-9.]*, stat=Deferred' "$W/maillog" &&
	ok "log: erin deferred" || nok "log: erin deferred"
[ "$(grep -c '^qf' "$W/queue1")" = 1 ] && ok "still queued after the first run (erin)" ||
	nok "queue after first run: $(cat "$W/queue1")"
grep -q 'erin@down.test' "$W/mailq1.out" && ! grep -q 'carol@good.test' "$W/mailq1.out" &&
	ok "mailq lists only the deferred recipient" || { nok "mailq"; cat "$W/mailq1.out"; }
d3=$(ls "$W"/sink3/* 2>/dev/null | head -1)
[ -n "$d3" ] && grep -q '^X-Rcpt-Args: <erin@down.test>' "$d3" &&
	ok "second run delivered erin once the server was up" || { nok "second run"; cat "$W/q2.out"; }
[ ! -s "$W/queue2" ] && ok "queue empty at the end" || nok "queue at the end: $(cat "$W/queue2")"
exit $fail
