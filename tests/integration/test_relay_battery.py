#!/usr/bin/python3
"""test_relay_battery - the open-relay battery against sendmail -bD.

In a private network namespace (lib/nsworld.py) the daemon runs with
tern's sendmail.cf (access_db, delay_checks; local-host-names:
localhost, mx.example.com; relay-domains: relay.example) and clients
connect to 198.51.100.25 from source addresses that are not the local
host:

  192.0.2.50  an unauthenticated outside client with no access entry
  192.0.2.77  "Connect:192.0.2.77 RELAY" in the access db (stands in for
              an authenticated client: AUTH is not wired into the
              daemon yet)

Each address form below (the %-hack, bang paths, source routes, quoted
local parts, address literals, user@domain@domain, encoded forms,
trailing dots, case, comments ...: what open-relay testers send) goes
to RCPT TO in its own transaction.  From the outside client every one
must be refused; the forms that name a remote domain must get the
relay refusal (550 5.7.1 Relaying denied ...), the others may be
refused for another reason (a local user that does not exist, bad
syntax), which is written next to the form.  Then:
  * from 192.0.2.77 the relay-refused forms are accepted (250), the
    others get the same refusal as before;
  * the same forms with other.example replaced by relay.example (a
    RELAY_DOMAIN), from the outside client: accepted;
  * DATA after refused recipients gets 503 and nothing is queued.

No golden comparison with the real sendmail: its -bs cannot have an
outside client address (${client_addr} is empty: local, may relay).
"""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "lib"))
import nsworld  # noqa: E402
import bsworld  # noqa: E402

T = bsworld.Tap()
OUTSIDE = "192.0.2.50"
TRUSTED = "192.0.2.77"
RELAY = "relay"          # expected: 550 5.7.1 Relaying denied...
UNKNOWN = "unknown"      # 550 5.1.1 ... User unknown (local, no such user)
SYNTAX = "syntax"        # 5xx from parseaddr (553/501)

# (RCPT TO argument with O for the remote domain, expected class)
FORMS = [
    ("<user@{O}>", RELAY),
    ("user@{O}", RELAY),
    ("<USER@OTHER.EXAMPLE>", RELAY),
    ("<user@{O}.>", RELAY),
    ("<user @ {O}>", RELAY),
    ("<user(mx.example.com)@{O}>", RELAY),
    ("<\"user\"@{O}>", RELAY),
    ("<user%{O}@mx.example.com>", RELAY),
    ("<user%{O}@MX.EXAMPLE.COM>", RELAY),
    ("<user%{O}@mx.example.com.>", RELAY),
    ("<user%{O}%mx.example.com@mx.example.com>", RELAY),
    ("<user%{O}%mx.example.com>", RELAY),
    ("<user%{O}>", RELAY),
    ("<user@{O}%mx.example.com>", RELAY),
    ("<user%{O}@localhost>", RELAY),
    ("<user%{O}@[198.51.100.25]>", RELAY),
    ("<user%{O}@[127.0.0.1]>", RELAY),
    ("<{O}!user>", RELAY),
    ("<{O}!user@mx.example.com>", RELAY),
    ("<mx.example.com!{O}!user>", RELAY),
    ("<{O}!user%mx.example.com@mx.example.com>", RELAY),
    ("<@mx.example.com:user@{O}>", RELAY),
    ("<@mx.example.com,@{O}:user@third.example>", RELAY),
    ("<@[192.0.2.99]:user@{O}>", RELAY),
    ("<user@mx.example.com.{O}>", RELAY),
    ("<user@relay.example.{O}>", RELAY),
    ("<user@otherrelay.example>", RELAY),
    ("<user@[192.0.2.99]>", RELAY),
    ("<user@[IPv6:2001:db8::1]>", RELAY),
    ("<user%2540{O}@mx.example.com>", RELAY),
    ("<\"user@{O}\">", RELAY),
    ("<\"{O}!user\"@mx.example.com>", RELAY),
    ("<\"user%{O}\"@mx.example.com>", RELAY),
    ("<\"user@{O}\"@mx.example.com>", RELAY),
    ("<user={O}@mx.example.com>", UNKNOWN),
    ("<user\\@{O}@mx.example.com>", UNKNOWN),
    # a route whose first hop is remote but that ends here: delivered
    # here (sendmail prunes it), so "user" is simply unknown
    ("<@{O}:user@mx.example.com>", UNKNOWN),
    # two domains: the .cf's "Invalid route address"
    ("<user@{O}@mx.example.com>", SYNTAX),
    ("<user@mx.example.com@{O}>", SYNTAX),
]


# relay-refused forms that stay refused with relay.example in place of
# other.example: the domain is not where the mail would go
NOT_VIA_RELAY_DOMAIN = {
    "<USER@OTHER.EXAMPLE>",
    "<user@{O}%mx.example.com>",           # host "relay.example%mx..."
    "<@mx.example.com,@{O}:user@third.example>",
    "<user@mx.example.com.{O}>",
    "<user@relay.example.{O}>",
    "<user@otherrelay.example>",
    "<user@[192.0.2.99]>",
    "<user@[IPv6:2001:db8::1]>",
    "<user%2540{O}@mx.example.com>",       # "2540relay.example"
}


def form(f, domain):
    return f.replace("{O}", domain)


def rcpt(client, arg):
    """a transaction with one recipient; the RCPT reply"""
    code, _ = client.cmd("MAIL FROM:<alice@example.org>")
    if code != 250:
        return code, ["MAIL refused: %d" % code]
    r = client.cmd("RCPT TO:" + arg)
    client.cmd("RSET")
    return r


def session(source):
    c = nsworld.Client(source)
    greet = c.reply()
    ehlo = c.cmd("EHLO client.example.net")
    return c, greet, ehlo


def classify(code, lines):
    text = lines[-1] if lines else ""
    if code == 550 and text.startswith("550 5.7.1 ") and \
            "Relaying denied" in text:
        return RELAY
    if code == 550 and text.startswith("550 5.1.1 ") and \
            text.endswith("User unknown"):
        return UNKNOWN
    if code in (501, 553):
        return SYNTAX
    if code == 250:
        return "accepted"
    return "other %d" % code


def main():
    if not nsworld.enter():
        return
    nsworld.net_setup()
    w = nsworld.World(
        "relay-battery",
        access="Connect:%s\tRELAY\n" % TRUSTED,
        relay_domains="relay.example\n")
    if not T.check(w.start(), "the daemon listens on %s:%d" %
                   (nsworld.SERVER, nsworld.SMTP_PORT),
                   nsworld.read(w.log)):
        w.stop()
        T.exit()
    try:
        c, greet, ehlo = session(OUTSIDE)
        T.check(greet[0] == 220 and ehlo[0] == 250,
                "outside client %s greeted" % OUTSIDE, (greet, ehlo))
        # the server sees the outside address: a local one may relay
        first = rcpt(c, "<user@other.example>")
        T.check(first[1] and "[%s]" % OUTSIDE in first[1][-1],
                "the server sees the client as %s" % OUTSIDE, first)

        outside = {}
        for f, want in FORMS:
            arg = form(f, "other.example")
            code, lines = rcpt(c, arg)
            got = classify(code, lines)
            outside[f] = (code, lines)
            T.check(code // 100 in (4, 5) and code != 0 and got == want,
                    "outside: RCPT TO:%s refused (%s)" % (arg, want),
                    lines)
        T.check(len(FORMS) >= 30 and
                sum(1 for f, want in FORMS if want == RELAY) >= 30,
                "at least 30 relay forms (%d forms, %d relay)" %
                (len(FORMS), sum(1 for f, w_ in FORMS if w_ == RELAY)))
        # refused recipients only: DATA is refused, nothing queued
        c.cmd("MAIL FROM:<alice@example.org>")
        c.cmd("RCPT TO:<user@other.example>")
        code, lines = c.cmd("DATA")
        T.check(code == 503, "DATA without an accepted recipient: 503",
                lines)
        c.cmd("QUIT")
        c.close()

        # a client the access db lets relay
        c, greet, ehlo = session(TRUSTED)
        for f, want in FORMS:
            arg = form(f, "other.example")
            code, lines = rcpt(c, arg)
            if want == RELAY:
                T.check(code == 250, "Connect:RELAY client: RCPT TO:%s "
                        "accepted" % arg, lines)
            else:
                T.check(lines == outside[f][1], "Connect:RELAY client: "
                        "RCPT TO:%s refused as before" % arg, lines)
        c.cmd("QUIT")
        c.close()

        # to a RELAY_DOMAIN (relay-domains file), from the outside client
        c, greet, ehlo = session(OUTSIDE)
        for f, want in FORMS:
            if want != RELAY or f in NOT_VIA_RELAY_DOMAIN:
                continue
            arg = form(f, "relay.example")
            code, lines = rcpt(c, arg)
            T.check(code == 250, "outside: RCPT TO:%s (relay domain) "
                    "accepted" % arg, lines)
        c.cmd("QUIT")
        c.close()
        T.check(not [n for n in w.files() if n.startswith("qf")],
                "nothing was queued", w.files())
    finally:
        err = w.stop()
    T.check("Sanitizer" not in err and "runtime error" not in err,
            "no sanitizer report", err)
    T.exit()


main()
