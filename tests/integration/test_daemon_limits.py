#!/usr/bin/python3
"""test_daemon_limits - per-daemon children= and DelayLA in sendmail -bD
(root, ~8 s).

DaemonPortOptions Name=MTA gets children=2: two sessions are served, a
third connection is refused with "421 4.3.2 Too many sessions" while the
MSA port (its own count) still greets; when one of the two ends, a new
one is served.  DelayLA=5 (the load average comes from TERN_TEST_LOADAVG,
util/loadavg.h): at load 9, four clients connecting at once are greeted
about one a second, while a session already open is served at once; at
load 0 they are greeted together.  Every process started here is stopped
by pid; every wait is bounded.
"""
import os
import re
import socket
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "lib"))
import dworld  # noqa: E402

T = dworld.bsworld.Tap()
w = dworld.World("daemon-limits", sendmail=dworld.SAN_SENDMAIL,
                 cf_lines=["O DelayLA=5"])
# children=2 on the MTA port only
with open(w.cf, "rb") as f:
    text = f.read()
text = re.sub(rb"(O DaemonPortOptions=[^\n]*Name=MTA[^\n]*)",
              rb"\1, children=2", text, count=1)
with open(w.cf, "wb") as f:
    f.write(text)
la = os.path.join(w.prefix, "loadavg")


def set_la(v):
    with open(la + ".tmp", "w") as f:
        f.write("%d\n" % v)
    os.rename(la + ".tmp", la)




def greet_times(port, n):
    """connect n at once; the seconds each waited for its greeting"""
    socks = [socket.create_connection(("127.0.0.1", port), timeout=10)
             for _ in range(n)]
    t0 = time.time()
    times = []
    for s in socks:
        g = dworld.first_line(s, 10)
        times.append(time.time() - t0 if g.startswith("220") else 99)
        s.close()
    return times


set_la(0)
os.environ["TERN_TEST_LOADAVG"] = la
try:
    T.check(w.start(), "daemon started", w.stderr())
    # the front end serves (start() saw the port bound): a probe first
    p = socket.create_connection(("127.0.0.1", w.smtp), timeout=10)
    dworld.first_line(p)
    p.close()
    time.sleep(0.3)
    a = socket.create_connection(("127.0.0.1", w.smtp), timeout=10)
    b = socket.create_connection(("127.0.0.1", w.smtp), timeout=10)
    ga, gb = dworld.first_line(a), dworld.first_line(b)
    T.check(ga.startswith("220") and gb.startswith("220"),
            "children=2: two sessions greeted", repr((ga, gb)))
    c = socket.create_connection(("127.0.0.1", w.smtp), timeout=10)
    g = dworld.first_line(c)
    T.check(g.startswith("421 4.3.2 Too many sessions"),
            "a third gets 421 4.3.2 Too many sessions", g)
    c.close()
    m = socket.create_connection(("127.0.0.1", w.msa), timeout=10)
    g = dworld.first_line(m)
    T.check(g.startswith("220"), "the MSA port keeps its own count", g)
    m.close()
    a.sendall(b"QUIT\r\n")
    dworld.first_line(a)
    a.close()
    ok = dworld.wait_until(lambda: (lambda s: (dworld.first_line(s, 2), s.close())[0])(
        socket.create_connection(("127.0.0.1", w.smtp), timeout=10))
        .startswith("220"), 5, 0.2)
    T.check(ok, "after one ends, a new session is served")
    b.close()
    time.sleep(0.3)

    # DelayLA
    open_s = socket.create_connection(("127.0.0.1", w.msa), timeout=10)
    T.check(dworld.first_line(open_s).startswith("220"), "a session opened at load 0")
    set_la(9)
    times = greet_times(w.msa, 4)
    T.check(max(times) >= 2.0 and max(times) < 8,
            "load 9 >= DelayLA 5: four clients greeted about one a second",
            "greeting times: %r" % times)
    t1 = time.time()
    open_s.sendall(b"NOOP\r\n")
    r = dworld.first_line(open_s)
    T.check(r.startswith("250") and time.time() - t1 < 1.0,
            "meanwhile the open session is served at once", r)
    open_s.close()
    set_la(0)
    time.sleep(1.1)
    times = greet_times(w.msa, 2)
    T.check(max(times) < 1.0, "load 0: greeted together",
            "greeting times: %r" % times)
finally:
    rc = w.stop()
T.check(rc == 0, "SIGTERM: exit 0", rc)
T.check(w.sanitizer_clean()[0], "no sanitizer report", w.stderr())
T.exit()
