#!/usr/bin/python3
"""syslog_sink.py SOCKET OUT - a stand-in for syslogd inside a test world.

Binds an AF_UNIX datagram socket at SOCKET (normally a private /dev/log,
mode 0666 so unprivileged and set-group-ID programs can log) and appends
every message it receives to OUT as one line, as glibc's syslog(3) sent
it ("<PRI>Mmm dd hh:mm:ss tag[pid]: text").  Runs until SIGTERM; the
caller stops it by its pid.
"""
import os
import signal
import socket
import sys


def main():
    path, out = sys.argv[1], sys.argv[2]
    try:
        os.unlink(path)
    except FileNotFoundError:
        pass
    s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    s.bind(path)
    os.chmod(path, 0o666)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    with open(out, "ab", buffering=0) as f:
        while True:
            data = s.recv(65536)
            f.write(data.rstrip(b"\0\n") + b"\n")


main()
