#!/bin/sh
# test_conn_cache.sh - ConnectionCacheSize / ConnectionCacheTimeout: a
# queue run (started by root) delivers five queued messages for one
# destination over one SMTP connection (RSET between them, "Using cached
# ESMTP connection" under -v, relay= as for a fresh one, the client not
# uid 0); with -OConnectionCacheSize=0 over five; a server that answers
# RSET with 421 on the kept connection still gets the next message, on
# a fresh connection, and nothing is deferred.  The server is
# lib/count_smtpd.py on loopback inside the world's network namespace.
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib/dlv-world.sh"
W=$dlv_repo/build/itest/conn-cache
ok() { echo "ok - $*"; }
nok() { echo "not ok - $*"; fail=1; }
fail=0

dlv_world_make "$W" || { echo "not ok - world setup"; exit 1; }
printf 'cache.test\tesmtp:[127.0.0.9]\n' > "$W/etc/mail/mailertable"
cp "$here/lib/count_smtpd.py" "$W/count_smtpd.py"
cp "$here/lib/wait_listen.sh" "$W/wait_listen.sh"
cp "$here/lib/smtp_pipe.py" "$W/smtp_pipe.py"
# $1 messages in one -bs session, to rcpt$i@cache.test
session() {
	echo "EHLO client.example.com"
	i=1
	while [ $i -le "$1" ]; do
		printf 'MAIL FROM:<alice@mx.example.com>\nRCPT TO:<rcpt%s@cache.test>\nDATA\nSubject: cached %s\n\nmessage %s\n.\n' $i $i $i
		i=$((i + 1))
	done
	echo QUIT
}
session 5 > "$W/five.in"
session 2 > "$W/two.in"

dlv_world "$W" /bin/sh -c '
	cd /tmp/w
	export TERN_LOG_FILE=/tmp/w/maillog
	.bin/makemap -C /tmp/w/mta.cf hash /tmp/w/etc/mail/mailertable < etc/mail/mailertable
	cf=/tmp/w/tern-sendmail.cf
	# 1: the cache (the .cf says ConnectionCacheSize=2)
	/usr/bin/python3 count_smtpd.py 127.0.0.9 25 /tmp/w/srv1.log & s=$!
	sh wait_listen.sh 127.0.0.9 25
	/usr/bin/python3 smtp_pipe.py five.in -- ./sendmail -C $cf -odq -bs > bs1.out 2>&1
	./sendmail -C $cf -q -v > q1.out 2>&1
	ls var/spool/mqueue > queue1
	cp maillog maillog1
	kill $s; wait $s
	# 2: no cache
	/usr/bin/python3 count_smtpd.py 127.0.0.9 25 /tmp/w/srv2.log & s=$!
	sh wait_listen.sh 127.0.0.9 25
	/usr/bin/python3 smtp_pipe.py five.in -- ./sendmail -C $cf -odq -bs > bs2.out 2>&1
	./sendmail -C $cf -OConnectionCacheSize=0 -q -v > q2.out 2>&1
	ls var/spool/mqueue > queue2
	kill $s; wait $s
	# 3: RSET answered 421 on the kept connection
	/usr/bin/python3 count_smtpd.py 127.0.0.9 25 /tmp/w/srv3.log rset421 & s=$!
	sh wait_listen.sh 127.0.0.9 25
	/usr/bin/python3 smtp_pipe.py two.in -- ./sendmail -C $cf -odq -bs > bs3.out 2>&1
	./sendmail -C $cf -q -v > q3.out 2>&1
	ls var/spool/mqueue > queue3
	kill $s; wait $s
	true
'
[ $? -eq 0 ] || nok "world ran"

n() { grep -c "$1" "$2" 2>/dev/null; }
[ "$(n '^250 2.0.0 .* Message accepted' "$W/bs1.out")" = 5 ] &&
	ok "five messages queued" || { nok "five messages queued"; cat "$W/bs1.out"; }
[ "$(n '^CONNECT' "$W/srv1.log")" = 1 ] && [ "$(n ' DONE$' "$W/srv1.log")" = 5 ] &&
	ok "cache: one connection carried all five messages" ||
	{ nok "cache: one connection, five messages"; cat "$W/srv1.log" "$W/q1.out"; }
[ "$(n '^1 RSET$' "$W/srv1.log")" = 4 ] && [ "$(n '^1 EHLO$' "$W/srv1.log")" = 1 ] &&
	[ "$(n '^1 QUIT$' "$W/srv1.log")" = 1 ] && tail -2 "$W/srv1.log" | grep -q '^1 QUIT$' &&
	ok "cache: one EHLO, RSET before each later message, QUIT at the end of the run" ||
	{ nok "cache: EHLO/RSET/QUIT"; cat "$W/srv1.log"; }
[ "$(n '^Using cached ESMTP connection to \[127.0.0.9\] \[127.0.0.9\]\.\.\.$' "$W/q1.out")" = 4 ] &&
	[ "$(n '^Connecting to \[127.0.0.9\] \[127.0.0.9\] port 25' "$W/q1.out")" = 1 ] &&
	ok "-v: Using cached ESMTP connection to [127.0.0.9] [127.0.0.9]... (4 times)" ||
	{ nok "-v: Using cached"; cat "$W/q1.out"; }
[ "$(n 'to=<rcpt[1-5]@cache.test>.*mailer=esmtp.*relay=\[127.0.0.9\] \[127.0.0.9\], dsn=2.0.0, stat=Sent' "$W/maillog1")" = 5 ] &&
	ok "log: five Sent, relay= as for a fresh connection" || { nok "log: five Sent"; cat "$W/maillog1"; }
uid=$(sed -n 's/^CONNECT [0-9]* //p' "$W/srv1.log" | sort -u)
[ "$uid" = 26 ] && ok "the cached connection's client is mailnull (uid 26), not root" ||
	nok "client uid: '$uid'"
[ ! -s "$W/queue1" ] && ok "cache: queue empty" || nok "cache: queue: $(cat "$W/queue1")"

[ "$(n '^CONNECT' "$W/srv2.log")" = 5 ] && [ "$(n ' DONE$' "$W/srv2.log")" = 5 ] &&
	[ "$(n ' RSET$' "$W/srv2.log")" = 0 ] && [ "$(n ' QUIT$' "$W/srv2.log")" = 5 ] &&
	ok "ConnectionCacheSize=0: five connections, QUIT after each" ||
	{ nok "ConnectionCacheSize=0: five connections"; cat "$W/srv2.log"; }
! grep -q 'Using cached' "$W/q2.out" && ok "ConnectionCacheSize=0: nothing cached" ||
	nok "ConnectionCacheSize=0: nothing cached"
uid=$(sed -n 's/^CONNECT [0-9]* //p' "$W/srv2.log" | sort -u)
[ "$uid" = 26 ] && ok "ConnectionCacheSize=0: the client is uid 26" || nok "uncached client uid: '$uid'"
[ ! -s "$W/queue2" ] && ok "no cache: queue empty" || nok "no cache: queue: $(cat "$W/queue2")"

[ "$(n '^CONNECT' "$W/srv3.log")" = 2 ] && [ "$(n ' DONE$' "$W/srv3.log")" = 2 ] &&
	[ "$(n '^1 RSET$' "$W/srv3.log")" = 1 ] &&
	ok "RSET answered 421: the message went over a fresh connection" ||
	{ nok "RSET 421: fresh connection"; cat "$W/srv3.log" "$W/q3.out"; }
[ ! -s "$W/queue3" ] && ! grep -q 'to=<rcpt[12]@cache.test>.*stat=Deferred' "$W/maillog" &&
	ok "RSET 421: nothing deferred, queue empty" ||
	{ nok "RSET 421: deferred"; cat "$W/queue3"; grep Deferred "$W/maillog"; }
grep -q '^421 4.3.2 not any more' "$W/q3.out" &&
	grep -q '^Using cached ESMTP connection' "$W/q3.out" &&
	ok "RSET 421: -v shows the cached try and the 421" || { nok "RSET 421: -v"; cat "$W/q3.out"; }
exit $fail
