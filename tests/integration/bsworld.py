"""bsworld - a private configuration and queue for `sendmail -bs` tests.

Not a test itself (run.sh runs only test_*).  A World is a prefix under
build/itest/NAME holding a sendmail.cf made by m4 from cf/sendmail.mc
(every path in it under the prefix), etc/mail and an empty queue
directory.  Sessions run the ASan/UBSan build as

    sendmail -C PREFIX/sendmail.cf -odq -bs

with DeliveryMode=q, so every accepted message stays in the queue where
the tests read its qf and df.  The client talks to it over a
socketpair: one end is the program's stdin and stdout, the other the
test's (smtplib wants a socket, not a pipe).

Every process started here is waited for with a time limit and killed
if it overstays; every loop is bounded.
"""
import os
import shutil
import socket
import subprocess
import sys
import time

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
BUILD = os.environ.get("TERN_BUILD", os.path.join(REPO, "build"))
SAN_SENDMAIL = os.path.join(BUILD, "san", "bin", "sendmail")
M4LIB = "/usr/share/sendmail/cf/m4/cf.m4"

# sanitizer reports must fail the test: they go to stderr, which is kept
SAN_ENV = {"ASAN_OPTIONS": "detect_leaks=0:abort_on_error=0",
           "UBSAN_OPTIONS": "print_stacktrace=1"}


class Tap:
    """TAP-like output: "ok - what" / "not ok - what", with a count."""

    def __init__(self):
        self.failed = 0
        self.passed = 0

    def check(self, cond, what, detail=None):
        if cond:
            self.passed += 1
            print("ok - " + what, flush=True)
        else:
            self.failed += 1
            print("not ok - " + what, flush=True)
            if detail is not None:
                for line in str(detail).splitlines()[:20]:
                    print("#   " + line[:300], flush=True)
        return bool(cond)

    def exit(self):
        sys.exit(1 if self.failed else 0)


class World:
    """A prefix with a .cf and a queue directory."""

    def __init__(self, name, cf_lines=(), sendmail=SAN_SENDMAIL):
        self.prefix = os.path.join(BUILD, "itest", name)
        self.sendmail = sendmail
        if os.path.isdir(self.prefix):
            shutil.rmtree(self.prefix)
        self.queue = os.path.join(self.prefix, "var", "spool", "mqueue")
        os.makedirs(os.path.join(self.prefix, "etc", "mail"), mode=0o755)
        os.makedirs(os.path.join(self.queue, ".hoststat"), mode=0o755)
        os.makedirs(os.path.join(self.prefix, "run"), mode=0o755)
        for d in ("", "var", "var/spool", "etc", "etc/mail"):
            os.chmod(os.path.join(self.prefix, d), 0o755)
        os.chmod(self.queue, 0o700)
        # host names from files only: no DNS, so sender domains resolve
        # the same everywhere
        etc = os.path.join(self.prefix, "etc")
        for name, text in (
                ("mail/local-host-names", "localhost\nmx.example.com\n"),
                ("mail/service.switch", "hosts files\naliases files\n"),
                ("mail/aliases", "postmaster: root\n"),
                ("hosts", "127.0.0.1\tlocalhost\n"
                 "192.0.2.10\texample.org\n"
                 "192.0.2.11\texample.net\n"
                 "192.0.2.12\tbl\xc3\xbcte.example.org\n")):
            with open(os.path.join(etc, name), "w") as f:
                f.write(text)
        self.cf = os.path.join(self.prefix, "sendmail.cf")
        text = subprocess.run(
            ["m4", "-D", "TERN_PREFIX=" + self.prefix,
             "-D", "TERN_CF=" + os.path.join(REPO, "cf"),
             "-D", "TERN_DEFAULT_USER=nobody:nogroup",
             M4LIB, os.path.join(REPO, "cf", "sendmail.mc")],
            check=True, stdout=subprocess.PIPE, timeout=60).stdout
        with open(self.cf, "wb") as f:
            f.write(text)
            # options and macros for this test (the last setting wins)
            for line in cf_lines:
                f.write(line.encode() + b"\n")

    def argv(self, *extra):
        return [self.sendmail, "-C", self.cf, "-odq", "-bs"] + list(extra)

    def start(self, *extra):
        """Start a session; returns a Session (socket + process)."""
        return Session(self.argv(*extra))

    def files(self):
        """Every file in the queue directory (dot entries left out)."""
        return sorted(n for n in os.listdir(self.queue)
                      if not n.startswith("."))

    def empty(self):
        for n in self.files():
            os.unlink(os.path.join(self.queue, n))

    def qids(self):
        return sorted(n[2:] for n in self.files() if n.startswith("qf"))

    def qf(self, qid):
        return parse_qf(os.path.join(self.queue, "qf" + qid))

    def df(self, qid):
        with open(os.path.join(self.queue, "df" + qid), "rb") as f:
            return f.read()


class Session:
    """sendmail -bs with stdin/stdout on one end of a socketpair."""

    def __init__(self, argv, timeout=60):
        self.sock, child = socket.socketpair()
        env = dict(os.environ)
        env.update(SAN_ENV)
        try:
            self.proc = subprocess.Popen(argv, stdin=child, stdout=child,
                                         stderr=subprocess.PIPE, env=env,
                                         close_fds=True)
        finally:
            child.close()
        self.sock.settimeout(timeout)
        self.buf = b""
        self.stderr = b""
        self.rc = None

    def send(self, data):
        """Send; False if the program has gone (it may end a session)."""
        try:
            self.sock.sendall(data)
        except (BrokenPipeError, ConnectionResetError):
            return False
        return True

    def reply(self):
        """One whole (possibly multi-line) reply: (code, [lines])."""
        lines = []
        for _ in range(10000):
            while b"\n" not in self.buf:
                try:
                    chunk = self.sock.recv(65536)
                except ConnectionResetError:
                    chunk = b""
                if not chunk:
                    return (0 if not lines else int(lines[-1][:3]), lines)
                self.buf += chunk
            line, self.buf = self.buf.split(b"\n", 1)
            line = line.rstrip(b"\r").decode("latin-1")
            lines.append(line)
            if len(line) < 4 or line[3] != "-":
                break
        code = int(lines[-1][:3]) if lines[-1][:3].isdigit() else -1
        return code, lines

    def cmd(self, line):
        if isinstance(line, str):
            line = line.encode("latin-1")
        self.send(line + b"\r\n")
        return self.reply()

    def rest(self):
        """Everything the program still writes, until it closes."""
        out = self.buf
        self.buf = b""
        for _ in range(100000):
            try:
                chunk = self.sock.recv(65536)
            except (ConnectionResetError, socket.timeout):
                break
            if not chunk:
                break
            out += chunk
        return out.decode("latin-1")

    def close(self, timeout=60):
        """Close our end, wait for the program; kill it if it hangs."""
        try:
            self.sock.close()
        except OSError:
            pass
        try:
            _, err = self.proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            _, err = self.proc.communicate(timeout=10)
        self.stderr = err or b""
        self.rc = self.proc.returncode
        return self.rc

    def sane(self):
        """No sanitizer report, no death by signal."""
        e = self.stderr.decode("latin-1")
        return (self.rc is not None and self.rc >= 0 and
                "Sanitizer" not in e and "runtime error" not in e)


def shared_log(path):
    """the TERN_LOG_FILE copy made before a daemon starts, writable by
    every role: the front end runs unprivileged and would be refused a
    root-owned 0600 file, and its lines are wanted in the test log too"""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT, 0o600)
    os.fchmod(fd, 0o666)
    os.close(fd)


def parse_qf(path):
    """A version 8 qf as {'lines': [...], letter: [rest, ...]}.

    Header lines (H) keep their continuation lines joined with LF."""
    with open(path, "rb") as f:
        raw = f.read()
    lines = []
    for line in raw.split(b"\n"):
        if line[:1] in (b" ", b"\t") and lines:
            lines[-1] += b"\n" + line
        else:
            lines.append(line)
    qf = {"lines": lines, "raw": raw}
    for line in lines:
        if line:
            qf.setdefault(chr(line[0]), []).append(
                line[1:].decode("latin-1"))
    return qf


def dequote_internal(b):
    """Undo sendmail's qf quoting of bytes 0200-0237 and 0377 (each
    preceded by 0377)."""
    out = bytearray()
    i = 0
    while i < len(b):
        if b[i] == 0xff and i + 1 < len(b) and \
                (b[i + 1] == 0xff or 0x80 <= b[i + 1] <= 0x9f):
            i += 1
        out.append(b[i])
        i += 1
    return bytes(out)


def wait_gone(proc, seconds):
    """Wait for a process at most seconds; kill it if still there."""
    deadline = time.time() + seconds
    while time.time() < deadline and proc.poll() is None:
        time.sleep(0.05)
    if proc.poll() is None:
        proc.kill()
        proc.wait(timeout=10)
    return proc.returncode
