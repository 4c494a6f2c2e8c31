#!/bin/sh
# test_mutt_mbox.sh - an mbox tern delivered (-bs -odq, then -q through
# mail.local) is read by mutt (Debian's, unpacked by scripts/peers.sh,
# never installed): it opens, counts the messages and lists their
# subjects, including one with a "From " body line, an 8-bit one and
# one from the null sender.  mutt runs on a pseudo-terminal
# (lib/mutt_index.py): it has no batch mode for reading a mailbox.
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib/dlv-world.sh"
W=$dlv_repo/build/itest/mutt-mbox
ok() { echo "ok - $*"; }
nok() { echo "not ok - $*"; fail=1; }
fail=0

peers=$("$dlv_repo/scripts/peers.sh" mutt libgsasl18 libtokyocabinet9 libgpgme11 \
	libidn12 libntlm0 libgssglue1) || { echo "not ok - fetch mutt"; exit 1; }
dlv_world_make "$W" || { echo "not ok - world setup"; exit 1; }
cp "$here/lib/smtp_pipe.py" "$W/smtp_pipe.py"
cat > "$W/session.in" <<'SMTP'
HELO client.example.com
MAIL FROM:<sender@mail.example.com>
RCPT TO:<alice@mx.example.com>
DATA
Subject: first

From the start of a line
.
MAIL FROM:<sender@mail.example.com> BODY=8BITMIME
RCPT TO:<alice@mx.example.com>
DATA
Subject: second
MIME-Version: 1.0
Content-Type: text/plain; charset=utf-8
Content-Transfer-Encoding: 8bit

café
.
MAIL FROM:<>
RCPT TO:<alice@mx.example.com>
DATA
Subject: third

from the null sender
.
QUIT
SMTP
dlv_world "$W" /bin/sh -c '
	cd /tmp/w
	/usr/bin/python3 smtp_pipe.py session.in -- ./sendmail -C /tmp/w/tern-sendmail.cf -odq -bs > bs.out 2>&1
	./sendmail -C /tmp/w/tern-sendmail.cf -q > q.out 2>&1
	cp /var/mail/alice mbox.alice 2>/dev/null
	true'
[ -s "$W/mbox.alice" ] && ok "alice's mbox delivered" || { nok "alice's mbox"; exit 1; }
out=$(/usr/bin/python3 "$here/lib/mutt_index.py" "$peers/usr/bin/mutt" \
	"$peers/usr/lib/x86_64-linux-gnu" "$W/mbox.alice" 2>&1)
printf '%s\n' "$out" | grep -qx 'msgs=3 new=3' && ok "mutt opens it: 3 messages, 3 new" ||
	{ nok "mutt's count"; printf '%s\n' "$out"; }
# the queue run delivers by priority (smallest first): compare with the
# order Python's mailbox module reads
want=$(/usr/bin/python3 -c 'import mailbox, sys
print("".join("IDX %s|" % m["Subject"] for m in mailbox.mbox(sys.argv[1], create=False)))' "$W/mbox.alice")
got=$(printf '%s\n' "$out" | grep '^IDX ' | tr '\n' '|')
[ "$got" = "$want" ] && [ -n "$got" ] &&
	ok "mutt lists the three subjects as Python's mailbox reads them ($got)" ||
	{ nok "mutt's index: $got, want $want"; printf '%s\n' "$out"; }
exit $fail
