#!/bin/sh
# smrsh: allowed programs run with stdin passed through and a clean
# environment; other programs and shell metacharacters are refused.
# SMRSH overrides the program (default: the sanitizer build).
set -u
cd "$(dirname "$0")/../.."
B=${TERN_BUILD:-$(pwd)/build}
S=${SMRSH:-$B/san/libexec/smrsh}
mkdir -p "$B"
T=$(mktemp -d "$B/smrsh-XXXXXX") || exit 1
trap 'rm -rf "$T"' EXIT INT TERM
D=$T/smrsh
mkdir "$D"
ln -s /bin/cat "$D/cat"
cat > "$D/args" <<'EOS'
#!/bin/sh
for a in "$@"; do printf '[%s]\n' "$a"; done
env | sort | sed 's/^/env /'
EOS
chmod 755 "$D/args"
printf '#!/bin/sh\necho should not run\n' > "$D/noexec"
chmod 644 "$D/noexec"
fails=0
ok() { echo "ok - $1"; }
nok() { echo "not ok - $1"; fails=$((fails + 1)); }
run() { TERN_SMRSH_DIR=$D FOO=bar HOME=/nonexistent "$S" -c "$1" <"$T/in" >"$T/out" 2>"$T/err"; echo $? >"$T/rc"; }
check() { # what rc-wanted grep-pattern(out+err)
	if [ "$(cat "$T/rc")" = "$2" ] && cat "$T/out" "$T/err" | grep -q -e "$3"; then ok "$1"
	else nok "$1"; sed 's/^/# /' "$T/rc" "$T/out" "$T/err"; fi
}
printf 'hello\nworld\n' > "$T/in"

run "cat";				check "allowed program runs, stdin passed through" 0 '^world$'
run "/usr/local/bin/cat";		check "any path is replaced by the smrsh directory" 0 '^hello$'
run "exec cat";				check "exec prefix allowed" 0 '^hello$'
run "args 'a|b' \"c d\" e\\;f";		check "quoted metacharacters are literal arguments" 0 '^\[a|b\]$'
grep -q '^\[c d\]$' "$T/out" && grep -q '^\[e;f\]$' "$T/out" && ok "quoting survives to the program" || nok "quoting survives to the program"
run "args";				check "environment rebuilt: PATH fixed" 0 '^env PATH=/usr/bin:/bin$'
if grep -q '^env FOO=' "$T/out"; then nok "environment: other variables dropped"; else ok "environment: other variables dropped"; fi
grep -q '^env HOME=/nonexistent$' "$T/out" && ok "environment: HOME kept" || nok "environment: HOME kept"
run "sh -c id";				check "program outside the directory refused, EX_UNAVAILABLE" 69 'smrsh: sh not available for sendmail programs'
run "cat; id";				check "semicolon refused" 69 'not available for sendmail programs'
run "cat | id";				check "pipe refused" 69 'not available for sendmail programs'
run "cat && id";			check "&& refused" 69 'not available for sendmail programs'
run "cat > $T/x";			check "redirection refused" 69 'not available for sendmail programs'
[ ! -e "$T/x" ] && ok "redirection created no file" || nok "redirection created no file"
run "cat \$(id)";			check "command substitution refused" 69 'not available for sendmail programs'
run "cat \"\`id\`\"";			check "backquote inside double quotes refused" 69 'not available for sendmail programs'
run "cat
id";					check "newline refused" 69 'not available for sendmail programs'
run "PATH=/tmp cat";			check "variable assignment prefix refused" 69 'not available for sendmail programs'
run "noexec";				check "non-executable file in the directory refused" 69 'noexec not available'
run "../cat";				check "../ in the program path only the basename counts" 0 '^hello$'
"$S" >/dev/null 2>&1; [ $? -eq 64 ] && ok "no -c: EX_USAGE" || nok "no -c: EX_USAGE"

# the test override is ignored when running set-group-ID
if [ "$(id -u)" = 0 ] && getent group mail >/dev/null; then
	cp "$B/libexec/smrsh" "$T/smrsh-sgid" 2>/dev/null || cp "$S" "$T/smrsh-sgid"
	chgrp mail "$T/smrsh-sgid" && chmod 2755 "$T/smrsh-sgid"
	out=$(TERN_SMRSH_DIR=$D "$T/smrsh-sgid" -c "cat" </dev/null 2>&1); rc=$?
	if [ $rc -eq 69 ] && printf '%s' "$out" | grep -q 'cat not available'; then ok "TERN_SMRSH_DIR ignored when set-group-ID"
	elif findmnt -no OPTIONS -T "$T" | grep -q nosuid; then ok "# SKIP $T is nosuid"
	else nok "TERN_SMRSH_DIR ignored when set-group-ID"; echo "# rc=$rc $out"; fi
fi
[ $fails -eq 0 ]
