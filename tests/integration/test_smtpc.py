#!/usr/bin/python3
"""test_smtpc.py - the SMTP client (src/smtpc) and resolver (src/dns)
against real peers on loopback: Postfix's smtp-sink (the message byte for
byte), scripted SMTP servers (per-recipient 4xx/5xx, 421 greeting, HELO
fallback, SIZE, 8BITMIME, malformed replies, timeouts, STARTTLS with a
self-signed certificate made here, CVE-2011-0411 injection, AUTH), and
dnsmasq serving an MX zone whose primary MX is down.

The driver is build/san/tests/test_smtpc_send (tests/unit/test_smtpc_send.c).
Every server and process started here is stopped by pid or by closing
its socket; every wait is bounded."""
import base64, os, shutil, socket, ssl, subprocess, sys, tempfile
import threading, time

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
BUILD = os.environ.get("TERN_BUILD", os.path.join(ROOT, "build"))
DRV = os.path.join(BUILD, "san", "tests", "test_smtpc_send")
TMP = tempfile.mkdtemp(prefix="smtpc.")
FAILED = 0


def ok(cond, what, detail=""):
    global FAILED
    if cond:
        print("ok - " + what)
    else:
        FAILED += 1
        print("not ok - " + what)
        if detail:
            for line in str(detail).splitlines()[:40]:
                print("#   " + line)


def fam(addr):
    return socket.AF_INET6 if ":" in addr else socket.AF_INET


def free_port(addr="127.0.0.1", kind=socket.SOCK_STREAM):
    s = socket.socket(fam(addr), kind)
    s.bind((addr, 0))
    p = s.getsockname()[1]
    s.close()
    return p


def drive(*args, timeout=60, env=None):
    """run the driver: (dict of results, rcpt lines by address, stderr)"""
    e = dict(os.environ)
    e["ASAN_OPTIONS"] = "detect_leaks=1"
    if env:
        e.update(env)
    p = subprocess.run([DRV] + list(args), capture_output=True, text=True,
                       timeout=timeout, env=e)
    res, rcpts = {}, {}
    for line in p.stdout.splitlines():
        if line.startswith("rcpt "):
            addr, rest = line[5:].split(" ", 1)
            d = {}
            for kv in ("exit", "code", "status"):
                d[kv] = rest.split(kv + "=", 1)[1].split(" ", 1)[0]
            d["reply"] = rest.split("reply=", 1)[1]
            rcpts[addr] = d
        elif line.startswith("rc="):
            res["rc"] = int(line[3:])
        elif line.startswith("relay="):
            res["relay"] = line[6:]
        elif line.startswith("code="):
            res["code"] = line.split()[0][5:]
            res["status"] = line.split()[1][7:]
            res["reply"] = line.split("reply=", 1)[1]
        elif line.startswith("verify="):
            for w in line.split():
                k, v = w.split("=", 1)
                res[k] = v
    res["stderr"] = p.stderr
    res["stdout"] = p.stdout
    res["exit"] = p.returncode
    return res, rcpts


def clean(res):
    """the driver exited 0 and the sanitizers said nothing"""
    return res["exit"] == 0 and "Sanitizer" not in res["stderr"]


# ------------------------------------------------------------ scripted server
class Server:
    """A one-thread SMTP server whose replies come from a dict:
    greet, ehlo (list of lines or None: 502), helo, mail, rcpt (dict
    addr -> reply), data, final, starttls (an SSLContext), inject (bytes
    sent right after "220 go" to STARTTLS), auth (True: offer PLAIN
    LOGIN after TLS), auth_reply (the answer to AUTH, default 235),
    silent (never greet).  Records what it saw."""

    def __init__(self, addr="127.0.0.1", port=None, **cfg):
        self.cfg = cfg
        self.addr = addr
        self.port = port or free_port(addr)
        self.ls = socket.socket(fam(addr), socket.SOCK_STREAM)
        self.ls.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.ls.bind((addr, self.port))
        self.ls.listen(5)
        self.ls.settimeout(0.2)
        self.cmds, self.data, self.tls, self.sni, self.auth = [], b"", False, None, []
        self.conns = 0
        self.stop_flag = False
        self.t = threading.Thread(target=self.run, daemon=True)
        self.t.start()

    def stop(self):
        self.stop_flag = True
        self.t.join(10)
        self.ls.close()

    def run(self):
        deadline = time.time() + 60
        while not self.stop_flag and time.time() < deadline:
            try:
                c, _ = self.ls.accept()
            except socket.timeout:
                continue
            except OSError:
                return
            self.conns += 1
            c.settimeout(10)
            try:
                self.session(c)
            except (OSError, ssl.SSLError, ValueError):
                pass
            finally:
                c.close()

    def session(self, sock):
        cfg = self.cfg
        buf = [b""]

        def send(s):
            sock.sendall(s if isinstance(s, bytes) else (s + "\r\n").encode())

        def line():
            while b"\n" not in buf[0]:
                d = sock.recv(4096)
                if not d:
                    raise ValueError("eof")
                buf[0] += d
            l, buf[0] = buf[0].split(b"\n", 1)
            return l.rstrip(b"\r").decode("latin-1")

        if cfg.get("silent"):
            time.sleep(cfg["silent"])
            return
        send(cfg.get("greet", "220 scripted ESMTP"))
        if not cfg.get("greet", "220").startswith("2"):
            try:
                line()
            except (OSError, ValueError):
                pass
            return
        while True:
            cmd = line()
            self.cmds.append(cmd)
            verb = cmd.split(" ", 1)[0].upper()
            if verb == "EHLO":
                e = cfg.get("ehlo", ["250-scripted", "250-PIPELINING",
                                     "250-8BITMIME", "250-DSN",
                                     "250 ENHANCEDSTATUSCODES"])
                if e is None:
                    send("502 5.5.1 no EHLO here")
                    continue
                e = list(e)
                if cfg.get("starttls") and not self.tls:
                    e.insert(1, "250-STARTTLS")
                if cfg.get("auth") and (self.tls or cfg.get("auth_clear")):
                    e.insert(1, "250-AUTH PLAIN LOGIN")
                send("\r\n".join(e))
            elif verb == "HELO":
                send(cfg.get("helo", "250 scripted"))
            elif verb == "STARTTLS":
                send(b"220 2.0.0 go\r\n" + cfg.get("inject", b""))
                buf[0] = b""
                sock = cfg["starttls"].wrap_socket(sock, server_side=True)
                self.tls = True
            elif verb == "AUTH":
                parts = cmd.split()
                if parts[1].upper() == "PLAIN":
                    self.auth.append(("PLAIN", base64.b64decode(parts[2])))
                else:
                    send("334 VXNlcm5hbWU6")
                    u = base64.b64decode(line())
                    send("334 UGFzc3dvcmQ6")
                    p = base64.b64decode(line())
                    self.auth.append(("LOGIN", u + b":" + p))
                send(cfg.get("auth_reply",
                             "235 2.7.0 Authentication successful"))
            elif verb == "MAIL":
                send(cfg.get("mail", "250 2.1.0 Ok"))
            elif verb == "RCPT":
                a = cmd.split("<", 1)[1].split(">", 1)[0]
                send(cfg.get("rcpt", {}).get(a, "250 2.1.5 Ok"))
            elif verb == "DATA":
                send(cfg.get("data", "354 go ahead"))
                if not cfg.get("data", "354").startswith("354"):
                    continue
                raw = b""
                while not raw.endswith(b"\r\n.\r\n") and raw != b".\r\n":
                    while b"\n" not in buf[0]:
                        d = sock.recv(65536)
                        if not d:
                            raise ValueError("eof in data")
                        buf[0] += d
                    l, buf[0] = buf[0].split(b"\n", 1)
                    raw += l + b"\n"
                self.data = raw
                send(cfg.get("final", "250 2.0.0 queued as X1"))
            elif verb == "QUIT":
                send("221 2.0.0 bye")
                return
            elif verb == "RSET":
                send("250 2.0.0 ok")
            else:
                send("500 5.5.2 what?")


def write(name, data):
    p = os.path.join(TMP, name)
    with open(p, "wb") as f:
        f.write(data)
    return p


HDR = write("hdr", b"From: a@example.org\nTo: r1@example.net\nSubject: test\n")
BODY = write("body", b"first line\n.leading dot\n..two\nwith \r\n crlf\n.\nlast no newline")
WIRE = (b"From: a@example.org\r\nTo: r1@example.net\r\nSubject: test\r\n\r\n"
        b"first line\r\n..leading dot\r\n...two\r\nwith \r\n crlf\r\n..\r\n"
        b"last no newline\r\n.\r\n")


def lit(addr):
    return "[" + addr + "]"


# ------------------------------------------------------------ the tests
def test_scripted():
    s = Server(rcpt={"temp@x": "450 4.2.1 try later",
                     "gone@x": "550 5.1.1 <gone@x>... User unknown"})
    r, rc = drive("--hosts", lit("127.0.0.1"), "--nomx", "--port", str(s.port),
                  "--from", "a@example.org", "--to", "ok@x", "--to", "temp@x",
                  "--to", "gone@x", "--headers", HDR, "--body", BODY,
                  "--size", "120", "--body-type", "8BITMIME", "--notls")
    s.stop()
    ok(clean(r), "scripted: driver clean", r["stderr"])
    ok(r.get("rc") == 0, "scripted: rc EX_OK when some are delivered", r["stdout"])
    ok(rc.get("ok@x", {}).get("exit") == "0" and rc["ok@x"]["reply"] ==
       "250 2.0.0 queued as X1", "scripted: accepted recipient sent", r["stdout"])
    ok(rc.get("temp@x", {}).get("exit") == "75" and rc["temp@x"]["status"] == "4.2.1",
       "scripted: 450 recipient deferred (EX_TEMPFAIL 4.2.1)", r["stdout"])
    ok(rc.get("gone@x", {}).get("exit") == "67" and rc["gone@x"]["code"] == "550"
       and rc["gone@x"]["reply"] == "550 5.1.1 <gone@x>... User unknown",
       "scripted: 550 recipient failed (EX_NOUSER 5.1.1)", r["stdout"])
    ok(s.data == WIRE, "scripted: DATA bytes CRLF and dot-stuffed",
       repr(s.data) + "\n" + repr(WIRE))
    ok(s.cmds[:2] == ["EHLO localhost", "MAIL FROM:<a@example.org> BODY=8BITMIME"],
       "scripted: no SIZE= when not offered", s.cmds)
    ok(r.get("relay") == "[127.0.0.1] [127.0.0.1]", "scripted: relay= of a literal", r)


def test_no_pipelining_helo():
    s = Server(ehlo=None, rcpt={"x@x": "553 5.1.3 bad"})
    r, rc = drive("--hosts", lit("127.0.0.1"), "--nomx", "--port", str(s.port),
                  "--helo", "me.example", "--from", "", "--to", "x@x", "--to", "y@x",
                  "--headers", HDR, "--body", BODY, "--size", "99", "--ret", "FULL",
                  "--to", "z@x,SUCCESS", "--notls")
    s.stop()
    ok(s.cmds[:3] == ["EHLO me.example", "HELO me.example", "MAIL FROM:<>"],
       "helo fallback: HELO after 502, no ESMTP parameters", s.cmds)
    ok(s.cmds[3:6] == ["RCPT TO:<x@x>", "RCPT TO:<y@x>", "RCPT TO:<z@x>"],
       "helo fallback: no NOTIFY without DSN", s.cmds)
    ok(r.get("esmtp") == "0" and rc.get("y@x", {}).get("exit") == "0"
       and rc.get("x@x", {}).get("exit") == "67", "helo fallback: outcomes", r["stdout"])


def test_greeting_421_next_host():
    port = free_port("127.0.0.2")
    bad = Server("127.0.0.2", port, greet="421 4.3.2 go away")
    good = Server("127.0.0.3", port)
    r, rc = drive("--hosts", lit("127.0.0.2") + ":" + lit("127.0.0.3"), "--nomx",
                  "--port", str(port), "--from", "a@b", "--to", "r@x",
                  "--headers", HDR, "--body", BODY, "--notls")
    bad.stop(); good.stop()
    ok(r.get("rc") == 0 and r.get("relay") == "[127.0.0.3] [127.0.0.3]",
       "421 greeting: next host in the colon list took it", r["stdout"])
    ok(bad.conns == 1 and good.data == WIRE, "421 greeting: first host tried once")


def test_all_421():
    s = Server(greet="421 4.3.2 busy")
    r, rc = drive("--hosts", lit("127.0.0.1"), "--nomx", "--port", str(s.port),
                  "--from", "a@b", "--to", "r@x", "--notls")
    s.stop()
    ok(r.get("rc") == 75 and rc.get("r@x", {}).get("exit") == "75" and
       rc["r@x"]["reply"] == "421 4.3.2 busy", "421 only: deferred with its text",
       r["stdout"])


def test_greeting_554():
    s = Server(greet="554 5.3.2 no service")
    r, rc = drive("--hosts", lit("127.0.0.1"), "--nomx", "--port", str(s.port),
                  "--from", "a@b", "--to", "r@x", "--notls")
    s.stop()
    ok(r.get("rc") == 69 and rc.get("r@x", {}).get("status") == "5.3.2",
       "554 greeting everywhere: EX_UNAVAILABLE", r["stdout"])


def test_size_limit():
    s = Server(ehlo=["250-x", "250-SIZE 1000", "250 PIPELINING"])
    r, rc = drive("--hosts", lit("127.0.0.1"), "--nomx", "--port", str(s.port),
                  "--from", "a@b", "--to", "r@x", "--size", "5000", "--notls")
    s.stop()
    ok(r.get("rc") == 69 and rc.get("r@x", {}).get("status") == "5.3.4" and
       "1000 bytes max" in rc["r@x"]["reply"] and
       not any(c.startswith("MAIL") for c in s.cmds),
       "SIZE: a message larger than the peer's limit refused locally (552 5.3.4)",
       r["stdout"] + repr(s.cmds))
    s = Server(ehlo=["250-x", "250-SIZE 10000", "250 PIPELINING"])
    r, rc = drive("--hosts", lit("127.0.0.1"), "--nomx", "--port", str(s.port),
                  "--from", "a@b", "--to", "r@x", "--size", "5000",
                  "--body-type", "8BITMIME", "--notls", "--body", BODY)
    s.stop()
    ok(r.get("rc") == 0 and "MAIL FROM:<a@b> SIZE=5000" in s.cmds,
       "SIZE: sent when offered, BODY= not without 8BITMIME", s.cmds)


def test_strict_8bit():
    s = Server(ehlo=["250-x", "250 PIPELINING"])
    r, rc = drive("--hosts", lit("127.0.0.1"), "--nomx", "--port", str(s.port),
                  "--from", "a@b", "--to", "r@x", "--8bit", "--strict", "--notls")
    s.stop()
    ok(r.get("rc") == 65 and rc.get("r@x", {}).get("status") == "5.6.3" and
       rc["r@x"]["reply"].startswith("554 5.6.3"),
       "EightBitMode=strict: 8-bit to a non-8BITMIME peer fails 554 5.6.3", r["stdout"])
    s = Server(ehlo=["250-x", "250 PIPELINING"])
    r, rc = drive("--hosts", lit("127.0.0.1"), "--nomx", "--port", str(s.port),
                  "--from", "a@b", "--to", "r@x", "--8bit", "--notls",
                  "--body", write("b8", b"caf\xc3\xa9\n"))
    s.stop()
    ok(r.get("rc") == 0 and s.data.endswith(b"caf\xc3\xa9\r\n.\r\n"),
       "EightBitMode=pass8: 8-bit sent as it is", repr(s.data))


def test_mail_and_data_failures():
    s = Server(mail="451 4.3.0 mail later", data="503 5.5.1 need MAIL")
    r, rc = drive("--hosts", lit("127.0.0.1"), "--nomx", "--port", str(s.port),
                  "--from", "a@b", "--to", "r@x", "--to", "q@x", "--notls")
    s.stop()
    # PIPELINING: MAIL, RCPTs and DATA go in one group (RFC 2920)
    ok(r.get("rc") == 75 and rc.get("q@x", {}).get("status") == "4.3.0" and
       s.cmds[1:] == ["MAIL FROM:<a@b>", "RCPT TO:<r@x>", "RCPT TO:<q@x>",
                      "DATA", "QUIT"] and s.data == b"",
       "MAIL 451: every recipient deferred, DATA's answer read, no message",
       r["stdout"] + repr(s.cmds))
    s = Server(rcpt={"r@x": "550 5.1.1 no", "q@x": "551 5.1.6 moved"},
               data="554 5.5.1 no valid recipients")
    r, rc = drive("--hosts", lit("127.0.0.1"), "--nomx", "--port", str(s.port),
                  "--from", "a@b", "--to", "r@x", "--to", "q@x", "--notls")
    s.stop()
    ok(r.get("rc") == 67 and s.cmds[-2:] == ["DATA", "QUIT"] and
       s.data == b"", "all recipients refused: EX_NOUSER, no message, QUIT",
       r["stdout"] + repr(s.cmds))
    # a server that says 354 to the pipelined DATA all the same gets an
    # empty message's end, and the recipients keep their refusals
    s = Server(rcpt={"r@x": "550 5.1.1 no"})
    r, rc = drive("--hosts", lit("127.0.0.1"), "--nomx", "--port", str(s.port),
                  "--from", "a@b", "--to", "r@x", "--notls", "--body", BODY)
    s.stop()
    ok(r.get("rc") == 67 and s.data == b".\r\n" and
       rc.get("r@x", {}).get("status") == "5.1.1" and s.cmds[-1] == "QUIT",
       "all refused, DATA answered 354: only the end of data is sent",
       r["stdout"] + repr(s.cmds) + repr(s.data))
    # without PIPELINING, DATA waits for the RCPT answers
    s = Server(ehlo=["250-scripted", "250 8BITMIME"],
               rcpt={"r@x": "550 5.1.1 no"})
    r, rc = drive("--hosts", lit("127.0.0.1"), "--nomx", "--port", str(s.port),
                  "--from", "a@b", "--to", "r@x", "--notls")
    s.stop()
    ok(r.get("rc") == 67 and "DATA" not in s.cmds,
       "no PIPELINING, all refused: no DATA", r["stdout"] + repr(s.cmds))
    s = Server(final="452 4.3.1 disk full")
    r, rc = drive("--hosts", lit("127.0.0.1"), "--nomx", "--port", str(s.port),
                  "--from", "a@b", "--to", "r@x", "--notls", "--body", BODY)
    s.stop()
    ok(r.get("rc") == 75 and rc.get("r@x", {}).get("reply") == "452 4.3.1 disk full",
       "final DATA 452: deferred", r["stdout"])
    s = Server(data="554 5.7.1 no data for you")
    r, rc = drive("--hosts", lit("127.0.0.1"), "--nomx", "--port", str(s.port),
                  "--from", "a@b", "--to", "r@x", "--notls")
    s.stop()
    ok(r.get("rc") == 69 and rc.get("r@x", {}).get("status") == "5.7.1",
       "DATA 554: failed", r["stdout"])


def test_malformed_and_timeout():
    s = Server(mail="250-2.1.0 first\r\n251 2.1.0 other code")
    r, rc = drive("--hosts", lit("127.0.0.1"), "--nomx", "--port", str(s.port),
                  "--from", "a@b", "--to", "r@x", "--notls")
    s.stop()
    ok(r.get("rc") == 75 and "protocol error" in rc.get("r@x", {}).get("reply", ""),
       "multiline reply changing its code: protocol error, deferred", r["stdout"])
    s = Server(mail="250 " + "x" * 5000)
    r, rc = drive("--hosts", lit("127.0.0.1"), "--nomx", "--port", str(s.port),
                  "--from", "a@b", "--to", "r@x", "--notls")
    s.stop()
    ok(r.get("rc") == 75 and "too long" in rc.get("r@x", {}).get("reply", ""),
       "reply line over the limit: protocol error", r["stdout"])
    s = Server(silent=4)
    t0 = time.time()
    r, rc = drive("--hosts", lit("127.0.0.1"), "--nomx", "--port", str(s.port),
                  "--from", "a@b", "--to", "r@x", "--notls", "--timeout", "1")
    took = time.time() - t0
    s.stop()
    ok(r.get("rc") == 75 and "timed out" in rc.get("r@x", {}).get("reply", "")
       and took < 3.5, "silent server: Timeout.initial bounds the wait (%.1fs)" % took,
       r["stdout"])
    port = free_port()
    r, rc = drive("--hosts", lit("127.0.0.1"), "--nomx", "--port", str(port),
                  "--from", "a@b", "--to", "r@x", "--notls")
    ok(r.get("rc") == 75 and rc.get("r@x", {}).get("reply") ==
       "Connection refused by [127.0.0.1]", "closed port: deferred, Connection refused",
       r["stdout"])


def make_cert():
    key, crt = os.path.join(TMP, "key.pem"), os.path.join(TMP, "cert.pem")
    p = subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes",
                        "-keyout", key, "-out", crt, "-days", "2",
                        "-subj", "/CN=localhost"], capture_output=True, timeout=60)
    if p.returncode != 0:
        return None
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(crt, key)
    return ctx, crt, key


def test_starttls():
    made = make_cert()
    ok(made is not None, "openssl req made a self-signed certificate")
    if made is None:
        return
    ctx, crt, key = made
    seen = {}
    ctx.sni_callback = lambda so, name, c: seen.__setitem__("sni", name)
    # a name, not a literal: SNI is sent; localhost may be ::1 first
    s = Server(starttls=ctx, inject=b"250 2.0.0 injected\r\n")
    r, rc = drive("--hosts", "localhost", "--nomx", "--port", str(s.port),
                  "--from", "a@b", "--to", "r@x", "--body", BODY, "--headers", HDR, "-v")
    s.stop()
    ok(r.get("rc") == 0 and s.tls and s.data == WIRE, "STARTTLS: delivered over TLS",
       r["stdout"] + r["stderr"])
    ok(r.get("verify") == "FAIL" and r.get("cipher"), "STARTTLS: ${verify} FAIL "
       "without the CA, cipher recorded", r["stdout"])
    ok(seen.get("sni") == "localhost", "STARTTLS: SNI is the host name", seen)
    ok("discarded" in r["stderr"] and s.cmds[:3] == ["EHLO localhost", "STARTTLS",
                                                     "EHLO localhost"],
       "STARTTLS: bytes injected before the handshake discarded (CVE-2011-0411)",
       repr(s.cmds) + r["stderr"])
    s = Server(starttls=ctx)
    r, rc = drive("--hosts", "localhost", "--nomx", "--port", str(s.port),
                  "--from", "a@b", "--to", "r@x", "--ca", crt)
    s.stop()
    ok(r.get("rc") == 0 and r.get("verify") == "OK", "STARTTLS: ${verify} OK with "
       "the CA", r["stdout"])
    s = Server(starttls=ctx)
    r, rc = drive("--hosts", lit("127.0.0.1"), "--nomx", "--port", str(s.port),
                  "--from", "a@b", "--to", "r@x", "--notls")
    s.stop()
    ok(r.get("rc") == 0 and not s.tls and r.get("verify") == "NONE",
       "STARTTLS: not used when the job says no", r["stdout"])
    # a client key readable by others is refused; delivery goes on
    os.chmod(key, 0o644)
    s = Server(starttls=ctx)
    r, rc = drive("--hosts", lit("127.0.0.1"), "--nomx", "--port", str(s.port),
                  "--from", "a@b", "--to", "r@x", "--cert", crt, "--key", key)
    s.stop()
    ok(r.get("rc") == 0 and "unsafe" in r["stderr"],
       "STARTTLS: world-readable ClientKeyFile refused as unsafe", r["stderr"])
    os.chmod(key, 0o600)
    # a server whose TLS is broken: with TLSFallbacktoClear, again in clear
    bad = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)     # no certificate at all
    s = Server(starttls=bad)
    r, rc = drive("--hosts", lit("127.0.0.1"), "--nomx", "--port", str(s.port),
                  "--from", "a@b", "--to", "r@x", "--tls-fallback")
    s.stop()
    ok(r.get("rc") == 0 and s.conns == 2 and not s.tls,
       "STARTTLS: handshake failure, TLSFallbacktoClear reconnects in clear",
       r["stdout"] + "conns=%d" % s.conns)
    s = Server(starttls=bad)
    r, rc = drive("--hosts", lit("127.0.0.1"), "--nomx", "--port", str(s.port),
                  "--from", "a@b", "--to", "r@x")
    s.stop()
    ok(r.get("rc") == 75 and s.conns == 1, "STARTTLS: handshake failure defers "
       "without TLSFallbacktoClear", r["stdout"])
    # AUTH
    s = Server(starttls=ctx, auth=True)
    r, rc = drive("--hosts", lit("127.0.0.1"), "--nomx", "--port", str(s.port),
                  "--from", "a@b", "--to", "r@x", "--auth", "tim:s3cret")
    s.stop()
    ok(r.get("rc") == 0 and r.get("auth") == "PLAIN" and
       s.auth == [("PLAIN", b"\0tim\0s3cret")], "AUTH PLAIN after STARTTLS", s.auth)
    s = Server(starttls=ctx, auth=True)
    r, rc = drive("--hosts", lit("127.0.0.1"), "--nomx", "--port", str(s.port),
                  "--from", "a@b", "--to", "r@x", "--auth", "tim:s3cret",
                  "--auth-mechs", "LOGIN", "-v")
    s.stop()
    ok(r.get("rc") == 0 and r.get("auth") == "LOGIN" and
       s.auth == [("LOGIN", b"tim:s3cret")] and "s3cret" not in r["stderr"],
       "AUTH LOGIN, the password never in the -v log", repr(s.auth) + r["stderr"])
    s = Server(auth=True, auth_clear=True)
    r, rc = drive("--hosts", lit("127.0.0.1"), "--nomx", "--port", str(s.port),
                  "--from", "a@b", "--to", "r@x", "--auth", "tim:s3cret")
    s.stop()
    ok(r.get("rc") == 0 and s.auth == [] and r.get("auth") == "",
       "AUTH: no password over a clear connection", r["stdout"])
    # AUTH refused (a wrong password): on without it, as sendmail goes on
    s = Server(starttls=ctx, auth=True,
               auth_reply="535 5.7.8 authentication failed")
    r, rc = drive("--hosts", lit("127.0.0.1"), "--nomx", "--port", str(s.port),
                  "--from", "a@b", "--to", "r@x", "--auth", "tim:wrong")
    s.stop()
    ok(r.get("rc") == 0 and r.get("auth") == "" and len(s.auth) == 1 and
       rc.get("r@x", {}).get("exit") == "0",
       "AUTH refused (535): the message goes on without AUTH", r["stdout"])
    # ... but the server then wants AUTH (530): our credentials are at
    # fault, the message waits (sendmail would bounce it)
    s = Server(starttls=ctx, auth=True,
               auth_reply="535 5.7.8 authentication failed",
               mail="530 5.7.0 Authentication required")
    r, rc = drive("--hosts", lit("127.0.0.1"), "--nomx", "--port", str(s.port),
                  "--from", "a@b", "--to", "r@x", "--auth", "tim:wrong")
    s.stop()
    x = rc.get("r@x", {})
    ok(x.get("exit") == "75" and x.get("status") == "4.7.0" and
       "AUTH refused: 535 5.7.8" in x.get("reply", "") and
       "wrong" not in r["stdout"],
       "AUTH refused, then MAIL 530: deferred (4.7.0), the 535 kept in the "
       "reply", r["stdout"])
    # credentials we could not use (no TLS, AuthOptions p): also deferred
    s = Server(auth=True, auth_clear=True,
               mail="530 5.7.0 Authentication required")
    r, rc = drive("--hosts", lit("127.0.0.1"), "--nomx", "--port", str(s.port),
                  "--from", "a@b", "--to", "r@x", "--auth", "tim:s3cret")
    s.stop()
    ok(rc.get("r@x", {}).get("exit") == "75" and s.auth == [],
       "AUTH not usable in clear, then MAIL 530: deferred", r["stdout"])
    # no credentials at all: 530 is the server's final word, as sendmail
    s = Server(mail="530 5.7.0 Authentication required")
    r, rc = drive("--hosts", lit("127.0.0.1"), "--nomx", "--port", str(s.port),
                  "--from", "a@b", "--to", "r@x")
    s.stop()
    ok(rc.get("r@x", {}).get("exit") == "69",
       "no credentials, MAIL 530: failed (EX_UNAVAILABLE), as sendmail",
       r["stdout"])


def test_smtp_sink():
    p = subprocess.run([os.path.join(ROOT, "scripts", "peers.sh"), "postfix"],
                       capture_output=True, text=True, timeout=250)
    if p.returncode != 0:
        ok(False, "smtp-sink: peers.sh postfix", p.stderr)
        return
    root = p.stdout.strip().splitlines()[-1]
    sink = os.path.join(root, "usr", "sbin", "smtp-sink")
    dump = os.path.join(TMP, "sink")
    os.mkdir(dump)
    os.chmod(dump, 0o777)
    os.chmod(TMP, 0o755)
    port = free_port()
    env = dict(os.environ, LD_LIBRARY_PATH=os.path.join(root, "usr", "lib", "postfix"))
    args = [sink, "-d", dump + "/%H%M%S.", "127.0.0.1:%d" % port, "10"]
    if os.geteuid() == 0:
        args[1:1] = ["-u", "nobody"]
    proc = subprocess.Popen(args, env=env, stderr=subprocess.PIPE)
    try:
        for _ in range(50):
            try:
                socket.create_connection(("127.0.0.1", port), 0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        r, rc = drive("--hosts", lit("127.0.0.1"), "--nomx", "--port", str(port),
                      "--from", "a@example.org", "--to", "r1@example.net",
                      "--to", "r2@example.net,SUCCESS,rfc822;r2@example.net",
                      "--headers", HDR, "--body", BODY, "--body-type", "8BITMIME",
                      "--ret", "HDRS", "--envid", "QID123")
        files = []
        for _ in range(50):
            files = os.listdir(dump)
            if files:
                break
            time.sleep(0.1)
    finally:
        proc.terminate()
        try:
            proc.wait(5)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(5)
    ok(r.get("rc") == 0 and all(rc.get(a, {}).get("exit") == "0"
                                for a in ("r1@example.net", "r2@example.net")),
       "smtp-sink: delivered", r["stdout"] + r["stderr"])
    if not files:
        ok(False, "smtp-sink: dump file written")
        return
    d = open(os.path.join(dump, files[0]), "rb").read()
    ok(b"X-Mail-Args: <a@example.org> BODY=8BITMIME RET=HDRS ENVID=QID123\n" in d and
       b"X-Rcpt-Args: <r2@example.net> NOTIFY=SUCCESS ORCPT=rfc822;r2@example.net\n" in d,
       "smtp-sink: MAIL and RCPT parameters under DSN", d[:600])
    # smtp-sink keeps the message with LF line ends, dots undone, and
    # ends its dump with an empty line
    hdr, body = open(HDR, "rb").read(), open(BODY, "rb").read()
    want = hdr + b"\n" + body.replace(b"\r\n", b"\n") + b"\n\n"
    got = d.split(b"(UTC)\n", 1)[1] if b"(UTC)\n" in d else d
    ok(got == want, "smtp-sink: the message byte for byte", repr(got) + "\n" + repr(want))


def test_dns():
    p = subprocess.run([os.path.join(ROOT, "scripts", "peers.sh"), "dnsmasq-base",
                        "libnetfilter-conntrack3", "libnftables1", "libnfnetlink0",
                        "libnftnl11"], capture_output=True, text=True, timeout=250)
    if p.returncode != 0:
        ok(False, "dns: peers.sh dnsmasq-base", p.stderr)
        return
    root = p.stdout.strip().splitlines()[-1]
    dnsmasq = os.path.join(root, "usr", "sbin", "dnsmasq")
    dport = free_port(kind=socket.SOCK_DGRAM)
    port = free_port("127.0.0.3")
    env = dict(os.environ, LD_LIBRARY_PATH=os.path.join(root, "usr", "lib",
                                                        "x86_64-linux-gnu"))
    proc = subprocess.Popen(
        [dnsmasq, "--keep-in-foreground", "--no-resolv", "--no-hosts", "-C", "/dev/null",
         "--port=%d" % dport, "--listen-address=127.0.0.1", "--bind-interfaces",
         "--pid-file=" + os.path.join(TMP, "dnsmasq.pid"), "--user=" +
         ("root" if os.geteuid() == 0 else os.environ.get("USER", "nobody")),
         "--auth-zone=ex.test", "--auth-server=ns.ex.test",
         "--mx-host=ex.test,mx1.ex.test,10", "--mx-host=ex.test,mx2.ex.test,20",
         "--mx-host=ex.test,mx3.ex.test,30",
         "--host-record=mx1.ex.test,127.0.0.2", "--host-record=mx2.ex.test,127.0.0.3",
         "--host-record=mx3.ex.test,127.0.0.4",
         "--host-record=nomx.ex.test,127.0.0.3",
         "--mx-host=nx.ex.test,gone.ex.test,10", "--mx-host=null.ex.test,.,0",
         "--host-record=v6.ex.test,::1"],
        env=env, stderr=subprocess.PIPE)
    good = Server("127.0.0.3", port)
    denv = {"TERN_RESOLVER": "127.0.0.1:%d" % dport}
    try:
        time.sleep(0.5)
        r, rc = drive("--hosts", "ex.test", "--port", str(port), "--from", "a@b",
                      "--to", "r@ex.test", "--notls", "-v", env=denv)
        ok(r.get("rc") == 0 and r.get("relay") == "mx2.ex.test. [127.0.0.3]" and
           "Connecting to mx1.ex.test. [127.0.0.2]" in r["stderr"],
           "dns: primary MX down, the secondary took it", r["stdout"] + r["stderr"])
        r, rc = drive("--hosts", "ex.test", "--port", str(port), "--from", "a@b",
                      "--to", "r@ex.test", "--notls", "--local", "mx2.ex.test",
                      "-v", env=denv)
        ok(r.get("rc") == 75 and "mx3" not in r["stderr"] and
           "mx2.ex.test. [" not in r["stderr"],
           "dns: the local MX and worse ones are not tried", r["stdout"] + r["stderr"])
        r, rc = drive("--hosts", "ex.test", "--port", str(port), "--from", "a@b",
                      "--to", "r@ex.test", "--notls", "--local", "mx1.ex.test",
                      "--myname", "mx1.ex.test", env=denv)
        ok(r.get("rc") == 78 and rc.get("r@ex.test", {}).get("reply") ==
           "MX list for ex.test points back to mx1.ex.test",
           "dns: MX list pointing back to us is EX_CONFIG", r["stdout"])
        r, rc = drive("--hosts", "nomx.ex.test", "--port", str(port), "--from", "a@b",
                      "--to", "r@ex.test", "--notls", env=denv)
        ok(r.get("rc") == 0 and r.get("relay") == "nomx.ex.test. [127.0.0.3]",
           "dns: no MX, the domain's own address", r["stdout"])
        r, rc = drive("--hosts", "nothere.ex.test", "--port", str(port), "--from",
                      "a@b", "--to", "r@x", "--notls", env=denv)
        ok(r.get("rc") == 68 and rc.get("r@x", {}).get("status") == "5.1.2",
           "dns: NXDOMAIN is EX_NOHOST 5.1.2", r["stdout"])
        r, rc = drive("--hosts", "nx.ex.test", "--port", str(port), "--from",
                      "a@b", "--to", "r@x", "--notls", env=denv)
        ok(r.get("rc") == 68, "dns: an MX host without address is EX_NOHOST",
           r["stdout"])
        r, rc = drive("--hosts", "elsewhere.example", "--port", str(port), "--from",
                      "a@b", "--to", "r@x", "--notls", env=denv)
        ok(r.get("rc") == 75 and rc.get("r@x", {}).get("status") == "4.4.3",
           "dns: a refused query (outside the zone) is a temporary failure",
           r["stdout"])
        r, rc = drive("--hosts", "elsewhere.example", "--port", str(port), "--from",
                      "a@b", "--to", "r@x", "--notls", "--fallback", "mx2.ex.test",
                      env=denv)
        ok(r.get("rc") == 0 and r.get("relay") == "mx2.ex.test. [127.0.0.3]",
           "dns: FallbackMXhost used when the lookup fails", r["stdout"])
        r, rc = drive("--hosts", "null.ex.test", "--port", str(port), "--from",
                      "a@b", "--to", "r@x", "--notls", env=denv)
        ok(r.get("rc") == 68 and rc.get("r@x", {}).get("status") == "5.1.10",
           "dns: a null MX (RFC 7505) is EX_NOHOST 5.1.10", r["stdout"])
        try:
            v6 = Server("::1", port)
        except OSError as e:
            v6 = None
            print("# no IPv6 on loopback (%s): IPv6 checks skipped" % e)
        if v6 is not None:
            r, rc = drive("--hosts", "v6.ex.test", "--port", str(port), "--from",
                          "a@b", "--to", "r@x", "--notls", env=denv)
            r2, rc2 = drive("--hosts", "[IPv6:::1]", "--port", str(port), "--from",
                            "a@b", "--to", "r@x", "--notls")
            v6.stop()
            ok(r.get("rc") == 0 and r.get("relay") == "v6.ex.test. [::1]" and
               r2.get("rc") == 0 and r2.get("relay") == "[::1] [::1]",
               "dns: IPv6 by AAAA and by [IPv6:] literal", r["stdout"] + r2["stdout"])
        if os.geteuid() == 0 and shutil.which("setpriv"):
            # a set-user-ID copy, run by nobody: AT_SECURE is on, so the
            # override must be ignored (the zone is then unknown)
            os.chmod(TMP, 0o755)
            suid = os.path.join(TMP, "suid-driver")
            shutil.copy(DRV, suid)
            os.chmod(suid, 0o4755)
            plainc = os.path.join(TMP, "plain-driver")
            shutil.copy(DRV, plainc)
            os.chmod(plainc, 0o755)
            args = ["--hosts", "ex.test", "--port", str(port), "--from", "a@b",
                    "--to", "r@ex.test", "--notls"]
            plain = subprocess.run(["setpriv", "--reuid=65534", "--regid=65534",
                                    "--clear-groups", plainc] + args, capture_output=True,
                                   text=True, timeout=60, env=dict(os.environ, **denv))
            setid = subprocess.run(["setpriv", "--reuid=65534", "--regid=65534",
                                    "--clear-groups", suid] + args, capture_output=True,
                                   text=True, timeout=60, env=dict(os.environ, **denv))
            ok("rc=0" in plain.stdout and "rc=0" not in setid.stdout and
               "rc=" in setid.stdout,
               "dns: TERN_RESOLVER ignored by a set-id process",
               plain.stdout + setid.stdout + setid.stderr)
    finally:
        good.stop()
        proc.terminate()
        try:
            proc.wait(5)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(5)


def main():
    if not os.path.exists(DRV):
        subprocess.run(["make", "-s", "-C", ROOT, DRV], timeout=600,
                       capture_output=True)
    if not os.path.exists(DRV):
        ok(False, "driver %s built" % DRV)
        return 1
    try:
        test_scripted()
        test_no_pipelining_helo()
        test_greeting_421_next_host()
        test_all_421()
        test_greeting_554()
        test_size_limit()
        test_strict_8bit()
        test_mail_and_data_failures()
        test_malformed_and_timeout()
        test_starttls()
        test_smtp_sink()
        test_dns()
    finally:
        shutil.rmtree(TMP, ignore_errors=True)
    return 1 if FAILED else 0


if __name__ == "__main__":
    sys.exit(main())
