"""nsworld - the mail server in a private network namespace (not a test).

Relay control can only be tested from an address that is NOT the local
host: 127.0.0.1 may relay, and so may any address of the server's own
interfaces (sendmail puts "[addr]" of each into class w).  So clients
and server live in two network namespaces joined by a veth pair, like
two hosts on one link.  A test that imports this calls enter() first:
it re-executes the script under `unshare -n` (root only; the clients'
namespace), and World.start() runs the daemon under a second
`unshare -n` (the server's), then creates the pair:

    server side "vB": 198.51.100.25/24 (the daemon binds every IPv4
                      address; clients connect here), routes to the
                      client networks
    client side "vA": 192.0.2.0/24 and 203.0.113.0/24 addresses (a
                      client socket binds one of them as its source)

Nothing outside the two namespaces changes and no packet leaves them.

World: a bsworld.World (build/itest/NAME: its local-host-names says
localhost and mx.example.com) whose .cf m4 makes from cf/sendmail.mc,
or from the given .mc text, with fixed ports (the namespace is empty),
an access map and a relay-domains file made with tern's makemap, and
DeliveryMode=q so accepted mail stays in the queue to be counted.  The
daemon runs as `sendmail -C CF -L sm-mta -bD` from the sanitizer build;
stop() sends SIGTERM and waits (bounded), SIGKILL if it overstays.
"""
import os
import signal
import socket
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
import bsworld  # noqa: E402

SERVER = "198.51.100.25"
SMTP_PORT = 2525
MSA_PORT = 5587
MAKEMAP = os.path.join(bsworld.BUILD, "bin", "makemap")
ENV_MARK = "TERN_NSWORLD_INSIDE"


def enter():
    """Re-run this script in a new network namespace (once).  Returns
    False (after printing a skip line) when that is not possible."""
    if os.environ.get(ENV_MARK) == "1":
        return True
    if os.geteuid() != 0:
        print("ok - skipped: needs root (unshare -n)")
        return False
    # the namespace has no route to Debian's mirror: fetch first
    fetch = subprocess.run([os.path.join(bsworld.REPO, "scripts", "peers.sh")]
                           + list(DNSMASQ_PACKAGES), stdout=subprocess.DEVNULL,
                           timeout=250)
    if fetch.returncode != 0:
        print("not ok - scripts/peers.sh %s" % " ".join(DNSMASQ_PACKAGES))
        sys.exit(1)
    env = dict(os.environ)
    env[ENV_MARK] = "1"
    script = os.path.abspath(sys.argv[0])
    try:
        r = subprocess.run(["unshare", "-n", "--", sys.executable, script] +
                           sys.argv[1:], env=env, timeout=280)
    except subprocess.TimeoutExpired:
        print("not ok - %s: timed out in its namespace" % script)
        sys.exit(1)
    sys.exit(r.returncode)


CLIENTS = ("192.0.2.50/24", "192.0.2.77/32", "192.0.2.66/32",
           "192.0.2.88/32", "192.0.2.60/32", "192.0.2.61/32",
           "192.0.2.53/32", "203.0.113.5/24", "203.0.113.99/32")
# the name server of both namespaces: a dnsmasq on the clients' side,
# authoritative for client.example and the reverse zones of the client
# networks (so an address without a PTR record is NXDOMAIN: FAIL);
# the daemon is pointed at it with TERN_RESOLVER
DNS = "192.0.2.53"
DNSMASQ_ROOT = os.path.join(bsworld.BUILD, "peers", "root")
DNSMASQ = os.path.join(DNSMASQ_ROOT, "usr", "sbin", "dnsmasq")
DNSMASQ_PACKAGES = ("dnsmasq-base", "libnetfilter-conntrack3", "libnftables1",
                    "libnfnetlink0", "libnftnl11")
DNS_RECORDS = (
    "--host-record=good.client.example,192.0.2.60",     # OK
    "--ptr-record=61.2.0.192.in-addr.arpa,forged.client.example",
    "--host-record=forged.client.example,192.0.2.99",   # FORGED
)


def net_setup():
    """lo up in the clients' namespace (the pair comes with the daemon)"""
    subprocess.run(["ip", "link", "set", "lo", "up"], check=True, timeout=10)


# run in the server's namespace: wait (bounded) for our end of the pair,
# configure it, then become the daemon
SERVER_SH = """
i=0
while ! ip link show vB >/dev/null 2>&1; do
	i=$((i + 1)); [ $i -gt 200 ] && { echo "no veth" >&2; exit 1; }
	sleep 0.05
done
ip link set lo up && ip addr add %s/24 dev vB && ip link set vB up &&
ip route add 192.0.2.0/24 dev vB && ip route add 203.0.113.0/24 dev vB ||
	exit 1
exec "$@"
""" % SERVER


def link_up(pid):
    """the veth pair between us and the server namespace of pid"""
    ip = ["ip"]
    cmds = [["link", "add", "vA", "type", "veth", "peer", "name", "vB",
             "netns", str(pid)]]
    cmds += [["addr", "add", a, "dev", "vA"] for a in CLIENTS]
    cmds += [["link", "set", "vA", "up"],
             ["route", "add", SERVER + "/32", "dev", "vA"]]
    for c in cmds:
        subprocess.run(ip + c, check=True, timeout=10)


def link_down():
    subprocess.run(["ip", "link", "del", "vA"], timeout=10,
                   stderr=subprocess.DEVNULL)


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


def listening(port, host=SERVER):
    try:
        socket.create_connection((host, port), timeout=2).close()
        return True
    except OSError:
        return False


def children_of(pid):
    kids = []
    for p in os.listdir("/proc"):
        if p.isdigit():
            st = read("/proc/%s/stat" % p)
            try:
                if st and int(st.rsplit(")", 1)[1].split()[1]) == pid:
                    kids.append(int(p))
            except (IndexError, ValueError):
                pass
    return kids


class World:
    """A daemon world: .cf, access map, relay-domains, queue."""

    def __init__(self, name, access="", relay_domains="", cf_lines=(),
                 mc_extra="", hosts_extra=""):
        self.w = bsworld.World(name)
        self.prefix = self.w.prefix
        self.queue = self.w.queue
        self.cf = self.w.cf
        self.log = os.path.join(self.prefix, "maillog")
        self.proc = None
        etc = os.path.join(self.prefix, "etc", "mail")
        mc = bsworld.REPO + "/cf/sendmail.mc"
        if mc_extra:
            # the shipped .mc plus lines before its MAILER() lines
            text = read(mc)
            cut = text.index("MAILER(`local')")
            mc = os.path.join(self.prefix, "test.mc")
            with open(mc, "w") as f:
                f.write(text[:cut] + mc_extra + text[cut:])
        text = subprocess.run(
            ["m4", "-D", "TERN_PREFIX=" + self.prefix,
             "-D", "TERN_CF=" + os.path.join(bsworld.REPO, "cf"),
             "-D", "TERN_DEFAULT_USER=nobody:nogroup",
             "-D", "TERN_SMTP_PORT=%d" % SMTP_PORT,
             "-D", "TERN_MSA_PORT=%d" % MSA_PORT,
             bsworld.M4LIB, mc],
            check=True, stdout=subprocess.PIPE, timeout=60).stdout
        with open(self.cf, "wb") as f:
            f.write(text)
            f.write(b"O DeliveryMode=q\n")
            for line in cf_lines:
                f.write(line.encode() + b"\n")
        os.chmod(self.cf, 0o644)
        with open(os.path.join(etc, "relay-domains"), "w") as f:
            f.write(relay_domains)
        if hosts_extra:
            with open(os.path.join(self.prefix, "etc", "hosts"), "a") as f:
                f.write(hosts_extra)
        for m in ("access", "mailertable", "virtusertable"):
            src = os.path.join(etc, m)
            with open(src, "w") as f:
                f.write(access if m == "access" else "")
            with open(src) as f:
                subprocess.run([MAKEMAP, "-C", self.cf, "hash", src],
                               stdin=f, check=True, timeout=60)
        for n in os.listdir(etc):
            os.chmod(os.path.join(etc, n), 0o644)

    def env(self, extra=None):
        e = dict(os.environ)
        e.pop(ENV_MARK, None)
        e.update(bsworld.SAN_ENV)
        e["TERN_LOG_FILE"] = self.log
        if extra:
            e.update(extra)
        return e

    def start(self, env=None):
        """sendmail -bD in its own namespace; True once the port answers"""
        env = dict(env or {})
        env.setdefault("TERN_RESOLVER", DNS + ":53")
        bsworld.shared_log(self.log)
        argv = ["unshare", "-n", "--", "/bin/sh", "-c", SERVER_SH, "sh",
                self.w.sendmail, "-C", self.cf, "-L", "sm-mta", "-bD"]
        self.proc = subprocess.Popen(argv, stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE,
                                     env=self.env(env))
        try:
            # unshare and sh exec: the pid is the daemon's
            wait_until(lambda: os.path.exists("/proc/%d/ns/net" %
                                              self.proc.pid) and
                       os.readlink("/proc/%d/ns/net" % self.proc.pid) !=
                       os.readlink("/proc/self/ns/net"), 10, 0.01)
            link_up(self.proc.pid)
            self.dns_start()
        except (subprocess.CalledProcessError, OSError) as e:
            print("# veth set-up failed: %s" % e)
            return False
        return wait_until(lambda: listening(SMTP_PORT), 20, 0.1)

    def dns_start(self):
        """the dnsmasq on DNS:53 (enter() fetched it)"""
        env = dict(os.environ, LD_LIBRARY_PATH=os.path.join(
            DNSMASQ_ROOT, "usr", "lib", "x86_64-linux-gnu"))
        self.dns = subprocess.Popen(
            [DNSMASQ, "--keep-in-foreground", "--no-resolv", "--no-hosts",
             "-C", "/dev/null", "--port=53", "--listen-address=" + DNS,
             "--bind-interfaces", "--user=root",
             "--pid-file=" + os.path.join(self.prefix, "dnsmasq.pid"),
             "--auth-server=ns.client.example",
             "--auth-zone=client.example,192.0.2.0/24,203.0.113.0/24"] +
            list(DNS_RECORDS), env=env, stderr=subprocess.PIPE)
        time.sleep(0.3)

    def stop(self):
        """SIGTERM, bounded wait; returns the daemon's stderr"""
        dns = getattr(self, "dns", None)
        if dns is not None and dns.poll() is None:
            dns.terminate()
            try:
                dns.wait(10)
            except subprocess.TimeoutExpired:
                dns.kill()
                dns.wait(10)
        self.dns = None
        p = self.proc
        if p is None:
            return ""
        self.proc = None
        kids = children_of(p.pid)
        if p.poll() is None:
            p.send_signal(signal.SIGTERM)
        try:
            _, err = p.communicate(timeout=40)
        except subprocess.TimeoutExpired:
            for k in kids:
                try:
                    os.kill(k, signal.SIGKILL)
                except ProcessLookupError:
                    pass
            p.kill()
            _, err = p.communicate(timeout=10)
        link_down()
        return (err or b"").decode(errors="replace")

    def files(self):
        return self.w.files()

    def qids(self):
        return self.w.qids()

    def empty(self):
        self.w.empty()


class Client:
    """A plain SMTP client with a chosen source address."""

    def __init__(self, source, port=SMTP_PORT, host=SERVER, timeout=20):
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.settimeout(timeout)
        self.sock.bind((source, 0))
        self.sock.connect((host, port))
        self.buf = b""

    def reply(self):
        """(code, [lines]); code 0 when the server closed"""
        lines = []
        for _ in range(1000):
            while b"\n" not in self.buf:
                try:
                    chunk = self.sock.recv(65536)
                except (ConnectionResetError, socket.timeout):
                    chunk = b""
                if not chunk:
                    return (0, lines)
                self.buf += chunk
            line, self.buf = self.buf.split(b"\n", 1)
            line = line.rstrip(b"\r").decode("latin-1")
            lines.append(line)
            if len(line) < 4 or line[3] != "-":
                break
        code = int(lines[-1][:3]) if lines and lines[-1][:3].isdigit() else -1
        return code, lines

    def send(self, data):
        try:
            self.sock.sendall(data)
            return True
        except OSError:
            return False

    def cmd(self, line):
        if isinstance(line, str):
            line = line.encode("latin-1")
        self.send(line + b"\r\n")
        return self.reply()

    def close(self):
        try:
            self.sock.close()
        except OSError:
            pass
