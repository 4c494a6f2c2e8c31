#!/usr/bin/python3
"""count_smtpd.py - an SMTP server that logs every connection (with the
uid owning the client's socket, from /proc/net/tcp) and every command,
to count how many connections carried how many transactions.

usage: count_smtpd.py ADDR PORT LOGFILE [rset421]   (serves <= 120 s)

LOGFILE gets "CONNECT n uid", then "n VERB" per command, "n DONE" per
accepted message, "n CLOSE".  With rset421 every RSET is answered 421
and the connection closed, as a server that lost interest would.
"""
import os, signal, socket, sys, threading, time

addr, port, log = sys.argv[1], int(sys.argv[2]), sys.argv[3]
rset421 = len(sys.argv) > 4 and sys.argv[4] == "rset421"
lock = threading.Lock()
count = [0]

def note(t):
    with lock:
        with open(log, "a") as f:
            f.write(t + "\n")

def uid_of(peer):
    want = "%08X:%04X" % (int.from_bytes(socket.inet_aton(peer[0]), "little"), peer[1])
    for line in open("/proc/net/tcp"):
        f = line.split()
        if len(f) > 7 and f[1] == want:
            return f[7]
    return "?"

def serve(c, peer, n):
    note("CONNECT %d %s" % (n, uid_of(peer)))
    c.settimeout(60)
    f = c.makefile("rwb")
    def say(t):
        f.write(t.encode() + b"\r\n"); f.flush()
    try:
        say("220 count ESMTP")
        data = False
        while True:
            l = f.readline()
            if not l:
                break
            l = l.rstrip(b"\r\n")
            if data:
                if l == b".":
                    data = False
                    note("%d DONE" % n)
                    say("250 2.0.0 ok %d" % n)
                continue
            verb = l.split(b" ")[0].upper().decode(errors="replace")
            note("%d %s" % (n, verb))
            if verb == "EHLO":
                say("250-count"); say("250-PIPELINING"); say("250 8BITMIME")
            elif verb == "HELO":
                say("250 count")
            elif verb == "DATA":
                data = True
                say("354 go")
            elif verb == "RSET" and rset421:
                say("421 4.3.2 not any more")
                break
            elif verb == "QUIT":
                say("221 2.0.0 bye")
                break
            else:
                say("250 2.0.0 ok")
    except OSError:
        pass
    note("%d CLOSE" % n)
    c.close()

signal.signal(signal.SIGTERM, lambda *a: os._exit(0))
s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind((addr, port))
s.listen(16)
s.settimeout(1)
end = time.time() + 120
while time.time() < end:
    try:
        c, peer = s.accept()
    except socket.timeout:
        continue
    count[0] += 1
    threading.Thread(target=serve, args=(c, peer, count[0]), daemon=True).start()
