#!/usr/bin/python3
"""test_daemon_tls - STARTTLS, SMTPS and AUTH in the daemon, with real clients.

Runs as root inside a network namespace of its own (the script
re-executes itself under `unshare -n`): lo up with 127.0.0.1 plus
192.0.2.10/32 (the server's outside address) and 198.51.100.25/32 (an
outside client's source address).  DontProbeInterfaces=True keeps those
out of class w, so a client from 198.51.100.25 is a stranger to the
.cf's relay rules, while 127.0.0.1 may relay ("originated locally").

The world: build/itest/daemon_tls, a .cf made by m4 from cf/sendmail.mc
(MTA port, MSA port with M=Ea) plus an SMTPS port (M=s), a certificate
and key made now by openssl req (key root-only 0600), Cyrus SASL with a
Sendmail.conf of its own (SASL_CONF_PATH) and a sasldb made with
saslpasswd2 (user alice, readable by the front end's user only), and
AuthMechanisms=PLAIN LOGIN CRAM-MD5, AuthOptions=p, TrustAuthMech.

Checks: STARTTLS announced, PLAIN/LOGIN only after it; Python smtplib
STARTTLS + AUTH PLAIN and LOGIN + a message whose Received line shows
TLS and AUTH; a wrong password; openssl s_client -starttls smtp and
-connect to the SMTPS port; swaks with TLS and AUTH (STARTTLS and
SMTPS); the CVE-2011-0411 injection ("STARTTLS\\r\\nRSET\\r\\n" and a
MAIL FROM in one write: not executed, no transaction state after the
handshake); a client that breaks the handshake (garbage, half a
ClientHello then silence past Timeout.starttls, close midway) while
others are served; relaying to a non-local domain refused without AUTH
and accepted after it from the outside address; the MSA port refusing
MAIL without AUTH (530) and taking it after; the front end never died;
no sanitizer report.

Every process started here is stopped by pid; every wait is bounded.
"""
import os
import shutil
import signal
import smtplib
import socket
import ssl
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "lib"))
import bsworld  # noqa: E402
from dworld import read, wait_until  # noqa: E402

T = bsworld.Tap()
INSIDE = "TERN_DAEMON_TLS_NETNS"
SERVER_OUT = "192.0.2.10"
CLIENT_OUT = "198.51.100.25"
USER, PASSWORD, REALM = "alice", "s3cret-pw", "mx.example.com"
SWAKS = os.path.join(bsworld.REPO, "build", "peers", "root", "usr", "bin",
                     "swaks")


def enter_netns():
    """Re-run under unshare -n once; False after a skip line."""
    if os.environ.get(INSIDE) == "1":
        return True
    if os.geteuid() != 0:
        print("ok - skipped: needs root (unshare -n)")
        return False
    env = dict(os.environ)
    env[INSIDE] = "1"
    try:
        r = subprocess.run(["unshare", "-n", "--", sys.executable,
                            os.path.abspath(sys.argv[0])], env=env,
                           timeout=600)
    except subprocess.TimeoutExpired:
        print("not ok - the test inside its namespace timed out")
        sys.exit(1)
    sys.exit(r.returncode)


def net_setup():
    for cmd in (["ip", "link", "set", "lo", "up"],
                ["ip", "addr", "add", SERVER_OUT + "/32", "dev", "lo"],
                ["ip", "addr", "add", CLIENT_OUT + "/32", "dev", "lo"]):
        subprocess.run(cmd, check=True, timeout=30)


def free_port(taken):
    while True:
        s = socket.socket()
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
        s.close()
        if port not in taken:
            taken.add(port)
            return port






def listening(port, host="127.0.0.1"):
    try:
        socket.create_connection((host, port), timeout=2).close()
        return True
    except OSError:
        return False


def make_world():
    w = bsworld.World("daemon_tls")
    taken = set()
    w.smtp, w.msa, w.smtps = (free_port(taken), free_port(taken),
                              free_port(taken))
    tls = os.path.join(w.prefix, "etc", "mail", "tls")
    os.makedirs(tls, mode=0o755)
    w.cert, w.key = os.path.join(tls, "cert.pem"), os.path.join(tls, "key.pem")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048",
                    "-nodes", "-keyout", w.key, "-out", w.cert, "-days", "2",
                    "-subj", "/CN=" + REALM], check=True, timeout=120,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    os.chmod(w.key, 0o600)
    os.chmod(w.cert, 0o644)
    # Cyrus SASL: its own Sendmail.conf and sasldb
    w.sasl = os.path.join(w.prefix, "etc", "sasl2")
    os.makedirs(w.sasl, mode=0o755)
    db = os.path.join(w.sasl, "sasldb2")
    with open(os.path.join(w.sasl, "Sendmail.conf"), "w") as f:
        f.write("pwcheck_method: auxprop\nauxprop_plugin: sasldb\n"
                "sasldb_path: %s\nmech_list: PLAIN LOGIN CRAM-MD5\n" % db)
    subprocess.run(["/usr/sbin/saslpasswd2", "-f", db, "-p", "-c", "-u",
                    REALM, USER], input=PASSWORD.encode(), check=True,
                   timeout=60)
    # the front end runs as DefaultUser (nobody) and opens it per lookup
    os.chown(db, 65534, 65534)
    os.chmod(db, 0o600)
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
        for line in ("O DeliveryMode=q",
                     "O DontProbeInterfaces=True",
                     "O DaemonPortOptions=Port=%d, Name=SMTPS, M=s" % w.smtps,
                     "O ServerCertFile=" + w.cert,
                     "O ServerKeyFile=" + w.key,
                     "O AuthMechanisms=PLAIN LOGIN CRAM-MD5",
                     "O AuthOptions=p",
                     "O AuthRealm=" + REALM,
                     "O Timeout.starttls=3s",
                     "C{TrustAuthMech}PLAIN LOGIN CRAM-MD5"):
            f.write(line.encode() + b"\n")
    os.chmod(w.cf, 0o644)
    w.log = os.path.join(w.prefix, "maillog")
    return w


def env(w):
    e = dict(os.environ)
    e.update(bsworld.SAN_ENV)
    e["TERN_LOG_FILE"] = w.log
    e["SASL_CONF_PATH"] = w.sasl
    return e


def tls_ctx():
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    ctx.check_hostname = False
    ctx.verify_mode = ssl.CERT_NONE
    return ctx


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


def front_end(pid):
    fe = [k for k in children_of(pid) if uids(k) and uids(k)[0] != 0]
    return fe[0] if len(fe) == 1 else None


class Raw:
    """A line-oriented SMTP client on a socket that may turn to TLS."""

    def __init__(self, port, host="127.0.0.1", source=None):
        self.sock = socket.create_connection(
            (host, port), timeout=20,
            source_address=(source, 0) if source else None)
        self.buf = b""

    def send(self, data):
        self.sock.sendall(data)

    def reply(self):
        lines = []
        while True:
            while b"\n" not in self.buf:
                chunk = self.sock.recv(65536)
                if not chunk:
                    return 0, lines
                self.buf += chunk
            line, self.buf = self.buf.split(b"\n", 1)
            line = line.rstrip(b"\r").decode("latin-1")
            lines.append(line)
            if len(line) < 4 or line[3] != "-":
                return int(line[:3]) if line[:3].isdigit() else -1, lines

    def cmd(self, line):
        self.send(line.encode() + b"\r\n")
        return self.reply()

    def starttls(self):
        self.sock = tls_ctx().wrap_socket(self.sock)

    def pending(self, seconds=1.0):
        """What arrives within seconds without asking (b"" if nothing)."""
        self.sock.settimeout(seconds)
        try:
            data = self.buf + self.sock.recv(65536)
        except (socket.timeout, ssl.SSLError):
            data = self.buf
        self.buf = b""
        self.sock.settimeout(20)
        return data

    def close(self):
        try:
            self.sock.close()
        except OSError:
            pass


def smtp(port, host="127.0.0.1", source=None):
    return smtplib.SMTP(host, port, timeout=20,
                        source_address=(source, 0) if source else None)


def auth(s, mech):
    s.user, s.password = USER, PASSWORD
    fn = {"PLAIN": s.auth_plain, "LOGIN": s.auth_login}[mech]
    try:
        return s.auth(mech, fn, initial_response_ok=(mech == "PLAIN"))
    except smtplib.SMTPAuthenticationError as e:
        return e.smtp_code, e.smtp_error


def qf_of(w, qid):
    return read(os.path.join(w.queue, "qf" + qid))


def check_starttls_auth(w):
    s = smtp(w.smtp)
    s.ehlo("client.example.org")
    T.check(s.has_extn("starttls"), "EHLO announces STARTTLS",
            s.esmtp_features)
    T.check(s.esmtp_features.get("auth", "").split() == ["CRAM-MD5"],
            "before TLS (AuthOptions=p) AUTH offers CRAM-MD5 only",
            s.esmtp_features)
    code, _ = s.starttls(context=tls_ctx())
    T.check(code == 220, "smtplib STARTTLS: 220 and a handshake", code)
    s.ehlo("client.example.org")
    T.check(not s.has_extn("starttls") and
            s.esmtp_features.get("auth", "").split() ==
            ["PLAIN", "LOGIN", "CRAM-MD5"],
            "after TLS: no STARTTLS, AUTH PLAIN LOGIN CRAM-MD5",
            s.esmtp_features)
    code, text = auth(s, "PLAIN")
    T.check(code == 235, "smtplib AUTH PLAIN with the sasldb user: 235",
            (code, text, read(w.log)[-2000:]))
    s.mail("alice@localhost")
    s.rcpt("root@localhost")
    code, text = s.data(b"Subject: tls+auth\r\n\r\nhello over TLS\r\n")
    s.quit()
    qid = text.decode().split()[1] if code == 250 else "?"
    qf = qf_of(w, qid)
    T.check(code == 250 and qf, "a message over TLS after AUTH is queued",
            (code, text))
    T.check("(version=TLSv1" in qf and "verify=NO" in qf and
            "authenticated bits=0" in qf,
            "its Received line has ${tls_version} ${verify} and "
            "${auth_type}/${auth_ssf} (the session's TLS and AUTH macros)",
            qf)
    T.check("STARTTLS=server, relay=[127.0.0.1], version=TLSv1" in
            read(w.log), "the handshake is logged (STARTTLS=server, ...)",
            read(w.log)[-1500:])

    s = smtp(w.smtp)
    s.starttls(context=tls_ctx())
    s.ehlo("client.example.org")
    code, _ = auth(s, "LOGIN")
    T.check(code == 235, "smtplib AUTH LOGIN after STARTTLS: 235", code)
    s.quit()

    s = smtp(w.smtp)
    s.starttls(context=tls_ctx())
    s.ehlo("client.example.org")
    s.user, s.password = USER, "wrong"
    try:
        code = s.auth("PLAIN", s.auth_plain)[0]
    except smtplib.SMTPAuthenticationError as e:
        code = e.smtp_code
    T.check(code == 535, "a wrong password: 535", code)
    s.quit()


def s_client(args, lines, timeout=60):
    """openssl s_client, one line at a time: EHLO may not be pipelined
    (the engine's stuffing check, as sendmail 8.18)"""
    p = subprocess.Popen(["openssl", "s_client", "-quiet", "-ign_eof",
                          "-crlf"] + args, stdin=subprocess.PIPE,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        for line in lines:
            time.sleep(1.5)
            p.stdin.write(line)
            p.stdin.flush()
        out, _ = p.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        p.kill()
        out, _ = p.communicate(timeout=30)
    return p.returncode, out.decode(errors="replace")


def check_openssl(w):
    rc, out = s_client(["-starttls", "smtp", "-connect",
                        "127.0.0.1:%d" % w.smtp],
                       [b"EHLO openssl.example.org\n", b"QUIT\n"])
    T.check("250-AUTH PLAIN LOGIN CRAM-MD5" in out and "221 2.0.0" in out,
            "openssl s_client -starttls smtp: EHLO over TLS offers "
            "PLAIN, QUIT answered", out)
    rc, out = s_client(["-connect", "127.0.0.1:%d" % w.smtps],
                       [b"EHLO openssl.example.org\n", b"QUIT\n"])
    T.check(out.startswith("220 ") and "250-AUTH PLAIN LOGIN CRAM-MD5" in out
            and "STARTTLS" not in out and "221 2.0.0" in out,
            "openssl s_client -connect to the SMTPS port (M=s): greeting "
            "over TLS, PLAIN offered, no STARTTLS", out)


def check_smtps_smtplib(w):
    s = smtplib.SMTP_SSL("127.0.0.1", w.smtps, timeout=20, context=tls_ctx())
    s.ehlo("client.example.org")
    code, _ = auth(s, "PLAIN")
    s.mail("alice@localhost")
    s.rcpt("root@localhost")
    dcode, _ = s.data(b"Subject: smtps\r\n\r\nhello\r\n")
    s.quit()
    T.check(code == 235 and dcode == 250,
            "smtplib SMTP_SSL on the SMTPS port: AUTH PLAIN, message "
            "accepted", (code, dcode))


def check_swaks(w):
    if not os.path.exists(SWAKS):
        subprocess.run([os.path.join(bsworld.REPO, "scripts", "peers.sh"),
                        "swaks"], stdout=subprocess.DEVNULL, timeout=300)
    if not os.path.exists(SWAKS):
        T.check(False, "swaks available (scripts/peers.sh swaks)")
        return
    common = ["--from", "alice@localhost", "--to", "root@localhost",
              "--helo", "swaks.example.org", "--auth", "PLAIN",
              "--auth-user", USER, "--auth-password", PASSWORD,
              "--timeout", "20"]
    r = subprocess.run([SWAKS, "--server", "127.0.0.1", "--port",
                        str(w.smtp), "--tls"] + common,
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                       timeout=120)
    out = r.stdout.decode(errors="replace")
    T.check(r.returncode == 0 and "<~  235 2.0.0 OK Authenticated" in out
            and "<~  250 2.0.0" in out,
            "swaks --tls --auth PLAIN: STARTTLS, 235, message accepted",
            out[-1500:])
    r = subprocess.run([SWAKS, "--server", "127.0.0.1", "--port",
                        str(w.smtps), "--tlsc", "--auth", "LOGIN"] +
                       common[:-6] + ["--auth-user", USER, "--auth-password",
                                      PASSWORD, "--timeout", "20"],
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                       timeout=120)
    out = r.stdout.decode(errors="replace")
    T.check(r.returncode == 0 and "<~  235 2.0.0 OK Authenticated" in out
            and "<~  250 2.0.0" in out,
            "swaks --tlsc (SMTPS) --auth LOGIN: 235, message accepted",
            out[-1500:])


def check_injection(w):
    """CVE-2011-0411: commands pipelined behind STARTTLS never run."""
    c = Raw(w.smtp)
    c.reply()
    c.cmd("EHLO inject.example.org")
    c.send(b"STARTTLS\r\nRSET\r\n")
    code, lines = c.reply()
    T.check(code == 220, "injection: STARTTLS answered 220", lines)
    T.check(c.buf == b"", "injection: nothing after the 220 in clear",
            c.buf)
    c.starttls()
    extra = c.pending(1.5)
    T.check(extra == b"", "injection: the pipelined RSET got no reply, "
            "neither in clear nor after the handshake", extra)
    code, lines = c.cmd("NOOP")
    T.check(code == 250 and lines == ["250 2.0.0 OK"],
            "injection: the first reply over TLS answers our NOOP", lines)
    c.close()

    c = Raw(w.smtp)
    c.reply()
    c.cmd("EHLO inject.example.org")
    c.send(b"STARTTLS\r\nMAIL FROM:<evil@example.org>\r\n"
           b"RCPT TO:<root@localhost>\r\n")
    code, _ = c.reply()
    c.starttls()
    extra = c.pending(1.5)
    code2, lines = c.cmd("EHLO inject.example.org")
    code3, lines3 = c.cmd("RCPT TO:<root@localhost>")
    T.check(code == 220 and extra == b"" and code2 == 250 and
            code3 == 503 and "MAIL" in lines3[-1],
            "injection: MAIL FROM pipelined behind STARTTLS left no "
            "transaction (RCPT after the handshake: 503 need MAIL)",
            (code, extra, lines, lines3))
    code4, _ = c.cmd("MAIL FROM:<good@example.org>")
    T.check(code4 == 250, "injection: a fresh MAIL works after that", code4)
    c.close()

    # more than one read: what the engine was given after STARTTLS is
    # dropped by it, what the front end still holds by fe_tls_start, and
    # what arrives later goes to the handshake (which it breaks)
    c = Raw(w.smtp)
    c.reply()
    c.cmd("EHLO inject.example.org")
    c.send(b"STARTTLS\r\n" + b"RSET\r\n" * 8000)
    code, lines = c.reply()
    try:
        c.starttls()
        extra = c.pending(1.5)
    except (OSError, ssl.SSLError):
        extra = b""	# the rest was taken as a broken handshake: also fine
    T.check(code == 220 and c.buf == b"" and b"Reset" not in extra,
            "injection: 48 KiB of RSET behind STARTTLS: none answered",
            (lines, c.buf[:80], extra[:80]))
    c.close()


def check_broken_handshakes(w, pid):
    fe = front_end(pid)
    # garbage instead of a ClientHello
    c = Raw(w.smtp)
    c.reply()
    c.cmd("EHLO broken.example.org")
    c.cmd("STARTTLS")
    c.send(b"GET / HTTP/1.0\r\n\r\n" * 4)
    c.sock.settimeout(10)
    try:
        got = c.sock.recv(4096)
        while got and b"HTTP" not in got and b"250" not in got:
            more = c.sock.recv(4096)
            if not more:
                break
            got += more
    except OSError:
        got = b""
    T.check(b"250" not in got and b"500" not in got,
            "garbage after STARTTLS: no SMTP reply in clear, connection "
            "closed", got)
    c.close()

    # half a ClientHello, then silence: Timeout.starttls (3 s) ends it,
    # and meanwhile another client is served
    stall = Raw(w.smtp)
    stall.reply()
    stall.cmd("EHLO stall.example.org")
    stall.cmd("STARTTLS")
    stall.send(b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03")
    t0 = time.time()
    s = smtp(w.smtp)
    s.starttls(context=tls_ctx())
    s.ehlo("other.example.org")
    ok = auth(s, "PLAIN")[0] == 235
    s.quit()
    T.check(ok and time.time() - t0 < 3,
            "while a handshake stalls another client is served (TLS+AUTH)")
    stall.sock.settimeout(15)
    try:
        rest = stall.sock.recv(4096)
        while rest:
            rest = stall.sock.recv(4096)
        closed = True
    except OSError:
        closed = False
    took = time.time() - t0
    T.check(closed and 2 <= took < 12,
            "the stalled handshake is closed after Timeout.starttls",
            (closed, took))
    T.check("Timeout.starttls" in read(w.log),
            "the handshake timeout is logged", read(w.log)[-1000:])
    stall.close()

    # a real client that drops the connection midway
    c = Raw(w.smtp)
    c.reply()
    c.cmd("EHLO midway.example.org")
    c.cmd("STARTTLS")
    # a real ClientHello, the server's first flight read, then gone
    inb, outb = ssl.MemoryBIO(), ssl.MemoryBIO()
    obj = tls_ctx().wrap_bio(inb, outb)
    try:
        obj.do_handshake()
    except ssl.SSLWantReadError:
        pass
    c.send(outb.read())
    c.sock.settimeout(10)
    try:
        flight = c.sock.recv(65536)
    except OSError:
        flight = b""
    T.check(flight[:1] == b"\x16",
            "a client leaving midway got the server's handshake records",
            flight[:16])
    c.close()
    time.sleep(0.5)
    T.check(front_end(pid) == fe and fe is not None,
            "after broken handshakes the same front end process serves",
            (fe, front_end(pid)))
    code = smtp(w.smtp).ehlo("after.example.org")[0]
    T.check(code == 250, "a plain session works after them", code)


def check_relay(w):
    # from 127.0.0.1: "originated locally", relaying allowed
    s = smtp(w.smtp)
    s.ehlo("local.example.org")
    s.mail("alice@example.org")
    code = s.rcpt("bob@far-away.example")[0]
    s.quit()
    T.check(code == 250, "from 127.0.0.1 relaying is allowed (baseline)",
            code)
    # from the outside address: refused without AUTH
    s = smtp(w.smtp, SERVER_OUT, CLIENT_OUT)
    s.ehlo("outside.example.org")
    s.mail("alice@example.org")
    code, text = s.rcpt("bob@far-away.example")
    T.check(code == 550 and b"Relaying denied" in text,
            "from %s without AUTH: relaying denied (550 5.7.1)" % CLIENT_OUT,
            (code, text))
    code = s.rcpt("root@localhost")[0]
    T.check(code == 250, "from outside without AUTH a local recipient is "
            "fine", code)
    s.quit()
    # after STARTTLS + AUTH: accepted
    s = smtp(w.smtp, SERVER_OUT, CLIENT_OUT)
    s.ehlo("outside.example.org")
    s.starttls(context=tls_ctx())
    s.ehlo("outside.example.org")
    acode = auth(s, "PLAIN")[0]
    s.mail("alice@example.org")
    code, text = s.rcpt("bob@far-away.example")
    dcode, dtext = s.data(b"Subject: relayed\r\n\r\nvia AUTH\r\n")
    s.quit()
    T.check(acode == 235 and code == 250 and dcode == 250,
            "from %s after STARTTLS + AUTH: relaying to a non-local domain "
            "accepted (TrustAuthMech)" % CLIENT_OUT,
            (acode, code, text, dcode, dtext))


def check_msa(w):
    s = smtp(w.msa, SERVER_OUT, CLIENT_OUT)
    s.ehlo("mua.example.org")
    code, text = s.mail("alice@example.org")
    T.check((code, text) == (530, b"5.7.0 Authentication required"),
            "MSA port (M=Ea): MAIL without AUTH is 530 5.7.0",
            (code, text))
    s.starttls(context=tls_ctx())
    s.ehlo("mua.example.org")
    acode = auth(s, "LOGIN")[0]
    code = s.mail("alice@example.org")[0]
    rcode = s.rcpt("bob@far-away.example")[0]
    dcode = s.data(b"Subject: submitted\r\n\r\nhi\r\n")[0]
    s.quit()
    T.check((acode, code, rcode, dcode) == (235, 250, 250, 250),
            "MSA port after STARTTLS + AUTH LOGIN: MAIL, RCPT to a "
            "non-local domain and DATA accepted", (acode, code, rcode, dcode))


def run(w):
    argv = [w.sendmail, "-C", w.cf, "-L", "sm-mta", "-bD", "-q1h"]
    p = subprocess.Popen(argv, stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, env=env(w))
    try:
        up = wait_until(lambda: all(listening(x) for x in
                                    (w.smtp, w.msa, w.smtps)), 30)
        T.check(up, "-bD: the MTA, MSA and SMTPS ports listen", read(w.log))
        if not up:
            return
        # the front end (nobody) appends its lines to the test's log
        # copy too; the master created it 0600
        os.chmod(w.log, 0o666)
        time.sleep(0.3)
        fe = front_end(p.pid)
        check_starttls_auth(w)
        check_openssl(w)
        check_smtps_smtplib(w)
        check_swaks(w)
        check_injection(w)
        check_broken_handshakes(w, p.pid)
        check_relay(w)
        check_msa(w)
        T.check(fe is not None and front_end(p.pid) == fe,
                "the front end never restarted", read(w.log)[-2000:])
        p.send_signal(signal.SIGTERM)
        try:
            rc = p.wait(60)
        except subprocess.TimeoutExpired:
            rc = None
        T.check(rc == 0, "SIGTERM: exit 0", rc)
        err = p.stderr.read().decode(errors="replace")
        T.check("ERROR: AddressSanitizer" not in err and
                "runtime error" not in err, "no sanitizer report", err)
    finally:
        if p.poll() is None:
            for k in children_of(p.pid):
                os.kill(k, signal.SIGKILL)
            p.kill()
            p.wait(30)


def main():
    if not enter_netns():
        return
    for prog in ("/usr/sbin/saslpasswd2", shutil.which("openssl")):
        if not prog or not os.path.exists(prog):
            print("ok - skipped: %s missing (scripts/deps.sh)" % prog)
            return
    net_setup()
    w = make_world()
    run(w)
    T.exit()


main()
