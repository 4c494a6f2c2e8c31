#!/usr/bin/python3
"""syslogd.py - a tiny syslog sink for the golden worlds: binds the unix
datagram socket PATH (e.g. /dev/log, inside the world's own mount
namespace only) and appends every datagram, one per line, to OUT.
Writes PIDFILE once bound, so the caller can start the program under
test only then.  Stops on SIGTERM (the caller kills it by pid).

usage: syslogd.py PATH OUT PIDFILE
"""
import os, signal, socket, sys

def main():
    path, out, pidfile = sys.argv[1:4]
    try:
        os.unlink(path)
    except FileNotFoundError:
        pass
    s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    s.bind(path)
    os.chmod(path, 0o666)
    signal.signal(signal.SIGTERM, lambda *a: sys.exit(0))
    with open(out, "ab", buffering=0) as f:
        with open(pidfile + ".tmp", "w") as p:
            p.write("%d\n" % os.getpid())
        os.rename(pidfile + ".tmp", pidfile)
        while True:
            d = s.recv(65536)
            f.write(d.rstrip(b"\0").rstrip(b"\n") + b"\n")

main()
