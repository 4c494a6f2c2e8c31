#!/bin/sh
# norm.sh [USER] - normalize one DSN for comparison (stdin to stdout).
# With USER, the input is a recorded .mbox: the "==> USER <==" mailbox
# is taken and its "From " line dropped; without, the output of drive.
# Of the DSN's own header only To, MIME-Version, Content-Type, Subject
# and Auto-Submitted are kept (the .cf adds Received, Date, Message-Id;
# the local mailer rewrites From).  Queue IDs, dates and the time in the
# boundary become QID, DATE and TIME.
if [ -n "${1:-}" ]; then
	awk -v u="==> $1 <==" '/^==> / { on = ($0 == u); next } on' | sed '1{/^From /d}'
else
	sed '/^rcpt: /d; /^sender: /d'
fi | awk '
	!body && /^$/ { body = 1; print; next }
	!body && /^[ \t]/ { if (keep) print; next }
	!body { keep = ($0 ~ /^(To|MIME-Version|Content-Type|Subject|Auto-Submitted):/); if (keep) print; next }
	{ print }' |
sed -E 's/[0-9A-Za-z]{8}[0-9]{6}/QID/g;
	s/QID\.[0-9]+\//QID.TIME\//g;
	s/(Mon|Tue|Wed|Thu|Fri|Sat|Sun), [ 0-9]?[0-9] [A-Z][a-z][a-z] [0-9]{4} [0-9]{2}:[0-9]{2}:[0-9]{2} (GMT|[-+][0-9]{4})/DATE/g'
