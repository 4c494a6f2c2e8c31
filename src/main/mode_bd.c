/*
 * mode_bd.c - sendmail -bd / -bD: the mail server (daemon/daemon_master.h).
 *
 * Only root, or the TrustedUser, may start it: anyone else gets
 * sendmail 8.17's "Permission denied (real uid not trusted)", with the
 * 550 code in -bd (sendmail's daemon mode reports errors as SMTP
 * replies) and without in -bD, and exit status 64 (EX_USAGE).
 */
#include "main/mode.h"
#include "main/cmdline.h"
#include "cf/cf.h"
#include "cf/option.h"
#include "daemon/daemon_master.h"

#include <stdio.h>
#include <sysexits.h>
#include <unistd.h>

int
mode_bd(struct cf *cf, const struct cmdline *cl)
{
	struct daemon_master_args a;
	uid_t uid = getuid();

	if (uid != 0 && (cf->opts->trusted_uid == 0 ||
	    (long)uid != cf->opts->trusted_uid)) {
		printf("%sPermission denied (real uid not trusted)\n",
		    cl->mode == CMDLINE_DAEMON ? "550 " : "");
		fflush(stdout);
		return EX_USAGE;
	}
	a.cf = cf;
	a.argv = cl->av;
	a.argc = cl->ac;
	a.foreground = cl->mode == CMDLINE_FGDAEMON;
	a.smtp = true;
	a.queue_interval = cl->queue_interval;
	return daemon_master_run(&a);
}
