#!/usr/bin/python3
"""test_daemon - sendmail -bD / -bd as root on free high ports of 127.0.0.1.

A private world (bsworld) with a .cf made by m4 with TERN_SMTP_PORT and
TERN_MSA_PORT.  Checks: a non-root -bd/-bD is refused as sendmail 8.17
refuses it; both ports listen; the pid file; the start log line; a
message goes through SMTP into the queue; the process holding an
accepted client socket (found through /proc/net/tcp and /proc/PID/fd)
is not uid 0; MaxDaemonChildren refuses the session past the cap with
421; SIGHUP re-executes and still serves; SIGTERM exits 0, removes the
pid file and leaves no child behind; -bd detaches and stops by the pid
in its pid file.

Every process started here is stopped by pid; every wait is bounded.
"""
import os
import signal
import smtplib
import socket
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "lib"))
import bsworld  # noqa: E402
from dworld import (children_of, free_port, listening, read,  # noqa: E402
                    uids, wait_until)
from dworld import kill as stop  # noqa: E402

T = bsworld.Tap()
MAXCHILD = 3




def make_world():
    w = bsworld.World("daemon", cf_lines=(
        "O DeliveryMode=q", "O MaxDaemonChildren=%d" % MAXCHILD))
    w.smtp, w.msa = free_port(), free_port()
    while w.msa == w.smtp:
        w.msa = free_port()
    text = subprocess.run(
        ["m4", "-D", "TERN_PREFIX=" + w.prefix,
         "-D", "TERN_CF=" + os.path.join(bsworld.REPO, "cf"),
         "-D", "TERN_DEFAULT_USER=nobody:nogroup",
         "-D", "TERN_SMTP_PORT=%d" % w.smtp,
         "-D", "TERN_MSA_PORT=%d" % w.msa,
         bsworld.M4LIB, os.path.join(bsworld.REPO, "cf", "sendmail.mc")],
        check=True, stdout=subprocess.PIPE, timeout=60).stdout
    with open(w.cf, "wb") as f:
        f.write(text)
        f.write(b"O DeliveryMode=q\nO MaxDaemonChildren=%d\n" % MAXCHILD)
    os.chmod(w.cf, 0o644)
    w.pidfile = os.path.join(w.prefix, "run", "sendmail.pid")
    w.log = os.path.join(w.prefix, "maillog")
    return w


def env(w):
    e = dict(os.environ)
    e.update(bsworld.SAN_ENV)
    e["TERN_LOG_FILE"] = w.log
    return e








def socket_holders(server_port, client_port):
    """pids holding the server side of the connection client_port->port"""
    inodes = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in read(table).splitlines()[1:]:
            f = line.split()
            lport = int(f[1].split(":")[1], 16)
            rport = int(f[2].split(":")[1], 16)
            if lport == server_port and rport == client_port:
                inodes.add("socket:[%s]" % f[9])
    pids = set()
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        try:
            for fd in os.listdir("/proc/%s/fd" % pid):
                if os.readlink("/proc/%s/fd/%s" % (pid, fd)) in inodes:
                    pids.add(int(pid))
        except OSError:
            continue
    return pids








def refusal(w):
    for mode, want in (("-bd", "550 Permission denied (real uid not "
                        "trusted)\n"),
                       ("-bD", "Permission denied (real uid not trusted)\n")):
        r = subprocess.run(
            ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
             w.sendmail, "-C", w.cf, mode, "-q1h"],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env(w),
            timeout=60)
        T.check(r.returncode == 64 and r.stdout.decode() == want,
                "non-root %s refused as 8.17 (exit 64)" % mode,
                "rc=%d out=%r err=%r" % (r.returncode, r.stdout, r.stderr))
    T.check(not listening(w.smtp), "nothing listens after the refusals")


def send_one(w, port):
    s = smtplib.SMTP("127.0.0.1", port, timeout=20)
    s.ehlo("client.example.org")
    s.mail("alice@localhost")
    s.rcpt("root@localhost")
    code, text = s.data(b"Subject: daemon test\r\n\r\nhello\r\n")
    s.quit()
    return code, text.decode()


def foreground(w):
    argv = [w.sendmail, "-C", w.cf, "-L", "sm-mta", "-bD", "-q1h"]
    p = subprocess.Popen(argv, stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, env=env(w))
    try:
        up = wait_until(lambda: listening(w.smtp) and listening(w.msa), 20)
        T.check(up, "-bD: both ports listen", read(w.log))
        if not up:
            return
        pf = read(w.pidfile).split("\n")
        T.check(pf[0] == str(p.pid) and pf[1] == " ".join(argv),
                "pid file: pid, then the command line", pf)
        T.check("sm-mta[%d]: starting daemon (tern-0.1): "
                "SMTP+queueing@01:00:00" % p.pid in read(w.log),
                "start line logged with the -L tag", read(w.log))

        code, text = send_one(w, w.smtp)
        qid = text.split()[1] if code == 250 else "?"
        T.check(code == 250 and os.path.exists(
            os.path.join(w.queue, "qf" + qid)),
            "a message through SMTP is queued (250 after the commit)",
            "%d %s %s" % (code, text, w.files()))

        # the process that holds an accepted connection is not root
        c = socket.create_connection(("127.0.0.1", w.msa), timeout=10)
        c.settimeout(10)
        greet = c.recv(512)
        holders = socket_holders(w.msa, c.getsockname()[1])
        T.check(greet.startswith(b"220 "), "greeting on the MSA port", greet)
        T.check(len(holders) == 1 and p.pid not in holders,
                "one process holds the client socket, not the master",
                holders)
        T.check(all(uids(h) and 0 not in uids(h) for h in holders),
                "the process holding the client socket is not uid 0 "
                "(real, effective, saved, fs)",
                [(h, uids(h)) for h in holders])

        # MaxDaemonChildren: the session past the cap gets 421
        more = []
        for _ in range(MAXCHILD - 1):
            s = socket.create_connection(("127.0.0.1", w.smtp), timeout=10)
            s.settimeout(10)
            s.recv(512)
            more.append(s)
        extra = socket.create_connection(("127.0.0.1", w.smtp), timeout=10)
        extra.settimeout(10)
        line = extra.recv(512)
        T.check(line == b"421 4.3.2 Too many sessions\r\n",
                "MaxDaemonChildren=%d: the next session gets 421" % MAXCHILD,
                line)
        for s in more + [extra, c]:
            s.close()
        time.sleep(0.5)

        # a crashed front end: the pair comes back (after a backoff)
        fe = [k for k in children_of(p.pid) if uids(k) and uids(k)[0] != 0]
        T.check(len(fe) == 1, "one unprivileged child (the front end)", fe)
        if fe:
            stop(fe[0], signal.SIGKILL)
            T.check(wait_until(lambda: "front end (pid %d) killed by signal "
                               "9; restarting" % fe[0] in read(w.log), 10),
                    "a killed front end is logged", read(w.log))
            T.check(wait_until(lambda: len([
                k for k in children_of(p.pid) if k != fe[0] and uids(k) and
                uids(k)[0] != 0]) == 1, 20) and send_one(w, w.smtp)[0] == 250,
                "the front end is restarted and serves again")

        # SIGHUP: re-executed (same pid in the foreground), still serving
        stop(p.pid, signal.SIGHUP)
        T.check(wait_until(lambda: read(w.log).count("starting daemon") >= 2,
                           40), "SIGHUP: restarted", read(w.log))
        T.check("restarting %s due to signal" % w.sendmail in read(w.log),
                "SIGHUP: the restart is logged as sendmail logs it")
        T.check(wait_until(lambda: listening(w.smtp), 20) and
                send_one(w, w.smtp)[0] == 250,
                "after SIGHUP a message is accepted again")
        # the MSA port is M=Ea: MAIL only after AUTH (8.17's M=a)
        s = smtplib.SMTP("127.0.0.1", w.msa, timeout=20)
        s.ehlo("client.example.org")
        T.check(s.mail("alice@localhost") == (
            530, b"5.7.0 Authentication required"),
            "MSA port (M=a): MAIL without AUTH gets 530")
        s.quit()
        T.check(p.poll() is None and read(w.pidfile).split("\n")[0] ==
                str(p.pid), "after SIGHUP the pid file names the daemon")

        # SIGTERM: exit 0, pid file gone, no child left
        kids = children_of(p.pid)
        stop(p.pid)
        try:
            rc = p.wait(60)
        except subprocess.TimeoutExpired:
            rc = None
        T.check(rc == 0, "SIGTERM: exit status 0", rc)
        T.check(not os.path.exists(w.pidfile), "SIGTERM: pid file removed")
        T.check(len(kids) >= 3 and
                wait_until(lambda: not any(os.path.exists("/proc/%d" % k)
                                           for k in kids), 10),
                "SIGTERM: writer, front end and runner are gone", kids)
        T.check(not listening(w.smtp), "SIGTERM: the port is closed")
        T.check(all(n.startswith("qf") or n.startswith("df") and
                    os.path.exists(os.path.join(w.queue, "qf" + n[2:]))
                    for n in w.files()),
                "no data file without its qf is left", w.files())
        err = p.stderr.read().decode(errors="replace")
        T.check("ERROR: AddressSanitizer" not in err and
                "runtime error" not in err, "no sanitizer report", err)
    finally:
        if p.poll() is None:
            for k in children_of(p.pid):
                stop(k, signal.SIGKILL)
            stop(p.pid, signal.SIGKILL)
            p.wait(30)


def background(w):
    r = subprocess.run([w.sendmail, "-C", w.cf, "-bd"],
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       env=env(w), timeout=60)
    T.check(r.returncode == 0, "-bd returns 0 at once", r)
    pid = 0
    if wait_until(lambda: read(w.pidfile).split("\n")[0].isdigit(), 20):
        pid = int(read(w.pidfile).split("\n")[0])
    try:
        T.check(pid > 0 and wait_until(lambda: listening(w.smtp), 20),
                "-bd: the detached daemon listens", read(w.log))
        sid = int(read("/proc/%d/stat" % pid).rsplit(")", 1)[1].split()[3]) \
            if pid else -1
        T.check(sid == pid, "-bd: the daemon leads its own session", sid)
        stop(pid)
        T.check(wait_until(lambda: not os.path.exists("/proc/%d" % pid), 60),
                "-bd: SIGTERM stops it")
        T.check(not os.path.exists(w.pidfile), "-bd: pid file removed")
    finally:
        if pid and os.path.exists("/proc/%d" % pid):
            for k in children_of(pid):
                stop(k, signal.SIGKILL)
            stop(pid, signal.SIGKILL)


def main():
    if os.geteuid() != 0:
        print("ok - skipped: needs root")
        return
    w = make_world()
    refusal(w)
    foreground(w)
    background(w)
    T.exit()


main()
