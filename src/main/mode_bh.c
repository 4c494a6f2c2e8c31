/*
 * mode_bh.c - sendmail -bh (hoststat): the persistent host status
 * table; -bH (purgestat): remove the entries older than
 * Timeout.hoststatus.  Both do nothing without HostStatusDirectory; a
 * directory that cannot be used is a warning, and the status is still
 * 0, as in sendmail 8.17.  A relative HostStatusDirectory is taken
 * under QueueDirectory, as sendmail does.
 */
#include "main/mode.h"
#include "main/cmdline.h"
#include "cf/cf.h"
#include "cf/option.h"
#include "deliver/hoststat.h"
#include "util/buf.h"

#include <stdio.h>
#include <sysexits.h>
#include <time.h>

/* mode_bh - -bh, -bH */
int
mode_bh(struct cf *cf, const struct cmdline *cl)
{
	const struct options *o = cf->opts;
	const char *dir = o->host_status_directory;
	struct buf path = BUF_INIT;
	long timeout = o->to[OPT_TO_HOSTSTATUS];

	if (dir == NULL || dir[0] == '\0')
		return EX_OK;
	if (dir[0] != '/' && o->queue_directory != NULL) {
		buf_addf(&path, "%s/%s", o->queue_directory, dir);
		dir = buf_str(&path);
	}
	if (cl->mode == CMDLINE_PURGESTAT)
		(void)hoststat_purge(dir, time(NULL), timeout, stdout);
	else
		(void)hoststat_print(dir, time(NULL), stdout, stderr);
	fflush(stdout);
	buf_free(&path);
	return EX_OK;
}
