#!/usr/bin/python3
"""test_bs_limits - `sendmail -bs` against over-long, huge and garbage input.

The issue's attack classes and bad input, run on the ASan/UBSan build:
command lines and message lines of 998, 999, 1000, 1001, 2047, 2048,
4095 and 4096 bytes (and 2046, the longest command sendmail takes: 2048
with CRLF), a 1 MB header (one line and folded), 100,000 continuation
lines, garbage, binary bytes and NULs as commands, over-long command
lines up to 1 MB, binary message text, bare LF/CR in DATA.

For every input: each reply is a 2xx, or a 4xx/5xx with an enhanced
status code; the session goes on where sendmail's does (a command line
over 2048 bytes ends it with "421 4.7.0 ... Command too long", as in
8.17; 25 bad commands end it with 421); the program ends without a
signal or a sanitizer report; and the queue holds exactly the messages
answered 250 (qf and df, no tf/xf).  Line lengths exclude the CRLF.
"""
import os
import random
import re
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bsworld  # noqa: E402

T = bsworld.Tap()
LENGTHS = (998, 999, 1000, 1001, 2046, 2047, 2048, 4095, 4096)
CMD_MAX = 2046          # + CRLF = sendmail's MAXLINE of 2048
ENH = re.compile(r"^[45]\d\d[ -][45]\.\d{1,3}\.\d{1,3}( |$)")
ACCEPTED = re.compile(r"^250 2\.0\.0 (\S+) Message accepted")
SESSIONS = []


def clean(reply):
    """A 2xx/3xx, or a 4xx/5xx whose lines all carry an enhanced code."""
    code, lines = reply
    if code in range(200, 400):
        return True
    return code in range(400, 600) and lines and \
        all(ENH.match(ln) for ln in lines)


class Run:
    """One session with bookkeeping: every reply checked for being
    clean, the queue IDs of the 250s collected."""

    def __init__(self, world):
        self.w = world
        self.s = world.start()
        SESSIONS.append(self.s)
        self.bad = []
        self.accepted = []
        self.greeting = self.reply()

    def reply(self):
        r = self.s.reply()
        if r[0] != 0 and not clean(r):
            self.bad.append(r)
        for ln in r[1]:
            m = ACCEPTED.match(ln)
            if m:
                self.accepted.append(m.group(1))
        return r

    def cmd(self, line):
        if isinstance(line, str):
            line = line.encode("latin-1")
        if not self.s.send(line + b"\r\n"):
            return (0, [])
        return self.reply()

    def message(self, text, sender="a@example.org", rcpt="root@localhost"):
        """A whole transaction; text without the final dot."""
        r = [self.cmd("MAIL FROM:<%s>" % sender),
             self.cmd("RCPT TO:<%s>" % rcpt), self.cmd("DATA")]
        if [x[0] for x in r] != [250, 250, 354]:
            return (-1, r)
        if not self.s.send(text + b"\r\n.\r\n"):
            return (0, [])
        return self.reply()

    def end(self, quit=True):
        if quit:
            self.cmd("QUIT")
        self.s.close()
        return self.s


def queue_is(w, accepted, what):
    """The queue holds qf+df of exactly the messages answered 250."""
    want = sorted(["qf" + q for q in accepted] + ["df" + q for q in accepted])
    T.check(w.files() == want, what + ": queue = the messages answered 250",
            "files %r, answered 250: %r" % (w.files(), accepted))


def session_ok(run, what, exit_zero=False):
    s = run.s
    T.check(not run.bad, what + ": every refusal has an enhanced code",
            run.bad)
    T.check(s.sane() and (s.rc == 0 or not exit_zero),
            what + ": exits without signal or sanitizer report (rc %s)"
            % s.rc, s.stderr.decode("latin-1")[:3000])


def cmd_line(verb, n):
    """A command line of exactly n bytes (no CRLF) starting with verb."""
    if verb == "MAIL":
        head, tail = "MAIL FROM:<", "@example.org>"
    elif verb == "RCPT":
        head, tail = "RCPT TO:<", "@localhost>"
    elif verb == "HELO":
        head, tail = "HELO ", ".example.com"
    elif verb == "VRFY":
        head, tail = "VRFY ", ""
    elif verb == "NOOP":
        head, tail = "NOOP ", ""
    else:
        head, tail = "XYZZY ", ""
    pad = n - len(head) - len(tail)
    return (head + "a" * pad + tail).encode()


def test_command_lengths():
    w = bsworld.World("limits-cmd")
    verbs = ("NOOP", "HELO", "MAIL", "RCPT", "VRFY", "XYZZY")
    # lengths that fit: all verbs in one session, which then goes on
    r = Run(w)
    r.cmd("EHLO client.example")
    fits = [n for n in LENGTHS if n <= CMD_MAX]
    answers = []
    for n in fits:
        for v in verbs:
            line = cmd_line(v, n)
            assert len(line) == n
            if v == "RCPT":
                r.cmd("MAIL FROM:<a@example.org>")
            answers.append((n, v, r.cmd(line)[0]))
            if v in ("MAIL", "RCPT"):
                r.cmd("RSET")
    T.check(all(a[2] in range(200, 600) and a[2] != 421 for a in answers),
            "commands of %s bytes answered, session goes on" %
            "/".join(map(str, fits)), answers)
    T.check(r.message(b"Subject: after long commands\r\n\r\nok")[0] == 250,
            "a message after %d long commands is accepted" % len(answers))
    r.end()
    session_ok(r, "commands up to 2046 bytes", exit_zero=False)
    queue_is(w, r.accepted, "commands up to 2046 bytes")
    # longer: "421 4.7.0 ... Command too long", the session ends cleanly
    for n in [n for n in LENGTHS if n > CMD_MAX]:
        for v in verbs:
            w.empty()
            r = Run(w)
            r.cmd("HELO client.example")
            if v == "RCPT":
                r.cmd("MAIL FROM:<a@example.org>")
            code, lines = r.cmd(cmd_line(v, n))
            after = r.cmd("NOOP")
            rest = r.s.rest()
            r.end(quit=False)
            T.check(code == 421 and "Command too long" in lines[0] and
                    lines[0].startswith("421 4.7.0") and after[0] == 0 and
                    rest == "",
                    "%s line of %d bytes: 421 4.7.0 Command too long, "
                    "session over" % (v, n), (code, lines, after, rest))
            session_ok(r, "%s line of %d bytes" % (v, n))
            queue_is(w, r.accepted, "%s line of %d bytes" % (v, n))


def test_data_lengths():
    w = bsworld.World("limits-data")
    r = Run(w)
    r.cmd("EHLO client.example")
    bodies = {}
    for n in LENGTHS:
        hdr = b"X-Long: " + b"h" * (n - len("X-Long: "))
        body = b"B" * n
        text = (b"Subject: %d\r\n" % n + hdr + b"\r\n\r\n" + body +
                b"\r\n" + b"." + b"d" * (n - 1) + b"\r\nlast")
        code, lines = r.message(text)
        T.check(code == 250, "header and body lines of %d bytes: 250" % n,
                lines)
        if code == 250:
            bodies[r.accepted[-1]] = (n, hdr, body + b"\n" + b"d" * (n - 1) +
                                      b"\nlast\n")
    r.end()
    session_ok(r, "long message lines", exit_zero=True)
    queue_is(w, r.accepted, "long message lines")
    for qid, (n, hdr, want) in sorted(bodies.items()):
        T.check(w.df(qid) == want,
                "%d-byte body line stored byte for byte (dot unstuffed)" % n)
        qf = w.qf(qid)
        got = [bsworld.dequote_internal(ln[ln.index(b"X-Long"):])
               for ln in qf["lines"] if b"X-Long:" in ln[:12]]
        T.check(got == [hdr], "%d-byte header line kept whole in the qf"
                % n, [g[:80] for g in got])


def test_huge_headers():
    w = bsworld.World("limits-headers")
    r = Run(w)
    r.cmd("EHLO client.example")
    mb = 1 << 20
    cases = [
        ("1 MB header on one line", b"X-Big: " + b"x" * mb),
        ("1 MB header folded into 998-byte lines",
         b"X-Big: " + b"\r\n ".join([b"y" * 995] * (mb // 998))),
        ("100,000 continuation lines",
         b"X-Cont: start" + b"\r\n c" * 100000),
        ("100,000 empty-ish continuation lines",
         b"X-Cont: start" + b"\r\n \t" * 100000),
        ("100,000 header fields", b"\r\n".join(b"X-N%d: v" % i
                                               for i in range(100000))),
    ]
    for what, header in cases:
        t0 = time.time()
        code, lines = r.message(b"Subject: big\r\n" + header +
                                b"\r\n\r\nbody\r\n")
        dt = time.time() - t0
        T.check(code == 552 and lines[0].startswith("552 5.6.0 Headers too "
                                                    "large"),
                "%s: 552 5.6.0 Headers too large (%.1f s)" % (what, dt),
                lines)
        T.check(r.cmd("NOOP")[0] == 250, "%s: session goes on" % what)
    # under MaxHeadersLength: 10,000 continuation lines are one header
    code, _ = r.message(b"Subject: many\r\nX-Cont: start" +
                        b"\r\n c" * 10000 + b"\r\n\r\nbody\r\n")
    T.check(code == 250, "10,000 continuation lines (30 KB): 250")
    r.end()
    session_ok(r, "huge headers", exit_zero=True)
    queue_is(w, r.accepted, "huge headers")
    if len(r.accepted) == 1:
        qf = w.qf(r.accepted[0])
        got = [ln for ln in qf["lines"] if b"X-Cont:" in ln[:12]]
        T.check(len(got) == 1 and got[0].count(b"\n") == 10000,
                "the 10,000 continuation lines kept in one H line",
                [len(g) for g in got])


def garbage_lines(rng, count):
    """Lines of random bytes, NULs and high bytes included, no LF; none
    may start like a real command."""
    out = []
    for _ in range(count):
        n = rng.randrange(1, 300)
        b = bytes(rng.choice([0, 0xff, 0x80, 13, 1, 0x7f] +
                             list(range(0x20, 0x7f)) +
                             list(range(0x80, 0x100)))
                  for _ in range(n))
        out.append(b"\x01" + b.replace(b"\n", b"?"))
    return out


def test_garbage_commands():
    w = bsworld.World("limits-garbage")
    rng = random.Random(3)
    r = Run(w)
    r.cmd("EHLO client.example")
    answers = [r.cmd(g)[0] for g in garbage_lines(rng, 15)]
    # NULs: the text ends at the NUL (sendmail does the same)
    nul = [r.cmd(b"NOOP\x00 rest after a NUL"),
           r.cmd(b"\x00\x00\x00"),
           r.cmd(b"\x00MAIL FROM:<a@example.org>"),
           r.cmd(b"MAIL FROM:<a@example.org>\x00 SIZE=9999999999999"),
           r.cmd(b"RCPT TO:<root@localhost>\x00junk"),
           r.cmd(b"RSET")]
    T.check(all(a in range(500, 600) for a in answers),
            "15 lines of binary garbage: each a 5xx", answers)
    T.check([x[0] for x in nul] == [250, 500, 500, 250, 250, 250],
            "NULs in commands: the text ends at the NUL", nul)
    code, _ = r.message(b"Subject: after garbage\r\n\r\nok")
    T.check(code == 250, "a message after garbage commands is accepted")
    r.end()
    session_ok(r, "garbage commands")
    queue_is(w, r.accepted, "garbage commands")

    # more than 25 bad commands: 421 and the end, as sendmail
    w.empty()
    r = Run(w)
    r.cmd("HELO client.example")
    codes = [r.cmd(g)[0] for g in garbage_lines(rng, 40)]
    T.check(421 in codes and all(c == 0 for c in codes[codes.index(421) +
                                                       1:]) and
            all(500 <= c < 600 for c in codes[:codes.index(421)]),
            "40 garbage lines: 5xx, then 421 and the session ends", codes)
    r.end(quit=False)
    session_ok(r, "too many bad commands")
    queue_is(w, r.accepted, "too many bad commands")

    # over-long lines of garbage, and a blob without any line end
    for what, blob, eol in (("10 KB garbage line", 10240, True),
                            ("100 KB garbage line", 102400, True),
                            ("1 MB garbage line", 1 << 20, True),
                            ("1 MB without a line end", 1 << 20, False)):
        w.empty()
        r = Run(w)
        r.cmd("HELO client.example")
        r.cmd("MAIL FROM:<a@example.org>")
        data = bytes(rng.randrange(0, 256) for _ in range(blob))
        data = data.replace(b"\n", b"\x00")
        ok = r.s.send(data + (b"\r\n" if eol else b""))
        if not eol:
            r.s.sock.shutdown(1)    # the client is done: end of input
        code, lines = r.reply()
        rest = r.s.rest()
        r.end(quit=False)
        T.check(ok and code == 421 and lines[0].startswith("421 4.7.0") and
                rest == "", "%s: 421 4.7.0, session over" % what,
                (code, lines[:1], rest[:200]))
        session_ok(r, what)
        queue_is(w, r.accepted, what)


def test_binary_data():
    w = bsworld.World("limits-binary")
    rng = random.Random(5)
    r = Run(w)
    r.cmd("EHLO client.example")
    # every byte but CR and LF, NULs included, in CRLF lines
    lines = []
    for _ in range(2000):
        ln = bytes(rng.randrange(0, 256) for _ in range(rng.randrange(0, 200)))
        lines.append(ln.replace(b"\r", b"").replace(b"\n", b""))
    body = b"\r\n".join(lines)
    code, _ = r.message(b"Subject: binary\r\n\r\n" + body)
    T.check(code == 250, "binary body with NULs: 250")
    qid = r.accepted[-1] if r.accepted else None
    # bare LF and bare CR in message text end the session (8.18)
    for what, text in (("bare LF", b"Subject: x\r\n\r\nbare\nLF"),
                       ("bare CR", b"Subject: x\r\n\r\nbare\rCR")):
        rr = Run(w)
        rr.cmd("HELO client.example")
        code, lines2 = rr.message(text)
        rest = rr.s.rest()
        rr.end(quit=False)
        T.check(code == 421 and lines2[0].startswith("421 4.5.0") and
                rest == "", "%s in DATA: 421 4.5.0, session over" % what,
                (code, lines2))
        session_ok(rr, what)
        r.accepted += rr.accepted
    r.end()
    session_ok(r, "binary data", exit_zero=True)
    queue_is(w, r.accepted, "binary data and bare line ends")
    if qid is not None:
        want = b"\n".join(ln[1:] if ln.startswith(b".") else ln
                          for ln in lines) + b"\n"
        T.check(w.df(qid) == want, "binary body stored byte for byte")


def main():
    for t in (test_command_lengths, test_data_lengths, test_huge_headers,
              test_garbage_commands, test_binary_data):
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
