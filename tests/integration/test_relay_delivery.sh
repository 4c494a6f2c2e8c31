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

peers=$("$dlv_repo/scripts/peers.sh" postfix dnsmasq-base libnetfilter-conntrack3 \
	libnftables1 libnfnetlink0 libnftnl11) || { echo "not ok - fetch peers"; exit 1; }
dlv_world_make "$W" || { echo "not ok - world setup"; exit 1; }
mkdir -p "$W/peers"
cp -a "$peers/usr/sbin/smtp-sink" "$W/peers/"
cp -a "$peers/usr/lib/postfix" "$W/peers/lib"
cp -a "$peers/usr/sbin/dnsmasq" "$W/peers/"
cp -a "$peers/usr/lib/x86_64-linux-gnu/." "$W/peers/lib/"
cat > "$W/etc/mail/mailertable" <<'MT'
good.test	esmtp:[127.0.0.1]
refuse.test	esmtp:[127.0.0.2]
down.test	esmtp:[127.0.0.3]
never.test	esmtp:[127.0.0.4]
uid.test	esmtp:[127.0.0.7]
auth.test	esmtp:[127.0.0.8]
etrn.test	esmtp:[127.0.0.10]
MT
# credentials for the smarthost-like destination, as an access db entry
printf 'AuthInfo:[127.0.0.8]\t"U:smtpuser" "P:s3cret" "M:PLAIN"\n' >> "$W/etc/mail/access"
cp "$here/lib/uid_smtpd.py" "$W/uid_smtpd.py"
cp "$here/lib/smtp_pipe.py" "$W/smtp_pipe.py"
cat > "$W/session.in" <<'SMTP'
EHLO client.example.com
MAIL FROM:<alice@mx.example.com>
RCPT TO:<carol@good.test>
RCPT TO:<dave@refuse.test>
RCPT TO:<erin@down.test>
RCPT TO:<ivan@uid.test>
RCPT TO:<peggy@auth.test>
DATA
From: Alice <alice@mx.example.com>
To: carol@good.test, dave@refuse.test, erin@down.test
Subject: relay test

Hello over SMTP.
.. dotted
.
QUIT
SMTP
cat > "$W/session3.in" <<'SMTP'
HELO client.example.com
MAIL FROM:<alice@mx.example.com>
RCPT TO:<grace@mxpair.test>
DATA
Subject: by MX

the secondary takes it
.
QUIT
SMTP
cat > "$W/session4.in" <<'SMTP'
HELO client.example.com
MAIL FROM:<alice@mx.example.com>
RCPT TO:<trent@etrn.test>
DATA
Subject: held until ETRN

for the ETRN client
.
QUIT
SMTP
printf 'EHLO etrn.test\nETRN etrn.test\nQUIT\n' > "$W/session5.in"
cat > "$W/session2.in" <<'SMTP'
HELO client.example.com
MAIL FROM:<bob@mx.example.com>
RCPT TO:<frank@never.test>
DATA
Subject: never arrives

nobody listens
.
QUIT
SMTP

dlv_world "$W" /bin/sh -c '
	cd /tmp/w
	export TERN_LOG_FILE=/tmp/w/maillog LD_LIBRARY_PATH=/tmp/w/peers/lib
	.bin/makemap -C /tmp/w/mta.cf hash /tmp/w/etc/mail/mailertable < etc/mail/mailertable
	.bin/makemap -C /tmp/w/mta.cf hash /tmp/w/etc/mail/access < etc/mail/access
	mkdir -p sink1 sink2
	peers/smtp-sink -u root -d "sink1/%M." 127.0.0.1:25 10 & s1=$!
	peers/smtp-sink -u root -f RCPT -d "sink2/%M." 127.0.0.2:25 10 & s2=$!
	/usr/bin/python3 uid_smtpd.py 127.0.0.7 25 /tmp/w/client.uid & su=$!
	/usr/bin/python3 uid_smtpd.py 127.0.0.8 25 /tmp/w/client8.uid /tmp/w/auth.lines & sa=$!
	sleep 0.3
	/usr/bin/python3 smtp_pipe.py session.in -- ./sendmail -C /tmp/w/tern-sendmail.cf -odq -bs > bs.out 2>&1
	./sendmail -C /tmp/w/tern-sendmail.cf -q -v > q1.out 2>&1
	./sendmail -C /tmp/w/tern-sendmail.cf -bp > mailq1.out 2>&1
	ls var/spool/mqueue > queue1
	sleep 2
	./sendmail -C /tmp/w/tern-sendmail.cf -OTimeout.queuewarn=1s -q > qwarn.out 2>&1
	./sendmail -C /tmp/w/tern-sendmail.cf -OTimeout.queuewarn=1s -q > qwarn2.out 2>&1
	/usr/bin/python3 smtp_pipe.py session2.in -- ./sendmail -C /tmp/w/tern-sendmail.cf -odq -bs > bs2.out 2>&1
	sleep 2
	./sendmail -C /tmp/w/tern-sendmail.cf -OTimeout.queuereturn=1s -qRnever.test > qret.out 2>&1
	peers/smtp-sink -u root -d "sink3/%M." 127.0.0.3:25 10 & s3=$!
	sleep 0.3
	./sendmail -C /tmp/w/tern-sendmail.cf -q -v > q2.out 2>&1
	ls var/spool/mqueue > queue2
	# a DNS server where the world looks (resolv.conf: 127.0.0.1):
	# mxpair.test has MX 10 mx1 (down) and MX 20 mx2 (a sink)
	peers/dnsmasq --keep-in-foreground --no-resolv --no-hosts -C /dev/null \
		--listen-address=127.0.0.1 --bind-interfaces --user=root \
		--pid-file=/tmp/w/dnsmasq.pid --auth-zone=mxpair.test \
		--auth-server=ns.mxpair.test \
		--mx-host=mxpair.test,mx1.mxpair.test,10 \
		--mx-host=mxpair.test,mx2.mxpair.test,20 \
		--host-record=mx1.mxpair.test,127.0.0.5 \
		--host-record=mx2.mxpair.test,127.0.0.6 2> dnsmasq.err & dns=$!
	peers/smtp-sink -u root -d "sink4/%M." 127.0.0.6:25 10 & s4=$!
	sleep 0.5
	/usr/bin/python3 smtp_pipe.py session3.in -- ./sendmail -C /tmp/w/tern-sendmail.cf -odq -bs > bs3.out 2>&1
	./sendmail -C /tmp/w/tern-sendmail.cf -q -v > qmx.out 2>&1
	# ETRN: the message waits for its host, the host asks for it
	/usr/bin/python3 smtp_pipe.py session4.in -- ./sendmail -C /tmp/w/tern-sendmail.cf -odq -bs > bs4.out 2>&1
	peers/smtp-sink -u root -d "sink5/%M." 127.0.0.10:25 10 & s5=$!
	sleep 0.3
	/usr/bin/python3 smtp_pipe.py session5.in -- ./sendmail -C /tmp/w/tern-sendmail.cf -bs > etrn.out 2>&1
	# the run logs its outcome once the sink answered the message
	i=0; while ! grep -q "to=<trent@etrn.test>" maillog 2>/dev/null && [ $i -lt 200 ]; do sleep 0.1; i=$((i + 1)); done
	kill $s1 $s2 $s3 $s4 $s5 $dns $su $sa 2>/dev/null
	wait
	[ -f /var/mail/alice ] && cp /var/mail/alice mbox.alice
	[ -f /var/mail/bob ] && cp /var/mail/bob mbox.bob
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
uid=$(cat "$W/client.uid" 2>/dev/null)
[ "$uid" = 26 ] && ok "the SMTP client ran as mailnull (uid 26), not root (queue run started by root)" ||
	nok "SMTP client's uid: '$uid'"
want=$(printf '\0smtpuser\0s3cret' | base64)
grep -qx "AUTH PLAIN $want" "$W/auth.lines" 2>/dev/null &&
	ok "AUTH PLAIN with the AuthInfo: credentials of the access db" ||
	nok "AUTH PLAIN with the AuthInfo: credentials: $(cat "$W/auth.lines" 2>/dev/null)"
grep -q '^250 2.0.0 Queuing for node etrn.test started' "$W/etrn.out" &&
	ok "ETRN etrn.test: 250 Queuing for node etrn.test started" ||
	{ nok "ETRN reply"; cat "$W/etrn.out"; }
d5=$(ls "$W"/sink5/* 2>/dev/null | head -1)
[ -n "$d5" ] && grep -q '^X-Rcpt-Args: <trent@etrn.test>' "$d5" &&
	ok "ETRN started a queue run that delivered the waiting message" ||
	nok "ETRN: nothing delivered to etrn.test"
d3=$(ls "$W"/sink3/* 2>/dev/null | head -1)
[ -n "$d3" ] && grep -q '^X-Rcpt-Args: <erin@down.test>' "$d3" &&
	ok "second run delivered erin once the server was up" || { nok "second run"; cat "$W/q2.out"; }
[ ! -s "$W/queue2" ] && ok "queue empty at the end" || nok "queue at the end: $(cat "$W/queue2")"
d4=$(ls "$W"/sink4/* 2>/dev/null | head -1)
[ -n "$d4" ] && grep -q '^X-Rcpt-Args: <grace@mxpair.test>' "$d4" &&
	ok "MX by DNS: primary down, the secondary got it" ||
	{ nok "MX by DNS"; cat "$W/bs3.out" "$W/qmx.out" "$W/dnsmasq.err"; }
grep -q 'to=<grace@mxpair.test>.*relay=mx2.mxpair.test. \[127.0.0.6\], dsn=2.0.0, stat=Sent' "$W/maillog" &&
	grep -q 'Connecting to mx1.mxpair.test' "$W/qmx.out" &&
	ok "log: relay=mx2 after trying mx1" || nok "log: relay=mx2 after trying mx1"
$PY - "$W" <<'PYEOF'
import mailbox, os, sys
w = sys.argv[1]
def check(c, what):
    print(("ok - " if c else "not ok - ") + what)
def box(u):
    p = os.path.join(w, "mbox." + u)
    return list(mailbox.mbox(p, create=False)) if os.path.exists(p) else []
a = box("alice")
subj = [m["Subject"] for m in a]
check(subj == ["Returned mail: see transcript for details",
               "Warning: could not send message for past 1 second"],
      "alice got one bounce and one delay warning: %r" % subj)
if a:
    b = a[0]
    check(b.get_content_type() == "multipart/report", "bounce is multipart/report")
    check(b["From"] is not None and "<MAILER-DAEMON>" in b["From"], "bounce From: Mail Delivery Subsystem <MAILER-DAEMON> (unqualified for the local mailer, as sendmail)")
    check(b.get_from().startswith("MAILER-DAEMON "), "bounce has the null sender (From_ MAILER-DAEMON)")
    parts = b.get_payload() if b.is_multipart() else []
    ds = [p for p in parts if p.get_content_type() == "message/delivery-status"]
    text = ds[0].as_string() if ds else ""
    check("Final-Recipient: RFC822; dave@refuse.test" in text and "Action: failed" in text and "Status: 5.3.0" in text,
          "delivery-status names dave, failed, 5.3.0")
    check("erin" not in text, "the deferred recipient is not in the bounce")
    orig = [p for p in parts if p.get_content_type() == "message/rfc822"]
    check(orig and "relay test" in orig[0].as_string(), "the original message is returned")
if len(a) > 1:
    t = a[1].as_string()
    check("Action: delayed" in t and "erin@down.test" in t, "warning: erin delayed")
bb = box("bob")
check([m["Subject"] for m in bb] == ["Returned mail: see transcript for details"],
      "queuereturn expired: bob's message bounced: %r" % [m["Subject"] for m in bb])
if bb:
    check("Action: failed" in bb[0].as_string() and "Status: 4.4.7" in bb[0].as_string(),
          "expired bounce: failed, 4.4.7")
PYEOF
exit $fail
