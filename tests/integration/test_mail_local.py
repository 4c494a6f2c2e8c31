#!/usr/bin/python3
"""mail.local: mbox delivery, locking, privileges, failures, LMTP, Maildir.

Runs as root in a private mount namespace (unshare -m) where /etc/passwd,
/etc/group and /var/mail are bind-mounted copies: the test users alice and
bob exist only there, and /var/mail is a fresh root:mail 2775 directory.
MAIL_LOCAL overrides the program (default: the sanitizer build).
"""
import mailbox, os, pwd, grp, re, shutil, stat, subprocess, sys, tempfile, time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BUILD = os.environ.get("TERN_BUILD", os.path.join(ROOT, "build"))
ML = os.environ.get("MAIL_LOCAL", os.path.join(BUILD, "san/libexec/mail.local"))
failed = 0


def ok(cond, what, detail=""):
    global failed
    print(("ok - " if cond else "not ok - ") + what)
    if not cond:
        failed += 1
        if detail:
            print("# " + str(detail).replace("\n", "\n# "))


def setup_namespace():
    if os.geteuid() != 0:
        print("ok - # SKIP mail.local tests need root")
        sys.exit(0)
    if os.environ.get("TERN_ML_NS") != "1":
        if subprocess.run(["unshare", "-m", "true"], capture_output=True).returncode != 0:
            print("ok - # SKIP no mount namespaces here (unshare -m failed)")
            sys.exit(0)
        env = dict(os.environ, TERN_ML_NS="1")
        os.execvpe("unshare", ["unshare", "-m", "--propagation", "private",
                               sys.executable, os.path.abspath(__file__)], env)
    os.makedirs(BUILD, exist_ok=True)
    t = tempfile.mkdtemp(prefix="ml-", dir=BUILD)
    os.chmod(t, 0o755)
    for d in ("home/alice", "home/bob", "spool"):
        os.makedirs(os.path.join(t, d))
    with open("/etc/passwd") as f:
        pw = f.read()
    with open("/etc/group") as f:
        gr = f.read()
    pw += "alice:x:5001:5001::%s/home/alice:/bin/sh\n" % t
    pw += "bob:x:5002:5002::%s/home/bob:/bin/sh\n" % t
    gr += "alice:x:5001:\nbob:x:5002:\n"
    for name, text in (("passwd", pw), ("group", gr)):
        p = os.path.join(t, name)
        with open(p, "w") as f:
            f.write(text)
        os.chmod(p, 0o644)
        subprocess.run(["mount", "--bind", p, "/etc/" + name], check=True)
    os.chown(t + "/home/alice", 5001, 5001)
    os.chown(t + "/home/bob", 5002, 5002)
    spool = t + "/spool"
    os.chown(spool, 0, grp.getgrnam("mail").gr_gid)
    os.chmod(spool, 0o2775)
    subprocess.run(["mount", "--bind", spool, "/var/mail"], check=True)
    return t


def run(args, data=b"", timeout=120):
    p = subprocess.run([ML] + args, input=data, capture_output=True, timeout=timeout)
    return p.returncode, p.stdout, p.stderr


def read(p):
    with open(p, "rb") as f:
        return f.read()


FROM_RE = re.compile(rb"^From (\S+) (Mon|Tue|Wed|Thu|Fri|Sat|Sun) "
                     rb"(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) "
                     rb"[ 123]\d \d\d:\d\d:\d\d \d{4}\n")


def split_from(b):
    m = FROM_RE.match(b)
    return (m.group(1), b[m.end():]) if m else (None, b)


def reset_box(user):
    for p in ("/var/mail/" + user, "/var/mail/" + user + ".lock"):
        if os.path.lexists(p):
            if os.path.isdir(p) and not os.path.islink(p):
                shutil.rmtree(p)
            else:
                os.unlink(p)


def t_basic():
    reset_box("alice")
    msg = b"Subject: hi\r\n\r\nline 1\r\nFrom here\r\n>From there\r\n\xe9t\xe9 8bit\r\nbare\rcr\r\nend"
    rc, out, err = run(["-f", "<sender@example.org>", "alice"], msg)
    ok(rc == 0, "plain delivery exits 0", err)
    box = read("/var/mail/alice")
    who, rest = split_from(box)
    ok(who == b"sender@example.org", "From_ line names the sender in asctime form", box[:80])
    ok(rest == b"Subject: hi\n\nline 1\n>From here\n>From there\n\xe9t\xe9 8bit\nbare\rcr\nend\n\n",
       "body: CRLF->LF, >From escaping, 8-bit kept, final newline and blank line", rest)
    st = os.lstat("/var/mail/alice")
    ok(st.st_uid == 5001 and st.st_gid == grp.getgrnam("mail").gr_gid,
       "new mailbox owned by alice, group mail (the spool's group)")
    ok(stat.S_IMODE(st.st_mode) == 0o600, "new mailbox mode 0600")
    ok(not os.path.exists("/var/mail/alice.lock"), "dot lock removed after delivery")
    sp = os.stat("/var/mail")
    ok(stat.S_IMODE(sp.st_mode) == 0o2775, "spool directory still 2775 (never made world-writable)")
    rc, out, err = run(["-f", "b@x", "alice"], b"Subject: two\n\nsecond\n")
    box2 = read("/var/mail/alice")
    ok(rc == 0 and box2.startswith(box) and len(box2) > len(box), "second message appended")
    mb = mailbox.mbox("/var/mail/alice")
    msgs = list(mb)
    ok(len(msgs) == 2 and msgs[1]["Subject"] == "two", "Python mailbox reads both messages")
    mb.close()


def t_long_line():
    reset_box("alice")
    body = b"Subject: long\n\n" + b"x" * 200000 + b"\n" + bytes(range(1, 256)).replace(b"\n", b"") + b"\n"
    rc, out, err = run(["-f", "a@b", "alice"], body)
    who, rest = split_from(read("/var/mail/alice"))
    ok(rc == 0 and rest == body + b"\n", "200 kB line and every byte value preserved", err)


def t_unknown_user():
    rc, out, err = run(["-f", "a@b", "nosuchuser12345"], b"x\n")
    ok(rc == 67, "unknown user exits EX_NOUSER (67)", (rc, err))
    ok(b"User unknown" in err, "unknown user: message says so", err)
    rc, out, err = run(["-f", "a@b", "../etc/passwd"], b"x\n")
    ok(rc == 67, "a user name with a slash is unknown")


def t_refusals(t):
    target = "/var/mail/precious"  # same mount, so it can be hard-linked
    with open(target, "wb") as f:
        f.write(b"precious\n")
    os.chown(target, 5001, 5001)
    reset_box("alice")
    os.symlink(target, "/var/mail/alice")
    rc, out, err = run(["-f", "a@b", "alice"], b"Subject: x\n\nevil\n")
    ok(rc == 75 and read(target) == b"precious\n", "symlinked mailbox refused, EX_TEMPFAIL", (rc, err))
    ok(not os.path.exists("/var/mail/alice.lock"), "dot lock removed after a refusal")
    reset_box("alice")
    os.link(target, "/var/mail/alice")
    rc, out, err = run(["-f", "a@b", "alice"], b"Subject: x\n\nevil\n")
    ok(rc == 75 and read(target) == b"precious\n", "hard-linked mailbox refused", (rc, err))
    reset_box("alice")
    with open("/var/mail/alice", "wb") as f:
        f.write(b"")
    os.chown("/var/mail/alice", 5002, grp.getgrnam("mail").gr_gid)
    os.chmod("/var/mail/alice", 0o660)
    rc, out, err = run(["-f", "a@b", "alice"], b"Subject: x\n\nevil\n")
    ok(rc == 75 and os.path.getsize("/var/mail/alice") == 0,
       "mailbox owned by another user refused", (rc, err))
    reset_box("alice")
    os.mkfifo("/var/mail/alice")
    os.chown("/var/mail/alice", 5001, 5001)
    rc, out, err = run(["-f", "a@b", "alice"], b"x\n", timeout=30)
    ok(rc == 75, "a FIFO as mailbox is refused without blocking", (rc, err))
    reset_box("alice")
    # root's own files stay out of reach: alice cannot create through root's dir
    os.unlink(target)


def t_parallel():
    reset_box("bob")
    n = 40
    procs = []
    for i in range(n):
        body = ("Subject: msg %d\n\n" % i).encode() + (b"From line %d\n" % i) + b"y" * (5000 * (i % 7)) + b"\n"
        p = subprocess.Popen([ML, "-f", "p%d@x" % i, "bob"], stdin=subprocess.PIPE,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        procs.append((p, body))
    # write the bodies slowly-ish so the deliveries overlap
    for p, body in procs:
        p.stdin.write(body)
    for p, body in procs:
        p.stdin.close()
    rcs = [p.wait(timeout=120) for p, _ in procs]
    for p, _ in procs:
        p.stdout.close()
        p.stderr.close()
    ok(all(r == 0 for r in rcs), "%d parallel deliveries all exit 0" % n, rcs)
    mb = mailbox.mbox("/var/mail/bob")
    msgs = list(mb)
    mb.close()
    ok(len(msgs) == n, "Python mailbox counts %d messages" % n, len(msgs))
    seen = set()
    good = True
    for m in msgs:
        i = int(m["Subject"].split()[1])
        seen.add(i)
        want = (b">From line %d\n" % i) + b"y" * (5000 * (i % 7)) + b"\n"
        if m.get_payload(decode=False).encode("latin-1") != want + b"\n" and \
                m.get_payload(decode=False).encode("latin-1") != want:
            good = False
    ok(good and seen == set(range(n)), "no two deliveries interleaved")


def t_locks():
    reset_box("bob")
    lock = "/var/mail/bob.lock"
    with open(lock, "w") as f:
        f.write("99999\n")
    old = time.time() - 3600
    os.utime(lock, (old, old))
    rc, out, err = run(["-f", "a@b", "bob"], b"Subject: stale\n\nx\n")
    ok(rc == 0 and not os.path.exists(lock), "a stale dot lock (1 h old) is broken", (rc, err))
    # a fresh lock makes delivery wait until it goes away
    with open(lock, "w") as f:
        f.write("1\n")
    p = subprocess.Popen([ML, "-f", "a@b", "bob"], stdin=subprocess.PIPE,
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    p.stdin.write(b"Subject: waited\n\nx\n")
    p.stdin.close()
    time.sleep(1.0)
    still = p.poll() is None
    before = len(list(mailbox.mbox("/var/mail/bob")))
    os.unlink(lock)
    rc = p.wait(timeout=60)
    after = len(list(mailbox.mbox("/var/mail/bob")))
    ok(still and before == 1 and rc == 0 and after == 2, "delivery waits for a fresh dot lock, then delivers")
    # a held fcntl lock is respected too
    import fcntl
    fd = os.open("/var/mail/bob", os.O_RDWR)
    fcntl.lockf(fd, fcntl.LOCK_EX)
    p = subprocess.Popen([ML, "-f", "a@b", "bob"], stdin=subprocess.PIPE,
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    p.stdin.write(b"Subject: fcntl\n\nx\n")
    p.stdin.close()
    time.sleep(1.0)
    still = p.poll() is None
    size = os.path.getsize("/var/mail/bob")
    fcntl.lockf(fd, fcntl.LOCK_UN)
    os.close(fd)
    rc = p.wait(timeout=60)
    ok(still and rc == 0 and os.path.getsize("/var/mail/bob") > size,
       "delivery waits for an fcntl lock held by an MUA")


def t_enospc(t):
    small = t + "/small"
    os.makedirs(small)
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k,mode=2775,gid=%d" % grp.getgrnam("mail").gr_gid,
                    "tmpfs", small], check=True)
    try:
        rc, out, err = run(["-p", small, "-f", "a@b", "alice"], b"Subject: small\n\nok\n")
        before = read(small + "/alice")
        ok(rc == 0, "delivery into a small file system", err)
        rc, out, err = run(["-p", small, "-f", "a@b", "alice"], b"Subject: big\n\n" + b"z" * 200000 + b"\n")
        ok(rc == 75, "ENOSPC is a temporary failure (EX_TEMPFAIL)", (rc, err))
        ok(read(small + "/alice") == before, "mailbox truncated back: no partial message")
        ok(not os.path.exists(small + "/alice.lock"), "dot lock removed after ENOSPC")
        lm = lmtp_session(["-p", small], [b"LHLO x", b"MAIL FROM:<a@b>", b"RCPT TO:<alice>", b"DATA"],
                          b"Subject: big\r\n\r\n" + b"z" * 200000 + b"\r\n.\r\n", [b"QUIT"])
        ok(b"\n452 4.3.1 " in lm, "LMTP: ENOSPC gives 452 4.3.1", lm)
        ok(read(small + "/alice") == before, "LMTP: mailbox truncated back after ENOSPC")
    finally:
        subprocess.run(["umount", small])


def lmtp_session(opts, cmds, data, after):
    inp = b"".join(c + b"\r\n" for c in cmds) + data + b"".join(c + b"\r\n" for c in after)
    rc, out, err = run(["-l"] + opts, inp)
    return out


def t_lmtp():
    reset_box("alice")
    reset_box("bob")
    out = lmtp_session([], [b"LHLO client.example", b"MAIL FROM:<s@example.org> BODY=8BITMIME SIZE=100",
                            b"RCPT TO:<alice@localhost>", b"RCPT TO:<nosuchuser12345>", b"RCPT TO:<bob>", b"DATA"],
                       b"Subject: lmtp\r\n\r\n..dot\r\nFrom x\r\n.\r\n", [b"QUIT"])
    lines = out.decode("latin-1").split("\r\n")
    codes = [l[:4] for l in lines if l]
    ok(lines[0].startswith("220 "), "LMTP greeting 220", out)
    ok("250-ENHANCEDSTATUSCODES" in lines and "250 PIPELINING" in lines, "LHLO lists extensions")
    want = ["220 ", "250-", "250-", "250-", "250 ", "250 ", "250 ", "550 ", "250 ", "354 ", "250 ", "250 ", "221 "]
    ok(codes == want, "LMTP replies: one per accepted recipient after DATA", lines)
    ok(any(l.startswith("550 5.1.1 ") for l in lines), "unknown recipient: 550 5.1.1")
    for u in ("alice", "bob"):
        who, rest = split_from(read("/var/mail/" + u))
        ok(who == b"s@example.org" and rest == b"Subject: lmtp\n\n.dot\n>From x\n\n",
           "LMTP delivery to %s: dot-unstuffed, escaped" % u, rest)
    out = lmtp_session([], [b"MAIL FROM:<a@b>", b"LHLO x", b"RCPT TO:<alice>", b"DATA", b"MAIL FROM:<>",
                            b"MAIL FROM:<>", b"DATA", b"RSET", b"RCPT TO:<alice>", b"NOOP", b"HELO x",
                            b"BOGUS", b"X" * 5000, b"MAIL FROM:<>", b"RCPT TO:<alice>", b"DATA"],
                       b"Subject: bounce\r\n\r\nhi\r\n.\r\n", [b"QUIT"])
    lines = out.decode("latin-1").split("\r\n")
    codes = [l[:3] for l in lines if l]
    want = ["220", "503", "250", "250", "250", "250", "503", "503", "250", "503", "503", "250", "503", "250",
            "500", "500", "500", "250", "250", "354", "250", "221"]
    ok(codes == want, "LMTP sequencing errors, RSET, NOOP, long line, null sender", lines)
    box = read("/var/mail/alice")
    ok(b"\nFrom MAILER-DAEMON " in box, "null sender becomes MAILER-DAEMON in the From_ line")
    # pipelined session, two transactions, client closing without QUIT
    reset_box("alice")
    inp = (b"LHLO x\r\nMAIL FROM:<a@b>\r\nRCPT TO:<alice>\r\nDATA\r\nSubject: 1\r\n\r\none\r\n.\r\n"
           b"MAIL FROM:<c@d>\r\nRCPT TO:<alice>\r\nDATA\r\nSubject: 2\r\n\r\ntwo\r\n.\r\n")
    rc, out, err = run(["-l"], inp)
    mb = mailbox.mbox("/var/mail/alice")
    subs = [m["Subject"] for m in mb]
    mb.close()
    ok(rc == 0 and subs == ["1", "2"], "pipelined LMTP: two transactions in one session", (rc, subs, out))
    rc, out, err = run(["-l"], b"LHLO x\r\nMAIL FROM:<a@b>\r\nRCPT TO:<alice>\r\nDATA\r\nSubject: cut\r\n")
    mb = mailbox.mbox("/var/mail/alice")
    n = len(list(mb))
    mb.close()
    ok(n == 2, "LMTP input ending inside DATA delivers nothing", (rc, out))


def t_maildir():
    reset_box("alice")
    msg = b"Subject: md\r\n\r\nFrom x\r\nbody\r\n"
    rc, out, err = run(["-M", "-f", "a@b", "alice"], msg)
    ok(rc == 0, "Maildir delivery exits 0", err)
    base = "/var/mail/alice"
    new = os.listdir(base + "/new") if os.path.isdir(base + "/new") else []
    ok(len(new) == 1 and os.listdir(base + "/tmp") == [] and os.path.isdir(base + "/cur"),
       "one file in new/, tmp/ empty, cur/ exists")
    if new:
        ok(read(base + "/new/" + new[0]) == b"Subject: md\n\nFrom x\nbody\n",
           "Maildir file is the message, LF line ends, no From_ line or escaping")
        st = os.stat(base + "/new/" + new[0])
        ok(st.st_uid == 5001 and stat.S_IMODE(st.st_mode) == 0o600, "Maildir file owned by alice, 0600")
    for i in range(5):
        run(["-M", "-f", "a@b", "alice"], msg)
    ok(len(os.listdir(base + "/new")) == 6, "six deliveries make six unique files")
    md = mailbox.Maildir(base, create=False)
    ok(len(md) == 6, "Python mailbox.Maildir reads them")
    reset_box("alice")
    out = lmtp_session(["-M"], [b"LHLO x", b"MAIL FROM:<a@b>", b"RCPT TO:<alice>", b"DATA"],
                       b"Subject: md\r\n\r\nx\r\n.\r\n", [b"QUIT"])
    ok(b"\r\n250 2.0.0 " in out and len(os.listdir(base + "/new")) == 1, "Maildir over LMTP", out)
    # -h Maildir/ in the home directory
    home = pwd.getpwnam("bob").pw_dir
    rc, out, err = run(["-h", "Maildir/", "-f", "a@b", "bob"], msg)
    ok(rc == 0 and len(os.listdir(home + "/Maildir/new")) == 1, "-h Maildir/ delivers into ~/Maildir", err)
    rc, out, err = run(["-h", "mbox", "-f", "a@b", "bob"], msg)
    ok(rc == 0 and split_from(read(home + "/mbox"))[0] == b"a@b", "-h mbox delivers into ~/mbox", err)
    reset_box("alice")


def main():
    t = setup_namespace()
    try:
        t_basic()
        t_long_line()
        t_unknown_user()
        t_refusals(t)
        t_parallel()
        t_locks()
        t_lmtp()
        t_enospc(t)
        t_maildir()
    finally:
        shutil.rmtree(t, ignore_errors=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
