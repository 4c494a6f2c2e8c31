#!/usr/bin/python3
"""daemon-bench.py - the mail server's acceptance rate, CPU per message
and memory per idle session, tern against Postfix 3.7 on loopback.

Run by bench/daemon-bench.sh (root).  Both servers keep every message
in their queue (tern: DeliveryMode=q and no queue runner; Postfix: every
message put on hold by smtpd_end_of_data_restrictions = check_client_
access static:HOLD, so the queue manager never touches it); both fsync
before 250 (tern's SuperSafe=True default, Postfix's cleanup always).

For each size (1 KiB, 64 KiB) and smtp-source concurrency (1, 10, 50
sessions, -d: several messages per connection):
  * messages/s: N messages (BENCH_DAEMON_MSGS, default 2000; a quarter
    of that for 64 KiB), wall time of smtp-source, which stops at the
    first reply that is not 250 -- every run must exit 0 and add exactly
    N messages to the queue, or the row says FAIL;
  * every cell is run BENCH_ROUNDS times (default 5), tern and Postfix
    taking turns, and the round with the median rate is reported (its
    CPU too), with the range of the rounds' rates;
  * CPU per accepted message: utime+stime of the server's processes
    (/proc/PID/stat of the master and every descendant, plus the
    master's cutime+cstime for children reaped meanwhile), after minus
    before, divided by N.
Memory per idle session (measured first, on the fresh servers): tern's
front end RSS with BENCH_IDLE (default
1000) sessions past EHLO minus with none, divided by their number (the
queue writer's growth, for the transactions reserved ahead, apart);
Postfix: the proportional set size (Pss) of its processes with
BENCH_PF_IDLE (default 100, each one an smtpd process) idle sessions
minus with none, divided by their number.

The same cells against Postfix's smtp-sink, a server that answers every
command at once and stores nothing: the rate the client and this
machine's loopback allow at all.  Where twice Postfix's rate is above
it, no mail server can reach the 2x goal on this machine, and the
summary says so.

Postfix runs from scripts/peers.sh's extraction (never installed) with a
generated main.cf/master.cf under build/bench-daemon/postfix: mail_owner
"mail", setgid_group "users" (existing accounts; Postfix wants the
setgid group to differ from mail_owner's and default_privs' groups).  If
it cannot be started the reason is printed and tern is reported alone.
"""
import os
import shutil
import signal
import subprocess
import sys
import time

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
sys.path.insert(0, os.path.join(REPO, "tests", "integration", "lib"))
import dworld  # noqa: E402

TICK = os.sysconf("SC_CLK_TCK")
N = int(os.environ.get("BENCH_DAEMON_MSGS", "2000"))
IDLE = int(os.environ.get("BENCH_IDLE", "1000"))
PF_IDLE = int(os.environ.get("BENCH_PF_IDLE", "100"))
ROUNDS = max(1, int(os.environ.get("BENCH_ROUNDS", "5")))
SIZES = (1024, 65536)
SESSIONS = (1, 10, 50)
PEERS = dworld.PEERS
PFLIB = os.path.join(PEERS, "usr", "lib", "postfix")
BASE = os.path.join(REPO, "build", "bench-daemon")

GOALS = """Goals (issue 5): at least twice Postfix's rate at every concurrency
and size (measured when the issue was written: Postfix about 450, 550
and 380 msgs/s of 1 KiB at 1, 10 and 50 sessions, 2.6-4.7 ms CPU per
message); at most 1 ms of CPU per accepted message; at most 20 KiB of
memory per idle session."""


def descendants(pid):
    kids = {}
    for p in os.listdir("/proc"):
        if p.isdigit():
            st = dworld.read("/proc/%s/stat" % p)
            if st:
                kids.setdefault(int(st.rsplit(")", 1)[1].split()[1]),
                                []).append(int(p))
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        for k in kids.get(p, []):
            out.append(k)
            todo.append(k)
    return out


def tree_cpu(pid):
    """seconds of CPU of pid, its descendants and its reaped children"""
    st = dworld.read("/proc/%d/stat" % pid)
    if not st:
        return 0.0
    f = st.rsplit(")", 1)[1].split()
    t = sum(int(x) for x in f[11:15])	# utime stime cutime cstime
    for k in descendants(pid):
        t += dworld.cpu_ticks(k)
    return t / float(TICK)


def pss_kib(pids):
    total = 0
    for p in pids:
        for line in dworld.read("/proc/%d/smaps_rollup" % p).splitlines():
            if line.startswith("Pss:"):
                total += int(line.split()[1])
    return total


class Tern:
    name = "tern"

    def __init__(self):
        self.w = dworld.World("bench-daemon", listen=1024)
        self.port = self.w.smtp
        if not self.w.start() or not self.w.wait_pair():
            raise RuntimeError("tern did not start: " +
                               dworld.read(self.w.log)[-500:])

    def queued(self):
        return len([n for n in os.listdir(self.w.queue)
                    if n.startswith("qf")])

    def cpu(self):
        return tree_cpu(self.w.pid)

    def split(self):
        """CPU seconds of the front end and the queue writer"""
        r = self.w.role_pids()
        return {k: dworld.cpu_ticks(v) / float(TICK) for k, v in r.items()}

    def idle_memory(self, n):
        roles = self.w.role_pids()
        fe, wr = roles["frontend"], roles["writer"]
        r0, w0 = dworld.rss_kib(fe), dworld.rss_kib(wr)
        socks, greeted, ehlo, errs = dworld.hold_sessions(self.port, n)
        time.sleep(0.5)
        r1, w1 = dworld.rss_kib(fe), dworld.rss_kib(wr)
        dworld.close_all(socks)
        ok = greeted == n and ehlo == n
        return ok, (r1 - r0) / float(n), "front end RSS %d -> %d KiB; " \
            "queue writer %d -> %d KiB (+%.1f KiB/session)" % (
                r0, r1, w0, w1, (w1 - w0) / float(n))

    def stop(self):
        self.w.stop()


class Postfix:
    name = "Postfix"

    def __init__(self):
        d = os.path.join(BASE, "postfix")
        if os.path.isdir(d):
            shutil.rmtree(d)
        self.conf = os.path.join(d, "conf")
        self.queue = os.path.join(d, "queue")
        data = os.path.join(d, "data")
        for x in (self.conf, self.queue, data):
            os.makedirs(x)
        shutil.chown(data, "mail")
        self.port = dworld.free_port()
        self.log = os.path.join(d, "maillog")
        with open(os.path.join(self.conf, "main.cf"), "w") as f:
            f.write("""compatibility_level = 3.6
queue_directory = %(q)s
data_directory = %(data)s
command_directory = %(r)s/usr/sbin
daemon_directory = %(lib)s/sbin
shlib_directory = %(lib)s
meta_directory = %(r)s/etc/postfix
mail_owner = mail
setgid_group = users
myhostname = bench.example.org
mydomain = example.org
mydestination = localhost
inet_interfaces = 127.0.0.1
inet_protocols = ipv4
mynetworks = 127.0.0.0/8
alias_maps =
alias_database =
local_recipient_maps =
smtpd_recipient_restrictions = permit_mynetworks, reject
smtpd_end_of_data_restrictions = check_client_access static:HOLD
smtpd_client_connection_count_limit = 0
smtpd_client_connection_rate_limit = 0
default_process_limit = %(plim)d
import_environment = MAIL_CONFIG MAIL_DEBUG MAIL_LOGTAG TZ LANG=C LD_LIBRARY_PATH=%(lib)s
maillog_file_prefixes = %(d)s
maillog_file = %(log)s
smtputf8_enable = no
biff = no
""" % {"q": self.queue, "data": data, "r": PEERS, "lib": PFLIB, "d": d,
                "log": self.log, "plim": max(200, PF_IDLE + 60)})
        with open(os.path.join(self.conf, "master.cf"), "w") as f:
            f.write("""127.0.0.1:%d inet n - n - - smtpd
cleanup   unix  n - n - 0 cleanup
qmgr      unix  n - n 300 1 qmgr
rewrite   unix  - - n - - trivial-rewrite
anvil     unix  - - n - 1 anvil
proxymap  unix  - - n - - proxymap
postlog   unix-dgram n - n - 1 postlogd
bounce    unix  - - n - 0 bounce
defer     unix  - - n - 0 bounce
trace     unix  - - n - 0 bounce
""" % self.port)
        r = self.postfix("start")
        if not dworld.wait_until(lambda: dworld.listening(self.port), 20):
            raise RuntimeError("Postfix did not start: %s %s" %
                               (r.strip()[-500:],
                                dworld.read(self.log)[-500:]))
        self.master = int(dworld.read(os.path.join(
            self.queue, "pid", "master.pid")).split()[0])

    def postfix(self, cmd):
        env = dict(os.environ)
        env["LD_LIBRARY_PATH"] = PFLIB
        # Postfix prints its errors only to a terminal: give it one
        r = subprocess.run(
            ["script", "-qec", "%s/usr/sbin/postfix -c %s %s" %
             (PEERS, self.conf, cmd), "/dev/null"],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env,
            timeout=120)
        return "\n".join(ln for ln in r.stdout.decode(errors="replace")
                         .splitlines() if "warning:" not in ln)

    def queued(self):
        n = 0
        for sub in ("hold", "incoming", "active", "deferred"):
            for _, _, files in os.walk(os.path.join(self.queue, sub)):
                n += len(files)
        return n

    def cpu(self):
        return tree_cpu(self.master)

    def idle_memory(self, n):
        p0 = pss_kib([self.master] + descendants(self.master))
        socks, greeted, ehlo, errs = dworld.hold_sessions(self.port, n)
        time.sleep(0.5)
        p1 = pss_kib([self.master] + descendants(self.master))
        dworld.close_all(socks)
        ok = greeted == n and ehlo == n
        return ok, (p1 - p0) / float(n), "Pss of all its processes %d -> " \
            "%d KiB with %d sessions (one smtpd each)" % (p0, p1, n)

    def stop(self):
        self.postfix("stop")
        dworld.wait_until(lambda: not dworld.alive(self.master), 20)
        if dworld.alive(self.master):
            for k in descendants(self.master):
                dworld.kill(k, signal.SIGKILL)
            dworld.kill(self.master, signal.SIGKILL)


class Sink:
    """smtp-sink: accepts and discards; the ceiling of the set-up"""
    name = "sink"

    def __init__(self):
        env = dict(os.environ)
        env["LD_LIBRARY_PATH"] = PFLIB
        self.port = dworld.free_port()
        self.proc = subprocess.Popen(
            [os.path.join(PEERS, "usr", "sbin", "smtp-sink"), "-u",
             "nobody", "-c", "127.0.0.1:%d" % self.port, "1024"],
            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        if not dworld.wait_until(lambda: dworld.listening(self.port), 10):
            self.stop()
            raise RuntimeError("smtp-sink did not start")

    def queued(self):
        return None		# stores nothing: smtp-source's exit tells

    def cpu(self):
        return tree_cpu(self.proc.pid)

    def stop(self):
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait(10)


def cell(server, sessions, size):
    n = N if size <= 1024 else max(50, N // 4)
    split = getattr(server, "split", dict)
    q0, c0, s0 = server.queued(), server.cpu(), split()
    rc, secs, out = dworld.smtp_source(server.port, sessions, n, size,
                                       timeout=600)
    time.sleep(0.2)		# children finish their bookkeeping
    q1, c1, s1 = server.queued(), server.cpu(), split()
    ok = rc == 0 and (q1 is None or q1 - q0 == n)
    return {"ok": ok, "rate": n / secs, "cpu_ms": (c1 - c0) * 1000.0 / n,
            "split": ", ".join("%s %.2f" % (k, (s1[k] - s0.get(k, 0)) *
                                            1000.0 / n)
                               for k in sorted(s1)),
            "n": n, "why": "" if ok else "rc=%d queued %d of %d: %s" % (
                rc, (q1 or 0) - (q0 or 0), n, out.strip()[-200:])}


def main():
    if os.geteuid() != 0:
        print("daemon-bench: skipped (the mail server needs root)")
        return 0
    if not dworld.smtp_source_ready():
        print("daemon-bench: skipped (no smtp-source: scripts/peers.sh "
              "postfix failed)")
        return 0
    dworld.raise_nofile(20000)
    os.makedirs(BASE, exist_ok=True)
    servers, res, mem = [], {}, {}
    try:
        servers.append(Tern())
    except RuntimeError as e:
        print("daemon-bench: %s" % e)
        return 1
    try:
        servers.append(Postfix())
    except (RuntimeError, OSError, KeyError, subprocess.SubprocessError) \
            as e:
        print("daemon-bench: Postfix left out: %s" % e)
    try:
        servers.append(Sink())
    except (RuntimeError, OSError) as e:
        print("daemon-bench: smtp-sink left out: %s" % e)
    try:
        # memory first, on fresh servers: after the load the allocator
        # reuses what the busy sessions freed and the growth looks smaller
        for srv in servers:
            if srv.name == "sink":
                continue
            mem[srv.name] = srv.idle_memory(
                IDLE if srv.name == "tern" else PF_IDLE)
        # every cell ROUNDS times, the servers taking turns, and each
        # cell's median: this shared machine's speed moves by half from
        # one second to the next, and a row of a second or two can land
        # in a slow spell
        runs = {}
        for _ in range(ROUNDS):
            for size in SIZES:
                for s in SESSIONS:
                    for srv in servers:
                        runs.setdefault((srv.name, size, s), []).append(
                            cell(srv, s, size))
        for key, rs in runs.items():
            bad = [r for r in rs if not r["ok"]]
            if bad:
                res[key] = bad[0]
                continue
            rs.sort(key=lambda r: r["rate"])
            res[key] = dict(rs[len(rs) // 2])
            res[key]["spread"] = "%.0f-%.0f" % (rs[0]["rate"], rs[-1]["rate"])
    finally:
        for srv in servers:
            srv.stop()

    print("daemon-bench: acceptance into the queue over loopback "
          "(smtp-source -d, fsync before 250); each cell the median of "
          "%d rounds" % ROUNDS)
    print("%-8s %8s | %-24s | %-24s | %-12s | %s" % (
        "size", "sessions", "tern msgs/s  CPU ms/msg",
        "Postfix msgs/s  CPU ms/msg", "tern/Postfix", "smtp-sink msgs/s"))
    ceiling = []
    for size in SIZES:
        for s in SESSIONS:
            t = res[("tern", size, s)]
            p = res.get(("Postfix", size, s))

            def fmt(r):
                if r is None:
                    return "%-24s" % "-"
                if not r["ok"]:
                    return "%-24s" % "FAIL"
                return "%8.0f  %8.2f      " % (r["rate"], r["cpu_ms"])
            k = res.get(("sink", size, s))
            ratio = "%.2fx" % (t["rate"] / p["rate"]) \
                if p and p["ok"] and t["ok"] else "-"
            print("%-8s %8d | %s | %s | %-12s | %s" % (
                "%d KiB" % (size // 1024), s, fmt(t), fmt(p), ratio,
                "%.0f" % k["rate"] if k and k["ok"] else "-"))
            if k and k["ok"] and p and p["ok"] and \
                    2 * p["rate"] > k["rate"]:
                ceiling.append("%d KiB at %d session%s (2x Postfix %.0f, "
                               "smtp-sink %.0f)" % (
                                   size // 1024, s, "s" if s > 1 else "",
                                   2 * p["rate"], k["rate"]))
            if t["ok"] and t["split"]:
                print("%17s   tern ms/msg: %s; msgs/s of the rounds: "
                      "tern %s, Postfix %s" % (
                          "", t["split"], t.get("spread", "-"),
                          p.get("spread", "-") if p and p["ok"] else "-"))
            for r in (t, p):
                if r and not r["ok"]:
                    print("    FAIL: %s" % r["why"])
    for name, (ok, per, detail) in mem.items():
        print("memory per idle session, %s: %s%.1f KiB (%s)" % (
            name, "" if ok else "NOT ALL SERVED: ", per, detail))
    print(GOALS)
    worst = max(r["cpu_ms"] for k, r in res.items() if k[0] == "tern")
    ratios = [res[("tern", z, s)]["rate"] / res[("Postfix", z, s)]["rate"]
              for z in SIZES for s in SESSIONS
              if ("Postfix", z, s) in res and res[("Postfix", z, s)]["ok"]]
    print("tern: rate %s; CPU per message at most %.2f ms (goal 1 ms); "
          "memory per idle session %.1f KiB (goal 20 KiB)" % (
              "%.2f-%.2fx Postfix's (goal 2x)" % (min(ratios), max(ratios))
              if ratios else "(no Postfix to compare)", worst,
              mem["tern"][1]))
    if ceiling:
        print("out of reach for any server on this machine: twice "
              "Postfix's rate is above smtp-sink's, which stores nothing, "
              "at " + "; ".join(ceiling))
    return 0 if all(r["ok"] for r in res.values()) else 1


sys.exit(main())
