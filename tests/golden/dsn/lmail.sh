#!/bin/sh
# lmail USER - the golden DSN world's local mailer: appends the message
# to /tmp/w/mbox/USER, except for two users that fail as a mailer does:
# "daemon" temporarily (75, EX_TEMPFAIL), "bin" for good (67, EX_NOUSER).
u=$1
case $u in
daemon) echo "lmail: $u: mailbox busy"; exit 75 ;;
bin) echo "lmail: $u: refused by policy"; exit 67 ;;
esac
cat >> "/tmp/w/mbox/$u"
