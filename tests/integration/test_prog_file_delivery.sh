#!/bin/sh
# test_prog_file_delivery.sh - program and file delivery end to end with
# tern's sendmail, mail.local and smrsh (the delivery-golden world,
# tests/golden/delivery/lib.sh, tern's makemap): an alias to
# "|/tmp/w/prog-bin/recorder" run through smrsh as DefaultUser
# (mailnull), an alias to /tmp/w/var/log/copy (the *file* mailer as
# mailnull: From_ line, appended), an :include: list holding a pipe and a
# user, a .forward with a pipe (run as its owner), and a program that is
# not in the smrsh directory (/etc/mail/smrsh inside the world): refused,
# the message bounced to its local sender.
set -u
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
GOLDEN_REPO=$repo
. "$repo/tests/golden/lib.sh"
. "$repo/tests/golden/delivery/lib.sh"
W=$repo/build/itest/prog-file
PY=/usr/bin/python3
ok() { echo "ok - $*"; }
nok() { echo "not ok - $*"; fail=1; }
fail=0

dlvg_world "$W" "$repo/build/bin/makemap" "$repo/build/san/bin/sendmail" > "$W.setup" 2>&1 ||
	{ echo "not ok - world setup"; cat "$W.setup"; exit 1; }
# an :include: list with a program and a user
printf '"|/tmp/w/prog-bin/recorder from-include"\nbob\n' > "$W/etc/mail/proglist"
chmod 0644 "$W/etc/mail/proglist"
rm -rf "$W/out" "$W/var/log" && mkdir -p "$W/cases" && mkdir -m 1777 "$W/var/log"
echo "previous content" > "$W/var/log/copy" && chown 26:26 "$W/var/log/copy"
: > "$W/var/log/recorder.out" && chmod 0666 "$W/var/log/recorder.out"
cat > "$W/cases/t.sh" <<'CASE'
printf '"|/tmp/w/prog-bin/recorder from-forward", \\alice\n' > home/alice/.forward
chown alice:alice home/alice/.forward; chmod 0644 home/alice/.forward
printf 'proglist:\t:include:/tmp/w/etc/mail/proglist\n' >> etc/mail/aliases
export TERN_LOG_FILE=/tmp/w/out/maillog
$SM -bi > out/newaliases 2>&1
cat > s.in <<'SMTP'
HELO client.example.com
MAIL FROM:<bob@mx.example.com>
RCPT TO:<recorder@mx.example.com>
RCPT TO:<copy@mx.example.com>
RCPT TO:<proglist@mx.example.com>
RCPT TO:<alice@mx.example.com>
DATA
From: Bob <bob@mx.example.com>
Subject: programs and files

From the start: escaped in the file
body line
.
MAIL FROM:<bob@mx.example.com>
RCPT TO:<refused@mx.example.com>
DATA
Subject: refused program

never run
.
QUIT
SMTP
python3 smtp_pipe.py s.in -- $SM -odq -bs > out/bs 2>&1
$SM -q -v > out/q 2>&1
echo "rc=$?" >> out/q
CASE
ASAN_OPTIONS=detect_leaks=0 timeout 120 "$repo/tests/world/enter.sh" "$W" /tmp/w/inworld.sh t
[ $? -eq 0 ] || nok "world ran"

[ ! -s "$W/out/queue" ] && ok "queue empty after the run" || { nok "queue: $(cat "$W/out/queue")"; cat "$W/out/q"; }
rec=$W/var/log/recorder.out
grep -q '^--- recorder uid=26 gid=26 args:$' "$rec" &&
	ok "alias \"|recorder\": run through smrsh as mailnull" ||
	{ nok "alias program"; cat "$rec" "$W/out/q"; }
grep -q '^--- recorder uid=26 gid=26 args:from-include$' "$rec" &&
	ok ":include: list: its program ran with its argument (as DefaultUser, the list is root's)" ||
	nok ":include: program"
grep -q '^--- recorder uid=1000 gid=1000 args:from-forward$' "$rec" &&
	ok ".forward pipe ran as alice" || nok ".forward pipe"
[ "$(grep -c '^--- recorder' "$rec")" = 3 ] && ok "three program runs" ||
	nok "program runs: $(grep -c '^--- recorder' "$rec")"
grep -q '^Subject: programs and files' "$rec" && grep -q '^From bob@mx.example.com ' "$rec" &&
	ok "the program read the message with a From_ line" || nok "program input"
grep -q 'to="|/tmp/w/prog-bin/recorder", ctladdr=<recorder@mx.example.com> (26/0), .*mailer=prog, .*stat=Sent' "$W/out/maillog" &&
	ok "log: prog line with ctladdr" || { nok "log: prog line"; cat "$W/out/maillog"; }
grep -q 'to=/tmp/w/var/log/copy, ctladdr=<copy@mx.example.com> (26/0), .*mailer=\*file\*, .*stat=Sent' "$W/out/maillog" &&
	ok "log: file line" || nok "log: file line"
grep -q 'to="|/tmp/w/prog-bin/notinsmrsh", .*mailer=prog, .*dsn=5.0.0, stat=Service unavailable' "$W/out/maillog" &&
	ok "log: refused program, stat=Service unavailable" || nok "log: refused program"

$PY - "$W" <<'PYEOF'
import mailbox, os, sys
w = sys.argv[1]
def check(c, what):
    print(("ok - " if c else "not ok - ") + what)
st = os.stat(os.path.join(w, "var/log/copy"))
check(st.st_uid == 26, "the file is still mailnull's (uid %d)" % st.st_uid)
data = open(os.path.join(w, "var/log/copy"), "rb").read()
check(data.startswith(b"previous content\nFrom bob@mx.example.com "), "appended after the old content, From_ line with a date")
check(b"\n>From the start" in data, "From_ escaped in the file")
msgs = list(mailbox.mbox(os.path.join(w, "var/log/copy"), create=False))
check([m["Subject"] for m in msgs][-1:] == ["programs and files"], "the file reads as an mbox")
def box(u):
    p = os.path.join(w, "out/mail", u)
    return list(mailbox.mbox(p, create=False)) if os.path.exists(p) else []
a = [m["Subject"] for m in box("alice")]
check(a == ["programs and files"], "alice (\\alice in her .forward) got one copy: %r" % a)
b = box("bob")
sb = [m["Subject"] for m in b]
check("programs and files" in sb, "bob got it through the :include: list: %r" % sb)
bounce = [m for m in b if (m["Subject"] or "").startswith("Returned mail")]
check(len(bounce) == 1, "bob (the sender) got one bounce for the refused program")
if bounce:
    t = bounce[0].as_string()
    check("notinsmrsh" in t and "Action: failed" in t, "the bounce names the program, failed")
PYEOF
exit $fail
