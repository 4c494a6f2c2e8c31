#!/usr/bin/python3
"""drive.py - play one SMTP session script against a program on stdin/stdout.

usage: drive.py record SCRIPT.in -- COMMAND [ARG...]
       drive.py check  SCRIPT.in EXPECTED.out -- COMMAND [ARG...]

Runs COMMAND (e.g. tests/world/enter.sh WORLD sendmail -bs ...) with pipes
on its stdin and stdout, plays the client side of SCRIPT.in and prints the
transcript (below) on stdout.  stderr of COMMAND goes to our stderr.

Script (.in) format, one client line per line:
  * a line is sent followed by CRLF; an empty line sends just CRLF;
  * lines starting with '#' are comments;
  * escapes: \\r \\n \\t \\0 \\\\ \\xHH, \\c at the end of a line = no CRLF
    after it, \\[N]X = X repeated N times (X a character or an escape);
  * every line is its own write, sent after the server has answered the
    previous write; lines between "@pipe" and "@end" form ONE write
    (pipelining: several commands, or a message body, at once);
  * "@sleep SECONDS" pauses before the next write;
  * at the end of the script the input is closed (EOF).
  The driver first waits for the greeting: sendmail 8.17 rejects commands
  sent before its greeting ("554 5.5.0 SMTP protocol error").

Transcript (.out) format:
  S: <one line of server output>
  C: <the first line of a write>
  C| <a further line of the same write>
  X: exit N            the program's exit status (after its output ended)
  Lines are shown without their CRLF; other bytes use the escapes above
  (a line with no terminator at all ends in \\c; a bare LF shows as \\n).

Waiting: "record" reads after each write until the server has been quiet
for QUIET seconds (default 0.6; env BS_QUIET).  "check" instead waits for
as many server lines as EXPECTED.out holds at that point (10 seconds at
most for the first, then 3 seconds of silence at most), so it is fast
and does not depend on timing.  After the
last write both read until the program closes its output (10 s at most).

Normalization (both modes, so recorded files are stable): see normalize().
"""

import os
import re
import select
import subprocess
import sys
import time

STEP_TIMEOUT = 10.0
PARTIAL_QUIET = 3.0


def unescape_line(text):
    """Script line -> bytes (with CRLF unless it ends in \\c)."""
    out = bytearray()
    i = 0
    crlf = True
    n = len(text)

    def one(i):
        # returns (bytes, next index) for the element at i
        c = text[i]
        if c != '\\' or i + 1 >= n:
            return c.encode('latin-1'), i + 1
        e = text[i + 1]
        if e == 'r':
            return b'\r', i + 2
        if e == 'n':
            return b'\n', i + 2
        if e == 't':
            return b'\t', i + 2
        if e == '0':
            return b'\0', i + 2
        if e == '\\':
            return b'\\', i + 2
        if e == 'x':
            return bytes([int(text[i + 2:i + 4], 16)]), i + 4
        if e == 'c':
            return None, i + 2
        if e == '[':
            j = text.index(']', i)
            count = int(text[i + 2:j])
            b, k = one(j + 1)
            return b * count, k
        raise ValueError('bad escape \\%s in %r' % (e, text))

    while i < n:
        b, i = one(i)
        if b is None:
            crlf = False
            continue
        out += b
    if crlf:
        out += b'\r\n'
    return bytes(out)


def parse_script(path):
    """-> list of steps: ('write', bytes) or ('sleep', seconds)."""
    steps = []
    group = None
    with open(path, encoding='latin-1') as f:
        text = f.read()
        if text.endswith('\n'):
            text = text[:-1]
        for line in text.split('\n') if text else []:
            if line.startswith('#'):
                continue
            if line == '@pipe':
                group = bytearray()
                continue
            if line == '@end':
                steps.append(('write', bytes(group)))
                group = None
                continue
            if line.startswith('@sleep '):
                steps.append(('sleep', float(line.split()[1])))
                continue
            data = unescape_line(line)
            if group is not None:
                group += data
            else:
                steps.append(('write', data))
    if group is not None:
        raise ValueError('%s: @pipe without @end' % path)
    return steps


def escape(b):
    """Bytes of one line -> printable text (runs of 8+ compressed)."""
    out = []
    i = 0
    n = len(b)
    while i < n:
        j = i
        while j < n and b[j] == b[i]:
            j += 1
        run = j - i
        c = b[i]
        if c == 0x5c:
            s = '\\\\'
        elif c == 0x0d:
            s = '\\r'
        elif c == 0x0a:
            s = '\\n'
        elif c == 0x09:
            s = '\\t'
        elif c == 0:
            s = '\\0'
        elif 0x20 <= c < 0x7f:
            s = chr(c)
        else:
            s = '\\x%02x' % c
        if run >= 8:
            out.append('\\[%d]%s' % (run, s))
        else:
            out.append(s * run)
        i = j
    return ''.join(out)


def split_lines(data):
    """Bytes -> list of rendered lines (CRLF dropped, else visible)."""
    lines = []
    start = 0
    while start < len(data):
        k = data.find(b'\n', start)
        if k < 0:
            lines.append(escape(data[start:]) + '\\c')
            break
        seg = data[start:k + 1]
        if seg.endswith(b'\r\n'):
            lines.append(escape(seg[:-2]))
        else:
            lines.append(escape(seg))
        start = k + 1
    return lines


DAYS = '(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)'
MONS = '(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)'
DATE_RE = re.compile(DAYS + r', [ 0-9]?[0-9] ' + MONS +
                     r' [0-9]{4} [0-9]{2}:[0-9]{2}:[0-9]{2}(?: [-+A-Za-z0-9]+)?')
QID_RE = re.compile(r'^(250[ -]2\.0\.0 )\S+( Message accepted for delivery)')


def normalize(line):
    """The documented filter: only what varies from run to run.

    * an RFC 5322 date-time ("Tue, 24 Nov 2026 06:51:14 GMT") -> DATE
    * the queue ID in "250 2.0.0 QID Message accepted for delivery" -> QID
    * $BS_SELF_VERSION (the clone's own version string) -> 8.17.1.9
    """
    line = DATE_RE.sub('DATE', line)
    line = QID_RE.sub(r'\1QID\2', line)
    self_version = os.environ.get('BS_SELF_VERSION', '')
    if self_version:
        line = line.replace(self_version, '8.17.1.9')
    return line


class Server:
    def __init__(self, argv):
        self.p = subprocess.Popen(argv, stdin=subprocess.PIPE,
                                  stdout=subprocess.PIPE, bufsize=0)
        self.buf = b''
        self.eof = False
        self.fd = self.p.stdout.fileno()

    def read_some(self, timeout):
        """Read what is there within timeout; False on timeout/EOF."""
        if self.eof:
            return False
        r, _, _ = select.select([self.fd], [], [], max(timeout, 0))
        if not r:
            return False
        chunk = os.read(self.fd, 65536)
        if not chunk:
            self.eof = True
            return False
        self.buf += chunk
        return True

    def take_lines(self, final=False):
        """Complete lines read so far (all of buf when final)."""
        k = self.buf.rfind(b'\n')
        if final:
            data, self.buf = self.buf, b''
        elif k < 0:
            return []
        else:
            data, self.buf = self.buf[:k + 1], self.buf[k + 1:]
        return split_lines(data)

    def wait_quiet(self, quiet):
        deadline = time.time() + STEP_TIMEOUT
        while time.time() < deadline:
            if not self.read_some(quiet):
                break
        return self.take_lines()

    def wait_lines(self, count):
        """Up to count lines: STEP_TIMEOUT for the first, then give up
        after PARTIAL_QUIET seconds of silence (a server that answers
        fewer lines than expected fails fast)."""
        got = []
        deadline = time.time() + STEP_TIMEOUT
        got += self.take_lines()
        while len(got) < count and time.time() < deadline:
            wait = deadline - time.time()
            if got or self.buf:
                wait = min(wait, PARTIAL_QUIET)
            if not self.read_some(wait):
                if self.eof or got or self.buf:
                    break
                continue
            got += self.take_lines()
        return got

    def write(self, data):
        try:
            self.p.stdin.write(data)
            self.p.stdin.flush()
        except (BrokenPipeError, ConnectionResetError):
            pass

    def finish(self):
        try:
            self.p.stdin.close()
        except (BrokenPipeError, ConnectionResetError):
            pass
        deadline = time.time() + STEP_TIMEOUT
        while not self.eof and time.time() < deadline:
            self.read_some(deadline - time.time())
        lines = self.take_lines(final=True)
        try:
            self.p.wait(timeout=max(deadline - time.time(), 1))
        except subprocess.TimeoutExpired:
            self.p.kill()
            self.p.wait()
            lines.append('*** killed: no EOF within %d s' % STEP_TIMEOUT)
        return lines


def expected_counts(path):
    """S-line counts after the greeting and after each write."""
    counts = [0]
    with open(path, encoding='latin-1') as f:
        for line in f.read().split('\n'):
            if line.startswith('C: '):
                counts.append(0)
            elif line.startswith('S: '):
                counts[-1] += 1
    return counts


def main(argv):
    if len(argv) < 4:
        sys.exit(__doc__)
    mode = argv[1]
    script = argv[2]
    if mode == 'record':
        rest = argv[3:]
        counts = None
    elif mode == 'check':
        counts = expected_counts(argv[3])
        rest = argv[4:]
    else:
        sys.exit(__doc__)
    if not rest or rest[0] != '--':
        sys.exit(__doc__)
    cmd = rest[1:]
    steps = parse_script(script)
    quiet = float(os.environ.get('BS_QUIET', '0.6'))
    out = []
    srv = Server(cmd)

    def collect(i):
        if counts is None:
            return srv.wait_quiet(quiet)
        want = counts[i] if i < len(counts) else 0
        return srv.wait_lines(want) if want else srv.take_lines()

    nwrite = 0
    out += ['S: ' + normalize(x) for x in collect(0)]
    writes = [s for s in steps if s[0] == 'write']
    for kind, arg in steps:
        if kind == 'sleep':
            time.sleep(arg)
            continue
        nwrite += 1
        lines = split_lines(arg)
        out.append('C: ' + (lines[0] if lines else ''))
        out += ['C| ' + x for x in lines[1:]]
        srv.write(arg)
        if nwrite < len(writes):
            out += ['S: ' + normalize(x) for x in collect(nwrite)]
    out += ['S: ' + normalize(x) for x in srv.finish()]
    out.append('X: exit %d' % srv.p.returncode)
    sys.stdout.write('\n'.join(out) + '\n')
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
