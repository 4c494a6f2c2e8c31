#!/bin/sh
# real-sm.sh - the real sendmail 8.17 inside a delivery world
# (dlv-world.sh), for differential tests.  Sourced after dlv-world.sh.
#   real_sm_add DIR   fetch the real binary (tests/golden/lib.sh
#                     golden_fetch_real: apt-get download + dpkg -x into
#                     build/real-sendmail, never installed) and make it
#                     runnable in the world as /tmp/w/.bin/real (a
#                     wrapper with LD_LIBRARY_PATH for libwrap); add the
#                     HostStatusDirectory tern's sendmail.mc names (else
#                     the real binary warns about it).
GOLDEN_REPO=$dlv_repo
. "$dlv_repo/tests/golden/lib.sh"

real_sm_add() {
	golden_fetch_real "$dlv_repo/build/real-sendmail" || return 1
	golden_bin "$dlv_repo/build/real-sendmail/root/usr/libexec/sendmail/sendmail" \
		"$1" real > /dev/null || return 1
	mkdir -p "$1/var/spool/mqueue/.hoststat"
}
