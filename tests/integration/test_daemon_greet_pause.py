#!/usr/bin/python3
"""test_daemon_greet_pause - FEATURE(greet_pause) in sendmail -bD (root, ~8 s).

The .cf gets sendmail's greet_pause ruleset returning 1500 ms (what
FEATURE(`greet_pause', 1500) writes when no GreetPause: entry applies).
A client that waits is greeted after the pause with 220; a client that
talks first (an early talker, like much spamware) gets "554 ... not
accepting messages", every command but QUIT refused, and the log line
"rejecting commands from ... due to pre-greeting traffic".  Other
clients are served meanwhile.  Every process started here is stopped by
pid; every wait is bounded.
"""
import os
import socket
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "lib"))
import dworld  # noqa: E402

T = dworld.bsworld.Tap()
w = dworld.World("daemon-greet-pause", sendmail=dworld.SAN_SENDMAIL,
                 cf_lines=["Sgreet_pause", "R$*\t\t$# 1500"])


def lines(sock, n, seconds=10):
    """n reply lines (CRLF stripped), or what came within seconds"""
    sock.settimeout(seconds)
    data = b""
    end = time.time() + seconds
    while data.count(b"\n") < n and time.time() < end:
        try:
            chunk = sock.recv(4096)
        except socket.timeout:
            break
        if not chunk:
            break
        data += chunk
    return [l.rstrip(b"\r").decode("latin-1") for l in data.split(b"\n") if l]


def log():
    return dworld.read(w.log) if os.path.exists(w.log) else ""


try:
    T.check(w.start(), "daemon started", w.stderr())
    if os.path.exists(w.log):
        os.chmod(w.log, 0o666)	# the front end (nobody) logs there too
    # a patient client
    t0 = time.time()
    a = socket.create_connection(("127.0.0.1", w.smtp), timeout=10)
    g = lines(a, 1)
    waited = time.time() - t0
    T.check(g and g[0].startswith("220 "), "a patient client is greeted", g)
    T.check(waited >= 1.3, "after the pause (%.2f s)" % waited)
    # an early talker
    b = socket.create_connection(("127.0.0.1", w.smtp), timeout=10)
    b.sendall(b"EHLO spam.example\r\n")
    g = lines(b, 2)
    T.check(g and g[0].startswith("554 ") and
            g[0].endswith("not accepting messages"),
            "the early talker: 554 ... not accepting messages", g)
    b.sendall(b"MAIL FROM:<spam@example.org>\r\n")
    r = lines(b, 1)
    T.check(r and r[-1].startswith("550 "), "its MAIL is refused", r)
    b.sendall(b"QUIT\r\n")
    r = lines(b, 1)
    T.check(r and r[-1].startswith("221 "), "QUIT still works", r)
    b.close()
    # the patient one is served normally meanwhile
    a.sendall(b"EHLO good.example\r\n")
    r = lines(a, 2)
    T.check(r and r[0].startswith("250"), "the patient client's EHLO: 250", r)
    a.sendall(b"QUIT\r\n")
    a.close()
    T.check(dworld.wait_until(lambda: "due to pre-greeting traffic" in log(),
                              5), "logged: rejecting commands ... "
            "pre-greeting traffic", log()[-400:])
finally:
    rc = w.stop()
T.check(rc == 0, "SIGTERM: exit 0", rc)
T.check(w.sanitizer_clean()[0], "no sanitizer report", w.stderr())
T.exit()
