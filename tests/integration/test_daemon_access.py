#!/usr/bin/python3
"""test_daemon_access - the access db through sendmail -bD, from outside.

Clients and server in two network namespaces (lib/nsworld.py); tern's
sendmail.mc (access_db, delay_checks: every Connect:/From:/To: verdict
comes at RCPT) plus FEATURE(blocklist_recipients), which To: REJECT and
ERROR need.  Entries: Connect: with RELAY, REJECT, DISCARD, ERROR: and
OK (an IP prefix and a longer, more specific entry; ERROR: in the
documented form ERROR:D.S.N:CODE text), From: with
REJECT, ERROR: (quoted without a status,
and temporary), OK beating a domain entry,
DISCARD; To: with RELAY, REJECT, ERROR:, DISCARD.

Also MaxRecipientsPerMessage (452 4.5.3) and BadRcptThrottle (one
second per RCPT after N bad ones) in a second world.

DISCARD: the recipient gets 250, the message 250 with a queue ID, and
nothing is queued; the next transaction of the session is queued as
usual (From:/To: DISCARD hold for one transaction, Connect: for the
session).
"""
import os
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "lib"))
import nsworld  # noqa: E402
import bsworld  # noqa: E402

T = bsworld.Tap()
OUT = "192.0.2.50"

ACCESS = """\
Connect:192.0.2.77\tRELAY
Connect:192.0.2.66\tREJECT
Connect:192.0.2.88\tDISCARD
Connect:203.0.113\tERROR:5.7.1:550 Network 203.0.113 is blocked
Connect:203.0.113.99\tOK
From:spammer@bad.example\tREJECT
From:bad.example\tERROR:"553 Sender domain is blocked"
From:okay@bad.example\tOK
From:temp.example\tERROR:4.3.0:451 Try again later
From:discard.example\tDISCARD
To:partner.example\tRELAY
To:nowhere.example\tREJECT
To:blocked@mx.example.com\tERROR:5.1.1:550 No such mailbox here
To:dropped@mx.example.com\tDISCARD
"""
HOSTS = "".join("192.0.2.%d\t%s\n" % (20 + i, h) for i, h in enumerate(
    ("bad.example", "temp.example", "discard.example", "partner.example",
     "nowhere.example", "good.example")))


def hello(source):
    c = nsworld.Client(source)
    g = c.reply()
    c.cmd("EHLO client.example.net")
    return c, g


def txn(c, sender, rcpts, data=True):
    """one transaction: replies to MAIL, each RCPT, DATA and the text"""
    out = [c.cmd("MAIL FROM:<%s>" % sender)]
    for r in rcpts:
        out.append(c.cmd("RCPT TO:<%s>" % r))
    if data:
        d = c.cmd("DATA")
        out.append(d)
        if d[0] == 354:
            c.send(b"Subject: access test\r\n\r\nhello\r\n.\r\n")
            out.append(c.reply())
    return out


def last(r):
    return r[1][-1] if r[1] else ""


def queued(w, before):
    time.sleep(0.2)
    return [q for q in w.qids() if q not in before]


def limits():
    """MaxRecipientsPerMessage and BadRcptThrottle in the daemon"""
    w = nsworld.World("daemon-limits", cf_lines=(
        "O MaxRecipientsPerMessage=3", "O BadRcptThrottle=2"),
        hosts_extra=HOSTS)
    if not T.check(w.start(), "limits: the daemon listens"):
        w.stop()
        return
    try:
        c, g = hello(OUT)
        r = txn(c, "alice@good.example",
                ["root@mx.example.com"] * 4, False)
        T.check([x[0] for x in r[1:]] == [250, 250, 250, 452] and
                last(r[4]) == "452 4.5.3 Too many recipients",
                "MaxRecipientsPerMessage=3: the 4th gets 452 4.5.3", r)
        c.cmd("QUIT")
        c.close()
        c, g = hello(OUT)
        times = []
        c.cmd("MAIL FROM:<alice@good.example>")
        for i in range(4):
            t0 = time.time()
            c.cmd("RCPT TO:<nosuchuser%d@mx.example.com>" % i)
            times.append(time.time() - t0)
        T.check(max(times[:2]) < 0.9 and min(times[3:]) >= 0.9,
                "BadRcptThrottle=2: RCPTs after 2 bad ones are slowed "
                "(%s s)" % ", ".join("%.2f" % t for t in times))
        c.cmd("QUIT")
        c.close()
    finally:
        err = w.stop()
    T.check("Sanitizer" not in err and "runtime error" not in err,
            "limits: no sanitizer report", err)


def main():
    if not nsworld.enter():
        return
    nsworld.net_setup()
    w = nsworld.World("daemon-access", access=ACCESS,
                      mc_extra="FEATURE(`blocklist_recipients')dnl\n",
                      hosts_extra=HOSTS)
    if not T.check(w.start(), "the daemon listens", nsworld.read(w.log)):
        w.stop()
        T.exit()
    try:
        # the client's name: PTR, then forward-confirmed (lib/nsworld's
        # dnsmasq): in the EHLO reply ($_) and the relay refusal
        for src, hello_want, refusal in (
                ("192.0.2.60", "Hello good.client.example [192.0.2.60],",
                 "Relaying denied"),
                ("192.0.2.61", "Hello forged.client.example [192.0.2.61] "
                 "(may be forged),", "Relaying denied. IP name possibly "
                 "forged forged.client.example"),
                ("192.0.2.50", "Hello [192.0.2.50],", "Relaying denied. "
                 "IP name lookup failed [192.0.2.50]")):
            c = nsworld.Client(src)
            c.reply()
            e = c.cmd("EHLO client.example.net")
            r = txn(c, "alice@good.example", ["user@other.example"], False)
            T.check(e[1] and e[1][0].endswith(hello_want + " pleased to "
                                              "meet you"),
                    "client %s: %s" % (src, hello_want), e)
            T.check(last(r[1]) == "550 5.7.1 <user@other.example>... " +
                    refusal, "client %s: 550 5.7.1 %s" % (src, refusal), r)
            c.close()

        # Connect: entries (delay_checks: judged at RCPT)
        for src, want in (
                ("192.0.2.66", "550 5.7.1 <root@mx.example.com>... "
                 "Access denied"),
                ("203.0.113.5", "550 5.7.1 <root@mx.example.com>... "
                 "Network 203.0.113 is blocked"),
                ("203.0.113.99", "250 2.1.5 <root@mx.example.com>... "
                 "Recipient ok")):
            c, g = hello(src)
            r = txn(c, "alice@good.example", ["root@mx.example.com"], False)
            T.check(last(r[1]) == want, "Connect: %s: %s" % (src, want),
                    r)
            c.close()
        c, g = hello("203.0.113.99")
        r = txn(c, "alice@good.example", ["user@other.example"], False)
        T.check(last(r[1]).startswith("550 5.7.1 <user@other.example>... "
                                      "Relaying denied"),
                "Connect: OK does not mean RELAY", r)
        c.close()
        c, g = hello("192.0.2.77")
        r = txn(c, "alice@good.example", ["user@other.example"], False)
        T.check(r[1][0] == 250, "Connect: RELAY may relay", r)
        c.close()

        # From: entries
        c, g = hello(OUT)
        for sender, want in (
                ("spammer@bad.example", "550 5.7.1 <root@mx.example.com>"
                 "... Access denied"),
                ("joe@bad.example", "553 5.0.0 <root@mx.example.com>... "
                 "Sender domain is blocked"),
                ("okay@bad.example", "250 2.1.5 <root@mx.example.com>... "
                 "Recipient ok"),
                ("joe@temp.example", "451 4.3.0 Try again later")):
            r = txn(c, sender, ["root@mx.example.com"], False)
            c.cmd("RSET")
            T.check(last(r[1]) == want, "From:%s: %s" % (sender, want), r)

        # To: entries
        for rcpt, want in (
                ("x@partner.example", "250 2.1.5 <x@partner.example>... "
                 "Recipient ok"),
                ("x@nowhere.example", "550 5.2.1 <x@nowhere.example>... "
                 "Mailbox disabled for this recipient"),
                ("blocked@mx.example.com", "550 5.1.1 "
                 "<blocked@mx.example.com>... No such mailbox here")):
            r = txn(c, "alice@good.example", [rcpt], False)
            c.cmd("RSET")
            T.check(last(r[1]) == want, "To:%s: %s" % (rcpt, want), r)

        # DISCARD: From:, then an ordinary message in the same session
        before = w.qids()
        r = txn(c, "joe@discard.example", ["root@mx.example.com"])
        T.check(r[1][0] == 250 and r[2][0] == 354 and
                last(r[3]).startswith("250 2.0.0 ") and
                last(r[3]).endswith(" Message accepted for delivery"),
                "From: DISCARD: accepted as usual", r)
        T.check(queued(w, before) == [], "From: DISCARD: nothing queued",
                w.files())
        r = txn(c, "alice@good.example", ["root@mx.example.com"])
        T.check(last(r[-1]).startswith("250 2.0.0 ") and
                len(queued(w, before)) == 1,
                "the next transaction is queued", (r, w.files()))

        # To: DISCARD drops the whole message (a good recipient too)
        before = w.qids()
        r = txn(c, "alice@good.example",
                ["root@mx.example.com", "dropped@mx.example.com"])
        T.check(r[2][0] == 250 and last(r[-1]).startswith("250 2.0.0 "),
                "To: DISCARD: accepted as usual", r)
        T.check(queued(w, before) == [], "To: DISCARD: nothing queued",
                w.files())
        c.cmd("QUIT")
        c.close()

        # Connect: DISCARD: every message of the session; unknown local
        # users are not even looked up
        before = w.qids()
        c, g = hello("192.0.2.88")
        for i in range(2):
            r = txn(c, "alice@good.example",
                    ["root@mx.example.com", "nosuchuser@mx.example.com"])
            T.check(g[0] == 220 and r[2][0] == 250 and
                    last(r[-1]).startswith("250 2.0.0 "),
                    "Connect: DISCARD: message %d accepted" % (i + 1), r)
        c.cmd("QUIT")
        c.close()
        T.check(queued(w, before) == [], "Connect: DISCARD: nothing queued",
                w.files())
    finally:
        err = w.stop()
    # the front end's reserved transactions are gone with it
    T.check(all(n.startswith("qf") or n.startswith("df") and
                ("qf" + n[2:]) in w.files() for n in w.files()),
            "after SIGTERM no data file is left without its qf", w.files())
    T.check("Sanitizer" not in err and "runtime error" not in err,
            "no sanitizer report", err)
    limits()
    T.exit()


main()
