#!/usr/bin/python3
"""test_daemon_signals - a bounded signal storm during DATA crashes
nothing and loses no accepted message (root; ~40 s).

The sanitizer build as `sendmail -bD` (lib/dworld.py world).  Four
clients stream messages (lib/dworld.py Client: each 250's queue ID
logged; a broken session is reopened).  Then, for STORM_SECONDS, every
10-30 ms one of SIGALRM, SIGUSR1, SIGUSR2 (to the master or the front
end, at random), now and then SIGHUP (the master re-executes itself, the
front end drains and the master restarts the pair) and SIGTERM to the
front end; at last SIGTERM to the master.  Checks: the master was never
killed by a signal and ends with exit 0 after the final SIGTERM; stray
signals (SIGALRM, SIGUSR1, SIGUSR2) end no process; messages were
accepted during the storm; every acknowledged message is whole in the
queue; no partial qf; no sanitizer report in any process's stderr.

Every process started here is stopped by pid; every loop is bounded.
"""
import os
import random
import signal
import sys
import threading
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "lib"))
import dworld  # noqa: E402

T = dworld.bsworld.Tap()
STORM_SECONDS = float(os.environ.get("STORM_SECONDS", "8"))
STRAY = (signal.SIGALRM, signal.SIGUSR1, signal.SIGUSR2)


def main():
    if os.geteuid() != 0:
        print("ok - skipped: needs root")
        return
    dworld.raise_nofile()
    w = dworld.World("signals", sendmail=dworld.SAN_SENDMAIL, listen=128)
    T.check(w.start() and w.wait_pair(), "the daemon runs",
            dworld.read(w.log))
    master = w.pid

    # stray signals alone: nothing ends, nothing restarts
    before = w.role_pids()
    for sig in STRAY:
        for pid in (master, before.get("frontend", 0),
                    before.get("writer", 0)):
            dworld.kill(pid, sig)
    time.sleep(1)
    T.check(w.proc.poll() is None and w.role_pids() == before,
            "SIGALRM, SIGUSR1, SIGUSR2 end neither the master nor its "
            "children", (w.proc.poll(), before, w.role_pids()))

    stop = threading.Event()
    clients = [dworld.Client(w.smtp, i, stop, 4096) for i in range(4)]
    for c in clients:
        c.start()
    rnd = random.Random(17)
    sent = {"stray": 0, "hup": 0, "fe_term": 0}
    acked_before = 0
    try:
        dworld.wait_until(lambda: sum(len(c.acked) for c in clients) >= 20,
                          30)
        acked_before = sum(len(c.acked) for c in clients)
        end = time.time() + STORM_SECONDS
        for _ in range(2000):
            if time.time() > end or w.proc.poll() is not None:
                break
            roll = rnd.random()
            fe = w.role_pids().get("frontend", 0)
            if roll < 0.03:
                dworld.kill(master, signal.SIGHUP)
                sent["hup"] += 1
            elif roll < 0.06 and fe:
                dworld.kill(fe, signal.SIGTERM)
                sent["fe_term"] += 1
            else:
                target = master if rnd.random() < 0.5 or not fe else fe
                dworld.kill(target, rnd.choice(STRAY))
                sent["stray"] += 1
            time.sleep(rnd.uniform(0.01, 0.03))
        T.check(w.proc.poll() is None,
                "the master lives through the storm (%d stray, %d SIGHUP, "
                "%d SIGTERM to the front end)" % (sent["stray"], sent["hup"],
                                                  sent["fe_term"]),
                w.proc.poll())
        # after the storm it serves again
        T.check(dworld.wait_until(lambda: len(w.role_pids()) == 2 and
                                  dworld.listening(w.smtp), 90, 0.2),
                "after the storm the daemon serves again",
                dworld.read(w.log)[-1500:])
        n = sum(len(c.acked) for c in clients)
        T.check(dworld.wait_until(
            lambda: sum(len(c.acked) for c in clients) > n, 30),
            "messages are accepted after the storm")
    finally:
        stop.set()
        for c in clients:
            c.join(30)
        dworld.kill(master, signal.SIGTERM)
        try:
            rc = w.proc.wait(60)
        except Exception:
            rc = None
        w.stop()
    T.check(rc == 0, "SIGTERM last: the master exits 0", rc)
    acked = {}
    for c in clients:
        acked.update(c.acked)
    T.check(len(acked) > acked_before, "messages were accepted (%d)" %
            len(acked))
    good, bad, others = dworld.check_queue(w.queue)
    T.check(not bad, "no partial or malformed qf (%d)" % len(good), bad[:10])
    lost = [(t, q) for t, q in acked.items() if q not in good]
    T.check(not lost, "every acknowledged message is in the queue (%d)" %
            len(acked), lost[:10])
    log = dworld.read(w.log)
    T.check("killed by signal" not in log,
            "no child was killed by a signal",
            [ln for ln in log.splitlines() if "killed by signal" in ln][:5])
    clean, err = w.sanitizer_clean()
    T.check(clean, "no sanitizer report", err[-3000:])
    T.exit()


main()
