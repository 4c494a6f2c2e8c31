#!/usr/bin/python3
"""bs-drive.py - one `sendmail -bs` session over pipes, N messages of SIZE
bytes, timed.

usage: bs-drive.py N SIZE SENDMAIL [ARGS...]

The client pipelines each transaction as RFC 2920 allows (MAIL, RCPT and
DATA in one write, then the message and the dot) and waits for every
reply before the next transaction, so each 250 (said only after the
commit) is on the clock.  The clock runs from the first MAIL to the last
250; start-up and QUIT are left out.  Prints "N SECONDS"; exits 1 if any
message was not answered 250.
"""
import os
import subprocess
import sys
import time


def reply(f):
    """One reply (multi-line ones whole): its code."""
    for _ in range(1000):
        line = f.readline()
        if not line:
            raise SystemExit("bs-drive: connection closed")
        if len(line) < 4 or line[3:4] != b"-":
            return int(line[:3])
    raise SystemExit("bs-drive: endless reply")


def message(size, i):
    head = (b"From: alice@mx.example.com\r\nTo: bob@mx.example.com\r\n"
            b"Subject: bench %d\r\n\r\n" % i)
    line = b"x" * 76 + b"\r\n"
    body = line * ((size - len(head)) // len(line) + 1)
    return head + body[:max(0, size - len(head) - 2)] + b"\r\n"


def main():
    n, size = int(sys.argv[1]), int(sys.argv[2])
    p = subprocess.Popen(sys.argv[3:], stdin=subprocess.PIPE,
                         stdout=subprocess.PIPE, bufsize=0)
    w, r = p.stdin, p.stdout
    if reply(r) != 220:
        raise SystemExit("bs-drive: no greeting")
    w.write(b"EHLO client.example\r\n")
    if reply(r) != 250:
        raise SystemExit("bs-drive: EHLO refused")
    msgs = [message(size, i) for i in range(min(n, 16))]
    bad = 0
    t0 = time.monotonic()
    for i in range(n):
        w.write(b"MAIL FROM:<alice@mx.example.com>\r\n"
                b"RCPT TO:<bob@mx.example.com>\r\nDATA\r\n")
        codes = [reply(r), reply(r), reply(r)]
        if codes != [250, 250, 354]:
            raise SystemExit("bs-drive: transaction refused: %r" % codes)
        w.write(msgs[i % len(msgs)] + b".\r\n")
        if reply(r) != 250:
            bad += 1
    t1 = time.monotonic()
    w.write(b"QUIT\r\n")
    reply(r)
    w.close()
    try:
        p.wait(timeout=60)
    except subprocess.TimeoutExpired:
        p.kill()
        p.wait()
    print("%d %.6f" % (n - bad, t1 - t0))
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    os.environ.setdefault("LC_ALL", "C")
    main()
