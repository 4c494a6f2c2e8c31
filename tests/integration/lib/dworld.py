"""dworld - a private world for the mail server under load (not a test).

A bsworld.World (build/itest/NAME) whose .cf m4 makes with free high
ports on 127.0.0.1, DeliveryMode=q (nothing is delivered: every accepted
message stays in the queue, where the load and crash tests count it) and
no MaxDaemonChildren cap unless asked.  The daemon runs as

    sendmail -C PREFIX/sendmail.cf -L sm-mta -bD

(no -q: no queue runner, so nothing leaves the queue), from the -O2
build for load or the sanitizer build for a smaller run.  RLIMIT_NOFILE
is raised (root may) in this process, so the daemon and the clients
inherit room for thousands of sockets.

Also here: smtp-source from Postfix (scripts/peers.sh postfix), a
non-blocking many-sessions client (hold_sessions), a client that logs
every accepted message's queue ID (Sender), and checks of a queue's qf
files with the real structure (queue/qf.h).  Every process started here
is stopped by pid; every wait is bounded.
"""
import os
import re
import resource
import selectors
import signal
import socket
import subprocess
import sys
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
import bsworld  # noqa: E402

REPO = bsworld.REPO
BUILD = bsworld.BUILD
O2_SENDMAIL = os.path.join(BUILD, "bin", "sendmail")
SAN_SENDMAIL = bsworld.SAN_SENDMAIL
PEERS = os.path.join(BUILD, "peers", "root")
SMTP_SOURCE = os.path.join(PEERS, "usr", "sbin", "smtp-source")
ACCEPTED = re.compile(r"^250 2\.0\.0 (\S+) Message accepted for delivery")


def raise_nofile(n=20000):
    """Room for n descriptors here and in everything started from here."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft >= n:
        return soft
    try:
        resource.setrlimit(resource.RLIMIT_NOFILE, (n, max(n, hard)))
    except (ValueError, OSError):
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    return resource.getrlimit(resource.RLIMIT_NOFILE)[0]


def free_port(avoid=()):
    for _ in range(100):
        s = socket.socket()
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
        s.close()
        if port not in avoid:
            return port
    raise RuntimeError("no free port")


def read(path):
    try:
        with open(path, errors="replace") as f:
            return f.read()
    except OSError:
        return ""


def wait_until(cond, seconds, step=0.05):
    end = time.time() + seconds
    while time.time() < end:
        if cond():
            return True
        time.sleep(step)
    return cond()


def listening(port):
    try:
        socket.create_connection(("127.0.0.1", port), timeout=2).close()
        return True
    except OSError:
        return False


def first_line(sock, seconds=10):
    """what a server said up to its first newline (or within seconds)"""
    sock.settimeout(seconds)
    data = b""
    try:
        while b"\n" not in data:
            chunk = sock.recv(512)
            if not chunk:
                break
            data += chunk
    except socket.timeout:
        pass
    return data.decode("latin-1")


def alive(pid):
    st = read("/proc/%d/stat" % pid)
    return bool(st) and st.rsplit(")", 1)[1].split()[0] != "Z"


def children_of(pid):
    kids = []
    for p in os.listdir("/proc"):
        if p.isdigit():
            st = read("/proc/%s/stat" % p)
            if st and int(st.rsplit(")", 1)[1].split()[1]) == pid:
                kids.append(int(p))
    return kids


def uids(pid):
    for line in read("/proc/%d/status" % pid).splitlines():
        if line.startswith("Uid:"):
            return [int(x) for x in line.split()[1:]]
    return []


def cpu_ticks(pid):
    """utime + stime of pid, in clock ticks (0 if gone)"""
    st = read("/proc/%d/stat" % pid)
    if not st:
        return 0
    f = st.rsplit(")", 1)[1].split()
    return int(f[11]) + int(f[12])


def rss_kib(pid):
    for line in read("/proc/%d/status" % pid).splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def kill(pid, sig=signal.SIGTERM):
    try:
        os.kill(pid, sig)
        return True
    except ProcessLookupError:
        return False


def smtp_source_ready():
    """smtp-source extracted by scripts/peers.sh (downloads once)"""
    if not os.path.exists(SMTP_SOURCE):
        subprocess.run([os.path.join(REPO, "scripts", "peers.sh"),
                        "postfix"], stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL, timeout=300)
    return os.path.exists(SMTP_SOURCE)


def smtp_source(port, sessions, msgs, size, timeout=120, extra=()):
    """smtp-source -s sessions -m msgs -l size to 127.0.0.1:port.  It
    stops at the first reply that is not the expected one (no -A), so
    exit 0 means every message got its 250.  Returns (rc, seconds,
    output)."""
    env = dict(os.environ)
    env["LD_LIBRARY_PATH"] = os.path.join(PEERS, "usr", "lib", "postfix")
    argv = [SMTP_SOURCE, "-4", "-d", "-s", str(sessions), "-m", str(msgs),
            "-l", str(size), "-M", "client.example.org",
            "-f", "alice@example.org", "-t", "root@localhost"] + \
        list(extra) + ["127.0.0.1:%d" % port]
    t0 = time.time()
    try:
        r = subprocess.run(argv, stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT, env=env,
                           timeout=timeout)
        rc, out = r.returncode, r.stdout
    except subprocess.TimeoutExpired as e:
        rc, out = -1, e.stdout or b""
    return rc, time.time() - t0, out.decode(errors="replace")


class World:
    """A queue and a .cf for the daemon; start() and stop() it."""

    def __init__(self, name, sendmail=O2_SENDMAIL, cf_lines=(),
                 listen=None):
        self.w = bsworld.World(name, sendmail=sendmail)
        self.prefix, self.queue = self.w.prefix, self.w.queue
        self.sendmail = sendmail
        self.smtp = free_port()
        self.msa = free_port((self.smtp,))
        text = subprocess.run(
            ["m4", "-D", "TERN_PREFIX=" + self.prefix,
             "-D", "TERN_CF=" + os.path.join(REPO, "cf"),
             "-D", "TERN_DEFAULT_USER=nobody:nogroup",
             "-D", "TERN_SMTP_PORT=%d" % self.smtp,
             "-D", "TERN_MSA_PORT=%d" % self.msa,
             bsworld.M4LIB, os.path.join(REPO, "cf", "sendmail.mc")],
            check=True, stdout=subprocess.PIPE, timeout=60).stdout
        if listen is not None:
            # the listen backlog (sendmail's default is 10), as an
            # administrator expecting bursts would set it
            text = re.sub(rb"(O DaemonPortOptions=[^\n]*)",
                          rb"\1, Listen=%d" % listen, text)
        self.cf = self.w.cf
        with open(self.cf, "wb") as f:
            f.write(text)
            f.write(b"O DeliveryMode=q\n")
            for line in cf_lines:
                f.write(line.encode() + b"\n")
        os.chmod(self.cf, 0o644)
        self.pidfile = os.path.join(self.prefix, "run", "sendmail.pid")
        self.log = os.path.join(self.prefix, "maillog")
        self.proc = None
        self.errs = []		# stderr of every daemon run
        self.errfile = None

    def env(self):
        e = dict(os.environ)
        e.update(bsworld.SAN_ENV)
        e["TERN_LOG_FILE"] = self.log
        return e

    def start(self, wait=30):
        """sendmail -bD; True once the SMTP port answers"""
        raise_nofile()
        bsworld.shared_log(self.log)
        n = len(self.errs)
        self.errfile = open(os.path.join(self.prefix, "stderr.%d" % n),
                            "w+b")
        self.errs.append(self.errfile.name)
        self.proc = subprocess.Popen(
            [self.sendmail, "-C", self.cf, "-L", "sm-mta", "-bD"],
            stdout=subprocess.DEVNULL, stderr=self.errfile, env=self.env())
        return wait_until(lambda: listening(self.smtp) or
                          self.proc.poll() is not None, wait) and \
            self.proc.poll() is None

    @property
    def pid(self):
        return self.proc.pid if self.proc is not None else 0

    def role_pids(self):
        """{'frontend': pid, 'writer': pid} of the running pair (the
        front end is the unprivileged child)"""
        r = {}
        for k in children_of(self.pid) if self.pid else []:
            u = uids(k)
            if not u:
                continue
            r["frontend" if u[0] != 0 else "writer"] = k
        return r

    def wait_pair(self, seconds=30):
        return wait_until(lambda: len(self.role_pids()) == 2 and
                          listening(self.smtp), seconds, 0.1)

    def stop(self, seconds=60):
        """SIGTERM and wait; anything left is killed.  Returns the exit
        status (None if it had to be killed)."""
        if self.proc is None:
            return None
        kids = children_of(self.proc.pid)
        rc = None
        if self.proc.poll() is None:
            kill(self.proc.pid)
            try:
                rc = self.proc.wait(seconds)
            except subprocess.TimeoutExpired:
                rc = None
        else:
            rc = self.proc.returncode
        self.reap(kids)
        return rc

    def crash(self):
        """SIGKILL the master and its children (what a machine crash
        leaves of the processes)"""
        if self.proc is None:
            return
        kids = children_of(self.proc.pid)
        kill(self.proc.pid, signal.SIGKILL)
        self.reap(kids)

    def reap(self, kids):
        if self.proc.poll() is None:
            kids += children_of(self.proc.pid)
            kill(self.proc.pid, signal.SIGKILL)
            self.proc.wait(30)
        for k in kids:
            # orphans of a killed master: stop them too (ours by pid)
            if alive(k):
                kill(k, signal.SIGKILL)
        wait_until(lambda: not any(alive(k) for k in kids), 10)
        if self.errfile is not None:
            self.errfile.close()
            self.errfile = None

    def stderr(self):
        return "".join(read(p) for p in self.errs)

    def sanitizer_clean(self):
        e = self.stderr()
        return "ERROR: AddressSanitizer" not in e and \
            "runtime error" not in e, e

    def files(self):
        return self.w.files()

    def qids(self):
        return set(self.w.qids())


def check_queue(queue):
    """Every qf in queue parsed with the real structure: (good, bad,
    others) where good maps queue ID -> parsed qf, bad lists (name,
    reason) and others lists the names that are neither qf nor df."""
    good, bad, others = {}, [], []
    names = sorted(n for n in os.listdir(queue) if not n.startswith("."))
    for n in names:
        if n.startswith("qf"):
            qid = n[2:]
            why = qf_problem(os.path.join(queue, n),
                             os.path.join(queue, "df" + qid))
            if why:
                bad.append((n, why))
            else:
                good[qid] = bsworld.parse_qf(os.path.join(queue, n))
        elif not n.startswith("df"):
            others.append(n)
    return good, bad, others


def qf_problem(qf, df):
    """None if qf is a whole version 8 control file with its df; else why"""
    try:
        with open(qf, "rb") as f:
            raw = f.read()
    except OSError as e:
        return "unreadable: %s" % e
    if not raw.endswith(b"\n.\n"):
        return "no terminator record"
    lines = raw[:-3].split(b"\n")
    if lines[0] != b"V8":
        return "first line %r" % lines[0][:20]
    letters = set(chr(line[0]) for line in lines if line)
    for need in ("T", "S", "R", "H"):
        if need not in letters:
            return "no %s line" % need
    known = set("VTKNPdIBqMF$SZA!CQrRHDEL")
    for line in lines:
        if not line:
            return "empty line"
        if chr(line[0]) not in known and line[:1] not in (b" ", b"\t"):
            return "unknown line %r" % line[:20]
    if not os.path.exists(df):
        return "no df"
    return None


def hold_sessions(port, n, timeout=60):
    """Open n sessions at once, read every greeting, send EHLO on each
    and read every answer, with n sockets held open throughout.
    Returns (socks, greeted, ehlo_ok, errors): the caller closes socks."""
    sel = selectors.DefaultSelector()
    socks, errors = [], []
    end = time.time() + timeout
    for i in range(n):
        s = socket.socket()
        s.setblocking(False)
        try:
            s.connect(("127.0.0.1", port))
        except BlockingIOError:
            pass
        except OSError as e:
            errors.append("connect %d: %s" % (i, e))
            s.close()
            continue
        socks.append(s)
    bufs = {s: b"" for s in socks}
    state = {s: "greet" for s in socks}
    greeted = ehlo_ok = 0
    for s in socks:
        sel.register(s, selectors.EVENT_READ)
    while time.time() < end and any(v in ("greet", "ehlo")
                                    for v in state.values()):
        for key, _ in sel.select(timeout=1):
            s = key.fileobj
            try:
                chunk = s.recv(4096)
            except (BlockingIOError, InterruptedError):
                continue
            except OSError as e:
                chunk = b""
                errors.append(str(e))
            if not chunk:
                state[s] = "closed"
                sel.unregister(s)
                continue
            bufs[s] += chunk
            # a whole reply: its last line has a blank after the code
            lines = bufs[s].split(b"\r\n")
            last = [ln for ln in lines[:-1] if len(ln) >= 4 and ln[3:4] == b" "]
            if not last:
                continue
            code = last[-1][:3]
            bufs[s] = b""
            if state[s] == "greet":
                if code == b"220":
                    greeted += 1
                    state[s] = "ehlo"
                    s.setblocking(True)
                    s.sendall(b"EHLO client.example.org\r\n")
                    s.setblocking(False)
                else:
                    state[s] = "refused"
                    errors.append(last[-1].decode(errors="replace"))
                    sel.unregister(s)
            elif state[s] == "ehlo":
                if code == b"250":
                    ehlo_ok += 1
                    state[s] = "held"
                else:
                    state[s] = "refused"
                    errors.append(last[-1].decode(errors="replace"))
                sel.unregister(s)
    sel.close()
    return socks, greeted, ehlo_ok, errors


def close_all(socks):
    for s in socks:
        try:
            s.close()
        except OSError:
            pass


class Client(threading.Thread):
    """Sessions of messages; acked maps tag -> queue ID."""

    def __init__(self, port, n, stop, size):
        super().__init__(daemon=True)
        self.port, self.n, self.stop, self.size = port, n, stop, size
        self.acked = {}
        self.sent = set()	# tags whose DATA dot went out
        self.errors = 0
        self.seq = 0

    def reply(self, f):
        line = b""
        for _ in range(100):
            line = f.readline(4096)
            if not line:
                raise ConnectionError("closed")
            if line[3:4] != b"-":
                return line.decode(errors="replace").rstrip("\r\n")
        raise ConnectionError("endless reply")

    def session(self):
        s = socket.create_connection(("127.0.0.1", self.port), timeout=10)
        f = s.makefile("rb")
        try:
            if not self.reply(f).startswith("220"):
                return
            s.sendall(b"EHLO crash.example.org\r\n")
            if not self.reply(f).startswith("250"):
                return
            for _ in range(50):
                if self.stop.is_set():
                    break
                self.seq += 1
                tag = "c%d-%d" % (self.n, self.seq)
                s.sendall(b"MAIL FROM:<alice@example.org>\r\n")
                if not self.reply(f).startswith("250"):
                    return
                s.sendall(b"RCPT TO:<root@localhost>\r\n")
                if not self.reply(f).startswith("250"):
                    return
                s.sendall(b"DATA\r\n")
                if not self.reply(f).startswith("354"):
                    return
                body = ("X-Crash-Tag: %s\r\nSubject: crash %s\r\n\r\n" %
                        (tag, tag)).encode() + \
                    (b"x" * 70 + b"\r\n") * (self.size // 72) + \
                    ("end %s\r\n.\r\n" % tag).encode()
                s.sendall(body)
                self.sent.add(tag)
                r = self.reply(f)
                m = ACCEPTED.match(r)
                if m:
                    self.acked[tag] = m.group(1)
                elif not r.startswith("4"):
                    self.errors += 1
                    return
        finally:
            f.close()
            s.close()

    def run(self):
        for _ in range(100000):
            if self.stop.is_set():
                return
            try:
                self.session()
            except (OSError, ConnectionError, ValueError):
                time.sleep(0.05)
