/*
 * mode_bp.c - sendmail -bp (and the mailq name): print the queue; -bP:
 * the number of queue entries.
 *
 * As sendmail 8.17: the queue directories are set up first (a missing
 * base directory is "can not chdir(DIR/): ..." on stdout and exit 78,
 * plus a hint on stderr when permission was denied); -qI, -qR and -qS
 * limits (with '!' to negate), -qQ (quarantined, with a reason limit)
 * and -qL (lost items) choose the entries; QueueSortOrder orders them;
 * -v adds the verbose columns.  -bP needs sendmail's shared memory
 * counts, which tern does not keep: it prints what 8.17 prints when no
 * daemon has set them ("Data unavailable: shared memory not updated").
 */
#include "main/mode.h"
#include "main/cmdline.h"
#include "cf/cf.h"
#include "cf/option.h"
#include "queue/mailq.h"
#include "queue/queue.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <time.h>
#include <unistd.h>

/* mode_bp - -bp, -bP */
int
mode_bp(struct cf *cf, const struct cmdline *cl)
{
	const struct options *op = cf->opts;
	struct queue_dirs qd;
	struct mailq_opts o;
	struct queue_limit *lim = NULL;
	struct buf err = BUF_INIT;

	if (queue_dir_setup(cf, &qd, &err) < 0) {
		printf("%s\n", buf_str(&err));
		fflush(stdout);
		if (strstr(buf_str(&err), strerror(EACCES)) != NULL)
			fprintf(stderr, "Program mode requires special privileges, "
			    "e.g., root or TrustedUser.\n");
		buf_free(&err);
		queue_dir_free(&qd);
		return EX_CONFIG;
	}
	if (cl->mode == CMDLINE_PRINTNQE) {
		printf("Data unavailable: shared memory not updated\n");
		fflush(stdout);
		queue_dir_free(&qd);
		buf_free(&err);
		return EX_OK;
	}
	memset(&o, 0, sizeof(o));
	o.verbose = cl->verbose || op->verbose;
	o.restrict_mailq = (op->privacy & OPT_PRIV_RESTRICTMAILQ) != 0;
	o.privileged = getuid() == 0;
	lim = mode_queue_limits(cl);
	o.scan.mode = cl->queue_mode;
	o.scan.limits = lim;
	o.scan.nlimits = cl->nqlimits;
	o.scan.max_run = op->max_queue_run_size;
	o.scan.sort = op->queue_sort_order;
	o.scan.min_age = op->min_queue_age;
	o.scan.max_age = op->max_queue_age;
	o.scan.doall = true;
	o.scan.load = mailq_load();
	o.scan.queue_la = op->queue_la;
	o.scan.queue_factor = op->queue_factor;
	o.scan.now = time(NULL);
	(void)mailq_print(stdout, &qd, &o);
	fflush(stdout);
	free(lim);
	queue_dir_free(&qd);
	buf_free(&err);
	return ferror(stdout) ? EX_IOERR : EX_OK;
}
