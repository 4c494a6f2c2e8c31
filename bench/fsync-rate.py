#!/usr/bin/python3
"""fsync-rate.py - how fast this disk makes small new files durable.

usage: fsync-rate.py DIR [N]

Serially, N times (default 500): create a new file (O_EXCL), write 1 KiB,
fsync it, close it, fsync the directory, as a queue commit does for
each file it makes.  Prints "N SECONDS FSYNCS" (FSYNCS = 2N: one file
and one directory fsync per round).  The files are removed afterwards.
"""
import os
import sys
import time


def main():
    d = sys.argv[1]
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 500
    os.makedirs(d, exist_ok=True)
    dfd = os.open(d, os.O_RDONLY | os.O_DIRECTORY)
    data = b"x" * 1024
    names = []
    try:
        t0 = time.monotonic()
        for i in range(n):
            name = os.path.join(d, "f%06d" % i)
            fd = os.open(name, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            names.append(name)
            try:
                if os.write(fd, data) != len(data):
                    raise SystemExit("fsync-rate: short write")
                os.fsync(fd)
            finally:
                os.close(fd)
            os.fsync(dfd)
        t1 = time.monotonic()
    finally:
        for name in names:
            os.unlink(name)
        os.close(dfd)
    print("%d %.6f %d" % (n, t1 - t0, 2 * n))


if __name__ == "__main__":
    main()
