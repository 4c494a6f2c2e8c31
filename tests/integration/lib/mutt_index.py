#!/usr/bin/python3
"""mutt_index.py - open an mbox read-only in mutt on a pseudo-terminal
(mutt has no batch mode for reading: without a tty it wants to send
mail) and print what its index shows: "msgs=N new=N" from a custom
status line, then one "IDX subject" line per message, in mutt's order.
Then it quits with "q".  Bounded: 10 seconds.

usage: mutt_index.py MUTT LIBDIR MBOX
"""
import os, pty, re, select, signal, sys, time

def main():
    mutt, libdir, mbox = sys.argv[1:4]
    env = dict(os.environ, TERM="vt100", HOME="/nonexistent",
               LD_LIBRARY_PATH=libdir, COLUMNS="200", LINES="40")
    pid, fd = pty.fork()
    if pid == 0:
        os.execve(mutt, [mutt, "-n", "-F", "/dev/null", "-R", "-f", mbox,
                         "-e", "set folder=/tmp dotlock_program=/bin/true sort=mailbox-order",
                         "-e", "set status_format='STATUS msgs=%m new=%n END'",
                         "-e", "set index_format='IDX %s END'"], env)
    out = b""
    end = time.time() + 10
    while time.time() < end and b"STATUS msgs=" not in out:
        r, _, _ = select.select([fd], [], [], 0.2)
        if r:
            try:
                d = os.read(fd, 65536)
            except OSError:
                break
            if not d:
                break
            out += d
    time.sleep(0.3)
    try:
        while select.select([fd], [], [], 0.2)[0]:
            out += os.read(fd, 65536)
    except OSError:
        pass
    try:
        os.write(fd, b"q")
    except OSError:
        pass
    time.sleep(0.3)
    try:
        os.kill(pid, signal.SIGTERM)
    except ProcessLookupError:
        pass
    os.waitpid(pid, 0)
    text = re.sub(rb"\x1b\[[0-9;?]*[A-Za-z]|\x1b[()][A-Z0-9]|\x1b[=>]|[\x0e\x0f]",
                  b"", out).decode("utf-8", "replace")
    m = re.search(r"STATUS (msgs=\d+ new=\d+) END", text)
    print(m.group(1) if m else "no status line")
    for s in re.findall(r"IDX (.*?) +END", text):
        print("IDX " + s.strip())

main()
