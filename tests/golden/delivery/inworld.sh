#!/bin/sh
# inworld.sh - run one delivery case inside the world (called by lib.sh
# through tests/world/enter.sh; everything here happens in the world's
# private mount namespace).
#
# usage: /tmp/w/inworld.sh CASE
#
# Mounts a root:mail 2775 tmpfs on /var/mail, an overlay on /dev (so
# /dev/log can be made without touching the host's /dev), a tmpfs on
# /etc/mail holding the world's service.switch and the smrsh directory
# /etc/mail/smrsh (the compiled-in one of both smrsh programs; sendmail
# passes no environment to mailers, so TERN_SMRSH_DIR cannot reach
# smrsh from a sendmail) with a link to /tmp/w/prog-bin/recorder; starts
# syslogd.py on /dev/log writing /tmp/w/out/syslog; then, in /tmp/w with
# TZ=UTC and
#     SM="/tmp/w/.bin/sendmail -C /tmp/w/tern-sendmail.cf"
# sources /tmp/w/cases/CASE.sh.  Afterwards the mailboxes are copied to
# /tmp/w/out/mail/ and the queue's file names listed in /tmp/w/out/queue.
set -u
case=$1
mount -t tmpfs -o mode=2775,gid=8 tmpfs /var/mail || exit 99
mkdir -p /tmp/.devup /tmp/.devwork
mount -t overlay overlay -o lowerdir=/dev,upperdir=/tmp/.devup,workdir=/tmp/.devwork /dev ||
	exit 99
cp /etc/mail/service.switch /tmp/service.switch
mount -t tmpfs -o mode=0755 tmpfs /etc/mail || exit 99
cp /tmp/service.switch /etc/mail/service.switch
mkdir -m 0755 /etc/mail/smrsh
ln -s /tmp/w/prog-bin/recorder /etc/mail/smrsh/recorder
mkdir -p /tmp/w/out/mail
/usr/bin/python3 /tmp/w/syslogd.py /dev/log /tmp/w/out/syslog /tmp/syslogd.pid &
n=0
while [ ! -s /tmp/syslogd.pid ] && [ $n -lt 100 ]; do sleep 0.05; n=$((n + 1)); done
cd /tmp/w
SM="/tmp/w/.bin/sendmail -C /tmp/w/tern-sendmail.cf"
TZ=UTC
export SM TZ
. "/tmp/w/cases/$case.sh" > /tmp/w/out/case.stdout 2>&1
sleep 0.3	# the last datagrams
kill "$(cat /tmp/syslogd.pid)"
wait
cp -p /var/mail/* /tmp/w/out/mail/ 2>/dev/null
ls /tmp/w/var/spool/mqueue > /tmp/w/out/queue
exit 0
