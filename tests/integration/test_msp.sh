#!/bin/sh
# test_msp.sh - the submission program as users run it: sendmail
# set-group-ID smmsp (root:smmsp 2555, never set-user-ID), reading
# /etc/mail/submit.cf, run by the world's user alice (uid 1000).
#   - mail server down: `sendmail -oi -t` exits 0 and the message waits in
#     the client queue as qf/df files, mode 0660, group smmsp, owned by
#     alice; /proc shows the running MSP with uid 1000 and only egid 25
#   - mail server up (tern -bd as root on port 25 of the world): `sendmail
#     -Ac -q` as root runs as smmsp and empties the client queue into
#     bob's mailbox; a second `sendmail -t` goes straight through
#   - privileges: -C, -O QueueDirectory= and -d drop the group (the client
#     queue is then out of reach: exit 75, nothing queued); the
#     environment is scrubbed before any program runs
#   - without UseMSP a queue run sets the group-writable files aside
#     (sendmail's "bogus queue file")
#   - bad input: no recipients (64), -t without any (0, says so), an
#     unwritable queue (75), a missing submit.cf (72)
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib/dlv-world.sh"
W=$dlv_repo/build/itest/msp
ok() { echo "ok - $*"; }
nok() { echo "not ok - $*"; fail=1; }
fail=0

dlv_world_make "$W" || { echo "not ok - world setup"; exit 1; }
# the optimized build: set-group-ID programs and ASan do not mix
cp "$dlv_repo/build/bin/sendmail" "$W/sendmail" || exit 1
chown 0:25 "$W/sendmail" && chmod 2555 "$W/sendmail"
chown 25:25 "$W/var/spool/clientmqueue" && chmod 0770 "$W/var/spool/clientmqueue"
chmod 0700 "$W/var/spool/mqueue"
mkdir -p "$W/etc-mail"
cp "$dlv_repo/tests/world/etc/mail/service.switch" "$W/etc-mail/"
cp "$W/tern-submit.cf" "$W/etc-mail/submit.cf"
cp "$W/tern-sendmail.cf" "$W/etc-mail/sendmail.cf"
printf 'To: bob\nSubject: queued while down\n\nfirst\n' > "$W/msg1"
printf 'To: bob\nSubject: straight through\n\nsecond\n' > "$W/msg2"
printf 'Subject: nobody\n\nnone\n' > "$W/msg-norcpt"
printf 'To: bob\nSubject: set aside and put back\n\nthird\n' > "$W/msg3"
{ printf 'To: bob\nSubject: too large\n\n'; head -c 5000 /dev/zero | tr '\0' x; echo; } > "$W/msg-big"
printf 'To: bob\nSubject: env\n\nenv\n' > "$W/msg-env"
chmod 0644 "$W"/msg*

dlv_world "$W" /bin/sh -c '
	cd /tmp/w
	# submit.cf and sendmail.cf where the binary looks for them
	mount -t tmpfs tmpfs /etc/mail && cp etc-mail/* /etc/mail/ || exit 98
	export TERN_LOG_FILE=/tmp/w/maillog
	as_alice() { setpriv --reuid 1000 --regid 1000 --clear-groups "$@"; }
	./sendmail -bi > newaliases.out 2>&1

	# 1. the server is down
	# (under strace when there is one: the files must be synced
	# before the 0, since the message stays queued)
	if command -v strace > /dev/null && strace -qq -o /dev/null true 2> /dev/null; then
		strace -f -qq -e trace=fsync,fdatasync -o fsync.down -u alice \
			./sendmail -oi -t < msg1 > down.out 2>&1
	else
		as_alice ./sendmail -oi -t < msg1 > down.out 2>&1
	fi
	echo "rc=$?" >> down.out
	ls -ln var/spool/clientmqueue > cq.down
	# mailq of the client queue, by alice
	as_alice ./sendmail -Ac -bp > mailq.out 2>&1
	# the running MSP, from /proc: an SMTP session kept open
	mkfifo bs.fifo
	setpriv --reuid 1000 --regid 1000 --clear-groups ./sendmail -bs < bs.fifo > bs.out 2>&1 &
	echo $! > bs.pid
	exec 7> bs.fifo
	i=0; while [ $i -lt 50 ] && ! grep -q "^220" bs.out 2>/dev/null; do sleep 0.1; i=$((i+1)); done
	grep -E "^(Uid|Gid|Groups):" /proc/$(cat bs.pid)/status > proc.status
	echo QUIT >&7; exec 7>&-
	i=0; while [ $i -lt 50 ] && kill -0 $(cat bs.pid) 2>/dev/null; do sleep 0.1; i=$((i+1)); done

	# 2. privileges: a caller-named .cf, queue or -d cannot use the group
	as_alice ./sendmail -C /etc/mail/submit.cf -oi bob < msg1 > dropC.out 2>&1
	echo "rc=$?" >> dropC.out
	as_alice ./sendmail -O QueueDirectory=/tmp/w/var/spool/clientmqueue -oi bob < msg1 > dropQ.out 2>&1
	echo "rc=$?" >> dropQ.out
	as_alice ./sendmail -d0.1 -oi bob < msg1 > dropd.out 2>&1
	echo "rc=$?" >> dropd.out
	ls var/spool/clientmqueue | grep -c "^qf" > cq.count

	# 3. bad input
	as_alice ./sendmail < msg1 > norcpt.out 2>&1; echo "rc=$?" >> norcpt.out
	as_alice ./sendmail -t < msg-norcpt > tnorcpt.out 2>&1; echo "rc=$?" >> tnorcpt.out
	chmod 0750 var/spool/clientmqueue
	as_alice ./sendmail -oi bob < msg1 > unwritable.out 2>&1; echo "rc=$?" >> unwritable.out
	chmod 0770 var/spool/clientmqueue
	mv /etc/mail/submit.cf /etc/mail/submit.cf.away
	mv /etc/mail/sendmail.cf /etc/mail/sendmail.cf.away
	as_alice ./sendmail -oi bob < msg1 > nocf.out 2>&1; echo "rc=$?" >> nocf.out
	mv /etc/mail/submit.cf.away /etc/mail/submit.cf
	mv /etc/mail/sendmail.cf.away /etc/mail/sendmail.cf
	./sendmail -O MaxMessageSize=1000 -oi bob < msg-big > toolarge.out 2>&1
	echo "rc=$?" >> toolarge.out
	ls -ln var/spool/clientmqueue > cq.root	# the bounce root'"'"'s run queued
	chmod 0664 /etc/mail/submit.cf
	as_alice ./sendmail -oi bob < msg1 > unsafecf.out 2>&1; echo "rc=$?" >> unsafecf.out
	chmod 0644 /etc/mail/submit.cf

	# 3b. without UseMSP a group-writable control file is bogus: set
	# aside as Qf, never read (then put back, as an admin would)
	as_alice ./sendmail -oi -t < msg3 > down3.out 2>&1
	./sendmail -Ac -O UseMSP=False -q > bogus.out 2>&1
	ls var/spool/clientmqueue > cq.bogus
	for f in var/spool/clientmqueue/Qf*; do
		[ -e "$f" ] && mv "$f" "var/spool/clientmqueue/qf${f##*/Qf}"
	done

	# 4. the server comes up; the client queue runner (as smmsp) flushes
	./sendmail -L sm-mta -bd > bd.out 2>&1
	i=0; while [ $i -lt 100 ] && ! [ -s run/sendmail.pid ]; do sleep 0.1; i=$((i+1)); done
	i=0; while [ $i -lt 100 ] && ! grep -q ":0019 " /proc/net/tcp; do sleep 0.1; i=$((i+1)); done
	./sendmail -L sm-msp-queue -Ac -q -v > flush.out 2>&1; echo "rc=$?" >> flush.out
	i=0; while [ $i -lt 100 ] && [ "$(grep -c "^From " /var/mail/bob 2>/dev/null)" != 2 ]; do sleep 0.1; i=$((i+1)); done
	ls var/spool/clientmqueue > cq.flushed
	# the periodic client queue runner: its pid file, its ids
	./sendmail -L sm-msp-queue -Ac -q30m > runner.out 2>&1
	pf=var/spool/clientmqueue/sm-client.pid
	i=0; while [ $i -lt 100 ] && ! [ -s $pf ]; do sleep 0.1; i=$((i+1)); done
	if [ -s $pf ]; then
		rp=$(head -n 1 $pf)
		sleep 0.3
		grep -E "^(Uid|Gid):" /proc/$rp/status > runner.status
		kill $rp
		i=0; while [ $i -lt 50 ] && kill -0 $rp 2>/dev/null; do sleep 0.1; i=$((i+1)); done
		[ -e $pf ] && echo "pid file left" >> runner.status
	fi

	# 5. with the server up, straight through (the environment scrubbed)
	if command -v strace > /dev/null && strace -qq -o /dev/null true 2> /dev/null; then
		LD_PRELOAD=/nonexistent.so IFS=x RES_OPTIONS=debug strace -f -qq \
			-e trace=fsync,fdatasync -o fsync.up -u alice \
			./sendmail -oi -t < msg2 > up.out 2>&1
	else
		LD_PRELOAD=/nonexistent.so IFS=x RES_OPTIONS=debug as_alice ./sendmail -oi -t < msg2 > up.out 2>&1
	fi
	echo "rc=$?" >> up.out
	i=0; while [ $i -lt 100 ] && [ "$(grep -c "^From " /var/mail/bob 2>/dev/null)" != 3 ]; do sleep 0.1; i=$((i+1)); done
	ls var/spool/clientmqueue > cq.up
	cp /var/mail/bob mbox.bob 2>/dev/null; ls -la /var/mail > varmail.ls; cat /var/mail/alice > mbox.alice 2>/dev/null
	kill $(head -n 1 run/sendmail.pid)
	i=0; while [ $i -lt 100 ] && [ -s run/sendmail.pid ]; do sleep 0.1; i=$((i+1)); done
'
rc=$?
[ $rc -eq 0 ] || nok "world ran (rc $rc)"

show() { sed 's/^/#   /' "$@" 2>/dev/null; }

# 1. down: queued, exit 0, files as the issue says
grep -qx 'rc=0' "$W/down.out" && ok "server down: sendmail -oi -t exits 0" ||
	{ nok "server down: sendmail -oi -t exits 0"; show "$W/down.out"; }
if grep -q ' qf' "$W/cq.down" && grep -q ' df' "$W/cq.down"; then
	ok "server down: the message is in the client queue (qf and df)"
else
	nok "server down: the message is in the client queue"; show "$W/cq.down"
fi
if awk '/ [dq]f/ { if ($1 != "-rw-rw----" || $3 != 1000 || $4 != 25) bad = 1; n++ }
    END { exit !(n == 2 && !bad) }' "$W/cq.down"; then
	ok "queue files are 0660, owned by alice, group smmsp"
else
	nok "queue files are 0660, owned by alice, group smmsp"; show "$W/cq.down"
fi
if grep -q '^Uid:	1000	1000	1000	1000' "$W/proc.status" &&
   grep -q '^Gid:	1000	25	25	25' "$W/proc.status"; then
	ok "/proc: the running MSP is uid 1000 throughout, egid smmsp, never root"
else
	nok "/proc: the MSP's ids"; show "$W/proc.status"
fi
stat -c '%u %g %a' "$W/sendmail" | grep -qx '0 25 2555' &&
	ok "the binary is root:smmsp 2555 (no set-user-ID bit)" ||
	{ nok "binary mode"; stat -c '%u %g %a' "$W/sendmail"; }
grep -q 'queued while down' "$W/mailq.out" || grep -q 'Total requests: 1' "$W/mailq.out" &&
	ok "mailq -Ac (as alice) lists the client queue" ||
	{ nok "mailq -Ac lists the client queue"; show "$W/mailq.out"; }

if [ -f "$W/fsync.down" ]; then
	n=$(grep -c 'sync(' "$W/fsync.down")
	[ "$n" -ge 3 ] && ok "server down: data, control file and directory synced before exit 0 ($n syncs)" ||
		{ nok "server down: synced before exit 0"; show "$W/fsync.down"; }
else
	ok "server down: syncs # SKIP no strace"
fi

# 2. privileges dropped: nothing more queued, exit 75
for f in dropC dropQ dropd; do
	grep -qx 'rc=75' "$W/$f.out" && ok "$f: the group is dropped, the queue out of reach (75)" ||
		{ nok "$f: exit 75"; show "$W/$f.out"; }
done
grep -qx 1 "$W/cq.count" && ok "nothing was queued with a dropped privilege" ||
	{ nok "nothing queued by the dropped runs"; show "$W/cq.count"; }

# 3. bad input
grep -qx 'rc=64' "$W/norcpt.out" && grep -q 'Recipient names must be specified' "$W/norcpt.out" &&
	ok "no recipients: 64, says so" || { nok "no recipients"; show "$W/norcpt.out"; }
grep -qx 'rc=0' "$W/tnorcpt.out" && grep -q 'No recipient addresses found in header' "$W/tnorcpt.out" &&
	ok "-t without recipients: says so, 0 (as sendmail)" || { nok "-t without recipients"; show "$W/tnorcpt.out"; }
grep -qx 'rc=75' "$W/unwritable.out" && ok "unwritable client queue: 75" ||
	{ nok "unwritable client queue: 75"; show "$W/unwritable.out"; }
grep -qx 'rc=72' "$W/nocf.out" && ok "no configuration: 72" ||
	{ nok "no configuration: 72"; show "$W/nocf.out"; }

# 3b. UseMSP off: bogus
if grep -q '^Qf' "$W/cq.bogus" && ! grep -q '^qf' "$W/cq.bogus"; then
	ok "without UseMSP a group-writable qf is a bogus queue file, set aside as Qf"
else
	nok "without UseMSP: bogus queue file"; show "$W/cq.bogus" "$W/bogus.out"
fi

grep -qx 'rc=65' "$W/toolarge.out" && grep -q 'Message exceeds maximum fixed size (1000)' "$W/toolarge.out" &&
	ok "over MaxMessageSize: says so, 65 (its sender gets the bounce)" ||
	{ nok "over MaxMessageSize"; show "$W/toolarge.out"; }
awk '/ qf/ && $3 == 25 { n++ } END { exit !n }' "$W/cq.root" &&
	ok "root's submission runs as RunAsUser: the queue file it wrote is smmsp's" ||
	{ nok "root's MSP as smmsp"; show "$W/cq.root"; }
grep -qx 'rc=72' "$W/unsafecf.out" && grep -q 'Group writable file' "$W/unsafecf.out" &&
	ok "a group-writable submit.cf is refused (72)" ||
	{ nok "unsafe submit.cf refused"; show "$W/unsafecf.out"; }

# 4. the client queue runner
grep -qx 'rc=0' "$W/flush.out" && ok "sendmail -Ac -q as root exits 0" ||
	{ nok "sendmail -Ac -q"; show "$W/flush.out"; }
[ -z "$(grep -E '^(qf|df)' "$W/cq.flushed")" ] && ok "the client queue is empty after the run" ||
	{ nok "the client queue emptied"; show "$W/cq.flushed"; }
if grep -q '^Uid:	25	25	25	25' "$W/runner.status" 2>/dev/null &&
   grep -q '^Gid:	25	25	25	25' "$W/runner.status" &&
   ! grep -q 'pid file left' "$W/runner.status"; then
	ok "sendmail -L sm-msp-queue -Ac -q30m: PidFile written, runs as smmsp, PidFile removed on SIGTERM"
else
	nok "the periodic client queue runner"; show "$W/runner.status" "$W/runner.out"
fi

# 5. straight through, and what arrived
grep -qx 'rc=0' "$W/up.out" && ok "server up: sendmail -t exits 0" ||
	{ nok "server up: exit 0"; show "$W/up.out"; }
[ -z "$(grep -E '^(qf|df)' "$W/cq.up")" ] && ok "server up: nothing left in the client queue" ||
	{ nok "server up: client queue empty"; show "$W/cq.up"; }
if [ -f "$W/fsync.up" ]; then
	[ "$(grep -c 'sync(' "$W/fsync.up")" = 0 ] &&
		ok "server up: delivered at once, no disk flush in the MSP" ||
		{ nok "server up: no syncs"; show "$W/fsync.up"; }
else
	ok "server up: no syncs # SKIP no strace"
fi
for s in 'queued while down' 'straight through' 'set aside and put back'; do
	grep -q "^Subject: $s" "$W/mbox.bob" && ok "bob has \"$s\"" ||
		{ nok "bob has \"$s\""; show "$W/mbox.bob"; }
done
grep -q '^From: Alice Example <alice@mx.example.com>' "$W/mbox.bob" &&
	ok "From: has the full name from the password file" ||
	{ nok "From: with the full name"; show "$W/mbox.bob"; }
grep -q '^Received: (from alice@localhost)' "$W/mbox.bob" &&
	ok "Received: (from alice@localhost) by the MSP" ||
	{ nok "the MSP's Received"; show "$W/mbox.bob"; }
grep -q '^Message-I[dD]: <' "$W/mbox.bob" && grep -q '^Date: ' "$W/mbox.bob" &&
	ok "Date and Message-Id added" || nok "Date and Message-Id added"
exit $fail
