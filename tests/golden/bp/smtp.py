#!/usr/bin/python3
"""smtp.py - play an SMTP session against `sendmail -bs` (inside the world).

usage: smtp.py SESSION -- COMMAND [ARG...]

SESSION holds one client line per line (sent with CRLF); escapes \\r, \\n,
\\t, \\xHH; after a line "DATA" the lines up to "." go out as one write.
Waits for the greeting and for each reply (sendmail 8.17 refuses commands
sent early).  Prints the server's lines; exits with COMMAND's status.
"""

import re
import subprocess
import sys


def unescape(s):
    def one(m):
        e = m.group(1)
        if e[:1] == b'x':
            return bytes([int(e[1:], 16)])
        return {b'r': b'\r', b'n': b'\n', b't': b'\t', b'\\': b'\\'}[e]
    return re.sub(rb'\\(r|n|t|x[0-9a-fA-F]{2}|\\)', one, s)


def reply(p):
    """read one whole reply (lines until 'NNN ' form); returns its lines"""
    lines = []
    while True:
        l = p.stdout.readline()
        if not l:
            return lines
        lines.append(l)
        if len(l) < 4 or l[3:4] != b'-':
            return lines


def main():
    sess = sys.argv[1]
    cmd = sys.argv[sys.argv.index('--') + 1:]
    with open(sess, 'rb') as f:
        lines = [unescape(l) for l in f.read().split(b'\n')]
    if lines and lines[-1] == b'':
        lines.pop()
    p = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    out = sys.stdout.buffer
    for l in reply(p):
        out.write(l)
    i = 0
    while i < len(lines):
        l = lines[i]
        p.stdin.write(l + b'\r\n')
        p.stdin.flush()
        for r in reply(p):
            out.write(r)
        i += 1
        if l.upper() == b'DATA':
            block = b''
            while i < len(lines):
                block += lines[i] + b'\r\n'
                i += 1
                if lines[i - 1] == b'.':
                    break
            p.stdin.write(block)
            p.stdin.flush()
            for r in reply(p):
                out.write(r)
    p.stdin.close()
    out.write(p.stdout.read())
    return p.wait()


if __name__ == '__main__':
    sys.exit(main())
