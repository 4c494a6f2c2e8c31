#!/usr/bin/python3
"""gen-addr-cases.py - record the real sendmail 8.17's prescan, crackaddr
and list splitting into tests/unit/addr_cases.h (needs root: it runs the
binary in tests/world/enter.sh's private world).

usage: tests/unit/gen-addr-cases.py [SENDMAIL_ROOT] > tests/unit/addr_cases.h

SENDMAIL_ROOT holds usr/libexec/sendmail/sendmail and
usr/lib/x86_64-linux-gnu/libwrap.so.0 as `dpkg -x` of Debian's
sendmail-bin and libwrap0 leaves them (tests/golden/lib.sh's
golden_fetch_real makes one in build/real-sendmail/root).  The default is
build/real-sendmail/root.

What is asked, and how (one -bt process per kind, lines separated by a
"/expand" marker; -bv once per list):
  - "99 ADDR" with the generated sendmail.cf: the no-comment prescan with
    ',' as delimiter, preceded by sendmail's whole-line check;
  - "/parse ADDR": the "Cracked address = " line (crackaddr), then the
    comment-mode prescan (errors, then ruleset 3's input line);
  - rules "Rtext<TAB>$@ x" dumped with "=S": cf-mode prescan;
  - "-bv LIST": the addresses sendmail splits a list into.
The inputs are the fixed lists below plus seeded random ones, so a rerun
gives the same file.
"""
import os, random, shutil, subprocess, sys, tempfile

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
ROOT = sys.argv[1] if len(sys.argv) > 1 else os.path.join(REPO, "build/real-sendmail/root")
SEP = b"###SEP###"

def setup():
    w = tempfile.mkdtemp(prefix="addr-cases-", dir="/var/tmp")
    os.mkdir(w + "/bin")
    shutil.copy(ROOT + "/usr/libexec/sendmail/sendmail", w + "/bin/sendmail")
    os.chmod(w + "/bin/sendmail", 0o755)
    lib = ROOT + "/usr/lib/x86_64-linux-gnu/libwrap.so.0"
    shutil.copy(os.path.realpath(lib), w + "/bin/libwrap.so.0")
    cf = subprocess.run(["m4", "-D", "TERN_PREFIX=/tmp/w", "-D", "TERN_CF=" + REPO + "/cf",
                         "/usr/share/sendmail/cf/m4/cf.m4", REPO + "/cf/sendmail.mc"],
                        stdout=subprocess.PIPE, check=True).stdout
    open(w + "/x.cf", "wb").write(cf)
    os.makedirs(w + "/var/spool/mqueue/.hoststat")
    with open(w + "/run.sh", "w") as f:
        f.write('#!/bin/sh\ncf=$1; shift\nLD_LIBRARY_PATH=/tmp/w/bin exec /tmp/w/bin/sendmail -C /tmp/w/$cf "$@"\n')
    os.chmod(w + "/run.sh", 0o755)
    return w

def run(w, args, data=b""):
    return subprocess.run([REPO + "/tests/world/enter.sh", w, "/tmp/w/run.sh"] + args,
                          input=data, stdout=subprocess.PIPE, stderr=subprocess.STDOUT).stdout

def bt(w, lines, cf="x.cf"):
    data = b"".join(l + b"\n/expand " + SEP + b"\n" for l in lines)
    out = run(w, [cf, "-bt"], data)
    out = out[out.index(b"\n> ") + 1:]
    parts = out.split(b"> " + SEP)[:len(lines)]
    return [p[2:] for p in parts]

def prescan_n(w, inputs):
    res = []
    for o in bt(w, [b"99 " + s for s in inputs]):
        lines = []
        for l in o.split(b"\n"):
            if not l or l.startswith(b"99               returns:"):
                continue
            if l.startswith(b"99                 input:"):
                l = b"TOK:" + l[len(b"99                 input:"):]
            lines.append(l + b"\n")
        res.append(b"".join(lines))
    return res

def parse(w, inputs):
    crack, toks = [], []
    for o in bt(w, [b"/parse " + s for s in inputs]):
        ls = o.split(b"\n")
        assert ls[0].startswith(b"Cracked address = ") and ls[1].startswith(b"Parsing"), o
        crack.append(ls[0][len(b"Cracked address = "):])
        lines = []
        for l in ls[2:]:
            if l.startswith(b"canonify           input:"):
                lines.append(b"TOK:" + l[len(b"canonify           input:"):] + b"\n")
                break
            if l == b"Cannot parse":
                break
            lines.append(l + b"\n")
        toks.append(b"".join(lines))
    return crack, toks

def prescan_f(w, inputs):
    cf = open(w + "/x.cf", "rb").read()
    res = []
    for at in range(0, len(inputs), 80):
        chunk = inputs[at:at + 80]
        rules = b"".join(b"S%d\nR" % (10 + i) + s + b"\t$@ x\n" for i, s in enumerate(chunk))
        open(w + "/f.cf", "wb").write(cf + rules)
        for o in bt(w, [b"=S%d" % (10 + i) for i in range(len(chunk))], "f.cf"):
            rl = [l for l in o.split(b"\n") if l.startswith(b"R")]
            lhs = rl[0].split(b"\t\t")[0][1:] if rl else b""
            res.append(b"TOK: " + lhs[:-1] + b"\n" if lhs else b"")
    return res

def bv(w, s):
    out = run(w, ["x.cf", "-bv", s])
    spans = set()
    for l in out.split(b"\n"):
        i = l.rfind(b"... ")
        if l and b"Unbalanced" not in l and i >= 0:
            spans.add(l[:i])
    return spans

def c_str(b):
    out = '"'
    for i, c in enumerate(b):
        if c == ord('"') or c == ord('\\'):
            out += '\\' + chr(c)
        elif c == 10:
            out += '\\n'
        elif 0x20 <= c < 0x7f:
            # a hex escape must not swallow a following hex digit
            if out.endswith('"') is False and out[-4:-2] == '\\x' and chr(c) in "0123456789abcdefABCDEF":
                out += '""'
            out += chr(c)
        else:
            out += '\\x%02x' % c
    return out + '"'

def rnd(rng, alph, n):
    s = bytes(rng.choice(alph) for _ in range(rng.randint(1, n)))
    return s.strip(b" \t")

# ---- the inputs
PRESCAN_FIXED = [
    b"a@b", b"<a", b"a>", b"\"a", b"a,b", b"a(b", b"a)b", b"a\\", b"$|", b"$#error $@ x",
    b"a\tb  c", b"(c) a (d)", b"((a)b)c", b"<<a>>", b"<a<b>>c", b"a\"b c\"d",
    b"a\\b", b"\\a", b"a\\\\b", b"\"a\\\"b\"", b"\"a\\\\\"", b"\"a\\", b"a\\@b", b"a\\ b",
    b"a\\<b", b"\\", b"\\\\", b"\"a(b)\"", b"\"\"", b"a\"\"b", b"\" \"", b"<\"a>\">",
    b"<a\"b", b"<a>b>c", b">a", b"<", b">", b"<>", b"a<>b", b"<<>", b"<<<a", b"<a>>",
    b"a>>", b"a<b>c<d", b"a;b", b"a:b", b"a%b!c^d/e[f]g+h", b"a=b#c*d&e|f~g`h'i{j}k?l-m_n",
    b"a.b..c", b"\"a\".b", b"a.\"b\"", b"a,<b", b"<a,b", b"<a,b>,c", b"\"a,b\",c", b"(a,b),c",
    b"a,,b", b",a", b"a,", b"a\\,b", b"a\\\\\\", b"<a\\>", b"<a\\", b"\"a\" <b", b"a>,b>",
    b"a>b,c", b"<a>,<b", b"<a,<b", b"a b,c d", b"<@a,@b:c@d>", b"< @a,b>", b"<@a,<b,c>",
    b"<@a>,b", b"<@a,b>,c>,d", b"<a<@b,c", b"<@a<b,c", b"<(@a,b", b"a\\!b", b"\"a\\!b\"",
    b"a\x01b", b"a \x01 b", b"\"a\x01b\"", b"a\xffb", b"\xff", b"a\xff b", b"\xff,a", b"\xff(a",
    b"\xff<a", b"\xff\\ab", b"\xff\"a b", b"\xff>a", b"\xff\xff\xff", b"a\xe9b", b"\xa0",
    b"<\xe9\x01\x1f\x7f\xa0x", b"a\x80b", b"a" * 255, b"a" * 256, b"a," * 130,
    b"a" * 254 + b"\x80", b"\x80\x80" + b"a" * 300, b"<" + b"abcdefghijklmnopqrstuvwxyz" * 9,
    b"\"a\tb\"", b"\"a\rb\"",
]
PARSE_FIXED = [
    b"a (b) c", b"a(b", b"a)b", b"(a,b),c", b"a (\"b)\" c", b"\"(a)\"", b"a(\\)b)c",
    b"a (b\\", b"<a (b>) c", b"a (<b) c", b")", b"()", b"a ( ) b", b"a(b(c)d)e",
    b"<a (b", b"a\"b(c)\"d", b"@(x)@", b"(a\\!b)", b"a,b", b"<a,b", b"a b",
    b"a" * 256, b"a" * 257, b"a." * 600, b"@" * 625, b"@" * 626, b"ab " * 450,
    b"@" * 520 + b"b" * 210, b"@" * 520 + b"b" * 211, b"@" * 520 + b"\"" + b"a" * 209,
    b"@" * 520 + b"\"" + b"a" * 210, b"@" * 520 + b"<" + b"b" * 207,
    b"a" * 255 + b" " + b"a." * 120 + b"@" * 257, b"a" * 255 + b" " + b"a." * 120 + b"@" * 258,
    b"@" * 630 + b"abcdefghijklmnopqrstuvwxyz" * 8,
]
CRACK_FIXED = [l for l in b"""a@b
John Doe <a@b>
<a@b>
a@b (John Doe)
(John Doe) a@b
"John Doe" <a@b>
"@a,@b":c@d
<@a,@b:c@d>
group: a@b, c@d;
group:;
group: ;
<>
a b c
John <a@b> (c)
John (c) <a@b>
"John (x)" <a@b>
a@b, c@d
<a@b>, <c@d>
John <a@b>, Jane <c@d>
"unbalanced
<unbalanced
(unbal
a)b
a>b
a<b
John <<a@b>>
John <a@b> trailing
x <a <b>> y
:a@b
a:b;
undisclosed-recipients:;
a@b;
"a\\"b" <c>
a\\(b <c>
\\<a@b\\>
a@b (c (d) e)
a@b (c \\) d)
(c) (d) a@b (e)
a\tb
  a@b
John  Doe  <a@b>
John Doe<a@b>
John"Doe"<a@b>
<a> "c"
<a> "c
<a> x "
<a> x ")
<a> ""
<a> ("
<a> \\"
<a> g: "c
<a> g:<b>
<a> g: <b>
<a> g:  <b>
a.b <c>
a'b <c>
a:b <c>
a(b)c <d>
host::user
host:.user
a:b::c
[a:b]:c
x (y:z) <a>
g: a; h: b;
a <b> c <d>
<a> <b> <c>
> <a>
g:
g :a
(c)g: a;
g(c): a;
x <a ("c
a (b\\
a <b> (c\\""".split(b"\n")]
CRACK_FIXED += [b"x" * n + b" <a@b>" for n in (250, 251)] + \
    [b"a@b (" + b"c" * n + b")" for n in (249, 250)] + \
    [b"a@b (" + b"c" * n for n in (250, 251)] + \
    [b"x" * n + b" <a (cc)>" for n in (244, 245)] + \
    [b"(" + b"c" * 250 + b") a@b" + x for x in (b"", b" (x)", b" >", b";", b":")] + \
    [b"x" * n + b" <a" for n in (250, 251)] + [b"x" * 3000, b"<<a>> " + b"x" * 246, b"<<a>> " + b"x" * 247]
SPLIT_FIXED = [b"a, (b,c) d, \"e,f\" g, <h,i>, <@j,@k:l@m>, n\\,o", b"a b", b"a b;", b"a (b) c",
               b"a:b c", b"a\"b c\"d e", b"a\\ b c", b"\"a b\" c", b"a,b c", b"a\tb",
               b"John Doe <jd@x>, \"Smith, Jane\" <js@y>", b"team: a, b;", b"a,,b, ,c"]

def main():
    w = setup()
    try:
        rng = random.Random(20240601)
        alph_n = list(b"<>()\",;:@.\\ !$|%a") + list(b"abc") * 3 + [9, 0xff, 0xe9, 1, 0x5b, 0x5d, 0x2b, 0x2f, 0x5e, 0x3d]
        pn = PRESCAN_FIXED + [rnd(rng, alph_n, 20) for _ in range(150)]
        # the -bt reader drops trailing blanks of a line
        pn = [s.rstrip(b" \t") for s in pn if s.strip(b" \t")]
        alph_c = [c for c in alph_n if c != 0xff]
        pc = PARSE_FIXED + [rnd(rng, alph_c, 20) for _ in range(150)]
        pc = [s.rstrip(b" \t") for s in pc if s.strip(b" \t")]
        alph_f = list(b"<>()\",;:@.\\ !|%a") + list(b"abc") * 3 + [0xe9, 0x5b, 0x5d, 0x2b, 0x2f, 0x5e, 0x3d, 0x2a]
        pf = [rnd(rng, alph_f, 20) for _ in range(120)]
        pf = [s for s in pf if s]
        alph_k = list(b"<>()\",;:@.\\ []'a") + list(b"abc") * 3 + [9]
        ck = CRACK_FIXED + [rnd(rng, alph_k, 16) for _ in range(200)]
        ck = [s.rstrip(b" \t") for s in ck if s.strip(b" \t")]
        alph_s = list(b"<>()\",;:@\\ a\t") + list(b"abc,") * 3
        sp = SPLIT_FIXED + [bytes(rng.choice(alph_s) for _ in range(rng.randint(1, 20))) for _ in range(80)]
        sp = [(b"x" + s if s.startswith(b"-") else s) for s in sp]

        out_n = prescan_n(w, pn)
        crack1, out_c = parse(w, pc)
        crack, _ = parse(w, ck)
        out_f = prescan_f(w, pf)
        splits = [bv(w, s) for s in sp]
    finally:
        shutil.rmtree(w, ignore_errors=True)

    print("/* addr_cases.h - generated by tests/unit/gen-addr-cases.py from the real")
    print(" * sendmail 8.17.1.9: do not edit.  Token lines read \"TOK: t1 t2...\" with")
    print(" * the tokens as -bt prints them. */")
    print("struct addr_pcase { int mode; const char *in; const char *want; };")
    print("static const struct addr_pcase addr_pcases[] = {")
    for s, o in zip(pn, out_n):
        print("\t{ 'n', %s,\n\t    %s }," % (c_str(s), c_str(o)))
    for s, o in zip(pc, out_c):
        print("\t{ 'c', %s,\n\t    %s }," % (c_str(s), c_str(o)))
    for s, o in zip(pf, out_f):
        print("\t{ 'f', %s,\n\t    %s }," % (c_str(s), c_str(o)))
    print("};")
    print("struct addr_ccase { const char *in; const char *want; };")
    print("static const struct addr_ccase addr_ccases[] = {")
    for s, o in zip(ck, crack):
        print("\t{ %s,\n\t    %s }," % (c_str(s), c_str(o)))
    print("};")
    print("/* the addresses -bv reported for each list (a set: sendmail drops")
    print(" * duplicates and addresses without tokens), sorted, one a line */")
    print("struct addr_scase { const char *in; const char *want; };")
    print("static const struct addr_scase addr_scases[] = {")
    for s, o in zip(sp, splits):
        print("\t{ %s,\n\t    %s }," % (c_str(s), c_str(b"".join(x + b"\n" for x in sorted(o)))))
    print("};")

main()
