#!/usr/bin/python3
"""bp.py - the mailq (sendmail -bp) golden cases, run INSIDE the world.

usage (inside tests/world/enter.sh WORLD ...):
  bp.py record SENDMAIL OUTDIR [CASE...]   run SENDMAIL, write OUTDIR/CASE.out
                                           (.err if not empty, .rc if not 0)
  bp.py check  SENDMAIL OUTDIR [CASE...]   run SENDMAIL, compare with OUTDIR
  bp.py list                               the case names

SENDMAIL is a program path inside the world (/tmp/w/.bin/sendmail).  Each
case writes a queue (qf/df files with fixed contents, times, priorities)
into /tmp/w/var/spool/mqueue (or the directories its .cf names), maybe a
.cf derived from /tmp/w/mta.cf, then runs SENDMAIL -C CF ARGS -bp with
TZ=UTC.  Every case gets -OQueueLA=1000 unless it sets QueueLA itself,
so the host's load never adds an 'X' marker.  The queue is rebuilt before
every run (sendmail's -bp may rename damaged files), and cases avoid
priority ties, whose order is the directory's (file system) order.

The check prints "ok CASE" / "FAIL CASE" with a diff, then
"bp-golden: N passed, N failed".
"""

import difflib
import fcntl
import os
import shutil
import subprocess
import sys
import time

Q = '/tmp/w/var/spool/mqueue'
BASE_CF = '/tmp/w/mta.cf'
T0 = 1795503198            # Tue Nov 24 06:53:18 2026 UTC


def qf(sender=b'<alice@mx.example.com>', rcpts=(b'RPFD:<bob@example.com>',),
       T=T0, P=30240, K=0, N=0, pre=b'', post=b'', V=b'V8\n',
       headers=b'H??Subject: test\n', end=b'.\n'):
    s = V + b'T%d\nK%d\nN%d\nP%d\n' % (T, K, N, P) + pre + b'S' + sender + b'\n'
    s += post
    for r in rcpts:
        s += r + b'\n'
    return s + headers + end


def one(qid, body=b'hello\n', **kw):
    return {'qf' + qid: qf(**kw), 'df' + qid: body}


def merge(*ds):
    r = {}
    for d in ds:
        r.update(d)
    return r


# -- the cases: name -> dict(files=..., args=[...], cf=extra lines, ...)
CASES = {}


def case(name, files, args=(), cf=None, lock=(), user=None, argv0=None,
         qdir=Q, setup=None):
    CASES[name] = dict(files=files, args=list(args), cf=cf, lock=list(lock),
                       user=user, argv0=argv0, qdir=qdir, setup=setup)


BASIC = merge(
    one('AAAAAAAA000001', P=30100, T=T0 - 3600,
        sender=b'<alice@mx.example.com>', rcpts=(b'RPFD:<bob@example.com>',)),
    one('AAAAAAAA000002', body=b'x' * 12345, P=60200, T=T0,
        sender=b'<>', rcpts=(b'RPFD:<carol@www.other.org>',
                             b'RPNS:<dave@www.other.org>')),
    one('BBBBBBBB000003', body=b'', P=100, T=T0 - 86400 * 40,
        sender=b'root', rcpts=(b'RP:root',)),
)
case('empty', {})
case('basic', BASIC)
case('basic-v', BASIC, ['-v'])
case('mailq-name', BASIC, argv0='mailq')
case('mailq-name-v', BASIC, ['-v'], argv0='mailq')
case('bP', BASIC, ['-bP'])

STATUS = merge(
    one('CCCCCCCC000001', P=1000,
        pre=b'B8BITMIME\nMDeferred: Connection refused by www.other.org.\n'
            b'Fw\n',
        post=b'Zenv+2Bid\nA<>\n',
        rcpts=(b'Croot:0:0:alias@mx.example.com',
               b'rRFC822; bob@example.com',
               b'MDeferred: 451 4.3.0 try again later',
               b'RPFDA:<bob@example.com>', b'C',
               b'M' + b'long status ' * 20,
               b'RPFD:<carol@www.other.org>')),
    one('CCCCCCCC000002', P=2000,
        pre=b'B7BIT\n', rcpts=(b'RPFD:<x@www.other.org>',)),
    one('CCCCCCCC000003', P=3000,
        pre=b'M' + b'm' * 120 + b'\n', rcpts=(b'RPFD:<y@www.other.org>',)),
    one('CCCCCCCC000004', P=4000,
        pre=b'qheld: ' + b'r' * 120 + b'\nMafter quarantine\n',
        rcpts=(b'RPFD:<z@www.other.org>',)),
)
case('status', STATUS)
case('status-v', STATUS, ['-v'])

# prtstr: backslashes, control and 8-bit bytes, the column budgets
PRT = merge(
    one('DDDDDDDD000001', P=1,
        sender=b'<al\\ice\001\t\201\351 x@mx.example.com>',
        rcpts=(b'RPFD:<b\\o\\b\x7f\xff@example.com>',)),
    one('DDDDDDDD000002', P=2, sender=b'<' + b's' * 37 + b'>',
        rcpts=(b'RPFD:<' + b'r' * 36 + b'>', b'RPFD:<' + b'r' * 37 + b'>')),
    one('DDDDDDDD000003', P=3, sender=b'<' + b's' * 80 + b'>',
        rcpts=(b'RPFD:<' + b'r' * 80 + b'>',)),
    one('DDDDDDDD000004', P=4, sender=b'<' + b'\\' * 40 + b'>',
        rcpts=(b'RPFD:<' + b'\001' * 20 + b'>',)),
    one('DDDDDDDD000005', P=5, sender=b'<' + b'L' * 3000 + b'@x>',
        rcpts=(b'RPFD:<' + b'R' * 2100 + b'@x>', b'RPFD:<after@long>')),
    {'qfDDDDDDDD000006': b'V8\r\nT1795503198\r\nP6\r\nS<crlf@x>\r\n'
                         b'RPFD:<r@x>\r\n.\r\n',
     'dfDDDDDDDD000006': b'crlf\n'},
    {'qfDDDDDDDD000007': b'V8\nT1795503198\nP7\nS<cont@x>\n continued\n'
                         b'RPFD:<r@x>\n\tmore\n.\n',
     'dfDDDDDDDD000007': b'c\n'},
    {'qfDDDDDDDD000008': b'V8\nT1795503198\nP8\nS<nul\0after@x>\n'
                         b'RPFD:<r@x>\nS<second sender>\nRnocolon\n.\n',
     'dfDDDDDDDD000008': b'n\n'},
    {'qfDDDDDDDD000009': b'T1795503198\nP9\nS<v0@x>\nR<v0rcpt@x>\n'
                         b'RPFD:<v0 with flags>\n.\n',
     'dfDDDDDDDD000009': b'v\n'},
    {'qfDDDDDDDD000010': b'V8\nP10\nS<no time@x>\nRPFD:<r@x>\n.\n',
     'dfDDDDDDDD000010': b't\n'},
    {'qfDDDDDDDD000011': b'V8\nT1795503198\nP11\nRPFD:<no sender@x>\n.\n',
     'dfDDDDDDDD000011': b's\n'},
    {'qfDDDDDDDD000012': b'V8\nT0\nP12\nS<t0@x>\nRPFD:<r@x>\n.\n',
     'dfDDDDDDDD000012': b't\n'},
)
case('prtstr', PRT)
case('prtstr-v', PRT, ['-v'])

# names: which files are entries
NAMES = merge(
    one('EEEEEEEE000001', P=1, sender=b'<a@x>'),
    {'tfEEEEEEEE000002': qf(sender=b'<tf@x>'),
     'dfEEEEEEEE000003': b'only a df\n',
     'xfEEEEEEEE000004': b'transcript\n',
     'QfEEEEEEEE000005': qf(sender=b'<lost@x>', P=5),
     'dfEEEEEEEE000005': b'lost\n',
     'hfEEEEEEEE000006': qf(sender=b'<held@x>', P=6, pre=b'qSpam\n'),
     'dfEEEEEEEE000006': b'held\n',
     'qfX': qf(sender=b'<short name@x>', P=7), 'dfX': b'x\n',
     'qfAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA000008': qf(sender=b'<long name@x>'),
     'qfE': b'', 'dfE': b'',
     'README': b'not a queue file\n', '.qfhidden': qf()},
)
case('names', NAMES)
case('names-v', NAMES, ['-v'])
case('names-qQ', NAMES, ['-qQ'])
case('names-qL', NAMES, ['-qL'])

# no df: sendmail reads the whole qf (readqf) and says why it cannot
NODF = {
    'qfFFFFFFFF000001': qf(P=1, sender=b'<nodf@x>',
                           rcpts=(b'RPFD:<r@www.other.org>',)),
    'qfFFFFFFFF000002': qf(P=2, pre=b'Bbogus\n'),
    # (a qf without its "." line: sendmail 8.17 aborts in fclose)
    'qfFFFFFFFF000004': qf(P=4, headers=b'H??Subject: x\n', end=b'.\nXtra\n'),
    'qfFFFFFFFF000005': qf(P=5, post=b'Anot xtext\n'),
    'qfFFFFFFFF000006': qf(P=6, post=b'Xunknown line\n'),
    'qfFFFFFFFF000007': qf(P=7, V=b'V9\n'),
}
case('nodf', NODF)

# limits and sort orders
FILT = merge(
    one('GGGGGGGG000001', P=1, T=T0 - 10, sender=b'<Alice@Example.COM>',
        rcpts=(b'RPFD:<bob@one.example>',)),
    one('GGGGGGGG000002', P=2, T=T0 - 20, sender=b'<carol@two.example>',
        rcpts=(b'RPFD:<dave@two.example>', b'RPFD:<ERIN@three.example>')),
    one('HHHHHHHH000003', P=3, T=T0 - 30,
        sender=b'<' + b'x' * 250 + b'tailsender@x>',
        rcpts=(b'RPFD:<' + b'x' * 250 + b'tailrcpt@four.example>',)),
    one('HHHHHHHH000004', P=4, T=T0 - 40, sender=b'<frank@five.example>',
        rcpts=(b'RPFD:<g@five.example>',), post=b''),
    one('IIIIIIII000005', P=5, T=T0 - 50, sender=b'<grace@six.example>',
        rcpts=(b'RPFD:<h@seven.example>',), pre=b'qquarantined but qf\n'),
    {'hfIIIIIIII000006': qf(P=6, T=T0 - 60, sender=b'<held@x>',
                            pre=b'qSpam: too much\n'),
     'dfIIIIIIII000006': b'held\n'},
)
for a in ['-qRbob', '-qR!bob', '-qRerin', '-qR!erin', '-qSalice', '-qS!alice',
          '-qIGGGG', '-qI!GGGG', '-qI000002', '-qIgggg', '-qRtailrcpt',
          '-qStailsender', '-qRexample', '-qQ', '-qQSpam', '-qQ!Spam',
          '-qQnomatch', '-qRbob -qRdave', '-qSalice -qRdave',
          '-qSALICE -qS!carol', '-qI000001 -qI000004', '-qRx -v']:
    case('filt' + a.replace(' ', '_'), FILT, a.split())
case('filt', FILT)
for so in ['filename', 'time', 'host', 'priority']:
    case('sort-' + so, FILT, ['-OQueueSortOrder=' + so])
case('sort-host-v', FILT, ['-OQueueSortOrder=host', '-v'])
case('maxrun', FILT, ['-OMaxQueueRunSize=2', '-OQueueSortOrder=filename'])
case('maxrun-v', FILT, ['-OMaxQueueRunSize=3', '-OQueueSortOrder=filename',
                        '-v'])

# markers: * locked, - too young, X load, ? lost
MARK = merge(
    one('JJJJJJJJ000001', P=1, sender=b'<locked@x>'),
    one('JJJJJJJJ000002', P=2, sender=b'<young@x>', K=-1, N=1),
    one('JJJJJJJJ000003', P=3, sender=b'<tried long ago@x>', K=T0 - 86400,
        N=3),
    one('JJJJJJJJ000004', P=40000, sender=b'<big priority@x>'),
)
case('markers', MARK, lock=['qfJJJJJJJJ000001'])
case('markers-minage', MARK, ['-OMinQueueAge=1h'], lock=['qfJJJJJJJJ000001'])
case('markers-la', MARK, ['-OQueueLA=0', '-OQueueFactor=1'])
case('markers-v', MARK, ['-v', '-OMinQueueAge=1h'], lock=['qfJJJJJJJJ000001'])
case('markers-host', merge(MARK, one('JJJJJJJJ000005', P=5,
                                     sender=b'<same host as locked@x>')),
     ['-OQueueSortOrder=host'], lock=['qfJJJJJJJJ000001'])

# layouts: qf/df/xf subdirectories, queue groups, a wildcard
SUB = {'qf/qfKKKKKKKK000001': qf(P=1, sender=b'<sub@x>'),
       'df/dfKKKKKKKK000001': b'in df/\n',
       'xf/xfKKKKKKKK000001': b'transcript\n',
       'qf/qfKKKKKKKK000002': qf(P=2, sender=b'<sub-nodf@x>',
                                 rcpts=(b'RPFD:<r@www.other.org>',))}
case('subdirs', SUB)
GROUPS = {'qfLLLLLLLL000001': qf(P=1, sender=b'<default@x>'),
          'dfLLLLLLLL000001': b'd\n',
          'slow/qfLLLLLLLL000002': qf(P=2, sender=b'<slow@x>'),
          'slow/dfLLLLLLLL000002': b'slow\n',
          'fast1/qf/qfLLLLLLLL000003': qf(P=3, sender=b'<fast@x>'),
          'fast1/df/dfLLLLLLLL000003': b'fast\n',
          'fastother/placeholder': b''}
case('groups', GROUPS,
     cf='Qslow, P=/tmp/w/var/spool/mqueue/slow, F=f, R=2, J=1\n'
        'Qfast, P=/tmp/w/var/spool/mqueue/fast1*\n')
case('groups-J', merge(GROUPS, {
    'slow/qfLLLLLLLL000004': qf(P=0, sender=b'<slow first@x>'),
    'slow/dfLLLLLLLL000004': b'slow\n'}),
     cf='Qslow, P=/tmp/w/var/spool/mqueue/slow, F=f, R=2, J=1\n'
        'Qfast, P=/tmp/w/var/spool/mqueue/fast1*\n')
case('groups-mqueue', GROUPS,
     cf='Qzzz, P=/tmp/w/var/spool/mqueue/slow\n'
        'Qmqueue, P=/tmp/w/var/spool/mqueue\n')
case('wildcard', {'q1/qfMMMMMMMM000001': qf(P=1, sender=b'<in q1@x>'),
                  'q1/dfMMMMMMMM000001': b'q1\n',
                  'other/qfMMMMMMMM000002': qf(P=2, sender=b'<not seen@x>')},
     cf='O QueueDirectory=/tmp/w/var/spool/mqueue/q*\n')
case('nodir', None)
case('nodir-bP', None, ['-bP'])

# an unprivileged user
case('user', BASIC, user=1000, setup='0755')
case('user-restrict', BASIC, ['-OPrivacyOptions=restrictmailq'], user=1000,
     setup='0755')
case('user-noaccess', BASIC, user=1000)
case('user-qf600', BASIC, user=1000, setup='0755-qf600')


def make_cf(extra):
    """a .cf: mta.cf with its QueueDirectory line replaced or Q lines added"""
    with open(BASE_CF) as f:
        text = f.read()
    if extra is None:
        return BASE_CF
    lines = extra.splitlines(True)
    for l in lines:
        if l.startswith('O QueueDirectory='):
            text = '\n'.join(x for x in text.split('\n')
                             if not x.startswith('O QueueDirectory='))
    path = '/tmp/w/bp-case.cf'
    with open(path, 'w') as f:
        f.write(text + ''.join(lines))
    return path


def build_queue(c):
    shutil.rmtree(Q, ignore_errors=True)
    if c['files'] is None:
        return
    os.makedirs(Q, mode=0o700)
    os.chmod(Q, 0o700)
    for name, data in sorted(c['files'].items()):
        path = os.path.join(Q, name)
        d = os.path.dirname(path)
        if not os.path.isdir(d):
            os.makedirs(d, mode=0o700)
        if name.endswith('/placeholder'):
            continue
        with open(path, 'wb') as f:
            # K-1: a delivery attempt just now (MinQueueAge)
            f.write(data.replace(b'K-1\n', b'K%d\n' % int(time.time())))
        os.chmod(path, 0o600)
        # modification times in name order (QueueSortOrder=modification)
        os.utime(path, (T0, T0 + sum(name.encode())))
    if c['setup'] is not None:
        if c['setup'].startswith('0755'):
            os.chmod(Q, 0o755)
            for n in os.listdir(Q):
                p = os.path.join(Q, n)
                if os.path.isfile(p):
                    os.chmod(p, 0o600 if (c['setup'].endswith('qf600')
                                          and n.startswith('qf')) else 0o644)


def unwrap(prog):
    """the program and LD_LIBRARY_PATH a golden_bin wrapper runs"""
    try:
        with open(prog) as f:
            text = f.read()
    except (OSError, UnicodeDecodeError):
        return prog, None
    if not text.startswith('#!/bin/sh'):
        return prog, None
    libdir = None
    for line in text.splitlines():
        if line.startswith("LD_LIBRARY_PATH='"):
            libdir = line.split("'")[1]
        if line.startswith("exec '"):
            prog = line.split("'")[1]
    return prog, libdir


def run_case(sendmail, name):
    c = CASES[name]
    build_queue(c)
    cf = make_cf(c['cf'])
    args = [sendmail, '-C', cf]
    if not any(a.startswith('-OQueueLA') for a in c['args']):
        args.append('-OQueueLA=1000')
    if c['argv0'] is None:
        args.append('-bp')
    args += [a for a in c['args'] if a != '-bP']
    if '-bP' in c['args']:
        args = [a for a in args if a != '-bp'] + ['-bP']
    env = dict(os.environ, TZ='UTC')
    held = []
    for l in c['lock']:
        fd = os.open(os.path.join(Q, l), os.O_RDWR)
        fcntl.flock(fd, fcntl.LOCK_EX)
        held.append(fd)
    prog = args[0]
    argv = args
    if c['argv0'] is not None:
        # run the program under another name (mailq): the wrapper made
        # by golden_bin hides argv[0], so run what it runs
        prog, libdir = unwrap(prog)
        if libdir:
            env['LD_LIBRARY_PATH'] = libdir
        argv = ['/usr/bin/python3', '-c',
                'import os,sys; os.execv(sys.argv[1], [sys.argv[2]] + sys.argv[3:])',
                prog, c['argv0']] + args[1:]
    pre = []
    if c['user'] is not None:
        pre = ['setpriv', '--reuid=%d' % c['user'], '--regid=%d' % c['user'],
               '--clear-groups']
    p = subprocess.run(pre + argv, stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, env=env, timeout=30)
    for fd in held:
        os.close(fd)
    return p.stdout, p.stderr, p.returncode


def record(sendmail, outdir, names):
    os.makedirs(outdir, exist_ok=True)
    for n in names:
        out, err, rc = run_case(sendmail, n)
        for ext, data in (('out', out), ('err', err)):
            path = os.path.join(outdir, n + '.' + ext)
            if data or ext == 'out':
                with open(path, 'wb') as f:
                    f.write(data)
            elif os.path.exists(path):
                os.unlink(path)
        rcpath = os.path.join(outdir, n + '.rc')
        if rc != 0:
            with open(rcpath, 'w') as f:
                f.write('%d\n' % rc)
        elif os.path.exists(rcpath):
            os.unlink(rcpath)
        print('%-28s rc=%-3d %4d lines' % (n, rc, out.count(b'\n')))


def check(sendmail, outdir, names):
    passed = failed = 0
    for n in names:
        try:
            with open(os.path.join(outdir, n + '.out'), 'rb') as f:
                want_out = f.read()
        except OSError:
            print('FAIL %s: no golden output' % n)
            failed += 1
            continue
        want_err = b''
        want_rc = 0
        if os.path.exists(os.path.join(outdir, n + '.err')):
            with open(os.path.join(outdir, n + '.err'), 'rb') as f:
                want_err = f.read()
        if os.path.exists(os.path.join(outdir, n + '.rc')):
            with open(os.path.join(outdir, n + '.rc')) as f:
                want_rc = int(f.read())
        out, err, rc = run_case(sendmail, n)
        if out == want_out and err == want_err and rc == want_rc:
            passed += 1
            print('ok %s' % n)
            continue
        failed += 1
        print('FAIL %s (rc %d, want %d)' % (n, rc, want_rc))
        for a, b, what in ((want_out, out, 'stdout'), (want_err, err, 'stderr')):
            if a != b:
                d = difflib.unified_diff(
                    a.decode('latin-1').splitlines(),
                    b.decode('latin-1').splitlines(),
                    'expected ' + what, 'actual ' + what, lineterm='', n=1)
                for line in list(d)[:20]:
                    print('    ' + repr(line)[1:-1][:200])
    print('bp-golden: %d passed, %d failed' % (passed, failed))
    return failed == 0


def main():
    if len(sys.argv) >= 2 and sys.argv[1] == 'list':
        print('\n'.join(sorted(CASES)))
        return 0
    if len(sys.argv) < 4 or sys.argv[1] not in ('record', 'check'):
        print(__doc__, file=sys.stderr)
        return 2
    names = sys.argv[4:] or sorted(CASES)
    if sys.argv[1] == 'record':
        record(sys.argv[2], sys.argv[3], names)
        return 0
    return 0 if check(sys.argv[2], sys.argv[3], names) else 1


if __name__ == '__main__':
    sys.exit(main())
