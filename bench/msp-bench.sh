#!/bin/sh
# msp-bench.sh - the submission program: BENCH_MSP_MSGS (default 1000)
# sequential `sendmail -oi -t` submissions of a 1 KiB message (To: and
# Subject: headers, read on stdin), tern's MSP against the real sendmail
# 8.17's MSP (tests/golden/lib.sh golden_fetch_real: extracted, never
# installed) and Postfix 3.7's sendmail, which hands the message to
# postdrop (scripts/peers.sh postfix: extracted, never installed).
# Side by side in one run: submissions/s and CPU per submission.  The
# goal of issue 6: tern at least three times Postfix's rate.
#
# The same work for each: queue the message in its client queue and
# hand it to a mail server, here Postfix's smtp-sink on a free loopback
# port (it answers 250 to everything and counts the messages, which is
# how each row is checked).
#   * tern and sendmail 8.17 read the same submit.mc (cf/submit.mc)
#     made by m4 with a scratch prefix (their own client queue) and the
#     sink's port; RunAsUser/TrustedUser smmsp, or mail where this host
#     has no smmsp.  Both keep sendmail's defaults (DeliveryMode=i,
#     SuperSafe=True: df and qf are on disk before the SMTP handoff).
#   * Postfix: sendmail -> postdrop writes the maildrop file; its master
#     (private config dir, as bench/daemon-bench.py runs it) picks it up
#     (pickup, cleanup, qmgr) and relays it by smtp to the sink.  Its
#     daemons work after the command returned: their CPU is reported as
#     well, and the row waits until the sink has every message.
# CPU per submission = user+system time of the command and everything
# it started (the driver is a child subreaper, so even an orphan is
# counted), from getrusage(RUSAGE_CHILDREN).  The wall time includes
# one posix_spawn per submission from the Python driver (the /bin/true
# line of the start-up table shows that floor).
#
# Server down (BENCH_MSP_DOWN, default 200 submissions): tern and
# 8.17 with a submit.cf pointing at a port nobody listens on (connection
# refused, the message stays in the client queue: qf files counted);
# Postfix with its master stopped (the message stays in maildrop).
#
# Start-up (BENCH_MSP_STARTUP runs, default 200): `sendmail -C submit.cf
# -bt < /dev/null` (read submit.cf, print the banner, exit), wall and
# CPU per run, next to /bin/true spawned the same way and the same
# command on a minimal .cf: the difference is what parsing submit.cf
# costs.  With valgrind, callgrind's instruction count of one run too.
#
# BENCH_MSP_TERN names another tern binary (default build/bin/sendmail,
# which `make bench` has just built).
#
# Needs root (smtp-sink and Postfix's master start as root, the MSPs
# switch to RunAsUser).  Runs in its own UTS, mount and network
# namespaces (unshare; nothing outside changes): hostname
# msp-bench.example.org (sendmail 8.17 sleeps 60 s per run on an
# unqualified host name it cannot resolve), /etc/hosts bound over by one
# that names it, only lo up, and host lookups from files (service.switch
# "hosts files" in each prefix), so no DNS query leaves the machine and
# no resolver latency (or its "Name server timeout", which queues the
# message) enters the numbers.  Everything lives in build/bench-msp;
# every process started is stopped by its pid.
set -eu
cd "$(dirname "$0")/.."
repo=$PWD
if [ "$(id -u)" -ne 0 ]; then
	echo "msp-bench: skipped (needs root)"
	exit 0
fi
n=${BENCH_MSP_MSGS:-1000}
ndown=${BENCH_MSP_DOWN:-200}
nstart=${BENCH_MSP_STARTUP:-200}
nstrace=${BENCH_MSP_STRACE:-20}
base=$repo/build/bench-msp
real=$repo/build/real-sendmail
tern_bin=${BENCH_MSP_TERN:-$repo/build/bin/sendmail}
real_bin=$real/root/usr/libexec/sendmail/sendmail
real_lib=$real/root/usr/lib/x86_64-linux-gnu
pf=$repo/build/peers/root
pf_lib=$pf/usr/lib/postfix
pf_bin=$pf/usr/sbin/sendmail
py=/usr/bin/python3
host=msp-bench.example.org

if [ -z "${MSP_BENCH_NS:-}" ]; then
	# outside the namespaces: fetch what is missing, then enter them
	GOLDEN_REPO=$repo
	export GOLDEN_REPO
	. tests/golden/lib.sh
	golden_fetch_real "$real" > /dev/null 2>&1 ||
		echo "msp-bench: no sendmail 8.17 (golden_fetch_real failed)" >&2
	scripts/peers.sh postfix > /dev/null 2>&1 ||
		echo "msp-bench: no Postfix (scripts/peers.sh postfix failed)" >&2
	if [ ! -x "$pf/usr/sbin/smtp-sink" ]; then
		echo "msp-bench: skipped (no smtp-sink from scripts/peers.sh postfix)"
		exit 0
	fi
	rm -rf "$base"
	mkdir -p "$base"
	printf '127.0.0.1\tlocalhost %s %s\n' "$host" "${host%%.*}" > "$base/hosts"
	MSP_BENCH_NS=1 exec timeout -k 10 1800 unshare --uts --mount --net \
		/bin/sh -euc 'mount --make-rprivate /
		hostname "$1"
		ip link set lo up
		mount --bind "$2/hosts" /etc/hosts
		exec "$3/bench/msp-bench.sh"' sh "$host" "$base" "$repo"
fi
have_real=yes
[ -x "$real_bin" ] || have_real=
user=smmsp
getent passwd smmsp > /dev/null || user=mail
cd "$base"

# ---- the driver: N sequential runs of one command, CPU of all children
cat > drive.py <<'EOF'
"""drive.py N STDIN LOG [--sink FILE EXPECT] [--tree PID] [K=V...] ARGV...
Runs ARGV N times one after the other (stdin from STDIN, stdout and
stderr appended to LOG), as a child subreaper so that every descendant
is reaped here.  Prints: wall seconds, CPU seconds of the children,
failures (non-zero exits), median ms per run, then (with --sink) the
seconds until smtp-sink's counter FILE reached EXPECT after the last
run, and (with --tree) the CPU seconds the process tree PID used from
the first run until then."""
import ctypes
import os
import re
import resource
import sys
import time


def children_cpu():
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def tree_cpu(pid):
    kids, t = {}, 0
    for p in os.listdir("/proc"):
        if not p.isdigit():
            continue
        try:
            with open("/proc/%s/stat" % p) as f:
                st = f.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        kids.setdefault(int(st[1]), []).append((int(p), st))
    todo, first = [pid], True
    try:
        with open("/proc/%d/stat" % pid) as f:
            st = f.read().rsplit(")", 1)[1].split()
        t += sum(int(x) for x in st[11:15])	# + reaped children
    except OSError:
        return 0.0
    while todo:
        for k, st in kids.get(todo.pop(), []):
            t += int(st[11]) + int(st[12]) + int(st[13]) + int(st[14])
            todo.append(k)
    return t / float(os.sysconf("SC_CLK_TCK"))


def sink_count(path):
    try:
        with open(path, "rb") as f:
            f.seek(max(0, os.path.getsize(path) - 200))
            m = re.findall(rb"mesg=(\d+)", f.read())
        return int(m[-1]) if m else 0
    except OSError:
        return 0


def reap(until=0.0):
    """reap what has exited; with until, wait for every child till then"""
    while True:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            if time.time() >= until:
                return
            time.sleep(0.01)


def main():
    a = sys.argv[1:]
    n, stdin, log = int(a[0]), a[1], a[2]
    a = a[3:]
    sink = tree = None
    while a and a[0].startswith("--"):
        if a[0] == "--sink":
            sink, expect, a = a[1], int(a[2]), a[3:]
        elif a[0] == "--tree":
            tree, a = int(a[1]), a[2:]
    env = dict(os.environ)
    while a and "=" in a[0] and not a[0].startswith("/"):
        k, v = a[0].split("=", 1)
        env[k] = v
        a = a[1:]
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(36, 1, 0, 0, 0)		# PR_SET_CHILD_SUBREAPER
    logfd = os.open(log, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
    acts = [(os.POSIX_SPAWN_OPEN, 0, stdin, os.O_RDONLY, 0),
            (os.POSIX_SPAWN_DUP2, logfd, 1), (os.POSIX_SPAWN_DUP2, logfd, 2)]
    fails, each = 0, []
    t0 = tree_cpu(tree) if tree else 0.0
    c0, w0 = children_cpu(), time.time()
    for _ in range(n):
        s = time.time()
        pid = os.posix_spawn(a[0], a, env, file_actions=acts)
        _, status = os.waitpid(pid, 0)
        each.append(time.time() - s)
        if status != 0:
            fails += 1
        reap()
    wall = time.time() - w0
    reap(time.time() + 30)
    cpu = children_cpu() - c0
    each.sort()
    out = "%.4f %.4f %d %.3f" % (wall, cpu, fails, each[len(each) // 2] * 1000)
    if sink:
        deadline = time.time() + 300
        while sink_count(sink) < expect and time.time() < deadline:
            time.sleep(0.05)
        out += " %.3f %d" % (time.time() - w0 - wall, sink_count(sink))
    if tree:
        time.sleep(0.3)		# pickup/cleanup/qmgr finish their bookkeeping
        out += " %.4f" % (tree_cpu(tree) - t0)
    print(out)


main()
EOF

# the message: 1 KiB with its headers
{
	printf 'To: someone@example.org\nSubject: msp-bench\n\n'
	i=0
	while [ $i -lt 15 ]; do
		printf '%s\n' "line $i of the msp-bench message, 1 KiB with the headers, to fill it up to size....."
		i=$((i + 1))
	done
} | head -c 1024 > msg
# sink ports: one that answers and one that nobody listens on
ports=$($py -c 'import socket
s = [socket.socket() for _ in range(2)]
for x in s: x.bind(("127.0.0.1", 0))
print(" ".join(str(x.getsockname()[1]) for x in s))')
sport=${ports% *}
dport=${ports#* }

pids=
cleanup() {
	if [ -n "${pf_conf:-}" ]; then	# Postfix still up: stop it, by pid at worst
		if [ -n "${pf_master:-}" ]; then
			pf_stop
		else
			pf_ctl stop > /dev/null 2>&1 || true
		fi
	fi
	for p in $pids; do
		kill "$p" 2>/dev/null || true
		wait "$p" 2>/dev/null || true
	done
}
trap cleanup EXIT
trap 'exit 1' HUP INT PIPE TERM

LD_LIBRARY_PATH=$pf_lib "$pf/usr/sbin/smtp-sink" -u nobody -c \
	"127.0.0.1:$sport" 256 > sink.count 2> sink.err &
pids="$pids $!"
i=0
until $py -c "import socket; socket.create_connection(('127.0.0.1', $sport)).close()" \
		2> /dev/null; do
	i=$((i + 1))
	[ $i -lt 50 ] || { echo "msp-bench: smtp-sink did not start" >&2; cat sink.err >&2; exit 1; }
	sleep 0.1
done
sink_n() { $py -c 'import re, sys
m = re.findall(rb"mesg=(\d+)", open(sys.argv[1], "rb").read())
print(m[-1].decode() if m else 0)' sink.count; }

# ---- the two MSPs' configurations: the same submit.mc
mkcf() {	# mkcf NAME PORT
	mkdir -p "$1/var/spool/clientmqueue" "$1/etc/mail"
	cp hosts "$1/etc/hosts"
	echo 'hosts files' > "$1/etc/mail/service.switch"
	chown "$user:$user" "$1/var/spool/clientmqueue" 2>/dev/null ||
		chown "$user" "$1/var/spool/clientmqueue"
	chmod 0770 "$1/var/spool/clientmqueue"
	m4 -D TERN_PREFIX="$base/$1" -D TERN_CF="$repo/cf" \
		-D TERN_SMTP_PORT="$2" -D confRUN_AS_USER="$user" \
		/usr/share/sendmail/cf/m4/cf.m4 "$repo/cf/submit.mc" > "$1/submit.cf"
}
mkcf tern "$sport"
mkcf real "$sport"
mkcf tern-down "$dport"
mkcf real-down "$dport"
qfs() { find "$base/$1/var/spool/clientmqueue" -maxdepth 1 -name 'qf*' | wc -l; }
clientq() { find "$base/$1/var/spool/clientmqueue" -maxdepth 1 -type f \
	! -name 'sm-client.*' | wc -l; }

# ---- Postfix: master with pickup/cleanup/qmgr relaying to the sink
pf_conf=
pf_master=
pf_ctl() {
	# Postfix prints its errors only to a terminal: give it one
	LD_LIBRARY_PATH=$pf_lib script -qec \
		"$pf/usr/sbin/postfix -c $base/postfix/conf $1" /dev/null
}
pf_start() {
	d=$base/postfix
	mkdir -p "$d/conf" "$d/queue" "$d/data"
	chown mail "$d/data"
	cat > "$d/conf/main.cf" <<EOF
compatibility_level = 3.6
queue_directory = $d/queue
data_directory = $d/data
command_directory = $pf/usr/sbin
daemon_directory = $pf_lib/sbin
shlib_directory = $pf_lib
meta_directory = $pf/etc/postfix
mail_owner = mail
setgid_group = users
myhostname = msp-bench.example.org
mydomain = example.org
mydestination =
inet_interfaces = loopback-only
inet_protocols = ipv4
mynetworks = 127.0.0.0/8
relayhost = [127.0.0.1]:$sport
alias_maps =
alias_database =
local_recipient_maps =
import_environment = MAIL_CONFIG MAIL_DEBUG MAIL_LOGTAG TZ LANG=C LD_LIBRARY_PATH=$pf_lib
export_environment = TZ MAIL_CONFIG LANG LD_LIBRARY_PATH=$pf_lib
maillog_file_prefixes = $d
maillog_file = $d/maillog
smtputf8_enable = no
biff = no
EOF
	cat > "$d/conf/master.cf" <<EOF
pickup    unix  n - n 60 1 pickup
cleanup   unix  n - n - 0 cleanup
qmgr      unix  n - n 300 1 qmgr
rewrite   unix  - - n - - trivial-rewrite
bounce    unix  - - n - 0 bounce
defer     unix  - - n - 0 bounce
trace     unix  - - n - 0 bounce
verify    unix  - - n - 1 verify
flush     unix  n - n 1000? 0 flush
proxymap  unix  - - n - - proxymap
smtp      unix  - - n - - smtp
relay     unix  - - n - - smtp
error     unix  - - n - - error
retry     unix  - - n - - error
discard   unix  - - n - - discard
anvil     unix  - - n - 1 anvil
scache    unix  - - n - 1 scache
postlog   unix-dgram n - n - 1 postlogd
EOF
	pf_conf=$d/conf
	pf_ctl start > "$d/start.out" 2>&1 || true
	i=0
	until [ -s "$d/queue/pid/master.pid" ] &&
	      [ -S "$d/queue/public/pickup" ]; do
		i=$((i + 1))
		if [ $i -ge 100 ]; then
			echo "msp-bench: Postfix did not start:" >&2
			tail -5 "$d/start.out" "$d/maillog" >&2 2>/dev/null || true
			return 1
		fi
		sleep 0.1
	done
	pf_master=$(awk '{ print $1; exit }' "$d/queue/pid/master.pid")
	sleep 0.5
}
pf_stop() {
	pf_ctl stop > /dev/null 2>&1 || true
	i=0
	while kill -0 "$pf_master" 2>/dev/null && [ $i -lt 100 ]; do
		sleep 0.1; i=$((i + 1))
	done
	if kill -0 "$pf_master" 2>/dev/null; then
		kill -9 "$pf_master" 2>/dev/null || true
	fi
	pf_conf=
}
pf_queued() { find "$base/postfix/queue/$1" -type f | wc -l; }
pf_ok=yes
pf_start || pf_ok=

tern_cmd() { echo "$tern_bin -C $base/$1/submit.cf -oi -t"; }
real_cmd() { echo "LD_LIBRARY_PATH=$real_lib $real_bin -C $base/$1/submit.cf -oi -t"; }
pf_cmd() { echo "LD_LIBRARY_PATH=$pf_lib $pf_bin -C $base/postfix/conf -oi -t"; }

# fsyncs per submission of the command alone (strace -f -c)
fsyncs() {	# fsyncs [VAR=VALUE] ARGV...
	e=
	case $1 in *=*) e=$1; shift ;; esac
	: > strace.log
	k=0
	while [ $k -lt "$nstrace" ]; do
		# shellcheck disable=SC2086
		env $e strace -f -c -e trace=fsync,fdatasync -o strace.out \
			"$@" < msg >> strace.log 2>&1 || true
		awk '$NF == "fsync" || $NF == "fdatasync" { c += $(NF-1) }
			END { print c + 0 }' strace.out >> strace.n
		k=$((k + 1))
	done
	awk '{ s += $1 } END { printf "%.1f", s / NR }' strace.n
	rm -f strace.n
}

res() {	# res LABEL N "WALL CPU FAILS MEDIAN [DRAIN SINK] [TREE]" CHECK FSYNC
	label=$1; cnt=$2; check=$4; fs=$5
	# shellcheck disable=SC2086
	set -- $3
	extra=
	if [ $# -ge 7 ]; then
		extra=$(printf '+ daemons %.2f ms; sink had all %.2f s after the last' \
			"$(echo "$7 * 1000 / $cnt" | bc -l)" "$5")
	fi
	printf '%-30s %8.1f %8.2f %8.2f %8.2f %6s  %s%s\n' "$label" \
		"$(echo "$cnt / $1" | bc -l)" "$(echo "$1 * 1000 / $cnt" | bc -l)" \
		"$4" "$(echo "$2 * 1000 / $cnt" | bc -l)" "$fs" \
		"$([ "$3" = 0 ] || echo "$3 FAILED; ")" "$check${extra:+; $extra}"
	last_rate=$(echo "$cnt / $1" | bc -l)
}

run_msp() {	# run_msp LABEL N DIR CMD-FUNC: server up, checks sink and queue
	s0=$(sink_n)
	# shellcheck disable=SC2046
	r=$($py drive.py "$2" msg "$3.log" $($4 "$3"))
	s1=$(sink_n)
	left=$(clientq "$3")
	# shellcheck disable=SC2046
	res "$1" "$2" "$r" "sink +$((s1 - s0)) of $2, client queue $left" \
		"$(fsyncs $($4 "$3"))"
}

hdr() {
	printf '%-30s %8s %8s %8s %8s %6s  %s\n' "" "subs/s" "ms/sub" \
		"median" "CPU ms" "fsync" "check"
}

echo "== msp-bench: sequential \`sendmail -oi -t\` of a 1 KiB message, as root" \
	"(RunAsUser $user), hostname $(hostname)"
echo "tern: $tern_bin; server: smtp-sink on 127.0.0.1:$sport; queues" \
	"under $base"
disk() {	# this disk's fsync rate now
	r=$($py "$repo/bench/fsync-rate.py" "$base/fsync-probe" 200)
	rm -rf "$base/fsync-probe"
	echo "$r" | awk -v m="$(df -P "$base" | awk 'NR == 2 { print $6 }')" \
		'{ printf "disk (%s): %.0f fsyncs/s, %.2f ms each (bench/" \
		"fsync-rate.py: new 1 KiB file, fsync, fsync dir)\n",
		m, $3 / $2, $2 * 1000 / $3 }'
}
disk
echo
echo "-- mail server up: $n submissions each (CPU = the command and its children)"
hdr
run_msp "tern" "$n" tern tern_cmd
rate_tern=$last_rate
if [ -n "$have_real" ]; then
	run_msp "sendmail 8.17" "$n" real real_cmd
	rate_real=$last_rate
else
	echo "sendmail 8.17                  (not available: golden_fetch_real failed)"
fi
if [ -n "$pf_ok" ]; then
	s0=$(sink_n)
	# shellcheck disable=SC2046
	r=$($py drive.py "$n" msg postfix.log --sink sink.count $((s0 + n)) \
		--tree "$pf_master" $(pf_cmd))
	s1=$(sink_n)
	# shellcheck disable=SC2046
	res "Postfix (postdrop+pickup)" "$n" "$r" \
		"sink +$((s1 - s0)) of $n, maildrop+incoming+active+deferred $(( $(pf_queued maildrop) + $(pf_queued incoming) + $(pf_queued active) + $(pf_queued deferred) ))" \
		"$(fsyncs $(pf_cmd))"
	rate_pf=$last_rate
	pf_stop
else
	echo "Postfix                        (left out: its master did not start)"
fi

echo
echo "-- mail server down (connection refused; Postfix: master stopped):" \
	"$ndown submissions each"
hdr
run_down() {	# LABEL DIR CMD-FUNC
	# shellcheck disable=SC2046
	r=$($py drive.py "$ndown" msg "$2.log" $($3 "$2"))
	# shellcheck disable=SC2046
	res "$1" "$ndown" "$r" "$(qfs "$2") qf files in the client queue" \
		"$(fsyncs $($3 "$2"))"
}
run_down "tern (queued)" tern-down tern_cmd
[ -z "$have_real" ] || run_down "sendmail 8.17 (queued)" real-down real_cmd
if [ -n "$pf_ok" ]; then
	m0=$(pf_queued maildrop)
	# shellcheck disable=SC2046
	r=$($py drive.py "$ndown" msg postfix-down.log $(pf_cmd))
	# shellcheck disable=SC2046
	res "Postfix (postdrop only)" "$ndown" "$r" \
		"$(( $(pf_queued maildrop) - m0 )) files in maildrop" \
		"$(fsyncs $(pf_cmd))"
fi

echo
echo "-- start-up: \`sendmail -C CF -bt < /dev/null\` (read CF, print the" \
	"banner, exit), $nstart runs each; CF = submit.cf or a minimal .cf"
echo "   (two mailers, four empty rulesets); instructions: callgrind, one run"
printf '%-30s %8s %8s %8s %12s\n' "" "ms/run" "median" "CPU ms" "instructions"
# the minimal .cf: host lookups from files, as in submit.cf
cat > minimal.cf <<EOF
V10/Berkeley
O ServiceSwitchFile=$base/tern/etc/mail/service.switch
O HostsFile=$base/tern/etc/hosts
Mlocal,	P=/bin/true, F=lsDFMq, S=10, R=20, A=true
Mprog,	P=/bin/sh, F=lsDFMoq, S=10, R=20, A=sh -c \$u
S0
S3
S10
S20
EOF
instr() {	# instr [VAR=VALUE] ARGV...: callgrind's instruction count
	command -v valgrind > /dev/null || { echo "-"; return 0; }
	e=
	case $1 in *=*) e=$1; shift ;; esac
	# shellcheck disable=SC2086
	env $e valgrind --tool=callgrind --callgrind-out-file=/dev/null "$@" \
		< /dev/null 2>&1 > /dev/null |
		awk '/refs:/ { gsub(",", "", $NF); print $NF; f = 1 }
			END { if (!f) print "-" }'
}
startup() {	# startup KEY LABEL [VAR=VALUE] ARGV...
	key=$1; label=$2; shift 2
	r=$($py drive.py "$nstart" /dev/null startup.log "$@")
	ir=$(instr "$@")
	# shellcheck disable=SC2086
	set -- $r
	cpu=$(echo "$2 * 1000 / $nstart" | bc -l)
	printf '%-30s %8.3f %8.3f %8.3f %12s\n' "$label" \
		"$(echo "$1 * 1000 / $nstart" | bc -l)" "$4" "$cpu" "$ir"
	eval "cpu_$key=$cpu ir_$key=$ir"
}
parse() {	# parse KEY LABEL: submit.cf minus the minimal .cf
	a='' b='' c='' d=''
	eval "a=\${cpu_$1:-} b=\${cpu_$1_min:-} c=\${ir_$1:-} d=\${ir_$1_min:-}"
	[ -n "$a" ] && [ -n "$b" ] || return 0
	printf '%s: submit.cf costs %.2f ms of CPU more than the minimal .cf' \
		"$2" "$(echo "$a - $b" | bc -l)"
	case $c$d in
	*-*) echo ;;
	*) printf ' (%s instructions more)\n' "$((c - d))" ;;
	esac
}
startup true "/bin/true (spawn floor)" /bin/true
startup tern_min "tern, minimal .cf" "$tern_bin" -C "$base/minimal.cf" -bt
startup tern "tern, submit.cf" "$tern_bin" -C "$base/tern/submit.cf" -bt
if [ -n "$have_real" ]; then
	startup real_min "sendmail 8.17, minimal .cf" "LD_LIBRARY_PATH=$real_lib" \
		"$real_bin" -C "$base/minimal.cf" -bt
	startup real "sendmail 8.17, submit.cf" "LD_LIBRARY_PATH=$real_lib" \
		"$real_bin" -C "$base/real/submit.cf" -bt
fi
parse tern "tern"
parse real "sendmail 8.17"
disk

echo
t=${rate_tern:-0}
p=${rate_pf:-}
s=${rate_real:-}
printf 'tern: %.0f submissions/s' "$t"
[ -z "$p" ] || printf ', %.2fx Postfix (goal 3x)' "$(echo "$t / $p" | bc -l)"
[ -z "$s" ] || printf ', %.2fx sendmail 8.17' "$(echo "$t / $s" | bc -l)"
echo
echo "Goal (issue 6): at least three times Postfix's rate (measured when the" \
	"issue was written: about 55/s through postdrop, 15/s through sendmail" \
	"8.17's MSP); submit.cf parsed in well under a millisecond."
