#!/usr/bin/python3
"""test_daemon_load - the mail server under load (root; ~30 s).

The -O2 build (build/bin/sendmail) as `sendmail -bD` in a private world
(lib/dworld.py: free ports on 127.0.0.1, DeliveryMode=q, no queue
runner, no MaxDaemonChildren cap, Listen=1024 on the ports as an
administrator expecting bursts sets it: sendmail's default backlog of
10 drops SYNs of a 1000-connection burst):

  * 1000 sessions opened at once and held: every one gets its greeting
    and an EHLO answer; the front end's RSS with them is noted;
  * with the 1000 still open, Postfix's smtp-source (scripts/peers.sh
    postfix) sends 5000 messages of 1 KiB over 20 sessions; it stops at
    the first reply that is not the expected one, so exit 0 means 5000
    times 250; then the queue holds exactly 5000 qf files, each a whole
    version 8 control file with its df, each with smtp-source's
    message (its "From: <alice@example.org>" header), and nothing else
    but the front end's reserved empty dfs;
  * every held session still answers NOOP; SIGTERM: exit 0, no df
    without its qf left, no tf.
Then the sanitizer build, smaller: 200 held sessions and 1000 messages
over 10 sessions, no sanitizer report.

Every process started here is stopped by pid; every wait is bounded.
"""
import fcntl
import os
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "lib"))
import dworld  # noqa: E402

T = dworld.bsworld.Tap()


def noop_all(socks, seconds=30):
    """NOOP on every socket; how many answered 250"""
    n = 0
    end = time.time() + seconds
    for s in socks:
        try:
            s.setblocking(True)
            s.settimeout(max(0.1, end - time.time()))
            s.sendall(b"NOOP\r\n")
            line = b""
            while not line.endswith(b"\n"):
                c = s.recv(512)
                if not c:
                    break
                line += c
            if line.startswith(b"250 "):
                n += 1
        except OSError:
            pass
    return n


def run(name, sendmail, held, sessions, msgs, size, sanitizer):
    w = dworld.World(name, sendmail=sendmail, listen=1024)
    up = w.start()
    T.check(up, "%s: the daemon listens" % name, dworld.read(w.log))
    if not up:
        w.stop()
        return
    socks = []
    try:
        T.check(w.wait_pair(), "%s: writer and front end run" % name,
                w.role_pids())
        fe = w.role_pids().get("frontend", 0)
        rss0 = dworld.rss_kib(fe)
        t0 = time.time()
        socks, greeted, ehlo, errs = dworld.hold_sessions(w.smtp, held)
        T.check(len(socks) == held and greeted == held and ehlo == held,
                "%s: %d sessions at once: %d greeted, %d EHLO answered "
                "(%.1f s)" % (name, held, greeted, ehlo, time.time() - t0),
                errs[:10])
        rss1 = dworld.rss_kib(fe)
        print("# %s: front end RSS %d KiB idle, %d KiB with %d sessions: "
              "%.1f KiB per session" % (name, rss0, rss1, held,
                                        (rss1 - rss0) / float(held)))

        rc, secs, out = dworld.smtp_source(w.smtp, sessions, msgs, size,
                                           timeout=120)
        T.check(rc == 0, "%s: smtp-source -s %d -m %d -l %d with %d "
                "sessions held: every message got 250 (%.1f s, %.0f/s)" %
                (name, sessions, msgs, size, held, secs, msgs / secs),
                out[-1000:])
        good, bad, others = dworld.check_queue(w.queue)
        T.check(len(good) == msgs and not bad,
                "%s: the queue holds exactly %d whole qf files (%d)" %
                (name, msgs, len(good)), bad[:10])
        mine = [q for q, qf in good.items()
                if "<alice@example.org>" in qf.get("S", [""])[0] and
                any(r.endswith(":<root@localhost>") for r in qf.get("R", []))
                # the payload, with CRLF stored as LF
                and os.path.getsize(os.path.join(w.queue, "df" + q)) >=
                size * 0.95]
        mids = set(h for qf in good.values() for h in qf.get("H", [])
                   if h.startswith("??Message-Id:"))
        T.check(len(mine) == msgs and len(mids) == msgs,
                "%s: each qf is smtp-source's message (sender, recipient, "
                "%d-byte payload), %d distinct Message-Ids" % (name, size,
                                                             len(mids)),
                len(mine))
        # the writer's transactions opened ahead of the next messages
        # hold an empty df and tf, the tf locked; anything else is wrong
        strays = [n for n in others if not reserved_tf(w.queue, n)]
        T.check(not strays, "%s: no file in the queue but qf, df and the "
                "locked empty tf of open transactions" % name, strays[:10])
        T.check(noop_all(socks) == held,
                "%s: every held session still answers NOOP" % name)
    finally:
        dworld.close_all(socks)
        rc = w.stop()
    T.check(rc == 0, "%s: SIGTERM: exit 0" % name, rc)
    files = w.files()
    T.check(all(n.startswith("qf") or n.startswith("df") and
                "qf" + n[2:] in files for n in files),
            "%s: after the stop no df without its qf, no tf" % name,
            [n for n in files if not n.startswith("qf") and
             "qf" + n[2:] not in files][:10])
    if sanitizer:
        clean, err = w.sanitizer_clean()
        T.check(clean, "%s: no sanitizer report" % name, err[-3000:])


def reserved_tf(queue, name):
    """is name an empty tf locked by its writer, with its df?"""
    path = os.path.join(queue, name)
    if not name.startswith("tf") or \
            not os.path.exists(os.path.join(queue, "df" + name[2:])):
        return False
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return True		# committed or aborted meanwhile
    try:
        if os.fstat(fd).st_size != 0:
            return False
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        fcntl.flock(fd, fcntl.LOCK_UN)
        return False		# nobody holds it
    except BlockingIOError:
        return True
    finally:
        os.close(fd)


def main():
    if os.geteuid() != 0:
        print("ok - skipped: needs root")
        return
    if not dworld.smtp_source_ready():
        print("ok - skipped: smtp-source not available (scripts/peers.sh "
              "postfix failed)")
        return
    nofile = dworld.raise_nofile(20000)
    T.check(nofile >= 4000, "RLIMIT_NOFILE raised (%d)" % nofile)
    run("load", dworld.O2_SENDMAIL, 1000, 20, 5000, 1024, False)
    run("load-san", dworld.SAN_SENDMAIL, 200, 10, 1000, 1024, True)
    T.exit()


main()
