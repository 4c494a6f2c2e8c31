#!/bin/sh
# test_real_queue.sh - the real sendmail 8.17 takes messages into the
# queue (-bs -odq, and -odq -bm from stdin) with tern's sendmail.cf; a
# queue run of tern's sendmail delivers them: local users through tern's
# mail.local (mbox files read back by Python's mailbox module), an alias
# list, an :include: list, and a remote address to Postfix's smtp-sink
# (mailertable routes good.test to [127.0.0.1]).  The qf/df files written
# by sendmail must be read as sendmail means them and removed at the end.
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib/dlv-world.sh"
. "$here/lib/real-sm.sh"
W=$dlv_repo/build/itest/real-queue
PY=/usr/bin/python3
ok() { echo "ok - $*"; }
nok() { echo "not ok - $*"; fail=1; }
fail=0

peers=$("$dlv_repo/scripts/peers.sh" postfix) || { echo "not ok - fetch peers"; exit 1; }
dlv_world_make "$W" || { echo "not ok - world setup"; exit 1; }
real_sm_add "$W" || { echo "not ok - the real sendmail"; exit 1; }
mkdir -p "$W/peers"
cp -a "$peers/usr/sbin/smtp-sink" "$W/peers/"
cp -a "$peers/usr/lib/postfix" "$W/peers/lib"
printf 'good.test\tesmtp:[127.0.0.1]\n' > "$W/etc/mail/mailertable"
cp "$here/lib/smtp_pipe.py" "$W/smtp_pipe.py"
cat > "$W/session.in" <<'SMTP'
EHLO client.example.com
MAIL FROM:<sender@mail.example.com>
RCPT TO:<alice@mx.example.com>
RCPT TO:<staff@mx.example.com>
RCPT TO:<carol@good.test>
DATA
From: Sender <sender@mail.example.com>
To: alice@mx.example.com, carol@good.test
Subject: from the real queue

From the start of a line: escaped in the mbox.
.. a dotted line
8-bit: café
.
MAIL FROM:<>
RCPT TO:<bob@mx.example.com>
DATA
Subject: null sender

a bounce-like message
.
QUIT
SMTP
printf 'From: Sender <sender@mail.example.com>\nSubject: by -bm\n\nread from stdin\n' > "$W/bm.msg"

dlv_world "$W" /bin/sh -c '
	cd /tmp/w
	export TERN_LOG_FILE=/tmp/w/maillog
	.bin/makemap -C /tmp/w/mta.cf hash /tmp/w/etc/mail/mailertable < etc/mail/mailertable
	/usr/bin/python3 smtp_pipe.py session.in -- .bin/real -C /tmp/w/tern-sendmail.cf -odq -bs > bs.out 2>&1
	.bin/real -C /tmp/w/tern-sendmail.cf -odq -f sender@mail.example.com bob list < bm.msg > bm.out 2>&1
	echo "rc=$?" >> bm.out
	ls var/spool/mqueue > queue.before
	mkdir sink
	LD_LIBRARY_PATH=/tmp/w/peers/lib peers/smtp-sink -u root -d "sink/%M." 127.0.0.1:25 10 & s1=$!
	sleep 0.3
	./sendmail -C /tmp/w/tern-sendmail.cf -q -v > q.out 2>&1
	echo "rc=$?" >> q.out
	kill $s1; wait $s1 2>/dev/null
	ls var/spool/mqueue > queue.after
	for u in alice bob; do [ -f /var/mail/$u ] && cp /var/mail/$u mbox.$u; done
	true
'
[ $? -eq 0 ] || nok "world ran"

[ "$(grep -c '^250 2.0.0 .* Message accepted for delivery' "$W/bs.out")" = 2 ] &&
	ok "the real sendmail -bs -odq took two messages" || { nok "real -bs"; cat "$W/bs.out"; }
grep -qx 'rc=0' "$W/bm.out" && ok "the real sendmail -odq -bm took one" || { nok "real -bm"; cat "$W/bm.out"; }
[ "$(grep -c '^qf' "$W/queue.before")" = 3 ] && ok "three qf files written by sendmail" ||
	nok "qf files before the run: $(cat "$W/queue.before")"
grep -qx 'rc=0' "$W/q.out" && ok "tern's queue run exits 0" || { nok "tern -q"; cat "$W/q.out"; }
[ ! -s "$W/queue.after" ] && ok "queue empty after tern's run" ||
	{ nok "queue after tern's run: $(cat "$W/queue.after")"; cat "$W/q.out"; }

d1=$(ls "$W"/sink/* 2>/dev/null | head -1)
if [ -n "$d1" ] && grep -q '^X-Rcpt-Args: <carol@good.test>' "$d1" &&
   grep -q '^X-Mail-Args: <sender@mail.example.com>' "$d1" &&
   grep -q '^Subject: from the real queue' "$d1" && grep -q '^\. a dotted line' "$d1"; then
	ok "carol@good.test got the message over SMTP"
else
	nok "carol@good.test over SMTP"; [ -n "$d1" ] && cat "$d1"
fi
grep -q 'to=<carol@good.test>.*mailer=esmtp.*relay=\[127.0.0.1\].*dsn=2.0.0, stat=Sent' "$W/maillog" &&
	ok "log: carol sent" || { nok "log: carol"; cat "$W/maillog"; }

$PY - "$W" <<'PYEOF'
import mailbox, os, sys
w = sys.argv[1]
def check(c, what):
    print(("ok - " if c else "not ok - ") + what)
def box(u):
    p = os.path.join(w, "mbox." + u)
    return list(mailbox.mbox(p, create=False)) if os.path.exists(p) else []
a, b = box("alice"), box("bob")
sa = sorted(m["Subject"] for m in a)
sb = sorted(m["Subject"] for m in b)
check(sa == ["by -bm", "from the real queue"], "alice: one copy each (direct+staff; -bm via :include: list): %r" % sa)
check(sb == ["by -bm", "from the real queue", "null sender"], "bob: staff, direct, -bm (bob and list: once): %r" % sb)
for m in a:
    if m["Subject"] == "from the real queue":
        raw = m.as_bytes()
        check(b"\n>From the start of a line" in raw, "From_ escaped")
        check("café".encode() in raw, "8-bit body byte for byte")
        check(m.get_from().startswith("sender@mail.example.com "), "From_ names the sender")
        check(m["Return-Path"] == "<sender@mail.example.com>", "Return-Path from the qf's $g template: %r" % m["Return-Path"])
        rcv = m.get_all("Received") or []
        check(len(rcv) == 1 and "8.17.1.9/8.17.1.9" in rcv[0], "the Received sendmail wrote, no second one")
        check(m["Message-Id"] is not None and m["Date"] is not None, "Date and Message-Id sendmail added kept")
for m in b:
    if m["Subject"] == "null sender":
        check(m.get_from().startswith("MAILER-DAEMON "), "null sender: From_ MAILER-DAEMON: %r" % m.get_from())
        check(m["Return-Path"] == "<>", "null sender: Return-Path <>: %r" % m["Return-Path"])
    if m["Subject"] == "by -bm":
        check(m.get_from().startswith("sender@mail.example.com "), "-bm: From_ from -f")
        check(m.get_payload() == "read from stdin\n", "-bm body")
PYEOF
exit $fail
