#!/usr/bin/python3
"""norm.py - normalize a delivery transcript for comparison.

usage: norm.py mbox|log FILE     (normalized text on stdout)

Everything that varies from run to run, and nothing else:
  * queue IDs (8 characters of [0-9A-Za-x] then 6-7 digits) -> QID1,
    QID2, ... in order of first appearance (so references still match);
  * RFC 822 dates with a year 2010-2099 -> DATE (the test messages' own
    dates are from 2001); ctime dates (From_ lines) -> CTIME; the time
    stamp of a Message-Id sendmail made ("<202611240954.QID1@") ->
    TSTAMP; the seconds after the queue ID in a DSN boundary -> TIME;
  * the version: "8.17.1.9/8.17.1.9" and $GOLDEN_SELF_VERSION
    ("tern-0.1/8.17.1.9") -> VERSION/8.17.1.9;
  * log only: the syslog time stamp -> TIME, "name[pid]" -> name[PID],
    delay=/xdelay= values -> HH:MM:SS; each "QID: key=value, ..." line
    is printed one field a line ("    key=value") so that a difference
    names its field.
"""
import os, re, sys

QID = re.compile(rb"(?<![0-9A-Za-z])[0-9A-Za-x]{8}[0-9]{6,7}(?![0-9A-Za-z])")
DAY = rb"(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)"
MON = rb"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)"
RFCDATE = re.compile(DAY + rb", [ 0-9]?[0-9] " + MON +
                     rb" 20[1-9][0-9] [0-9]{2}:[0-9]{2}:[0-9]{2} (?:GMT|UTC|[-+][0-9]{4})(?: \([A-Za-z]+\))?")
CTIME = re.compile(DAY + rb" " + MON + rb" [ 0-9][0-9] [0-9]{2}:[0-9]{2}:[0-9]{2} 20[1-9][0-9]")
FIELD = re.compile(rb", (?=[a-z]+=)")

def main():
    kind, path = sys.argv[1], sys.argv[2]
    data = open(path, "rb").read()
    ids = {}
    def qid(m):
        k = m.group(0)
        if k not in ids:
            ids[k] = b"QID%d" % (len(ids) + 1)
        return ids[k]
    data = QID.sub(qid, data)
    data = RFCDATE.sub(b"DATE", data)
    data = CTIME.sub(b"CTIME", data)
    data = re.sub(rb"<20[1-9][0-9]{9}\.(QID[0-9]+)@", rb"<TSTAMP.\1@", data)
    data = re.sub(rb"(QID[0-9]+)\.[0-9]{9,10}/", rb"\1.TIME/", data)
    self_v = os.environ.get("GOLDEN_SELF_VERSION", "").encode()
    if self_v:
        data = data.replace(self_v + b"/8.17.1.9", b"VERSION/8.17.1.9")
    data = data.replace(b"8.17.1.9/8.17.1.9", b"VERSION/8.17.1.9")
    if kind == "log":
        out = []
        for line in data.split(b"\n"):
            if not line:
                continue
            line = re.sub(rb"^(<[0-9]+>)" + MON + rb" [ 0-9][0-9] [0-9:]{8} ", rb"\1TIME ", line)
            line = re.sub(rb"^(<[0-9]+>TIME [^\[: ]+)\[[0-9]+\]:", rb"\1[PID]:", line)
            line = re.sub(rb"(delay=)[0-9+]*[0-9]{2}:[0-9]{2}:[0-9]{2}", rb"\1HH:MM:SS", line)
            m = re.match(rb"^(.*?: QID[0-9]+: )((?:from|to)=.*)$", line)
            if m:
                out.append(m.group(1).rstrip())
                out.extend(b"    " + f for f in FIELD.split(m.group(2)))
            else:
                out.append(line)
        data = b"\n".join(out) + b"\n"
    sys.stdout.buffer.write(data)

main()
