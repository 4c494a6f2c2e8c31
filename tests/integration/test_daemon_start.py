#!/usr/bin/python3
"""test_daemon_start - a client that connects the moment the daemon
listens gets its message stored (root, ~10 s).

At its start the queue writer first looks at what a crash may have left
(every df and tf in the queue directory), then opens transactions for
the front end.  The front end used to accept clients before that, and
one that reached DATA at once found no transaction open and got "451
4.3.0 Temporary system failure".  Here 20,000 young orphan df files
(younger than an hour: looked at, kept) make the writer's start slow;
in each of three starts a client connects as soon as the port answers
and sends a message: it must get 250 and its qf must be in the queue.
TERN_TEST_SENDMAIL names another binary to try (to see the test fail).
Every process started here is stopped by pid; every wait is bounded.
"""
import os
import smtplib
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "lib"))
import dworld  # noqa: E402

ORPHANS = 20000
T = dworld.bsworld.Tap()
w = dworld.World("daemon-start", sendmail=os.environ.get(
    "TERN_TEST_SENDMAIL", dworld.SAN_SENDMAIL))

os.makedirs(w.queue, exist_ok=True)
for i in range(ORPHANS):
    with open(os.path.join(w.queue, "dfzz%06dX000001" % i), "wb") as f:
        f.write(b"x\n")

for round_ in range(3):
    t0 = time.time()
    T.check(w.start(), "start %d: the port answers" % round_, w.stderr())
    code, text = 0, b""
    try:
        s = smtplib.SMTP("127.0.0.1", w.smtp, timeout=60)
        s.ehlo("client.example.org")
        s.mail("alice@localhost")
        s.rcpt("root@localhost")
        code, text = s.data(b"Subject: first\r\n\r\nright after the start\r\n")
        s.quit()
    except smtplib.SMTPException as e:
        code, text = getattr(e, "smtp_code", -1), str(e).encode()
    qid = text.split()[1].decode() if code == 250 else "?"
    T.check(code == 250 and os.path.exists(os.path.join(w.queue,
                                                        "qf" + qid)),
            "start %d: the first message gets 250 and is queued (%.2f s)" %
            (round_, time.time() - t0), "%s %s" % (code, text))
    rc = w.stop()
    T.check(rc == 0, "start %d: SIGTERM: exit 0" % round_, rc)
T.check(len([n for n in os.listdir(w.queue) if n.startswith("dfzz")]) ==
        ORPHANS, "the young orphan df files are still there")
T.check(w.sanitizer_clean()[0], "no sanitizer report", w.stderr())
T.exit()
