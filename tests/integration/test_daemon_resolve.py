#!/usr/bin/python3
"""test_daemon_resolve - the client-name lookups never stall the front end
(root, ~10 s).

The daemon's resolver (TERN_RESOLVER) is a small DNS server here that
answers every PTR query at once with NXDOMAIN, except the one for
127.0.0.2, which it never answers.  A client connecting from 127.0.0.2
waits for its greeting (sendmail greets after the lookup) until the
lookup times out (FRONTEND_RESOLVE_TIMEOUT, 5 s), and is then greeted
with its name unknown.  Meanwhile clients from 127.0.0.1 are greeted at
once and send a whole message: the lookup runs in the front end's
resolver threads, not on its event loop.  Every process started here is
stopped by pid; every wait is bounded.
"""
import os
import socket
import struct
import sys
import threading
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "lib"))
import dworld  # noqa: E402

T = dworld.bsworld.Tap()
SLOW = "2.0.0.127.in-addr.arpa"


class SlowDNS(threading.Thread):
    """NXDOMAIN for all, silence for SLOW; counts the queries"""

    def __init__(self):
        super().__init__(daemon=True)
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.stop = False
        self.queries = []

    @staticmethod
    def qname(pkt):
        labels, i = [], 12
        while i < len(pkt) and pkt[i] != 0:
            n = pkt[i]
            labels.append(pkt[i + 1:i + 1 + n].decode("latin-1"))
            i += 1 + n
        return ".".join(labels).lower(), i + 5

    def run(self):
        while not self.stop:
            try:
                pkt, peer = self.sock.recvfrom(2048)
            except socket.timeout:
                continue
            except OSError:
                return
            if len(pkt) < 17:
                continue
            name, end = self.qname(pkt)
            self.queries.append(name)
            if name == SLOW:
                continue
            # the question back, QR, RD as asked, RA, NXDOMAIN
            flags = 0x8000 | (pkt[2] << 8 & 0x0100) | 0x0080 | 3
            reply = pkt[:2] + struct.pack(">HHHHH", flags, 1, 0, 0, 0) + \
                pkt[12:end]
            try:
                self.sock.sendto(reply, peer)
            except OSError:
                pass




dns = SlowDNS()
dns.start()
w = dworld.World("daemon-resolve", sendmail=dworld.SAN_SENDMAIL)
env = w.env
w.env = lambda: dict(env(), TERN_RESOLVER="127.0.0.1:%d" % dns.port)
try:
    T.check(w.start(), "the daemon starts with a resolver that never answers "
         "for 127.0.0.2")
    slow = socket.socket()
    slow.bind(("127.0.0.2", 0))
    t0 = time.time()
    slow.connect(("127.0.0.1", w.smtp))
    time.sleep(0.3)         # its PTR query is out and unanswered
    fast_times = []
    sent = False
    for i in range(3):
        t1 = time.time()
        s = socket.create_connection(("127.0.0.1", w.smtp), timeout=10)
        g = dworld.first_line(s, 4)
        fast_times.append(time.time() - t1)
        if i == 0 and g.startswith("220"):
            import smtplib
            s.close()
            c = smtplib.SMTP("127.0.0.1", w.smtp, timeout=10)
            c.ehlo("fast.example")
            c.sendmail("", ["root@localhost"],
                       "Subject: while another waits\r\n\r\nbody\r\n")
            c.quit()
            sent = True
        else:
            s.close()
    T.check(max(fast_times) < 2.0,
         "clients from 127.0.0.1 are greeted at once while 127.0.0.2's "
         "lookup hangs", "greeting times: %r" % fast_times)
    T.check(sent, "and one sends a whole message meanwhile")
    g = dworld.first_line(slow, 15)
    waited = time.time() - t0
    T.check(g.startswith("220") and 4.0 <= waited < 12,
         "127.0.0.2 is greeted once its lookup gives up (%.1f s)" % waited,
         repr(g))
    slow.sendall(b"EHLO slow.example\r\n")
    ehlo = dworld.first_line(slow, 5)
    T.check("[127.0.0.2]" in ehlo and "250" in ehlo,
         "its name is unknown: EHLO answers with [127.0.0.2]", ehlo)
    slow.close()
    T.check(SLOW in dns.queries, "the front end asked for 127.0.0.2's PTR")
finally:
    w.stop()
    dns.stop = True
    dns.join(5)
    clean, errs = w.sanitizer_clean()
    T.check(clean, "no sanitizer report", errs)
T.exit()
