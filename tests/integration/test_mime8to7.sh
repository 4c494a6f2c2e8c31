#!/bin/sh
# test_mime8to7.sh - 8-bit to 7-bit MIME conversion on delivery: tern's
# esmtp mailer (no F=8) to Postfix's smtp-sink started with -8 (no
# 8BITMIME in its EHLO reply).  A BODY=8BITMIME multipart message is
# converted (quoted-printable text, base64 binary, nested message
# walked, 7-bit part untouched) and each part decodes to the original
# bytes (Python's email module); an
# unlabelled 8-bit message passes as is under pass8 and is converted
# under EightBitMode=m with DefaultCharSet; the smtp8 mailer (F=8) sends
# 8-bit as is.
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib/dlv-world.sh"
W=$dlv_repo/build/itest/mime8to7
PY=/usr/bin/python3
fail=0

peers=$("$dlv_repo/scripts/peers.sh" postfix) || { echo "not ok - fetch postfix"; exit 1; }
dlv_world_make "$W" || { echo "not ok - world setup"; exit 1; }
mkdir -p "$W/peers"
cp -a "$peers/usr/sbin/smtp-sink" "$W/peers/"
cp -a "$peers/usr/lib/postfix" "$W/peers/lib"
cat > "$W/etc/mail/mailertable" <<'MT'
seven.test	esmtp:[127.0.0.1]
eight.test	smtp8:[127.0.0.1]
MT
cp "$here/lib/smtp_pipe.py" "$W/smtp_pipe.py"
cp "$here/lib/wait_listen.sh" "$W/wait_listen.sh"

# the messages, and the SMTP sessions that submit them
$PY - "$W" <<'PYEOF' || { echo "not ok - make messages"; exit 1; }
import os, sys
w = sys.argv[1]
binary = bytes(range(0x80, 0x100)) + b"\n" + bytes(range(1, 10)) + \
    bytes(range(11, 13)) + bytes(range(14, 0x80)) + b"\n\xff\xfe\xfd end"
text = "Gr\u00fc\u00dfe aus K\u00f6ln = 100 % \n.leading dot line\n" \
    "From the start\n\tindented\u00e9\t".encode("latin-1")
inner = "\u00e9t\u00e9 \u2013 summer\n".encode("utf-8")
m1 = (b"From: Alice <alice@mx.example.com>\nTo: a@seven.test\n"
      b"Subject: eight bit mime\nMIME-Version: 1.0\n"
      b"Content-Type: multipart/mixed; boundary=\"XYZ\"\n\n"
      b"preamble\n--XYZ\n"
      b"Content-Type: text/plain; charset=iso-8859-1\n"
      b"Content-Transfer-Encoding: 8bit\n\n" + text +
      b"\n--XYZ\nContent-Type: application/octet-stream\n"
      b"Content-Transfer-Encoding: 8bit\n\n" + binary +
      b"\n--XYZ\nContent-Type: text/plain; charset=us-ascii\n\n"
      b"plain ascii part\n"
      b"--XYZ\nContent-Type: message/rfc822\n\n"
      b"Subject: inner\nMIME-Version: 1.0\n"
      b"Content-Type: text/plain; charset=utf-8\n"
      b"Content-Transfer-Encoding: 8bit\n\n" + inner +
      b"--XYZ--\nepilogue\n")
plain = "Subject: unlabelled\n\nna\u00efve caf\u00e9\n".encode("latin-1")
open(os.path.join(w, "parts"), "wb").write(repr((text, binary, inner)).encode())
def session(name, msgs):
    out = b"EHLO client.example.com\n"
    for frm, body, rcpt, msg in msgs:
        out += b"MAIL FROM:<" + frm + b">" + body + b"\nRCPT TO:<" + rcpt + b">\nDATA\n"
        for line in msg.rstrip(b"\n").split(b"\n"):
            out += (b"." if line.startswith(b".") else b"") + line + b"\n"
        out += b".\n"
    out += b"QUIT\n"
    open(os.path.join(w, name), "wb").write(out)
session("s1.in", [(b"alice@mx.example.com", b" BODY=8BITMIME", b"a@seven.test", m1),
                  (b"alice@mx.example.com", b"", b"b@seven.test", plain),
                  (b"alice@mx.example.com", b" BODY=8BITMIME", b"d@eight.test", m1)])
session("s2.in", [(b"alice@mx.example.com", b"", b"c@seven.test", plain)])
PYEOF

dlv_world "$W" /bin/sh -c '
	cd /tmp/w
	export TERN_LOG_FILE=/tmp/w/maillog LD_LIBRARY_PATH=/tmp/w/peers/lib
	.bin/makemap -C /tmp/w/mta.cf hash /tmp/w/etc/mail/mailertable < etc/mail/mailertable
	peers/smtp-sink -8 -u root -d "sink/%M." 127.0.0.1:25 10 & s1=$!
	sh wait_listen.sh 127.0.0.1 25
	/usr/bin/python3 smtp_pipe.py s1.in -- ./sendmail -C /tmp/w/tern-sendmail.cf -odq -bs > bs1.out 2>&1
	./sendmail -C /tmp/w/tern-sendmail.cf -q -v > q1.out 2>&1
	/usr/bin/python3 smtp_pipe.py s2.in -- ./sendmail -C /tmp/w/tern-sendmail.cf -odq -bs > bs2.out 2>&1
	./sendmail -C /tmp/w/tern-sendmail.cf -OEightBitMode=m \
		-ODefaultCharSet=iso-8859-1 -q -v > q2.out 2>&1
	ls var/spool/mqueue > queue.left
	kill $s1
	wait
	true
'
[ $? -eq 0 ] || { echo "not ok - world ran"; fail=1; }
[ "$(grep -c '^250 2.0.0 .* Message accepted' "$W/bs1.out" "$W/bs2.out" |
	awk -F: '{ s += $2 } END { print s }')" = 4 ] &&
	echo "ok - four messages queued" ||
	{ echo "not ok - four messages queued"; cat "$W/bs1.out" "$W/bs2.out"; fail=1; }
[ ! -s "$W/queue.left" ] && echo "ok - queue empty after the runs" ||
	{ echo "not ok - queue left: $(cat "$W/queue.left")"; cat "$W/q1.out" "$W/q2.out"; fail=1; }

$PY - "$W" <<'PYEOF' || fail=1
import ast, email, email.policy, glob, os, re, sys
w = sys.argv[1]
text, binary, inner = ast.literal_eval(open(os.path.join(w, "parts"), "rb").read().decode())
bad = 0
def check(c, what):
    global bad
    print(("ok - " if c else "not ok - ") + what)
    if not c:
        bad = 1
dumps = {}
for f in glob.glob(os.path.join(w, "sink", "*")):
    raw = open(f, "rb").read()
    m = re.search(rb"^X-Rcpt-Args: <([^>]*)>", raw, re.M)
    if m:
        dumps[m.group(1).decode()] = raw
check(sorted(dumps) == ["a@seven.test", "b@seven.test", "c@seven.test", "d@eight.test"],
      "the sink got the four messages: %r" % sorted(dumps))
def message(raw):
    # the sink's own headers end with its three-line Received header
    i = raw.index(b"(smtp-sink)")
    i = raw.index(b"\n", raw.index(b"\n", i) + 1) + 1
    return raw[i:]

a = dumps.get("a@seven.test", b"")
if a:
    body = message(a)
    check(all(b < 0x80 for b in body), "converted message is 7-bit")
    check(b"BODY=" not in re.search(rb"^X-Mail-Args: (.*)$", a, re.M).group(1),
          "no BODY= to a server without 8BITMIME")
    msg = email.message_from_bytes(body, policy=email.policy.compat32)
    parts = msg.get_payload()
    check(msg.get_content_type() == "multipart/mixed" and len(parts) == 4,
          "structure kept: multipart/mixed with 4 parts")
    check(msg.preamble.strip() == "preamble" and msg.epilogue.strip() == "epilogue",
          "preamble and epilogue kept")
    if len(parts) == 4:
        t, b, p, r = parts
        check(t["Content-Transfer-Encoding"] == "quoted-printable" and
              t.get_payload(decode=True) == text,
              "text part: quoted-printable, decodes to the original bytes")
        check("X-MIME-Autoconverted" in t and "from 8bit to quoted-printable" in t["X-MIME-Autoconverted"],
              "text part: X-MIME-Autoconverted")
        check(b["Content-Transfer-Encoding"] == "base64" and
              b.get_payload(decode=True).replace(b"\r\n", b"\n") == binary,
              "binary part: base64, decodes to the original bytes")
        check(p["Content-Transfer-Encoding"] is None and
              p.get_payload() == "plain ascii part",
              "7-bit part untouched")
        im = r.get_payload()[0] if r.is_multipart() else None
        check(im is not None and im["Subject"] == "inner" and
              im["Content-Transfer-Encoding"] == "quoted-printable" and
              im.get_payload(decode=True) == inner.rstrip(b"\n"),
              "nested message/rfc822 walked: its 8-bit body quoted-printable")
b = dumps.get("b@seven.test", b"")
check(b and "na\u00efve caf\u00e9".encode("latin-1") in message(b) and
      b"quoted-printable" not in b,
      "pass8: unlabelled 8-bit sent as is")
c = dumps.get("c@seven.test", b"")
if c:
    cm = email.message_from_bytes(message(c), policy=email.policy.compat32)
    check(cm["MIME-Version"] == "1.0" and
          cm["Content-Type"] == "text/plain; charset=iso-8859-1" and
          cm["Content-Transfer-Encoding"] == "quoted-printable" and
          # (the sink ends its dump with an empty line)
          cm.get_payload(decode=True) == "na\u00efve caf\u00e9\n\n".encode("latin-1"),
          "mimify: unlabelled 8-bit converted, DefaultCharSet in Content-Type")
else:
    check(False, "mimify: c@seven.test received")
d = dumps.get("d@eight.test", b"")
check(d and text in message(d) and b"quoted-printable" not in d,
      "smtp8 (F=8): 8-bit sent as is")
sys.exit(bad)
PYEOF
exit $fail
