# lib.sh - shell helpers shared by the golden scripts (sourced, not run).
# The sourcing script lives in tests/golden; GOLDEN_REPO is the checkout.
GOLDEN_REPO=${GOLDEN_REPO:-$(cd "$(dirname "$0")/../.." && pwd)}
#
# golden_bin PROGRAM WORLD NAME
#	Makes PROGRAM runnable inside the world (tests/world/enter.sh
#	mounts a private tmpfs on /tmp, so anything under /tmp outside is
#	invisible inside).  Writes a wrapper WORLD/.bin/NAME that runs
#	PROGRAM; a PROGRAM under /tmp is first copied into WORLD/.bin.  When
#	PROGRAM sits in an extracted Debian tree (…/usr/libexec/sendmail/X
#	or …/usr/sbin/X) whose …/usr/lib/x86_64-linux-gnu exists, the wrapper
#	sets LD_LIBRARY_PATH to it (the real sendmail needs libwrap.so.0),
#	and a set-ID PROGRAM is copied without its set-ID bits (the loader
#	ignores LD_LIBRARY_PATH for set-ID programs).
#	Prints the wrapper's path as seen inside the world (/tmp/w/.bin/NAME).
#	A missing PROGRAM gets a wrapper that fails with exit 127.

golden_abspath() {
	case $1 in
	/*) printf '%s\n' "$1" ;;
	*) printf '%s/%s\n' "$(pwd)" "$1" ;;
	esac
}

golden_bin() {
	_prog=$(golden_abspath "$1"); _world=$2; _name=$3
	mkdir -p "$_world/.bin"
	chmod 0755 "$_world/.bin"
	_wrap=$_world/.bin/$_name
	if [ ! -f "$_prog" ] || [ ! -x "$_prog" ]; then
		printf '#!/bin/sh\necho "%s: no such program: %s" >&2\nexit 127\n' \
			"$_name" "$_prog" > "$_wrap"
		chmod 0755 "$_wrap"
		echo "/tmp/w/.bin/$_name"
		return 0
	fi
	_libdir=
	_d=$(cd "$(dirname "$_prog")" && pwd -P)
	for _cand in "$_d/../../lib/x86_64-linux-gnu" "$_d/../lib/x86_64-linux-gnu"; do
		if [ -e "$_cand/libwrap.so.0" ]; then
			_libdir=$(cd "$_cand" && pwd -P)
			break
		fi
	done
	_inprog=$_prog
	_copy=no
	case $_prog in /tmp/*) _copy=yes ;; esac
	# The dynamic loader ignores LD_LIBRARY_PATH for set-ID programs
	# (Debian's sendmail is set-group-ID mail): run a plain copy instead.
	if [ -n "$_libdir" ] && { [ -u "$_prog" ] || [ -g "$_prog" ]; }; then
		_copy=yes
	fi
	case $_copy in
	yes)
		cp "$_prog" "$_world/.bin/$_name.bin"
		chmod 0755 "$_world/.bin/$_name.bin"
		_inprog=/tmp/w/.bin/$_name.bin
		if [ -n "$_libdir" ]; then
			mkdir -p "$_world/.bin/lib"
			cp -a "$_libdir/." "$_world/.bin/lib/"
			_libdir=/tmp/w/.bin/lib
		fi
		;;
	esac
	case $_libdir in
	/tmp/w/*|'') ;;
	/tmp/*) _libdir= ;;
	esac
	{
		echo '#!/bin/sh'
		if [ -n "$_libdir" ]; then
			echo "LD_LIBRARY_PATH='$_libdir'; export LD_LIBRARY_PATH"
		fi
		echo "exec '$_inprog' \"\$@\""
	} > "$_wrap"
	chmod 0755 "$_wrap"
	echo "/tmp/w/.bin/$_name"
}

# golden_fetch_real DIR
#	Downloads sendmail-bin, sendmail-base and libwrap0 with apt-get
#	download into DIR/debs (skipped when DIR/root already holds the
#	binary) and extracts them with dpkg -x into DIR/root.  Never installs.
golden_fetch_real() {
	_dir=$1
	if [ -x "$_dir/root/usr/libexec/sendmail/sendmail" ] &&
	   [ -e "$_dir/root/usr/lib/x86_64-linux-gnu/libwrap.so.0" ]; then
		return 0
	fi
	mkdir -p "$_dir/debs"
	# three tries, a pause between: one dropped connection to the
	# mirror must not fail a test
	for _try in 1 2 3; do
		( cd "$_dir/debs" &&
		  { ls sendmail-bin_*.deb sendmail-base_*.deb libwrap0_*.deb \
		      >/dev/null 2>&1 ||
		    apt-get download sendmail-bin sendmail-base libwrap0; } ) &&
		    break
		[ $_try -lt 3 ] || return 1
		sleep 2
	done
	rm -rf "$_dir/root"
	mkdir -p "$_dir/root"
	for _deb in "$_dir"/debs/*.deb; do
		dpkg -x "$_deb" "$_dir/root" || return 1
	done
	# sendmail is set-group-ID mail in the package; the loader would then
	# ignore LD_LIBRARY_PATH (needed for libwrap.so.0).  We run as root.
	chmod ug-s "$_dir"/root/usr/libexec/sendmail/* 2>/dev/null || true
	[ -x "$_dir/root/usr/libexec/sendmail/sendmail" ]
}

# golden_run WORLD CONFIG_CF ARGS INFILE OUT ERR
#	Runs one -bt session of the world's sendmail wrapper
#	(/tmp/w/.bin/sendmail) inside the world:
#	    enter.sh WORLD /tmp/w/.bin/sendmail -C CONFIG_CF -bt ARGS < INFILE
#	stdout to OUT, stderr to ERR.  Returns sendmail's exit status
#	(124 when it ran longer than GOLDEN_TIMEOUT seconds, default 10).
golden_run() {
	_w=$1; _cf=$2; _args=$3; _in=$4; _out=$5; _err=$6
	# shellcheck disable=SC2086  # ARGS is split on purpose
	timeout "${GOLDEN_TIMEOUT:-10}" "$GOLDEN_REPO/tests/world/enter.sh" "$_w" \
		/tmp/w/.bin/sendmail -C "$_cf" -bt $_args < "$_in" > "$_out" 2> "$_err"
}

# golden_cfload_world DIR
#	Makes DIR a world holding cfload/NAME.cf for every
#	/usr/share/sendmail/cf/cf/NAME.mc, made by
#	    m4 /usr/share/sendmail/cf/m4/cf.m4 NAME.mc > DIR/cfload/NAME.cf
#	run in /usr/share/sendmail/cf/cf (m4's warnings, e.g. about the
#	Berkeley sample configurations or a missing OSTYPE, are ignored).
golden_cfload_world() {
	_w=$1
	if [ -e "$_w" ]; then
		if [ -e "$_w/.golden-world" ]; then
			rm -rf "$_w"
		else
			echo "golden: $_w exists and is not a golden world" >&2
			return 1
		fi
	fi
	mkdir -p "$_w/cfload" || return 1
	: > "$_w/.golden-world"
	for _mc in /usr/share/sendmail/cf/cf/*.mc; do
		_n=$(basename "$_mc" .mc)
		( cd /usr/share/sendmail/cf/cf &&
		  m4 /usr/share/sendmail/cf/m4/cf.m4 "$_n.mc" ) \
			> "$_w/cfload/$_n.cf" 2>/dev/null || true
	done
	find "$_w" -type d -exec chmod 0755 {} +
	find "$_w" -type f -exec chmod 0644 {} +
}

# golden_session_config NAME  ->  the config part of CONFIG.TOPIC
golden_session_config() {
	printf '%s\n' "${1%%.*}"
}

# golden_show_diff EXPECTED ACTUAL
#	The first differing lines (diff -u), long lines cut, indented.
golden_show_diff() {
	diff -a -u "$1" "$2" | sed -n '3,22p' | cut -c1-200 | sed 's/^/    /'
}

# golden_verdict NAME EXP OUT EXP_ERR ERR RC EXP_RC
#	Compares one session's stdout, stderr and exit status; prints
#	"ok   NAME" or "FAIL NAME: what" with the first differing lines.
#	Returns 0 when all three agree.
golden_verdict() {
	_why=
	cmp -s "$2" "$3" || _why="$_why stdout"
	cmp -s "$4" "$5" || _why="$_why stderr"
	[ "$6" = "$7" ] || _why="$_why exit-status($6, expected $7)"
	if [ -z "$_why" ]; then
		echo "ok   $1"
		return 0
	fi
	echo "FAIL $1:$_why"
	case $_why in *stdout*) golden_show_diff "$2" "$3" ;; esac
	case $_why in *stderr*) golden_show_diff "$4" "$5" ;; esac
	return 1
}
