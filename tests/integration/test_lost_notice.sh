#!/bin/sh
# test_lost_notice.sh - no mail is silently dropped even when every
# report fails: a message from the null sender to an alias whose user
# does not exist bounces to the postmaster (DoubleBounceAddress, here a
# user that does not exist either); that notice fails too and is then
# set aside as a Qf file (sendmail's lost queue file), logged, never
# removed.
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib/dlv-world.sh"
W=$dlv_repo/build/itest/lost-notice
ok() { echo "ok - $*"; }
nok() { echo "not ok - $*"; fail=1; }
fail=0

dlv_world_make "$W" || { echo "not ok - world setup"; exit 1; }
printf 'ghost:\tnosuchuser\n' >> "$W/etc/mail/aliases"
cp "$here/lib/smtp_pipe.py" "$W/smtp_pipe.py"
printf 'HELO c.example.com\nMAIL FROM:<>\nRCPT TO:<ghost@mx.example.com>\nDATA\nSubject: to a ghost, from nobody\n\nboo\n.\nQUIT\n' > "$W/session.in"

dlv_world "$W" /bin/sh -c '
	cd /tmp/w
	export TERN_LOG_FILE=/tmp/w/maillog
	./sendmail -C /tmp/w/tern-sendmail.cf -bi > newaliases.out 2>&1
	/usr/bin/python3 smtp_pipe.py session.in -- ./sendmail -C /tmp/w/tern-sendmail.cf -odi -ODoubleBounceAddress=nobodyhere -bs > bs.out 2>&1
	ls var/spool/mqueue > queue.ls
'
[ $? -eq 0 ] || nok "world ran"
show() { sed 's/^/#   /' "$@" 2>/dev/null; }
grep -q '^250 2.0.0 .* Message accepted' "$W/bs.out" && ok "the message is accepted" ||
	{ nok "accepted"; show "$W/bs.out"; }
grep -q '^Qf' "$W/queue.ls" && ok "the failed postmaster notice is kept as a Qf file" ||
	{ nok "kept as Qf"; show "$W/queue.ls" "$W/maillog"; }
q=$(sed -n 's/^Qf//p' "$W/queue.ls" | head -n 1)
[ -n "$q" ] && grep -q "^df$q\$" "$W/queue.ls" && ok "with its df" || nok "its df kept"
grep -q 'postmaster notice failed; kept as Qf' "$W/maillog" && ok "logged" ||
	{ nok "logged"; show "$W/maillog"; }
exit $fail
