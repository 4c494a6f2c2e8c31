#!/bin/sh
# test_quarantine.sh - a check ruleset's "$#error $@ quarantine $: why"
# (here an access db entry "From:... QUARANTINE:why", as proto.m4 maps
# it): the message is accepted (250), stored as an hf file whose q line
# holds the reason, logged "quarantine=", listed by mailq -qQ (not by
# plain mailq) and never delivered by a queue run.
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib/dlv-world.sh"
W=$dlv_repo/build/itest/quarantine
ok() { echo "ok - $*"; }
nok() { echo "not ok - $*"; fail=1; }
fail=0

dlv_world_make "$W" || { echo "not ok - world setup"; exit 1; }
printf 'From:spammer@example.org\tQUARANTINE:held for review\n' >> "$W/etc/mail/access"
"$dlv_repo/build/bin/makemap" -C "$W/tern-sendmail.cf" hash "$W/etc/mail/access" < "$W/etc/mail/access" ||
	{ echo "not ok - makemap"; exit 1; }
cp "$here/lib/smtp_pipe.py" "$W/smtp_pipe.py"
printf 'HELO c.example.com\nMAIL FROM:<spammer@example.org>\nRCPT TO:<alice@mx.example.com>\nDATA\nSubject: suspicious\n\nbuy now\n.\nMAIL FROM:<bob@mx.example.com>\nRCPT TO:<alice@mx.example.com>\nDATA\nSubject: fine\n\nhello\n.\nQUIT\n' > "$W/session.in"

dlv_world "$W" /bin/sh -c '
	cd /tmp/w
	export TERN_LOG_FILE=/tmp/w/maillog
	/usr/bin/python3 smtp_pipe.py session.in -- ./sendmail -C /tmp/w/tern-sendmail.cf -odq -bs > bs.out 2>&1
	ls var/spool/mqueue > queue.ls
	cat var/spool/mqueue/hf* > hf.txt 2>/dev/null
	./sendmail -C /tmp/w/tern-sendmail.cf -bp > mailq.out 2>&1
	./sendmail -C /tmp/w/tern-sendmail.cf -bp -qQ > mailq-Q.out 2>&1
	./sendmail -C /tmp/w/tern-sendmail.cf -q > q.out 2>&1
	ls var/spool/mqueue > queue.after
	cat /var/mail/alice > mbox.alice 2>/dev/null
'
[ $? -eq 0 ] || nok "world ran"
show() { sed 's/^/#   /' "$@" 2>/dev/null; }

[ "$(grep -c '^250 2.0.0 .* Message accepted for delivery' "$W/bs.out")" = 2 ] &&
	ok "both messages accepted (250)" || { nok "both accepted"; show "$W/bs.out"; }
grep -q '^hf' "$W/queue.ls" && ok "the quarantined one is an hf file" ||
	{ nok "an hf file"; show "$W/queue.ls"; }
grep -qx 'qheld for review' "$W/hf.txt" && ok "its q line holds the reason" ||
	{ nok "q line"; show "$W/hf.txt"; }
grep -q 'quarantine=held for review' "$W/maillog" && ok "logged quarantine=" ||
	{ nok "logged quarantine="; show "$W/maillog"; }
grep -q 'Total requests: 1' "$W/mailq.out" && ok "plain mailq lists only the other one" ||
	{ nok "plain mailq"; show "$W/mailq.out"; }
grep -q 'held for review' "$W/mailq-Q.out" && ok "mailq -qQ lists the held one with its reason" ||
	{ nok "mailq -qQ"; show "$W/mailq-Q.out"; }
grep -q '^Subject: fine' "$W/mbox.alice" && ! grep -q '^Subject: suspicious' "$W/mbox.alice" &&
	ok "a queue run delivers the other, never the held one" ||
	{ nok "queue run and the held message"; show "$W/mbox.alice"; }
grep -q '^hf' "$W/queue.after" && ok "the held one stays" || nok "the held one stays"
exit $fail
