#!/bin/sh
# test_msp_msa.sh - submission to the mail server's MSA port with AUTH and
# a STARTTLS client certificate, as issue 6 asks: a submit.cf made by the
# standard m4 library from FEATURE(`msp', `[127.0.0.1]', `MSA') (the relay
# mailer's A= is "TCP $h 587"), FEATURE(`authinfo') with a map built by
# tern's makemap, ClientCertFile/ClientKeyFile/CACertFile/CACertPath.
# The world's tern sendmail.cf (MSA: Port=587, M=Ea, auth required) gets
# ServerCertFile/ServerKeyFile/CACertFile (certificates from one test CA,
# lib/tlsworld.sh) and a sasldb user alice (saslpasswd2).
# alice (uid 1000) runs the set-group-ID smmsp sendmail:
#   - key alice 0600: `sendmail -oi -t` exits 0, the message reaches bob
#     through port 587 (daemon=MSA in the server's log), AUTH PLAIN
#     ("(authenticated" in bob's Received line), the client certificate
#     verified by the server (verify=OK in Received and in the server's
#     STARTTLS=server line); -v shows the dialogue (port 587, AUTH PLAIN
#     without the password, 235), the server's certificate verified by
#     the client against CACertFile/CACertPath
#   - key root:smmsp 0640 (group-readable, as the MSP needs it) without
#     DontBlameSendmail=GroupReadableKeyFile: delivered over TLS but with
#     no client certificate (verify=NO), the refusal logged (syslog, caught
#     on the world's /dev/log) and said on stderr
#   - the same key with confDONT_BLAME_SENDMAIL GroupReadableKeyFile: used
#     (verify=OK); a world-readable key stays refused even then
#   - a wrong password in the authinfo map: exit 0, the message waits in
#     the client queue (qf/df), nothing delivered, no bounce (the server's
#     530 after our refused AUTH is a deferral, logged with the 535; a
#     deliberate difference: 8.17 goes on without AUTH and bounces); with
#     the right password back, `sendmail -Ac -q` (root, running as smmsp)
#     delivers it, with the client certificate
# Logs: the daemon and the MSP are both set-group-ID smmsp (root starts
# the daemon from the same 2555 binary, as an install does), so
# TERN_LOG_FILE does not apply; the world gets a private /dev whose
# /dev/log is tests/golden/delivery/syslogd.py.  Cyrus SASL finds Sendmail.conf in
# /usr/lib/sasl2 (bind-mounted; SASL_CONF_PATH is not for set-id programs).
# Every process started is stopped by its pid; every wait is bounded.
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib/dlv-world.sh"
. "$here/lib/tlsworld.sh"
W=$dlv_repo/build/itest/msp_msa
ok() { echo "ok - $*"; }
nok() { echo "not ok - $*"; fail=1; }
show() { sed 's/^/#   /' "$@" 2>/dev/null; }
fail=0

for p in openssl m4 /usr/sbin/saslpasswd2; do
	command -v "$p" >/dev/null 2>&1 ||
		{ echo "ok - skipped: $p missing (scripts/deps.sh)"; exit 0; }
done
[ "$(id -u)" = 0 ] || { echo "ok - skipped: needs root (the world)"; exit 0; }

dlv_world_make "$W" || { echo "not ok - world setup"; exit 1; }
# the optimized build: set-group-ID programs and ASan do not mix
cp "$dlv_repo/build/bin/sendmail" "$W/sendmail" || exit 1
chown 0:25 "$W/sendmail" && chmod 2555 "$W/sendmail"
chown 25:25 "$W/var/spool/clientmqueue" && chmod 0770 "$W/var/spool/clientmqueue"
chmod 0700 "$W/var/spool/mqueue"

# --- certificates (one CA for both sides) and the server's SASL user
T=$W/etc/mail/tls
tls_ca "$T" && tls_cert "$T" server mx.example.com &&
	tls_cert "$T" client alice.example.com ||
	{ echo "not ok - certificates (openssl)"; exit 1; }
sasl_user "$W/etc/sasl2" alice secret mx.example.com 26 ||
	{ echo "not ok - sasldb (saslpasswd2)"; exit 1; }

# --- submit.cf from the standard m4 library, for the world's paths
mc() {
	cat <<'EOF'
divert(-1)
# test_msp_msa: the MSP of issue 6 sending to the MSA port with AUTH and a
# client certificate
divert(0)dnl
VERSIONID(`test_msp_msa submit.mc')dnl
include(TERN_CF`/tern-paths.m4')dnl
define(`confCF_VERSION', `Submit')dnl
define(`__OSTYPE__',`')dnl
define(`_USE_DECNET_SYNTAX_', `1')dnl
define(`confTIME_ZONE', `USE_TZ')dnl
define(`confDONT_INIT_GROUPS', `True')dnl
define(`MSP_QUEUE_DIR', `/tmp/w/var/spool/clientmqueue')dnl
define(`confCACERT_PATH', `/tmp/w/etc/mail/tls/cacerts')dnl
define(`confCACERT', `/tmp/w/etc/mail/tls/ca.crt')dnl
define(`confCLIENT_CERT', `/tmp/w/etc/mail/tls/client.crt')dnl
define(`confCLIENT_KEY', `/tmp/w/etc/mail/tls/client.key')dnl
ifdef(`TEST_DBS', `define(`confDONT_BLAME_SENDMAIL', `GroupReadableKeyFile')')dnl
FEATURE(`authinfo', `hash /tmp/w/etc/mail/msp-authinfo')dnl
FEATURE(`msp', `[127.0.0.1]', `MSA')dnl
EOF
}
mc > "$W/submit-msa.mc"
M4LIB=/usr/share/sendmail/cf/m4/cf.m4
mkdir -p "$W/etc-mail"
m4 -D TERN_PREFIX=/tmp/w -D "TERN_CF=$dlv_repo/cf" "$M4LIB" "$W/submit-msa.mc" \
	> "$W/etc-mail/submit.cf" &&
m4 -D TERN_PREFIX=/tmp/w -D "TERN_CF=$dlv_repo/cf" -D TEST_DBS "$M4LIB" \
	"$W/submit-msa.mc" > "$W/submit-dbs.cf" ||
	{ echo "not ok - m4 made submit.cf"; exit 1; }
cp "$W/etc-mail/submit.cf" "$W/submit-plain.cf"
# the relay mailer goes to port 587; the options are there
if sed -n '/^Mrelay,/,/A=/p' "$W/etc-mail/submit.cf" | grep -q 'A=TCP \$h 587$' &&
   grep -q '^O ClientKeyFile=/tmp/w/etc/mail/tls/client.key' "$W/etc-mail/submit.cf" &&
   grep -q '^Kauthinfo hash /tmp/w/etc/mail/msp-authinfo' "$W/etc-mail/submit.cf" &&
   grep -q '^O DontBlameSendmail=GroupReadableKeyFile' "$W/submit-dbs.cf" &&
   ! grep -q '^O DontBlameSendmail=GroupReadableKeyFile' "$W/submit-plain.cf"; then
	ok "m4 FEATURE(msp, [127.0.0.1], MSA): relay A=TCP \$h 587, Kauthinfo, ClientCertFile/ClientKeyFile"
else
	nok "the generated submit.cf"
	sed -n '/^Mrelay,/,/A=/p; /^O Client/p; /^Kauthinfo/p; /^O DontBlame/p' \
		"$W/etc-mail/submit.cf" "$W/submit-dbs.cf" | show
fi

# --- the authinfo map (smmsp:smmsp 0640, as sendmail's cf/README says)
mm() {	# mm NAME PASSWORD
	printf 'AuthInfo:127.0.0.1 "U:alice" "P:%s" "M:PLAIN"\n' "$2" |
		"$dlv_repo/build/bin/makemap" -C "$W/tern-sendmail.cf" hash "$W/etc/mail/$1" &&
	chown 25:25 "$W/etc/mail/$1.db" && chmod 0640 "$W/etc/mail/$1.db"
}
mm msp-authinfo secret && mm authinfo-good secret && mm authinfo-wrong wrong ||
	{ echo "not ok - makemap hash msp-authinfo"; exit 1; }

# --- the server: the world's sendmail.cf with TLS and AUTH
cp "$W/tern-sendmail.cf" "$W/etc-mail/sendmail.cf"
cat >> "$W/etc-mail/sendmail.cf" <<'EOF'
O ServerCertFile=/tmp/w/etc/mail/tls/server.crt
O ServerKeyFile=/tmp/w/etc/mail/tls/server.key
O CACertFile=/tmp/w/etc/mail/tls/ca.crt
O CACertPath=/tmp/w/etc/mail/tls/cacerts
O AuthMechanisms=PLAIN LOGIN CRAM-MD5
EOF
cp "$dlv_repo/tests/world/etc/mail/service.switch" "$W/etc-mail/"
for s in good grp grp-dbs world-dbs wrong; do
	printf 'To: bob\nSubject: msa %s\n\nover 587 (%s)\n' "$s" "$s" > "$W/msg-$s"
done
printf 'To: bob\nSubject: msa verbose\n\nwith -v\n' > "$W/msg-verbose"
chmod 0644 "$W"/msg-*

dlv_world "$W" /bin/sh -c '
	cd /tmp/w
	mount -t tmpfs tmpfs /etc/mail && cp etc-mail/* /etc/mail/ || exit 98
	# /dev/log for the set-group-ID MSP (TERN_LOG_FILE is not for set-id
	# programs): a private /dev with the usual nodes and a catcher
	mkdir /tmp/dev.host && mount --bind /dev /tmp/dev.host || exit 97
	mount -t tmpfs -o mode=0755 tmpfs /dev || exit 97
	for n in null zero full random urandom tty; do
		: > /dev/$n && mount --bind /tmp/dev.host/$n /dev/$n || exit 97
	done
	ln -s /proc/self/fd /dev/fd
	/usr/bin/python3 '"$dlv_repo"'/tests/golden/delivery/syslogd.py \
		/dev/log /tmp/w/syslog /tmp/w/syslog.bound &
	echo $! > syslog.pid
	i=0; while [ $i -lt 50 ] && ! [ -s syslog.bound ]; do sleep 0.1; i=$((i+1)); done
	# Cyrus SASL reads Sendmail.conf from /usr/lib/sasl2 (on its
	# configuration path; SASL_CONF_PATH is ignored by a set-id program)
	mount --bind /tmp/w/etc/sasl2 /usr/lib/sasl2 || exit 96
	as_alice() { setpriv --reuid 1000 --regid 1000 --clear-groups "$@"; }
	key=etc/mail/tls/client.key
	bobs() { grep -c "^From " /var/mail/bob 2>/dev/null || echo 0; }
	wait_bob() {	# wait_bob N: until bob has N messages (bounded)
		i=0; while [ $i -lt 100 ] && [ "$(bobs)" -lt "$1" ]; do sleep 0.1; i=$((i+1)); done
	}
	./sendmail -bi > newaliases.out 2>&1

	./sendmail -L sm-mta -bd > bd.out 2>&1
	i=0; while [ $i -lt 100 ] && ! [ -s run/sendmail.pid ]; do sleep 0.1; i=$((i+1)); done
	# 25 (0019) and 587 (024B) listening
	i=0; while [ $i -lt 100 ] && ! { grep -q ":0019 .* 0A " /proc/net/tcp &&
	    grep -q ":024B .* 0A " /proc/net/tcp; }; do sleep 0.1; i=$((i+1)); done

	# 1. the key is alice'"'"'s own, 0600
	chown 1000:1000 $key && chmod 0600 $key
	as_alice ./sendmail -oi -t < msg-good > good.out 2>&1; echo "rc=$?" >> good.out
	wait_bob 1
	ls var/spool/clientmqueue > cq.good
	as_alice ./sendmail -v -oi -t < msg-verbose > verbose.out 2>&1; echo "rc=$?" >> verbose.out
	wait_bob 2

	# 2. group-readable (root:smmsp 0640), no GroupReadableKeyFile
	chown 0:25 $key && chmod 0640 $key
	as_alice ./sendmail -oi -t < msg-grp > grp.out 2>&1; echo "rc=$?" >> grp.out
	wait_bob 3

	# 3. the same key with DontBlameSendmail=GroupReadableKeyFile
	cp submit-dbs.cf /etc/mail/submit.cf
	as_alice ./sendmail -oi -t < msg-grp-dbs > grp-dbs.out 2>&1; echo "rc=$?" >> grp-dbs.out
	wait_bob 4
	chmod 0644 $key
	as_alice ./sendmail -oi -t < msg-world-dbs > world-dbs.out 2>&1; echo "rc=$?" >> world-dbs.out
	wait_bob 5
	chmod 0640 $key

	# 4. a wrong password: queued in the client queue, not lost
	cp etc/mail/authinfo-wrong.db etc/mail/msp-authinfo.db
	as_alice ./sendmail -oi -t < msg-wrong > wrong.out 2>&1; echo "rc=$?" >> wrong.out
	sleep 1
	ls -ln var/spool/clientmqueue > cq.wrong
	bobs > bob.count.wrong
	cp etc/mail/authinfo-good.db etc/mail/msp-authinfo.db
	./sendmail -L sm-msp-queue -Ac -q > flush.out 2>&1; echo "rc=$?" >> flush.out
	wait_bob 6
	ls var/spool/clientmqueue > cq.flushed

	cp /var/mail/bob mbox.bob 2>/dev/null
	cat /var/mail/alice > mbox.alice 2>/dev/null
	ls -la home/alice > home.alice
	kill $(head -n 1 run/sendmail.pid)
	i=0; while [ $i -lt 100 ] && [ -s run/sendmail.pid ]; do sleep 0.1; i=$((i+1)); done
	kill $(cat syslog.pid)
	i=0; while [ $i -lt 50 ] && kill -0 $(cat syslog.pid) 2>/dev/null; do sleep 0.1; i=$((i+1)); done
	true
'
rc=$?
[ $rc -eq 0 ] || nok "world ran (rc $rc)"

# msg SUBJECT: the message with that subject from bob's mailbox, header
# lines unfolded
msg() {
	awk -v s="Subject: msa $1" '
		/^From / { if (hit) exit; buf = ""; inhdr = 1; next }
		inhdr && /^$/ { inhdr = 0; if (index(buf, "\n" s "\n")) { hit = 1; printf "%s", buf } }
		inhdr { if ($0 ~ /^[ \t]/) { sub(/^[ \t]+/, " "); buf = substr(buf, 1, length(buf) - 1) $0 "\n" }
			else buf = buf $0 "\n" }
	' "$W/mbox.bob"
}
# received SUBJECT: its first Received line (the MTA's)
received() { msg "$1" | grep -m 1 '^Received: '; }
# srvlog SUBJECT: the server's log lines of that message's queue ID
srvlog() {
	_id=$(received "$1" | sed -n 's/.* id \([A-Za-z0-9]*\).*/\1/p')
	[ -n "$_id" ] && grep ": $_id: " "$W/syslog"
}

# 1. the key is alice's own
grep -qx 'rc=0' "$W/good.out" && ok "alice: sendmail -oi -t exits 0" ||
	{ nok "alice: sendmail -oi -t exits 0"; show "$W/good.out"; }
[ -z "$(grep -E '^(qf|df)' "$W/cq.good")" ] &&
	ok "nothing left in the client queue (delivered at once)" ||
	{ nok "client queue empty after the good run"; show "$W/cq.good"; }
r=$(received good)
if [ -n "$r" ]; then ok "bob has the message"; else
	nok "bob has the message"; show "$W/mbox.bob" "$W/good.out"; fi
if srvlog good | grep -q 'daemon=MSA'; then
	ok "it came in through the MSA daemon (port 587): daemon=MSA in the server's log"
else
	nok "daemon=MSA in the server's log"; srvlog good | show; tail -n 20 "$W/syslog" | show
fi
case $r in
*"(authenticated"*) ok "Received: (authenticated ...): AUTH was used" ;;
*) nok "Received shows AUTH"; echo "$r" | show ;;
esac
case $r in
*"with ESMTPSA id"*) ok "Received: with ESMTPSA (RFC 3848: TLS and AUTH)" ;;
*) nok "Received: with ESMTPSA"; echo "$r" | show ;;
esac
case $r in
*"verify=OK"*) ok "Received: verify=OK: the server verified alice's client certificate" ;;
*) nok "Received: verify=OK"; echo "$r" | show ;;
esac
if grep -q 'STARTTLS=server, relay=localhost \[127.0.0.1\].*verify=OK' "$W/syslog" ||
   grep -q 'STARTTLS=server, relay=.*127.0.0.1.*verify=OK' "$W/syslog"; then
	ok "the server's STARTTLS=server log line says verify=OK"
else
	nok "STARTTLS=server ... verify=OK logged"; grep STARTTLS "$W/syslog" | show
fi
grep -qx 'rc=0' "$W/verbose.out" &&
	grep -q '^>>> AUTH PLAIN \.\.\.$' "$W/verbose.out" && grep -q '^235 ' "$W/verbose.out" &&
	! grep -q secret "$W/verbose.out" &&
	ok "-v: AUTH PLAIN ... 235 (the password not shown)" ||
	{ nok "-v shows AUTH PLAIN and 235"; show "$W/verbose.out"; }
grep -q 'STARTTLS.*verify=OK' "$W/verbose.out" &&
	ok "-v: the client verified the server's certificate (CACertFile/CACertPath): verify=OK" ||
	{ nok "-v: the client's verify=OK"; show "$W/verbose.out"; }
grep -q '^Connecting to \[127\.0\.0\.1\] \[127\.0\.0\.1\] port 587\.\.\.$' "$W/verbose.out" &&
	grep -q '^220 ' "$W/verbose.out" &&
	ok "-v: connected to [127.0.0.1] port 587 (FEATURE(msp)'s MTAHost, the MSA port)" ||
	{ nok "-v: [127.0.0.1]"; show "$W/verbose.out"; }
grep -Eq '^>>> MAIL FROM:<[^>]*> .*SIZE=[1-9][0-9]*' "$W/verbose.out" &&
	ok "-v: MAIL carries SIZE= (the queued message's size)" ||
	{ nok "-v: SIZE= on MAIL"; show "$W/verbose.out"; }
grep -Eq '^>>> MAIL FROM:<[^>]*> .*AUTH=alice@mx\.example\.com' "$W/verbose.out" &&
	ok "-v: MAIL carries AUTH=alice@mx.example.com (the caller, RFC 4954)" ||
	{ nok "-v: AUTH= on MAIL"; show "$W/verbose.out"; }
case $(received verbose) in
*"verify=OK"*"authenticated"*|*"authenticated"*"verify=OK"*) ok "the -v message too: authenticated, verify=OK" ;;
*) nok "the -v message: authenticated, verify=OK"; received verbose | show ;;
esac

# 2. group-readable key without GroupReadableKeyFile
grep -qx 'rc=0' "$W/grp.out" && ok "group-readable key: exit 0" ||
	{ nok "group-readable key: exit 0"; show "$W/grp.out"; }
case $(received grp) in
*"version=TLS"*"verify=NO"*) ok "group-readable key refused: TLS without a client certificate (verify=NO)" ;;
*) nok "group-readable key: verify=NO"; received grp | show ;;
esac
if grep -q 'STARTTLS=client.*client\.key.*unsafe' "$W/syslog"; then
	ok "the refusal is logged (syslog: STARTTLS=client ... client.key unsafe)"
else
	nok "the refusal logged to syslog"; show "$W/syslog"
fi
grep -q 'client\.key.*unsafe' "$W/grp.out" && ok "and told on stderr" ||
	{ nok "the refusal on stderr"; show "$W/grp.out"; }
case $(received grp) in
*"authenticated"*) ok "AUTH still used with the key refused" ;;
*) nok "AUTH with the key refused"; received grp | show ;;
esac

# 3. with GroupReadableKeyFile
grep -qx 'rc=0' "$W/grp-dbs.out" && ok "GroupReadableKeyFile: exit 0" ||
	{ nok "GroupReadableKeyFile: exit 0"; show "$W/grp-dbs.out"; }
case $(received grp-dbs) in
*"verify=OK"*) ok "DontBlameSendmail=GroupReadableKeyFile: the root:smmsp 0640 key is used (verify=OK)" ;;
*) nok "GroupReadableKeyFile: verify=OK"; received grp-dbs | show; show "$W/grp-dbs.out" ;;
esac
! grep -q 'unsafe' "$W/grp-dbs.out" && ok "no warning with GroupReadableKeyFile" ||
	{ nok "no warning with GroupReadableKeyFile"; show "$W/grp-dbs.out"; }
case $(received world-dbs) in
*"verify=NO"*) ok "a world-readable key is refused even with GroupReadableKeyFile (verify=NO)" ;;
*) nok "world-readable key refused"; received world-dbs | show ;;
esac

# 4. wrong password
grep -qx 'rc=0' "$W/wrong.out" && ok "wrong AUTH password: exit 0 (safely queued)" ||
	{ nok "wrong password: exit 0"; show "$W/wrong.out"; }
if grep -q ' qf' "$W/cq.wrong" && grep -q ' df' "$W/cq.wrong"; then
	ok "wrong AUTH password: the message waits in the client queue (qf and df)"
else
	nok "wrong password: qf/df in the client queue"; show "$W/cq.wrong" "$W/wrong.out"
fi
grep -qx 5 "$W/bob.count.wrong" && ok "wrong AUTH password: nothing delivered" ||
	{ nok "wrong password: nothing delivered"; show "$W/bob.count.wrong"; }
if [ ! -s "$W/mbox.alice" ] && ! grep -q dead.letter "$W/home.alice"; then
	ok "wrong AUTH password: no bounce, no dead.letter"
else
	nok "wrong password: no bounce"; show "$W/mbox.alice" "$W/home.alice"
fi
grep -qx 'rc=0' "$W/flush.out" && [ -z "$(grep -E '^(qf|df)' "$W/cq.flushed")" ] &&
	ok "right password back: sendmail -Ac -q empties the client queue" ||
	{ nok "sendmail -Ac -q after the fix"; show "$W/flush.out" "$W/cq.flushed"; }
case $(received wrong) in
*"authenticated"*"verify=OK"*) ok "and bob gets it, authenticated, with the client certificate (the runner is smmsp: root:smmsp 0640 + GroupReadableKeyFile serves it too)" ;;
*) nok "bob gets the queued one, authenticated, verify=OK"; received wrong | show ;;
esac
grep -q 'stat=Deferred: 530 5.7.0 .*AUTH refused: 535' "$W/syslog" &&
	ok "the deferral is logged with the server's refusal of AUTH" ||
	{ nok "the deferral logged"; grep 'stat=' "$W/syslog" | show; }
exit $fail
