/*
 * qw_deliver.c - start delivery of a message the writer just committed,
 * as DeliveryMode says.  The writer never waits for a delivery: the
 * child forks the real worker and exits at once, so the writer reaps
 * it immediately and keeps no list of children.
 */
#include "qwriter/qwriter.h"
#include "cf/cf.h"
#include "cf/option.h"
#include "deliver/deliver.h"
#include "deliver/queue_run.h"
#include "queue/queue.h"
#include "util/msg.h"

#include "util/detach.h"
#include "util/loadavg.h"
#include "util/log.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

/*
 * detach - the work in a detached grandchild (util/detach.h) that closes
 * the writer's sockets and files first; true there, false in the writer
 */
static bool
detach(struct qw_server *s, const char *what)
{
	switch (proc_detach()) {
	case DETACH_CHILD:
		qw_server_child_close(s);
		return true;
	case DETACH_FAILED:
		msg_warnx("qwriter: cannot start %s", what);	/* stays queued */
		return false;
	default:
		return false;
	}
}

/* qw_deliver_hook - see qwriter.h */
void
qw_deliver_hook(void *arg, struct qw_server *s, const char *qid,
    const struct queue_path *qp)
{
	struct qw_deliver *d = arg;
	char mode = d->cf->opts->delivery_mode;
	struct dlv_ctx dlv;
	struct qrun q;

	/* interactive cannot hold up the writer: it is run as background */
	if (mode != OPT_DM_BACKGROUND && mode != OPT_DM_INTERACTIVE)
		return;
	/* QueueLA: too busy to deliver now; the next queue run will */
	if (d->cf->opts->queue_la > 0 && loadavg_get() >= d->cf->opts->queue_la) {
		log_line(LOG_INFO, "%s: load average %d: queued for later",
		    qid, loadavg_get());
		return;
	}
	if (!detach(s, qid))
		return;
	dlv_ctx_init(&dlv, d->cf);
	memset(&q, 0, sizeof(q));
	q.dlv = &dlv;
	q.qd = d->qd;
	q.ignore_min_age = true;
	(void)queue_run_id(&q, qp, qid);
	dlv_ctx_free(&dlv);
	_exit(0);
}

/* qw_run_hook - see qwriter.h: ETRN's queue run, detached */
void
qw_run_hook(void *arg, struct qw_server *s, const char *what)
{
	struct qw_deliver *d = arg;

	if (!detach(s, "an ETRN queue run"))
		return;
	(void)queue_run_etrn(d->cf, d->qd, what);
	_exit(0);
}
