# lib.sh - shared by tests/golden/delivery/make.sh (make-delivery.sh)
# and tests/golden/check-delivery.sh (sourced; tests/golden/lib.sh
# first).
#
# A case is tests/golden/delivery/cases/NAME.sh, a shell snippet sourced
# inside the world by inworld.sh (in /tmp/w, TZ=UTC, $SM = the world's
# sendmail with -C /tmp/w/tern-sendmail.cf): it takes messages in (-bs
# through /tmp/w/smtp_pipe.py, or -bm/-t on standard input, always
# -odq) and then runs the queue with the same sendmail ($SM -q).  So the
# real sendmail records intake + delivery, and tern is compared on the
# same two steps.  Both run tern's mail.local and smrsh
# (/tmp/w/libexec, named by tern's sendmail.cf).
#
# dlvg_world WORLD MAKEMAP SENDMAIL
#	tests/golden/world-setup.sh WORLD MAKEMAP, plus: tern's mail.local
#	and smrsh in /tmp/w/libexec (build/san/libexec), the aliases of
#	data-aliases appended and aliases.db rebuilt by MAKEMAP inside the
#	world, /tmp/w/prog-bin/recorder, /tmp/w/var/log (1777) with
#	copy (mailnull 0644, one line), the HostStatusDirectory, homes
#	owned by alice and bob, the wrapper /tmp/w/.bin/sendmail for
#	SENDMAIL.
#
# dlvg_case WORLD NAME OUTDIR
#	Runs the case in a clean state (empty queue, mailboxes, var/log,
#	.forward files) and writes OUTDIR/NAME.mbox (every mailbox as
#	"==> mbox USER <==" and its bytes, then /tmp/w/var/log/copy with
#	owner and mode, the recorder's output, the queue left behind) and
#	OUTDIR/NAME.log (the syslog datagrams, raw).
#	tests/golden/delivery/norm.py normalizes both for comparison.

dlvg_dir=$GOLDEN_REPO/tests/golden/delivery

dlvg_world() {
	_w=$1; _mm=$2; _sm=$3
	"$GOLDEN_REPO/tests/golden/world-setup.sh" "$_w" "$_mm" > /dev/null || return 1
	cat "$dlvg_dir/data-aliases" >> "$_w/etc/mail/aliases"
	sed -n -e 's/^\([^#: 	][^: 	]*\):[ 	]*\(.*\)$/\1	\2/p' \
		"$_w/etc/mail/aliases" > "$_w/etc/mail/aliases.in"
	printf '@\t@\n' >> "$_w/etc/mail/aliases.in"
	"$GOLDEN_REPO/tests/world/enter.sh" "$_w" /tmp/w/.bin/makemap -C /tmp/w/mta.cf \
		-N hash /tmp/w/etc/mail/aliases < "$_w/etc/mail/aliases.in" || return 1
	mkdir -p "$_w/libexec" "$_w/prog-bin" "$_w/var/spool/mqueue/.hoststat"
	install -m 0755 "$GOLDEN_REPO/build/san/libexec/mail.local" \
		"$GOLDEN_REPO/build/san/libexec/smrsh" "$_w/libexec/" || return 1
	install -m 0755 "$dlvg_dir/recorder" "$_w/prog-bin/recorder"
	install -m 0755 "$dlvg_dir/inworld.sh" "$dlvg_dir/syslogd.py" \
		"$GOLDEN_REPO/tests/integration/lib/smtp_pipe.py" "$_w/"
	chown -R 1000:1000 "$_w/home/alice"
	chown -R 1001:1001 "$_w/home/bob"
	golden_bin "$_sm" "$_w" sendmail > /dev/null
}

dlvg_case() {
	_w=$1; _n=$2; _o=$3
	rm -rf "$_w/out" "$_w/var/log" "$_w/cases" "$_w/home/alice/.forward" \
		"$_w/home/bob/.forward"
	find "$_w/var/spool/mqueue" -maxdepth 1 -type f -delete
	mkdir -p "$_w/cases" "$_o"
	install -m 0644 "$dlvg_dir/cases/$_n.sh" "$_w/cases/$_n.sh"
	mkdir -m 1777 "$_w/var/log"
	echo "previous content" > "$_w/var/log/copy"
	chown 26:26 "$_w/var/log/copy"
	: > "$_w/var/log/recorder.out"	# the recorder runs as several users
	chmod 0666 "$_w/var/log/recorder.out"
	ASAN_OPTIONS=detect_leaks=0 timeout "${GOLDEN_TIMEOUT:-60}" \
		"$GOLDEN_REPO/tests/world/enter.sh" "$_w" /tmp/w/inworld.sh "$_n"
	{
		for _f in "$_w"/out/mail/*; do
			[ -f "$_f" ] || continue
			echo "==> mbox ${_f##*/} $(stat -c '%u:%g %a' "$_f") <=="
			cat "$_f"
		done
		echo "==> file /tmp/w/var/log/copy $(stat -c '%u:%g %a' "$_w/var/log/copy") <=="
		cat "$_w/var/log/copy"
		if [ -s "$_w/var/log/recorder.out" ]; then
			echo "==> recorder <=="
			cat "$_w/var/log/recorder.out"
		fi
		echo "==> queue <=="
		cat "$_w/out/queue"
	} > "$_o/$_n.mbox"
	cp "$_w/out/syslog" "$_o/$_n.log" 2>/dev/null || : > "$_o/$_n.log"
	cp "$_w/out/case.stdout" "$_o/$_n.stdout" 2>/dev/null
}
