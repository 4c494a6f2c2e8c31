#!/usr/bin/python3
"""gen-dynlib-syms.py - writes src/util/dynlib_syms.h: every function of the
libraries util/dynlib.c loads on demand that tern's objects call, with the
prototype the library's header declares (read with gcc -aux-info).

Run after adding a call to one of those libraries (the link fails until
then): make build/libtern.a build/obj/src/main/main.o, then
  /usr/bin/python3 scripts/gen-dynlib-syms.py > src/util/dynlib_syms.h
"""
import os
import re
import subprocess
import sys
import tempfile

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
LIBDIR = "/lib/x86_64-linux-gnu"
# (macro suffix, soname, headers that declare its functions)
LIBS = [
    ("SSL", "libssl.so.3", ["openssl/ssl.h"]),
    ("CRYPTO", "libcrypto.so.3", ["openssl/bio.h", "openssl/err.h",
                                  "openssl/evp.h", "openssl/pem.h",
                                  "openssl/x509.h"]),
    ("SASL", "libsasl2.so.2", ["sasl/sasl.h", "sasl/saslutil.h"]),
    ("EVENT", "libevent-2.1.so.7", ["event2/event.h",
                                    "event2/bufferevent.h",
                                    "event2/buffer.h"]),
    ("CARES", "libcares.so.2", ["ares.h"]),
    ("DB", "libdb-5.3.so", ["db.h"]),
    ("RESOLV", "libresolv.so.2", ["arpa/nameser.h", "resolv.h"]),
]


def nm(args):
    out = subprocess.run(["nm"] + args, check=True, stdout=subprocess.PIPE,
                         stderr=subprocess.DEVNULL, text=True).stdout
    return out.splitlines()


def main():
    build = os.path.join(REPO, "build")
    objs = [os.path.join(build, "libtern.a"),
            os.path.join(build, "obj", "src", "main", "main.o")]
    undef = set()
    for line in nm(["-u"] + objs):
        f = line.split()
        if f and f[-1] and not line.endswith(":"):
            undef.add(f[-1].split("@")[0])
    with tempfile.TemporaryDirectory() as tmp:
        src = os.path.join(tmp, "h.c")
        aux = os.path.join(tmp, "aux.txt")
        with open(src, "w") as fh:
            for _, _, hdrs in LIBS:
                for h in hdrs:
                    fh.write("#include <%s>\n" % h)
        subprocess.run(["gcc", "-D_GNU_SOURCE", "-c", src, "-aux-info", aux,
                        "-o", os.devnull], check=True)
        protos = {}
        for line in open(aux):
            m = re.match(r"/\*[^*]*\*/ extern (.*?)\s*\b(\w+) \((.*)\);$",
                         line.strip())
            if m and m.group(2) not in protos:
                protos[m.group(2)] = (m.group(1).strip(), m.group(3))
    print("/*\n * dynlib_syms.h - every function tern calls in the libraries "
          "util/dynlib.c\n * loads on first use, with the prototype its header "
          "declares.  Made by\n * scripts/gen-dynlib-syms.py: a call to a "
          "function not listed here fails\n * to link until it is run "
          "again.\n */")
    for tag, soname, _ in LIBS:
        exported = set(l.split()[-1].split("@")[0] for l in
                       nm(["-D", "--defined-only",
                           os.path.join(LIBDIR, soname)]) if l.strip())
        names = sorted(undef & exported)
        print("\n/* %s */" % soname)
        for name in names:
            if name not in protos:
                sys.exit("no prototype for %s" % name)
            ret, params = protos[name]
            if params.strip() == "void":
                p, a = "(void)", "()"
            else:
                if "..." in params or "(*" in params:
                    sys.exit("%s: variadic or function-pointer parameter: "
                             "wrap it by hand" % name)
                ps = [x.strip() for x in params.split(",")]
                ns = ["a%d" % i for i in range(len(ps))]
                p = "(" + ", ".join(t + ("" if t.endswith("*") else " ") + n
                                    for t, n in zip(ps, ns)) + ")"
                a = "(" + ", ".join(ns) + ")"
            if ret == "void":
                head = "LAZY_VOID(%s, %s," % (tag, name)
            else:
                head = "LAZY(%s, %s, %s," % (tag, ret, name)
            print(head)
            line = "    %s, %s)" % (p, a)
            if len(line) <= 80:
                print(line)
                continue
            words, cur = p.split(" "), "   "
            for w in words:
                if len(cur) + 1 + len(w) > 76:
                    print(cur)
                    cur = "\t" + w
                else:
                    cur += " " + w
            print(cur + ",")
            print("    %s)" % a)


main()
