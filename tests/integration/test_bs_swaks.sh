#!/bin/sh
# test_bs_swaks.sh - swaks sessions against `sendmail -bs` over a pipe.
#
# swaks (a Debian package extracted by scripts/peers.sh, never
# installed) drives the ASan/UBSan sendmail with --pipe: a plain
# message, a MIME message with a binary attachment and an 8-bit text
# part, a prepared 8-bit MIME message sent as it is (--data), a
# pipelined transaction with several recipients, DSN parameters, and
# messages refused (unknown recipient, too large).  Each accepted
# message is checked in the queue (tests/integration/bsworld.py makes
# the private .cf and queue), each refused one must leave nothing.
#
# swaks 20201014 has no DSN options; its MAIL/RCPT lines are
# "MAIL FROM:<ADDR>", so ADDR = 'a@b> RET=HDRS ENVID=x' puts the
# parameters on the line, the closing ">" ending up in the last xtext
# value (a legal xtext character).  Its --to splits at commas, so each
# recipient gets one NOTIFY keyword.
set -u
cd "$(dirname "$0")/../.."
repo=$(pwd)
PY=/usr/bin/python3
B=${TERN_BUILD:-$repo/build}
SM=$B/san/bin/sendmail
export ASAN_OPTIONS=detect_leaks=0:abort_on_error=0
fails=0

ok() { echo "ok - $1"; }
nok() { echo "not ok - $1"; fails=$((fails + 1)); }
check() {	# check "what" command...
	what=$1; shift
	if "$@"; then ok "$what"; else nok "$what"; fi
}

root=$(scripts/peers.sh swaks 2>/dev/null) || root=
swaks=$root/usr/bin/swaks
if [ -z "$root" ] || [ ! -x "$swaks" ]; then
	echo "ok - swaks not available (scripts/peers.sh swaks failed) # SKIP"
	exit 0
fi

# world NAME [CF-LINE...] -> the .cf path; the queue is beside it
world() {
	$PY - "$@" <<'EOF'
import sys
sys.path.insert(0, "tests/integration")
import bsworld
print(bsworld.World(sys.argv[1], sys.argv[2:]).cf)
EOF
}

tmp=$B/itest/swaks-input
rm -rf "$tmp"
mkdir -p "$tmp"

# sw NAME CF swaks-args...: one session, transcript in $tmp/NAME.log,
# swaks's exit status in $rc; at most 120 s
sw() {
	name=$1; cf=$2; shift 2
	timeout -k 5 120 "$swaks" --pipe "$SM -C $cf -odq -bs" \
		--ehlo client.example --timeout 60 "$@" \
		> "$tmp/$name.log" 2>&1
	rc=$?
	if grep -q -e 'Sanitizer' -e 'runtime error' "$tmp/$name.log"; then
		nok "$name: sanitizer report"
		sed -n '/Sanitizer\|runtime error/,+12p' "$tmp/$name.log" |
			sed 's/^/#   /' | head -n 30
	fi
}

queue_of() { echo "$(dirname "$1")/var/spool/mqueue"; }
# qf/df/tf/xf names in a queue, one a line
qfiles() { ls "$(queue_of "$1")" | grep -v '^\.' ; }
count() { qfiles "$1" | grep -c "^$2" ; }
only_qf_df() {	# exactly N qf and N df, nothing else
	[ "$(count "$1" qf)" -eq "$2" ] && [ "$(count "$1" df)" -eq "$2" ] &&
	[ "$(qfiles "$1" | wc -l)" -eq $(($2 * 2)) ]
}
the() { ls "$(queue_of "$1")"/"$2"* 2>/dev/null | head -n 1; }

# --- 1: a plain message
cf=$(world swaks-plain) || { nok "world swaks-plain"; exit 1; }
sw plain "$cf" --from a@example.org --to root@localhost \
	--header "Subject: plain swaks" --body "hello from swaks"
check "plain: swaks succeeds" [ "$rc" -eq 0 ]
check "plain: 250 with a queue ID" \
	grep -q '<-  250 2.0.0 [A-Za-z0-9]* Message accepted' "$tmp/plain.log"
check "plain: one qf and one df" only_qf_df "$cf" 1
qf=$(the "$cf" qf); df=$(the "$cf" df)
check "plain: df holds the body" grep -qx 'hello from swaks' "$df"
check "plain: qf sender and recipient" \
	sh -c "grep -qx 'S<a@example.org>' '$qf' && grep -qx 'RPFD:<root@localhost>' '$qf'"
check "plain: qf keeps swaks's Subject" grep -q '^H??Subject: plain swaks$' "$qf"

# --- 2: MIME with a binary attachment and an 8-bit text part
printf 'Gr\303\274\303\237e aus K\303\266ln \342\202\254\nLatin-1: caf\351\n' \
	> "$tmp/body8.txt"
$PY -c 'import sys; sys.stdout.buffer.write(bytes(range(256)) * 40)' \
	> "$tmp/att.bin"
cf=$(world swaks-attach)
sw attach "$cf" --from a@example.org --to root@localhost \
	--body @"$tmp/body8.txt" \
	--attach-type application/octet-stream --attach @"$tmp/att.bin" \
	--attach-type text/plain --attach @"$tmp/body8.txt"
check "attach: swaks succeeds" [ "$rc" -eq 0 ]
check "attach: one qf and one df" only_qf_df "$cf" 1
# the message as queued: qf H lines (sendmail's quoting undone) + df
check "attach: attachments decode to the bytes sent, 8-bit text intact" \
	$PY - "$(the "$cf" qf)" "$(the "$cf" df)" "$tmp/att.bin" "$tmp/body8.txt" <<'EOF'
import email, sys
sys.path.insert(0, "tests/integration")
import bsworld
qf = bsworld.parse_qf(sys.argv[1])
head = b""
for line in qf["lines"]:
    if line.startswith(b"H"):
        h = line[1:]
        if h.startswith(b"?"):
            h = h[h.index(b"?", 1) + 1:]
        head += bsworld.dequote_internal(h) + b"\n"
body = open(sys.argv[2], "rb").read()
att = open(sys.argv[3], "rb").read()
txt = open(sys.argv[4], "rb").read()
msg = email.message_from_bytes(head + b"\n" + body)
parts = [p for p in msg.walk() if not p.is_multipart()]
ok = (len(parts) == 3 and
      parts[0].get_payload(decode=True).rstrip(b"\n") == txt.rstrip(b"\n") and
      parts[1].get_payload(decode=True) == att and
      parts[2].get_payload(decode=True) == txt)
if not ok:
    print("#   parts:", [(p.get_content_type(), len(p.get_payload(decode=True)
                                                    or b"")) for p in parts])
sys.exit(0 if ok else 1)
EOF

# --- 3: a prepared 8-bit MIME message, sent as it is
$PY - "$tmp/mime8.eml" "$tmp/mime8.body" <<'EOF'
import sys
head = (b"From: J\xc3\xb6rg <joerg@example.org>\r\nTo: root@localhost\r\n"
        b"Subject: =?utf-8?q?8bit?= \xc3\xbcber\r\nMIME-Version: 1.0\r\n"
        b'Content-Type: multipart/mixed; boundary="b1"\r\n')
body = (b"--b1\r\nContent-Type: text/plain; charset=utf-8\r\n"
        b"Content-Transfer-Encoding: 8bit\r\n\r\n"
        b"\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e \xf0\x9f\x98\x80\r\n"
        b".a line with a leading dot\r\n"
        b"--b1\r\nContent-Type: text/plain; charset=iso-8859-1\r\n"
        b"Content-Transfer-Encoding: 8bit\r\n\r\n"
        b"caf\xe9 \xff\x80\x81 \x9f\r\n--b1--\r\n")
open(sys.argv[1], "wb").write(head + b"\r\n" + body)
# what the df must hold: the body, CRLF as LF, plus the empty line
# swaks adds before the final dot
open(sys.argv[2], "wb").write(body.replace(b"\r\n", b"\n") + b"\n")
EOF
cf=$(world swaks-8bit)
sw data8 "$cf" --from joerg@example.org --to root@localhost \
	--data @"$tmp/mime8.eml"
check "8bit: swaks succeeds" [ "$rc" -eq 0 ]
check "8bit: one qf and one df" only_qf_df "$cf" 1
check "8bit: swaks sent an empty line before the dot" \
	sh -c "tr -d '\\r' < '$tmp/data8.log' | grep -B1 -x ' -> \\.' |
		head -n 1 | grep -qx ' -> '"
check "8bit: df byte for byte" cmp -s "$tmp/mime8.body" "$(the "$cf" df)"
check "8bit: 8-bit Subject in the qf" \
	grep -q "^H??Subject: =?utf-8?q?8bit?= $(printf '\303\274')ber\$" \
	"$(the "$cf" qf)"

# --- 4: pipelining, several recipients, one refused
cf=$(world swaks-pipeline)
sw pipeline "$cf" --pipeline --from a@example.org \
	--to root@localhost,nosuchuser@localhost,daemon@localhost \
	--header "Subject: pipelined"
check "pipeline: swaks pipelined MAIL/RCPT/DATA" \
	grep -q '^ -> DATA' "$tmp/pipeline.log"
check "pipeline: the unknown recipient refused 550 5.1.1" \
	grep -q '<\*\* 550 5.1.1 <nosuchuser@localhost>... User unknown' \
	"$tmp/pipeline.log"
check "pipeline: message accepted" \
	grep -q '<-  250 2.0.0 .* Message accepted' "$tmp/pipeline.log"
check "pipeline: one qf and one df" only_qf_df "$cf" 1
check "pipeline: qf has the two good recipients only" \
	sh -c "[ \"\$(grep -a '^R' '$(the "$cf" qf)' | tr '\n' ' ')\" = \
'RPFD:<root@localhost> RPFD:<daemon@localhost> ' ]"

# --- 5: DSN parameters (see the header comment for how)
cf=$(world swaks-dsn)
sw dsn "$cf" --from 'a@example.org> RET=HDRS ENVID=swaks+2Benv' \
	--to 'root@localhost> NOTIFY=SUCCESS ORCPT=rfc822;o1+2B@example.org,daemon@localhost> NOTIFY=NEVER ORCPT=rfc822;o2@example.org' \
	--header "To: root@localhost" --header "Subject: dsn"
check "dsn: swaks succeeds" [ "$rc" -eq 0 ]
check "dsn: one qf and one df" only_qf_df "$cf" 1
qf=$(the "$cf" qf)
check "dsn: ENVID in the Z line" grep -qx 'Zswaks+2Benv>' "$qf"
check "dsn: RET=HDRS in the F line" grep -qxE 'F8?b?dn' "$qf"
check "dsn: ORCPT in Q lines (with swaks's '>')" \
	sh -c "[ \"\$(grep -a '^Q' '$qf' | tr '\n' ' ')\" = \
'Qrfc822;o1+2B@example.org> Qrfc822;o2@example.org> ' ]"
check "dsn: NOTIFY in the R flags" \
	sh -c "[ \"\$(grep -a '^R' '$qf' | tr '\n' ' ')\" = \
'RPNS:<root@localhost> RPN:<daemon@localhost> ' ]"

# --- 6: refused messages leave nothing behind
cf=$(world swaks-refused "O MaxMessageSize=10000")
sw refused-rcpt "$cf" --from a@example.org --to nosuchuser@localhost
check "refused recipient: swaks fails (exit $rc)" [ "$rc" -ne 0 ]
check "refused recipient: 550 5.1.1" \
	grep -q '<\*\* 550 5.1.1 <nosuchuser@localhost>... User unknown' \
	"$tmp/refused-rcpt.log"
check "refused recipient: queue empty" [ -z "$(qfiles "$cf")" ]
$PY -c 'print("x" * 76 + "\n", end="" ); [print("y" * 76) for _ in range(300)]' \
	> "$tmp/big.txt"
sw refused-size "$cf" --from a@example.org --to root@localhost \
	--body @"$tmp/big.txt"
check "too large: swaks fails (exit $rc)" [ "$rc" -ne 0 ]
check "too large: 552 5.2.3 Message exceeds maximum fixed size" \
	grep -q '<\*\* 552 5.2.3 Message exceeds maximum fixed size (10000)' \
	"$tmp/refused-size.log"
check "too large: queue empty" [ -z "$(qfiles "$cf")" ]
sw refused-sender "$cf" --from 'a@b@c' --to root@localhost
check "bad sender: swaks fails (exit $rc)" [ "$rc" -ne 0 ]
check "bad sender: a 5xx with an enhanced code" \
	grep -q '<\*\* 5[0-9][0-9] 5\.[0-9]*\.[0-9]* ' "$tmp/refused-sender.log"
check "bad sender: queue empty" [ -z "$(qfiles "$cf")" ]

[ $fails -eq 0 ]
