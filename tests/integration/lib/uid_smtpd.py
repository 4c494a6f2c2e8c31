#!/usr/bin/python3
"""uid_smtpd.py - a one-connection SMTP server that records the uid owning
the client's socket (from /proc/net/tcp), to prove who talked to it, and
with AUTHFILE offers AUTH PLAIN LOGIN and records the client's AUTH line.

usage: uid_smtpd.py ADDR PORT OUTFILE [AUTHFILE]   (one session, <= 60 s)
"""
import socket, sys

addr, port, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
authfile = sys.argv[4] if len(sys.argv) > 4 else None
s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind((addr, port))
s.listen(1)
s.settimeout(60)
c, peer = s.accept()
c.settimeout(30)
uid = "?"
want = "%08X:%04X" % (int.from_bytes(socket.inet_aton(peer[0]), "little"), peer[1])
for line in open("/proc/net/tcp"):
    f = line.split()
    if len(f) > 7 and f[1] == want:
        uid = f[7]
open(out, "w").write(uid + "\n")
f = c.makefile("rwb")
def say(t):
    f.write(t.encode() + b"\r\n"); f.flush()
say("220 uid ESMTP")
data = False
while True:
    l = f.readline()
    if not l:
        break
    l = l.rstrip(b"\r\n")
    if data:
        if l == b".":
            data = False
            say("250 2.0.0 ok")
        continue
    u = l.upper()
    if u.startswith(b"EHLO") and authfile:
        say("250-uid")
        say("250 AUTH PLAIN LOGIN")
    elif u.startswith(b"EHLO") or u.startswith(b"HELO"):
        say("250 uid")
    elif u.startswith(b"AUTH") and authfile:
        open(authfile, "ab").write(l + b"\n")
        say("235 2.7.0 Authentication successful")
    elif u.startswith(b"DATA"):
        data = True
        say("354 go")
    elif u.startswith(b"QUIT"):
        say("221 bye")
        break
    else:
        say("250 ok")
