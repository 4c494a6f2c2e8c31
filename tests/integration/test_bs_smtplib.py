#!/usr/bin/python3
"""test_bs_smtplib - Python's smtplib against `sendmail -bs`.

smtplib wants a socket; -bs speaks on stdin/stdout.  PipeSMTP connects
them: its _get_socket starts sendmail with one end of a socketpair as
stdin and stdout and hands smtplib the other end (bsworld.Session).

Shown: what EHLO announces (and that CHUNKING comes only with
D{TernChunking}True); plain and pipelined transactions; DSN parameters
(NOTIFY, ORCPT, RET, ENVID) in the qf; 8BITMIME and UTF-8 messages
stored byte for byte; BDAT; refusals and bad commands that leave the
session going; clients that drop mid-DATA or mid-BDAT leave no queue
file.  Runs build/san/bin/sendmail (ASan/UBSan): every session must end
without a sanitizer report or a signal.
"""
import os
import smtplib
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bsworld  # noqa: E402

T = bsworld.Tap()
SESSIONS = []


class PipeSMTP(smtplib.SMTP):
    """smtplib.SMTP whose "connection" is a sendmail -bs process."""

    def __init__(self, world):
        self.world = world
        self.session = None
        super().__init__(local_hostname="client.example", timeout=60)
        self.connect("bs", 25)

    def _get_socket(self, host, port, timeout):
        self.session = self.world.start()
        SESSIONS.append(self.session)
        return self.session.sock

    def finish(self):
        """QUIT if still connected, then wait for sendmail to exit."""
        try:
            self.quit()
        except (smtplib.SMTPException, OSError):
            pass
        return self.session.close()


def lf(data):
    """What the df must hold: the message body with CRLF as LF."""
    return data.replace(b"\r\n", b"\n")


def split_msg(msg):
    head, body = msg.split(b"\r\n\r\n", 1)
    return head, body


def only_queue_files(w, qids, what):
    """The queue holds exactly qf+df of these messages, no tf/xf."""
    want = sorted(["qf" + q for q in qids] + ["df" + q for q in qids])
    T.check(w.files() == want, what + ": queue holds qf+df only",
            "files: %r" % w.files())


def header_line(qf, name):
    """The H line of a header (name without colon), as data again:
    sendmail's qf puts \\377 before every byte 0200-0237 and before
    \\377 itself (quote_internal_chars), so they cannot pass for its
    internal meta characters; undone here."""
    key = name.encode().lower() + b":"
    for line in qf["lines"]:
        if not line.startswith(b"H"):
            continue
        rest = line[1:]
        if rest.startswith(b"?"):
            rest = rest[rest.index(b"?", 1) + 1:]
        if rest.lower().startswith(key):
            return bsworld.dequote_internal(rest)
    return None


def test_ehlo():
    w = bsworld.World("smtplib-ehlo")
    c = PipeSMTP(w)
    code, _ = c.ehlo()
    T.check(code == 250, "EHLO answered 250")
    for ext in ("pipelining", "8bitmime", "size", "dsn",
                "enhancedstatuscodes"):
        T.check(c.has_extn(ext), "EHLO announces " + ext.upper(),
                c.esmtp_features)
    T.check(c.esmtp_features.get("size") == "52428800",
            "SIZE announces MaxMessageSize", c.esmtp_features)
    # sendmail 8.17 as Debian builds it has no EAI and no CHUNKING
    T.check(not c.has_extn("smtputf8"), "SMTPUTF8 not announced (no EAI)")
    T.check(not c.has_extn("chunking"), "CHUNKING off by default")
    code, text = c.docmd("MAIL", "FROM:<a@example.org> SMTPUTF8")
    T.check(code == 555 and text.startswith(b"5.5.4"),
            "MAIL ... SMTPUTF8 refused 555 5.5.4 without EAI", text)
    T.check(c.noop()[0] == 250, "session goes on after the refusal")
    T.check(c.finish() == 0, "session exits 0")
    w2 = bsworld.World("smtplib-ehlo-chunking", ["D{TernChunking}True"])
    c = PipeSMTP(w2)
    c.ehlo()
    T.check(c.has_extn("chunking"),
            "CHUNKING announced with D{TernChunking}True", c.esmtp_features)
    c.finish()


def test_plain_and_several():
    w = bsworld.World("smtplib-plain")
    c = PipeSMTP(w)
    msgs = []
    for i in range(3):
        m = (b"From: a@example.org\r\nTo: root@localhost\r\n"
             b"Subject: plain %d\r\n\r\nline one\r\n.leading dot\r\n"
             b"..two dots\r\nlast line %d\r\n" % (i, i))
        refused = c.sendmail("a@example.org", ["root@localhost"], m)
        T.check(refused == {}, "sendmail() %d: no recipient refused" % i)
        msgs.append(m)
    T.check(c.finish() == 0, "three transactions in one session, exit 0")
    qids = w.qids()
    T.check(len(qids) == 3, "three messages queued", w.files())
    only_queue_files(w, qids, "plain")
    bodies = sorted(w.df(q) for q in qids)
    want = sorted(lf(split_msg(m)[1]) for m in msgs)
    T.check(bodies == want, "df = body, dots unstuffed, CRLF as LF",
            "%r\n%r" % (bodies, want))
    for q in qids:
        qf = w.qf(q)
        T.check(qf.get("V") == ["8"] and qf["lines"][-2:] == [b".", b""],
                "qf %s: version 8, ends with the '.' record" % q)
        T.check(qf.get("S") == ["<a@example.org>"] and
                qf.get("R") == ["PFD:<root@localhost>"],
                "qf %s: S and R lines" % q, qf["raw"])


def test_pipelined():
    """Several commands in one write, as RFC 2920 allows."""
    w = bsworld.World("smtplib-pipe")
    c = PipeSMTP(w)
    c.ehlo()
    c.send(b"MAIL FROM:<a@example.org>\r\n"
           b"RCPT TO:<root@localhost>\r\n"
           b"RCPT TO:<nosuchuser@localhost>\r\n"
           b"RCPT TO:<daemon@localhost>\r\n"
           b"DATA\r\n")
    codes = [c.getreply()[0] for _ in range(5)]
    T.check(codes == [250, 250, 550, 250, 354],
            "pipelined MAIL/RCPT/RCPT/RCPT/DATA answered in order", codes)
    c.send(b"Subject: pipelined\r\n\r\nbody\r\n.\r\n"
           b"RSET\r\nMAIL FROM:<b@example.net>\r\nRCPT TO:<root@localhost>\r\n"
           b"DATA\r\n")
    replies = [c.getreply() for _ in range(5)]
    codes = [r[0] for r in replies]
    T.check(codes == [250, 250, 250, 250, 354],
            "end of data, RSET, MAIL, RCPT, DATA pipelined", replies)
    c.send(b"Subject: second\r\n\r\nbody 2\r\n.\r\nQUIT\r\n")
    r1, r2 = c.getreply(), c.getreply()
    T.check(r1[0] == 250 and r2[0] == 221, "second message 250, QUIT 221",
            (r1, r2))
    c.close()
    T.check(c.session.close() == 0, "pipelined session exits 0")
    qids = w.qids()
    T.check(len(qids) == 2, "two pipelined messages queued", w.files())
    only_queue_files(w, qids, "pipelined")
    rl = sorted(tuple(w.qf(q).get("R", [])) for q in qids)
    T.check(rl == [("PFD:<root@localhost>",),
                   ("PFD:<root@localhost>", "PFD:<daemon@localhost>")],
            "refused recipient not in the qf, the others are", rl)


def test_dsn():
    w = bsworld.World("smtplib-dsn")
    c = PipeSMTP(w)
    c.ehlo()
    c.mail("a@example.org", ["RET=HDRS", "ENVID=env+2Bid+3D1"])
    r1 = c.rcpt("root@localhost", ["NOTIFY=SUCCESS,DELAY",
                                   "ORCPT=rfc822;orig+2Bone@example.org"])
    r2 = c.rcpt("daemon@localhost", ["NOTIFY=NEVER"])
    r3 = c.rcpt("root@example.net", ["NOTIFY=FAILURE",
                                     "ORCPT=rfc822;x@example.net"])
    T.check([r1[0], r2[0], r3[0]] == [250, 250, 250],
            "RCPT with NOTIFY/ORCPT accepted", (r1, r2, r3))
    code, _ = c.data(b"Subject: dsn\r\n\r\nbody\r\n")
    T.check(code == 250, "DSN message accepted")
    c.finish()
    qids = w.qids()
    T.check(len(qids) == 1, "DSN message queued", w.files())
    if len(qids) != 1:
        return
    qf = w.qf(qids[0])
    T.check(qf.get("Z") == ["env+2Bid+3D1"], "ENVID in the Z line (xtext)",
            qf.get("Z"))
    T.check("d" in qf.get("F", [""])[0] and "n" in qf.get("F", [""])[0],
            "RET=HDRS: F line has d and n", qf.get("F"))
    T.check(qf.get("Q") == ["rfc822;orig+2Bone@example.org",
                            "rfc822;x@example.net"],
            "ORCPT in Q lines, xtext as given", qf.get("Q"))
    T.check(qf.get("R") == ["PNSD:<root@localhost>", "PN:<daemon@localhost>",
                            "PNF:<root@example.net>"],
            "NOTIFY as R flags (N: given; S, F, D; NEVER: none)", qf.get("R"))
    # the Q line belongs to the R line after it
    lines = [ln for ln in qf["lines"] if ln[:1] in (b"Q", b"R")]
    T.check(lines == [b"Qrfc822;orig+2Bone@example.org",
                      b"RPNSD:<root@localhost>", b"RPN:<daemon@localhost>",
                      b"Qrfc822;x@example.net", b"RPNF:<root@example.net>"],
            "each Q line precedes its R line", lines)
    # a RET without DSN: sendmail's defaults (F and D, no N)
    w2 = bsworld.World("smtplib-dsn-bad")
    c = PipeSMTP(w2)
    c.ehlo()
    bad = [c.docmd("MAIL", "FROM:<a@example.org> RET=NONE"),
           c.docmd("MAIL", "FROM:<a@example.org> ENVID=a\x01b"),
           c.docmd("MAIL", "FROM:<a@example.org> RET=FULL RET=HDRS")]
    T.check(all(r[0] // 100 == 5 and r[1][:1] == b"5" for r in bad),
            "bad RET/ENVID get 5xx with enhanced codes", bad)
    c.docmd("RSET")
    c.mail("a@example.org")
    bad = [c.docmd("RCPT", "TO:<root@localhost> NOTIFY=NEVER,SUCCESS"),
           c.docmd("RCPT", "TO:<root@localhost> NOTIFY=SOMETIMES"),
           c.docmd("RCPT", "TO:<root@localhost> ORCPT=nosemicolon")]
    T.check(all(r[0] // 100 == 5 and r[1][:1] == b"5" for r in bad),
            "bad NOTIFY/ORCPT get 5xx with enhanced codes", bad)
    T.check(c.rcpt("root@localhost")[0] == 250 and
            c.data(b"Subject: after\r\n\r\nok\r\n")[0] == 250,
            "the transaction goes on after the bad parameters")
    c.finish()
    T.check(len(w2.qids()) == 1, "one message queued", w2.files())


def test_8bit():
    w = bsworld.World("smtplib-8bit")
    c = PipeSMTP(w)
    c.ehlo()
    # every byte value except CR, LF and NUL in the body, UTF-8 and
    # Latin-1 in a header and in lines of their own
    allbytes = bytes(b for b in range(1, 256) if b not in (10, 13))
    body = (b"Gr\xc3\xbc\xc3\x9fe, \xe2\x82\xac 5 \xf0\x9f\x93\xa7\r\n"
            b"latin-1: caf\xe9 na\xefve\r\n" + allbytes + b"\r\n"
            b"\xff\xfe\x80\x81 high bytes at line start\r\n"
            b"ends without newline?")
    msg = (b"Subject: =?utf-8?q?x?= R\xc3\xa9sum\xc3\xa9 \xe2\x9c\x93\r\n"
           b"X-Latin: caf\xe9 \xff\x80\x9f\xa0\r\n\r\n" + body)
    refused = c.sendmail("a@example.org", ["root@localhost"], msg,
                         mail_options=["BODY=8BITMIME"])
    T.check(refused == {}, "8BITMIME message accepted")
    # smtplib's data() ends the last line; the df then ends with LF
    want = lf(body) + b"\n"
    # the same again without BODY=: sendmail stores 8-bit data as is
    c.sendmail("b@example.org", ["root@localhost"], msg)
    c.finish()
    qids = w.qids()
    T.check(len(qids) == 2, "two 8-bit messages queued", w.files())
    for q in qids:
        qf = w.qf(q)
        tag = "BODY=8BITMIME" if qf.get("S") == ["<a@example.org>"] else \
            "no BODY="
        T.check(w.df(q) == want, "%s: df byte for byte" % tag,
                "%r\n%r" % (w.df(q)[:200], want[:200]))
        T.check(header_line(qf, "Subject") ==
                b"Subject: =?utf-8?q?x?= R\xc3\xa9sum\xc3\xa9 \xe2\x9c\x93",
                "%s: UTF-8 Subject kept byte for byte in the qf" % tag,
                header_line(qf, "Subject"))
        T.check(header_line(qf, "X-Latin") == b"X-Latin: caf\xe9 \xff\x80\x9f\xa0",
                "%s: Latin-1 header byte kept" % tag)
        if tag == "BODY=8BITMIME":
            T.check(qf.get("B") == ["8BITMIME"], "B8BITMIME in the qf",
                    qf.get("B"))


def test_utf8_addresses():
    """SMTPUTF8 is not announced (as in sendmail 8.17 without EAI): a
    UTF-8 local part is refused cleanly, a UTF-8 message with ASCII
    envelope is stored byte for byte."""
    w = bsworld.World("smtplib-utf8")
    c = PipeSMTP(w)
    c.ehlo()
    c.send(b"MAIL FROM:<j\xc3\xb6rg@example.org>\r\n")
    code, text = c.getreply()
    T.check(code in (250, 553, 501, 555) and (code == 250 or
                                              text[:1] == b"5"),
            "UTF-8 sender: 250 or a clean 5xx", (code, text))
    c.docmd("RSET")
    msg = (b"From: J\xc3\xb6rg <joerg@example.org>\r\n"
           b"To: \xe5\xa4\xaa\xe9\x83\x8e <root@localhost>\r\n"
           b"Subject: \xe3\x83\xa1\xe3\x83\xbc\xe3\x83\xab\r\n\r\n"
           b"\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e\xe3\x81\xae\xe6\x9c\xac\xe6"
           b"\x96\x87\r\n\xf0\x9f\x98\x80\r\n")
    refused = c.sendmail("joerg@example.org", ["root@localhost"], msg,
                         mail_options=["BODY=8BITMIME"])
    T.check(refused == {}, "UTF-8 message accepted")
    c.finish()
    qids = w.qids()
    T.check(len(qids) == 1, "UTF-8 message queued", w.files())
    if len(qids) == 1:
        T.check(w.df(qids[0]) == lf(split_msg(msg)[1]),
                "UTF-8 body byte for byte")
        T.check(header_line(w.qf(qids[0]), "Subject") ==
                b"Subject: \xe3\x83\xa1\xe3\x83\xbc\xe3\x83\xab",
                "UTF-8 Subject byte for byte")


def test_bdat():
    w = bsworld.World("smtplib-bdat", ["D{TernChunking}True"])
    c = PipeSMTP(w)
    c.ehlo()
    c.mail("a@example.org", ["BODY=8BITMIME"])
    c.rcpt("root@localhost")
    # chunks split mid-line and mid-CRLF; "." lines are data in BDAT
    chunks = [b"Subject: bdat\r\nX-8: \xe2\x82\xac\r\n\r\nfirst\r",
              b"\n.\r\n..two\r\nmid", b"dle\xff\x00\x01\r\n", b""]
    for i, ch in enumerate(chunks):
        last = " LAST" if i == len(chunks) - 1 else ""
        c.send(b"BDAT %d%s\r\n" % (len(ch), last.encode()) + ch)
    replies = [c.getreply() for _ in chunks]
    T.check([r[0] for r in replies] == [250] * len(chunks),
            "BDAT chunks (the last BDAT 0 LAST) all 250", replies)
    T.check(b"Message accepted" in replies[-1][1],
            "BDAT LAST answered with the queue ID", replies[-1])
    # BDAT then DATA in one transaction is refused, session goes on
    c.mail("a@example.org")
    c.rcpt("root@localhost")
    c.send(b"BDAT 3\r\nabc")
    r1 = c.getreply()
    r2 = c.docmd("DATA")
    T.check(r1[0] == 250 and r2[0] == 503 and r2[1][:1] == b"5",
            "DATA after BDAT: 503 5.x", (r1, r2))
    c.docmd("RSET")
    T.check(c.noop()[0] == 250, "session goes on after RSET")
    c.finish()
    qids = w.qids()
    T.check(len(qids) == 1, "one BDAT message queued; the reset one gone",
            w.files())
    if len(qids) == 1:
        want = lf(b"".join(chunks).split(b"\r\n\r\n", 1)[1])
        T.check(w.df(qids[0]) == want, "BDAT df byte for byte (no dot "
                "handling)", "%r\n%r" % (w.df(qids[0]), want))
        T.check(header_line(w.qf(qids[0]), "X-8") == b"X-8: \xe2\x82\xac",
                "BDAT 8-bit header kept")
    only_queue_files(w, qids, "bdat")


def test_refusals_go_on():
    w = bsworld.World("smtplib-refuse")
    c = PipeSMTP(w)
    c.ehlo()
    results = [
        ("unknown command", c.docmd("FROB", "x"), 500, b"5.5.1"),
        ("RCPT before MAIL", c.docmd("RCPT", "TO:<root@localhost>"), 503,
         b"5.0.0"),
        ("bad sender syntax", c.docmd("MAIL", "FROM:<a@b@>"), 553, b"5."),
        ("MAIL ok", c.docmd("MAIL", "FROM:<a@example.org>"), 250, b"2.1.0"),
        ("nested MAIL", c.docmd("MAIL", "FROM:<a@example.org>"), 503,
         b"5.5.0"),
        ("unknown user", c.docmd("RCPT", "TO:<nosuchuser@localhost>"), 550,
         b"5.1.1"),
        ("unbalanced <", c.docmd("RCPT", "TO:<root@localhost"), 553,
         b"5.0.0"),
        ("unknown RCPT parameter", c.docmd("RCPT", "TO:<root@localhost> X=Y"),
         555, b"5.5.4"),
        ("DATA without a good RCPT", c.docmd("DATA"), 503, b"5.0.0"),
        ("VRFY with novrfy", c.docmd("VRFY", "root"), 252, b"2.5.2"),
        ("EXPN with noexpn", c.docmd("EXPN", "root"), 502, b"5.7.0"),
        ("good RCPT after all that", c.docmd("RCPT", "TO:<root@localhost>"),
         250, b"2.1.5"),
    ]
    for what, (code, text), want, enh in results:
        T.check(code == want and text.startswith(enh),
                "%s: %d %s" % (what, want, enh.decode()), (code, text))
    code, _ = c.data(b"Subject: after refusals\r\n\r\nstill here\r\n")
    T.check(code == 250, "message accepted after refusals")
    T.check(c.finish() is not None, "session ended")
    T.check(len(w.qids()) == 1, "exactly one message queued", w.files())


def test_drops():
    """A client that goes away mid-transaction leaves nothing behind."""
    cases = [
        ("after DATA, before reading 354", [b"DATA\r\n"]),
        ("after 354", [b"DATA\r\n", None]),
        ("mid-header", [b"DATA\r\n", None, b"Subject: x\r\nX-Long: abc"]),
        ("mid-body", [b"DATA\r\n", None,
                      b"Subject: x\r\n\r\n" + b"y" * 200000]),
        ("after the final dot's CR LF", [b"DATA\r\n", None,
                                         b"Subject: x\r\n\r\nz\r\n.\r"]),
        ("mid-BDAT chunk", [b"BDAT 1000\r\nSubject: x\r\n\r\npartial"]),
        ("between BDAT chunks", [b"BDAT 15\r\nSubject: x\r\n\r\nb", None]),
    ]
    w = bsworld.World("smtplib-drop", ["D{TernChunking}True"])
    for what, steps in cases:
        w.empty()
        c = PipeSMTP(w)
        c.ehlo()
        c.mail("a@example.org")
        c.rcpt("root@localhost")
        for step in steps:
            if step is None:
                c.getreply()
            else:
                c.send(step)
        c.sock.close()
        c.sock = None
        c.file = None
        rc = c.session.close()
        T.check(rc is not None and rc >= 0 and c.session.sane(),
                "drop %s: sendmail exits cleanly" % what,
                c.session.stderr.decode("latin-1"))
        T.check(w.files() == [], "drop %s: no qf/df/tf left" % what,
                w.files())


def main():
    for t in (test_ehlo, test_plain_and_several, test_pipelined, test_dsn,
              test_8bit, test_utf8_addresses, test_bdat, test_refusals_go_on,
              test_drops):
        try:
            t()
        except Exception as e:  # a crash of the test is a failure
            T.check(False, "%s ran to the end" % t.__name__, repr(e))
    for s in SESSIONS:
        if s.rc is None:
            s.close()
    insane = [s.stderr.decode("latin-1")[:2000] for s in SESSIONS
              if not s.sane()]
    T.check(not insane, "%d sessions: no sanitizer report, no signal"
            % len(SESSIONS), "\n".join(insane))
    T.exit()


if __name__ == "__main__":
    main()
