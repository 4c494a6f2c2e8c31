#!/usr/bin/python3
"""test_daemon_loadavg - RefuseLA, QueueLA and ETRN in sendmail -bD (root, ~10 s).

The load average comes from a file named by TERN_TEST_LOADAVG (honoured
only in a process that is not set-id; util/loadavg.h), so the test can
make the machine "busy" and "idle" at will.  With RefuseLA=5: at load 9
the daemon stops accepting (a client waits in the listen queue without a
greeting; the log says "rejecting connections on daemon MTA: load
average: 9"), at load 0 it accepts again and the waiting client is
greeted.  With QueueLA=3 and DeliveryMode=background: at load 4 an
accepted message is only queued ("load average 4: queued for later").
Every process started here is stopped by pid; every wait is bounded.
"""
import os
import smtplib
import socket
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "lib"))
import dworld  # noqa: E402

T = dworld.bsworld.Tap()
w = dworld.World("daemon-loadavg", sendmail=dworld.SAN_SENDMAIL,
                 cf_lines=["O RefuseLA=5", "O QueueLA=3",
                           "O DeliveryMode=background"])
la = os.path.join(w.prefix, "loadavg")


def set_la(v):
    with open(la + ".tmp", "w") as f:
        f.write("%d\n" % v)
    os.rename(la + ".tmp", la)


def log():
    return dworld.read(w.log) if os.path.exists(w.log) else ""


set_la(0)
os.environ["TERN_TEST_LOADAVG"] = la
try:
    T.check(w.start(), "daemon started", w.stderr())
    # the front end runs as nobody: let its log lines reach the test log
    if os.path.exists(w.log):
        os.chmod(w.log, 0o666)
    # the front end is up and serving (start() only saw the port bound):
    # otherwise its first accept burst could take the next connection too
    p = socket.create_connection(("127.0.0.1", w.smtp), timeout=10)
    p.settimeout(10)
    T.check(p.recv(100).startswith(b"220 "), "load 0: greeted")
    p.close()
    set_la(9)
    c = socket.create_connection(("127.0.0.1", w.smtp), timeout=10)
    c.settimeout(1.5)
    try:
        first = c.recv(100)
    except socket.timeout:
        first = b""
    T.check(first == b"", "load 9 >= RefuseLA 5: no greeting", first)
    T.check(dworld.wait_until(lambda: "rejecting connections on daemon "
                              "MTA: load average: 9" in log(), 5),
            "logged: rejecting connections on daemon MTA", log()[-500:])
    set_la(0)
    c.settimeout(10)
    try:
        greet = c.recv(200)
    except socket.timeout:
        greet = b""
    T.check(greet.startswith(b"220 "), "load 0: the waiting client is greeted",
            greet)
    T.check("accepting connections again for daemon MTA" in log(),
            "logged: accepting connections again")
    c.close()

    set_la(4)
    s = smtplib.SMTP("127.0.0.1", w.smtp, timeout=30)
    s.ehlo("client.example.com")
    code, text = s.docmd("MAIL FROM:<a@localhost>")
    s.docmd("RCPT TO:<root@localhost>")
    code, text = s.data(b"Subject: busy\r\n\r\nqueued, not sent\r\n")
    s.quit()
    T.check(code == 250, "load 4: message accepted", text)
    qid = text.split()[1].decode() if code == 250 else "?"
    T.check(dworld.wait_until(lambda: "%s: load average 4: queued for later"
                              % qid in log(), 5),
            "load 4 >= QueueLA 3: queued, not delivered", log()[-500:])
    T.check(any(f == "qf" + qid for f in os.listdir(w.queue)),
            "the message is in the queue")

    # ETRN: the unprivileged front end asks the queue writer (root) for
    # a queue run for that host
    set_la(0)
    s = smtplib.SMTP("127.0.0.1", w.smtp, timeout=30)
    s.ehlo("client.example.com")
    code, text = s.docmd("ETRN localhost")
    s.quit()
    T.check(code == 250 and b"Queuing for node localhost started" in text,
            "ETRN: 250 Queuing for node localhost started", text)
    T.check(dworld.wait_until(lambda: "ETRN localhost: queue run" in log(),
                              10), "ETRN: the writer started a queue run",
            log()[-400:])
finally:
    rc = w.stop()
T.check(rc == 0, "SIGTERM: exit 0", rc)
T.check(w.sanitizer_clean()[0], "no sanitizer report", w.stderr())
T.exit()
