#!/bin/sh
# test_local_delivery.sh - a message taken by sendmail -bs (queued), then
# delivered by a queue run through the local mailer (mail.local over
# LMTP) into mbox files that Python's mailbox module reads back; an
# alias list, a .forward, an unknown user, and the log lines.
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib/dlv-world.sh"
W=$dlv_repo/build/itest/local-delivery
PY=/usr/bin/python3
ok() { echo "ok - $*"; }
nok() { echo "not ok - $*"; fail=1; }
fail=0

dlv_world_make "$W" || { echo "not ok - world setup"; exit 1; }
# an alias to a user who does not exist, added with tern's newaliases
printf 'ghost:\tnosuchuser\n' >> "$W/etc/mail/aliases"
# a list with an owner: its members are sent as owner-club, and the
# owner (root), not the sender, hears of a member that fails
printf 'club:\talice, nosuchmember\nowner-club:\troot\n' >> "$W/etc/mail/aliases"
# bob forwards to alice and keeps a copy
printf '\\bob, alice\n' > "$W/home/bob/.forward"
chown 1001:1001 "$W/home/bob/.forward"; chmod 0644 "$W/home/bob/.forward"

cat > "$W/session.in" <<'SMTP'
EHLO client.example.com
MAIL FROM:<sender@mail.example.com>
RCPT TO:<alice@mx.example.com>
RCPT TO:<staff@mx.example.com>
RCPT TO:<bob@mx.example.com>
DATA
From: Sender <sender@mail.example.com>
To: alice@mx.example.com
Subject: delivery test

From the start of a line: this needs escaping.
.. a dotted line
8-bit: café
.
MAIL FROM:<sender@mail.example.com>
RCPT TO:<nosuchuser@mx.example.com>
RCPT TO:<alice@mx.example.com>
DATA
Subject: second

second body
.
QUIT
SMTP
cp "$here/lib/smtp_pipe.py" "$W/smtp_pipe.py"
printf 'HELO c.example.com\nMAIL FROM:<bob@mx.example.com>\nRCPT TO:<club@mx.example.com>\nDATA\nSubject: to the club\n\nmembers only\n.\nQUIT\n' > "$W/session6.in"
printf 'HELO c.example.com\nMAIL FROM:<alice@mx.example.com>\nRCPT TO:<ghost@mx.example.com>\nDATA\nSubject: to a ghost\n\nboo\n.\nQUIT\n' > "$W/session3.in"
printf 'HELO c.example.com\nMAIL FROM:<sender@mail.example.com>\nRCPT TO:<bob@mx.example.com>\nDATA\nSubject: interactive\n\nnow\n.\nQUIT\n' > "$W/session2.in"

dlv_world "$W" /bin/sh -c '
	cd /tmp/w
	export TERN_LOG_FILE=/tmp/w/maillog
	./sendmail -C /tmp/w/tern-sendmail.cf -bi > newaliases.out 2>&1
	/usr/bin/python3 smtp_pipe.py session.in -- ./sendmail -C /tmp/w/tern-sendmail.cf -odq -bs > bs.out 2>&1
	ls var/spool/mqueue > queue.before
	./sendmail -C /tmp/w/tern-sendmail.cf -q -v > q.out 2>&1
	echo "rc=$?" >> q.out
	ls var/spool/mqueue > queue.after
	/usr/bin/python3 smtp_pipe.py session2.in -- ./sendmail -C /tmp/w/tern-sendmail.cf -odi -bs > bs2.out 2>&1
	ls var/spool/mqueue > queue.after2
	/usr/bin/python3 smtp_pipe.py session3.in -- ./sendmail -C /tmp/w/tern-sendmail.cf -odi -OPostmasterCopy=root -bs > bs3.out 2>&1
	ls var/spool/mqueue > queue.after3
	/usr/bin/python3 smtp_pipe.py session6.in -- ./sendmail -C /tmp/w/tern-sendmail.cf -odi -bs > bs6.out 2>&1
	[ -f /var/mail/root ] && cp /var/mail/root mbox.root
	for u in alice bob; do
		[ -f /var/mail/$u ] && cp /var/mail/$u mbox.$u &&
			stat -c "%U %G %a" /var/mail/$u > mbox.$u.stat
	done
	ls -la /var/mail > varmail.ls
'
rc=$?
[ $rc -eq 0 ] || nok "world ran (rc $rc)"

grep -c '^250 2.0.0 .* Message accepted for delivery' "$W/bs.out" | grep -qx 2 &&
	ok "-bs queued two messages" || { nok "-bs queued two messages"; cat "$W/bs.out"; }
grep -q '^550 5.1.1 <nosuchuser@mx.example.com>... User unknown' "$W/bs.out" &&
	ok "unknown user refused at RCPT" || nok "unknown user refused at RCPT"
[ "$(grep -c '^qf' "$W/queue.before")" = 2 ] && ok "two qf files before the run" ||
	nok "two qf files before the run: $(cat "$W/queue.before")"
[ ! -s "$W/queue.after" ] && ok "queue empty after the run" ||
	{ nok "queue empty after the run: $(cat "$W/queue.after")"; cat "$W/q.out"; }

$PY - "$W" <<'PYEOF'
import mailbox, sys, os
w = sys.argv[1]
def check(cond, what):
    print(("ok - " if cond else "not ok - ") + what)
try:
    a = mailbox.mbox(os.path.join(w, "mbox.alice"), create=False)
    msgs = list(a)
except Exception as e:
    print("not ok - alice's mbox readable: %r" % e); sys.exit(0)
subjects = sorted(m["Subject"] for m in msgs)
# alice: direct, via staff (duplicate suppressed), via bob's .forward (dup),
# and the second message: one copy of each message
check(subjects == ["Returned mail: see transcript for details", "delivery test", "interactive", "second", "to the club"], "alice has one copy of each message (bob forwards to her), the ghost's bounce, the club's message: %r" % subjects)
club = [m for m in msgs if m["Subject"] == "to the club"]
check(club and club[0]["Return-Path"] == "<owner-club@mx.example.com>", "a list with an owner- alias: sent as owner-club: %r" % (club and club[0]["Return-Path"]))
bounce = [m for m in msgs if m["Subject"].startswith("Returned mail")]
if bounce:
    t = bounce[0].as_string()
    check("nosuchuser" in t and "(expanded from: <ghost@mx.example.com>)" in t and "Status: 5.1.1" in t,
          "the bounce names the unknown user, expanded from the alias, 5.1.1")
try:
    r = list(mailbox.mbox(os.path.join(w, "mbox.root"), create=False))
    check([m["Subject"].split(":")[0] for m in r] == ["Postmaster notify", "Returned mail"], "PostmasterCopy: root got a notice; as owner-club, the club member's bounce: %r" % [m["Subject"] for m in r])
    if len(r) > 1:
        t = r[1].as_string()
        check("nosuchmember" in t and "Status: 5.1.1" in t, "the owner's bounce names the failed member")
except Exception as e:
    print("not ok - root's mbox (PostmasterCopy): %r" % e)
first = [m for m in msgs if m["Subject"] == "delivery test"][0]
body = first.get_payload(decode=False)
raw = first.as_bytes()
check(b"\n>From the start of a line" in raw, "From_ line in the body escaped")
check(b"\n. a dotted line" in raw, "SMTP dot-stuffing undone")
check("café".encode("utf-8") in raw, "8-bit body byte for byte")
check(first.get_from().startswith("sender@mail.example.com "), "From_ line names the envelope sender: %r" % first.get_from())
check(first["Return-Path"] is None or "sender@mail.example.com" in first["Return-Path"], "Return-Path")
check(first["Received"] is not None, "Received header present")
try:
    b = list(mailbox.mbox(os.path.join(w, "mbox.bob"), create=False))
    check([m["Subject"] for m in b] == ["delivery test", "interactive"], "bob keeps his copy (\\bob in .forward); -odi delivered at once: %r" % [m["Subject"] for m in b])
except Exception as e:
    print("not ok - bob's mbox readable: %r" % e)
PYEOF

[ ! -s "$W/queue.after2" ] && ok "-odi: nothing left queued" || nok "-odi: left $(cat "$W/queue.after2")"
[ ! -s "$W/queue.after3" ] && ok "the bounce and the notice were delivered at once" || nok "left after the bounce: $(cat "$W/queue.after3")"
grep -q 'aliases: [0-9]* aliases' "$W/newaliases.out" && ok "newaliases rebuilt the aliases" || { nok "newaliases"; cat "$W/newaliases.out"; }
st=$(cat "$W/mbox.alice.stat" 2>/dev/null)
case $st in "alice mail 6"[06]"0") ok "mailbox owned by alice, group mail ($st)" ;;
*) nok "mailbox owner/mode: $st" ;; esac
grep -q 'to=<alice@mx.example.com>.*mailer=local.*dsn=2.0.0, stat=Sent' "$W/maillog" &&
	ok "log line for alice" || { nok "log line for alice"; cat "$W/maillog"; }
exit $fail
