# lib.sh - shared by tests/golden/intake/make.sh and tests/golden/check-intake.sh
# (sourced, not run; tests/golden/lib.sh must be sourced first).
#
# A case is tests/golden/intake/cases/NAME.args (one line: sendmail's
# arguments, in sh syntax, e.g. -C /tmp/w/mta.cf -odq -F "Joe Q" alice),
# and the message on standard input: NAME.in, or NAME.gen (a sh script
# whose standard output is the message, for the huge inputs).  The
# transcript NAME.out is what intake_case prints.  NAME.as ("UID GID")
# runs sendmail as that user and group (real and effective, no other
# groups: a user running the set-group-ID smmsp MSP), through setpriv.
#
# intake_world WORLD MAKEMAP
#	tests/golden/world-setup.sh WORLD MAKEMAP, then the queue
#	directories as sendmail wants them: /tmp/w/var/spool/mqueue root
#	0700, /tmp/w/var/spool/clientmqueue smmsp:smmsp 0770.
#
# intake_case WORLD NAME
#	Runs one case inside the world (tests/world/enter.sh), with empty
#	queue directories:
#	    cd /tmp/w && /tmp/w/.bin/sendmail ARGS < MESSAGE
#	(timeout GOLDEN_TIMEOUT seconds, default 30) and prints its
#	transcript on stdout:
#	    exit N
#	    --- stdout / --- stderr      what sendmail printed
#	    --- dead.letter              /root/dead.letter (root's home is
#	                                 the world's /tmp/w/root), if written
#	    --- qf                       per queue file (both queues), its
#	                                 S, R, r, H lines and continuations
#	    --- df                       the body file, bytes as `cat -v`
#	    --- bounce                   instead, for a bounce sendmail
#	                                 queued (S MAILER-DAEMON, an
#	                                 Auto-Submitted header): its R lines,
#	                                 the failed addresses and transcript
#	normalized by intake_filter, shortened by intake_shorten.
#
# intake_filter QID...
#	The documented normalization (everything else is byte for byte):
#	  - each queue ID (the names of the qf files written) -> QID, QID2 ...;
#	    when no qf was written, anything shaped like one (8 characters
#	    of [0-9A-Za-x] and 6-7 digits) -> QID;
#	  - dates from the clock: an RFC 822 date whose year is 2010-2099
#	    ("Tue, 24 Nov 2026 06:51:54 GMT", "... +0000") -> DATE
#	    (the test messages' own dates are all from before 2010);
#	  - a ctime date from the clock ("Tue Nov 24 06:51:54 2026") -> CTIME;
#	  - $t, the time stamp before ".QID" in a Message-Id -> TSTAMP;
#	  - the version, "8.17.1.9" or $GOLDEN_SELF_VERSION -> VERSION;
#	  - the pid in "[NNN]" of error text -> [PID].

intake_world() {
	_w=$1; _mm=$2
	"$GOLDEN_REPO/tests/golden/world-setup.sh" "$_w" "$_mm" || return 1
	chmod 0700 "$_w/var/spool/mqueue"
	chown 25:25 "$_w/var/spool/clientmqueue"
	chmod 0770 "$_w/var/spool/clientmqueue"
}

intake_filter() {
	_sed=
	_i=1
	for _q in "$@"; do
		if [ $_i -eq 1 ]; then _n=QID; else _n=QID$_i; fi
		_sed="$_sed;s/$_q/$_n/g"
		_i=$((_i + 1))
	done
	_self=${GOLDEN_SELF_VERSION:-8.17.1.9}
	_self=$(printf '%s' "$_self" | sed 's/[.]/\\./g')
	# no queue file: whatever looks like a queue ID
	[ $# -gt 0 ] || _sed=';s/(^|[^0-9A-Za-z])[0-9A-Za-x]{8}[0-9]{6,7}($|[^0-9A-Za-z])/\1QID\2/g'
	LC_ALL=C sed -E -e "${_sed#;}" \
	  -e 's/(Mon|Tue|Wed|Thu|Fri|Sat|Sun), [ 0-9]?[0-9] (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) 20[1-9][0-9] [0-9][0-9]:[0-9][0-9]:[0-9][0-9] (GMT|UTC|[-+][0-9]{4})( \([A-Za-z]+\))?/DATE/g' \
	  -e 's/(Mon|Tue|Wed|Thu|Fri|Sat|Sun) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) [ 0-9][0-9] [0-9][0-9]:[0-9][0-9]:[0-9][0-9] 20[1-9][0-9]/CTIME/g' \
	  -e 's/<[0-9]{12}\.(QID[0-9]*)@/<TSTAMP.\1@/g' \
	  -e "s/8\\.17\\.1\\.9/VERSION/g; s/$_self/VERSION/g" \
	  -e 's/\[[0-9]+\]/[PID]/g'
}

intake_case() {
	_w=$1; _n=$2
	_c=$GOLDEN_REPO/tests/golden/intake/cases
	rm -rf "$_w"/var/spool/mqueue/* "$_w"/var/spool/clientmqueue/* \
		"$_w/in.msg" "$_w/out" "$_w/err" "$_w/root"
	if [ -f "$_c/$_n.gen" ]; then
		sh "$_c/$_n.gen" > "$_w/in.msg"
	else
		cp "$_c/$_n.in" "$_w/in.msg"
	fi
	chmod 0644 "$_w/in.msg"
	cp "$_c/$_n.args" "$_w/args"
	: > "$_w/as"
	[ -f "$_c/$_n.as" ] && cp "$_c/$_n.as" "$_w/as"
	_rc=0
	timeout "${GOLDEN_TIMEOUT:-30}" "$GOLDEN_REPO/tests/world/enter.sh" "$_w" /bin/sh -c '
cd /tmp/w
mkdir -p /tmp/w/root
mount --bind /tmp/w/root /root
eval "set -- $(cat /tmp/w/args)"
as=
[ -s /tmp/w/as ] && as="setpriv --reuid=$(cut -d" " -f1 /tmp/w/as) --regid=$(cut -d" " -f2 /tmp/w/as) --clear-groups"
$as /tmp/w/.bin/sendmail "$@" < /tmp/w/in.msg > /tmp/w/out 2> /tmp/w/err
' || _rc=$?
	_qids=$(cd "$_w/var/spool" && ls mqueue clientmqueue 2>/dev/null |
		sed -n 's/^qf//p' | sort)
	{
		echo "exit $_rc"
		echo "--- stdout"
		cat -v "$_w/out"
		echo "--- stderr"
		cat -v "$_w/err"
		if [ -f "$_w/root/dead.letter" ]; then
			echo "--- dead.letter"
			cat -v "$_w/root/dead.letter"
		fi
		for _q in $_qids; do
			for _f in "$_w"/var/spool/*/qf"$_q"; do
				if grep -q '^SMAILER-DAEMON$' "$_f" &&
				   grep -q '^H??Auto-Submitted: auto-generated' "$_f"; then
					# a bounce: who it goes to, nothing more
					echo "--- bounce"
					grep '^R' "$_f" | cat -v
					# the failed addresses and the transcript
					awk '/^   ----- / { on = 1 } /^--/ { on = 0 } on' \
						"$(dirname "$_f")/df$_q" | cat -v
					continue
				fi
				echo "--- qf"
				# S R r H lines, with their continuation lines
				awk '/^[^ \t]/ { keep = ($0 ~ /^[SRrH]/) } keep' "$_f" | cat -v
				_d=$(dirname "$_f")/df$_q
				if [ -f "$_d" ]; then
					echo "--- df"
					cat -v "$_d"
				fi
			done
		done
	} | intake_filter $_qids > "$_w/transcript"
	intake_shorten "$_w/transcript"
}

# intake_shorten FILE - FILE as is when it is small; else its first 60
# lines cut at 1000 bytes, and the md5 of the whole, so huge cases keep
# small golden files.
intake_shorten() {
	if [ "$(wc -l < "$1")" -le 300 ] && [ "$(awk 'length > 1000' "$1" | wc -l)" -eq 0 ]; then
		cat "$1"
	else
		LC_ALL=C awk 'NR <= 60 { print substr($0, 1, 1000) (length > 1000 ? "[...]" : "") }' "$1"
		echo "--- $(wc -l < "$1") lines, md5 $(md5sum < "$1" | cut -c1-32)"
	fi
}
