/*
 * mode_q.c - sendmail -q: run the queue once (-q, -qf in the
 * foreground), or every interval in the background (-q30m), with the
 * -qI/-qR/-qS limits and -qG group; -v shows each delivery.
 */
#include "main/mode.h"
#include "daemon/daemon_pidfile.h"
#include "daemon/daemon_privs.h"
#include "main/cmdline.h"
#include "cf/cf.h"
#include "cf/option.h"
#include "deliver/deliver.h"
#include "deliver/queue_run.h"
#include "queue/queue.h"
#include "util/log.h"
#include "util/msg.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <unistd.h>

static volatile sig_atomic_t q_stop;

static void
q_on_term(int sig)
{
	(void)sig;
	q_stop = 1;
}

/* q_sleep - wait out the interval, or until told to stop */
static void
q_sleep(long seconds)
{
	long i;

	for (i = 0; i < seconds && !q_stop; i++)
		sleep(1);
}

/* q_run_as - started by root with RunAsUser set: become that user */
static int
q_run_as(const struct options *op)
{
	struct buf err = BUF_INIT;
	int rc = EX_OK;

	if (daemon_privs_run_as(op, &err) < 0) {
		log_line(LOG_ERR, "queue runner: %s", buf_str(&err));
		fprintf(stderr, "%s: %s", msg_tag(), buf_str(&err));
		rc = EX_OSERR;
	}
	buf_free(&err);
	return rc;
}

int
mode_q(struct cf *cf, const struct cmdline *cl)
{
	const struct options *op = cf->opts;
	struct queue_dirs qd;
	struct queue_limit *lim = NULL;
	struct buf err = BUF_INIT;
	struct dlv_ctx dlv;
	struct qrun q;
	int rc;

	if (cl->queue_mode != 0) {
		fprintf(stderr, "%s: quarantine and lost-item queue runs are "
		    "not supported\n", msg_tag());
		return EX_USAGE;
	}
	if ((op->privacy & OPT_PRIV_RESTRICTQRUN) && getuid() != 0) {
		fprintf(stderr, "You do not have permission to process the "
		    "queue\n");
		return EX_NOPERM;
	}
	if (queue_dir_setup(cf, &qd, &err) < 0) {
		printf("%s\n", buf_str(&err));
		buf_free(&err);
		queue_dir_free(&qd);
		return EX_CONFIG;
	}
	lim = mode_queue_limits(cl);
	dlv_ctx_init(&dlv, cf);
	memset(&q, 0, sizeof(q));
	q.dlv = &dlv;
	q.qd = &qd;
	q.limits = lim;
	q.nlimits = cl->nqlimits;
	q.group = cl->queue_group;
	if (cl->verbose || op->verbose) {
		q.verbose = stdout;
		dlv.verbose = stdout;
	}
	if (cl->queue_interval > 0 && !cl->queue_foreground) {
		/* a periodic runner lives in the background, as sendmail */
		pid_t pid = fork();

		if (pid < 0) {
			fprintf(stderr, "%s: cannot fork: %s\n", msg_tag(),
			    strerror(errno));
			rc = EX_OSERR;
			goto out;
		}
		if (pid > 0) {
			rc = EX_OK;
			goto out_parent;
		}
		(void)setsid();
	}
	if (cl->queue_interval > 0 && !cl->queue_foreground &&
	    op->pid_file != NULL && *op->pid_file != '\0' &&
	    daemon_pidfile_write(op->pid_file, getpid(), cl->av, cl->ac) < 0)
		log_line(LOG_ERR, "unable to write pid to %s: %s", op->pid_file,
		    strerror(errno));
	/*
	 * RunAsUser (the client queue's smmsp): root is given up before
	 * the first control file is read
	 */
	if ((rc = q_run_as(op)) != EX_OK)
		goto out_child;
	signal(SIGTERM, q_on_term);
	signal(SIGINT, q_on_term);
	signal(SIGPIPE, SIG_IGN);
	if (cl->queue_interval > 0)
		log_line(LOG_INFO, "starting queue runner, interval %ld seconds",
		    cl->queue_interval);
	do {
		rc = queue_run(&q);
		if (cl->queue_interval <= 0)
			break;
		q_sleep(cl->queue_interval);
	} while (!q_stop);
out_child:
	if (cl->queue_interval > 0 && !cl->queue_foreground) {
		if (op->pid_file != NULL && *op->pid_file != '\0')
			daemon_pidfile_remove(op->pid_file, getpid());
		dlv_ctx_free(&dlv);
		queue_dir_free(&qd);
		free(lim);
		buf_free(&err);
		_exit(EX_OK);
	}
out:
out_parent:
	dlv_ctx_free(&dlv);
	queue_dir_free(&qd);
	free(lim);
	buf_free(&err);
	return rc;
}
