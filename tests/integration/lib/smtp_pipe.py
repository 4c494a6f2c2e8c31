#!/usr/bin/python3
"""smtp_pipe.py - play an SMTP session file against a command speaking SMTP
on stdin/stdout (sendmail -bs), waiting for each reply as a real client does.

usage: smtp_pipe.py SESSION_FILE -- command args...
The session file holds client lines (LF ends; sent with CRLF).  After the
"DATA" command's 354, lines are message text up to a lone ".".  Every
reply line is printed to stdout.  Exits with the command's exit code.
Bounded: each reply must come within 60 seconds.
"""
import subprocess, sys, select, time

def main():
    sep = sys.argv.index("--")
    session = open(sys.argv[1], "rb").read().split(b"\n")
    cmd = sys.argv[sep + 1:]
    p = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    buf = b""

    def reply():
        nonlocal buf
        lines = []
        deadline = time.time() + 60
        while True:
            while b"\n" in buf:
                line, buf = buf.split(b"\n", 1)
                line = line.rstrip(b"\r")
                lines.append(line)
                sys.stdout.buffer.write(line + b"\n")
                if len(line) < 4 or line[3:4] != b"-":
                    return lines
            left = deadline - time.time()
            if left <= 0:
                raise SystemExit("smtp_pipe: no reply within 60 s")
            r, _, _ = select.select([p.stdout], [], [], left)
            if r:
                chunk = p.stdout.read1(65536)
                if not chunk:
                    return lines
                buf += chunk

    reply()  # greeting
    i = 0
    while i < len(session):
        line = session[i]
        i += 1
        if line == b"" and i == len(session):
            break
        p.stdin.write(line + b"\r\n")
        p.stdin.flush()
        lines = reply()
        if line.upper() == b"DATA" and lines and lines[-1].startswith(b"354"):
            while i < len(session):
                t = session[i]
                i += 1
                p.stdin.write(t + b"\r\n")
                if t == b".":
                    break
            p.stdin.flush()
            reply()
        if line.upper() == b"QUIT":
            break
    p.stdin.close()
    rest = p.stdout.read()
    sys.stdout.buffer.write(rest)
    sys.exit(p.wait(timeout=60))

main()
