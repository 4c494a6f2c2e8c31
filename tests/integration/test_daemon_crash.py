#!/usr/bin/python3
"""test_daemon_crash - SIGKILL of a tern process under load loses no
acknowledged message (root; ~60 s).

The -O2 build as `sendmail -bD` (lib/dworld.py world: DeliveryMode=q, no
queue runner).  CLIENTS threads of this test's own SMTP client send
messages over and over, each with a unique X-Crash-Tag header, and log
every 250 with the queue ID from its text ("250 2.0.0 <qid> Message
accepted for delivery"); a session that breaks is simply reopened.

ROUNDS rounds: wait until new messages are being accepted, then SIGKILL
the queue writer, the front end or the master, in turn.  The master
restarts the pair (after its backoff); a killed master leaves its
children, which are killed too (what a crash of the machine leaves of
the processes), and the daemon is started again.  Afterwards (clean
SIGTERM):
  * every acknowledged message is in the queue: its qf is a whole
    version 8 control file (terminator record, V8, T/S/R/H lines) with
    its df, carrying that message's tag, and `sendmail -bp` lists it;
  * no qf is partial; no tag is queued twice; every queued tag is one
    the client sent;
  * unacknowledged messages may or may not be there (counted).

Every process started here is stopped by pid; every loop is bounded in
count and time.
"""
import os
import random
import signal
import subprocess
import sys
import threading
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "lib"))
import dworld  # noqa: E402

T = dworld.bsworld.Tap()
ROUNDS = int(os.environ.get("CRASH_ROUNDS", "20"))
CLIENTS = 8
VICTIMS = ("writer", "frontend", "master")


def acked_total(clients):
    return sum(len(c.acked) for c in clients)


def main():
    if os.geteuid() != 0:
        print("ok - skipped: needs root")
        return
    dworld.raise_nofile()
    w = dworld.World("crash", listen=128)
    T.check(w.start() and w.wait_pair(), "the daemon runs",
            dworld.read(w.log))
    stop = threading.Event()
    clients = [dworld.Client(w.smtp, i, stop, 2048) for i in range(CLIENTS)]
    for c in clients:
        c.start()
    killed = {v: 0 for v in VICTIMS}
    restarted = 0
    deadline = time.time() + 150
    rnd = random.Random(5)
    try:
        for r in range(ROUNDS):
            if time.time() > deadline:
                break
            before = acked_total(clients)
            # load is flowing again: some messages accepted since the
            # last kill, and a random moment within the stream
            if not dworld.wait_until(
                    lambda: acked_total(clients) >= before + 20, 30):
                T.check(False, "round %d: messages are accepted again" % r,
                        dworld.read(w.log)[-2000:])
                break
            time.sleep(rnd.uniform(0, 0.3))
            victim = VICTIMS[r % len(VICTIMS)]
            roles = w.role_pids()
            if victim == "master":
                w.crash()
                killed[victim] += 1
                if w.start() and w.wait_pair():
                    restarted += 1
            elif victim in roles:
                dworld.kill(roles[victim], signal.SIGKILL)
                killed[victim] += 1
                # the master restarts the pair (backoff: 1 s, doubling)
                if dworld.wait_until(
                        lambda: len(w.role_pids()) == 2 and
                        roles[victim] not in w.role_pids().values(), 70,
                        0.1):
                    restarted += 1
        T.check(sum(killed.values()) == ROUNDS and restarted == ROUNDS,
                "%d rounds: SIGKILL of writer %d, front end %d, master %d "
                "times; served again after each (%d)" %
                (ROUNDS, killed["writer"], killed["frontend"],
                 killed["master"], restarted), dworld.read(w.log)[-2000:])
    finally:
        stop.set()
        for c in clients:
            c.join(30)
        rc = w.stop()
    T.check(rc == 0, "the last daemon stops with exit 0", rc)

    acked = {}
    sent = set()
    for c in clients:
        acked.update(c.acked)
        sent |= c.sent
    good, bad, others = dworld.check_queue(w.queue)
    T.check(not bad, "no partial or malformed qf (%d qf files)" % len(good),
            bad[:10])
    tags = {}
    for qid, qf in good.items():
        for h in qf.get("H", []):
            if h.startswith("??X-Crash-Tag: "):
                tags.setdefault(h.split(": ", 1)[1], []).append(qid)
    lost = [(t, q) for t, q in acked.items() if q not in good]
    T.check(len(acked) > ROUNDS * 20 and not lost,
            "every acknowledged message is in the queue (%d acknowledged, "
            "%d lost)" % (len(acked), len(lost)), lost[:10])
    wrong = [(t, q) for t, q in acked.items()
             if q in good and tags.get(t) != [q]]
    T.check(not wrong, "each acknowledged queue ID holds that message, once",
            wrong[:10])
    whole = [q for t, q in acked.items() if q in good and
             ("end %s\n" % t).encode() in
             open(os.path.join(w.queue, "df" + q), "rb").read()]
    T.check(len(whole) == len(acked),
            "each acknowledged message's df is whole (%d)" % len(whole))
    T.check(all(len(v) == 1 for v in tags.values()) and
            set(tags) <= sent and len(tags) == len(good),
            "every qf is one message the client sent, none twice")
    extra = len(good) - len([1 for q in acked.values() if q in good])
    files = set(w.files())
    orphans = [n for n in files if n.startswith("df") and
               "qf" + n[2:] not in files]
    # XXX the daemon runs no queue_recover: what killed commits leave
    # (unlocked tf, df without qf) stays until someone removes it
    print("# %d sent, %d acknowledged, %d queued without a 250 (allowed); "
          "left by the kills: %d tf, %d df without qf, other: %s" %
          (len(sent), len(acked), extra,
           len([n for n in others if n.startswith("tf")]), len(orphans),
           sorted(set(n[:2] for n in others) - {"tf"})))
    bp = subprocess.run([w.sendmail, "-C", w.cf, "-bp"],
                        stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                        env=w.env(), timeout=120).stdout.decode(
                            errors="replace")
    listed = set(line.split()[0].rstrip("*-") for line in bp.splitlines()
                 if line[:1].isalnum() and len(line.split()) > 3)
    T.check(set(acked.values()) <= listed,
            "sendmail -bp lists every acknowledged message (%d listed)" %
            len(listed), bp[:1000])
    T.exit()


main()
