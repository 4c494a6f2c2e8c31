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

#include "util/loadavg.h"
#include "util/log.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

/* worker - the grandchild: deliver qid, then exit */
static void __attribute__((noreturn))
worker(struct qw_deliver *d, const char *qid, const struct queue_path *qp)
{
	struct dlv_ctx dlv;
	struct qrun q;
	int fd;

	if ((fd = open("/dev/null", O_RDWR)) >= 0) {
		(void)dup2(fd, 0);
		(void)dup2(fd, 1);
		if (fd > 2)
			(void)close(fd);
	}
	dlv_ctx_init(&dlv, d->cf);
	memset(&q, 0, sizeof(q));
	q.dlv = &dlv;
	q.qd = d->qd;
	q.ignore_min_age = true;
	(void)queue_run_id(&q, qp, qid);
	dlv_ctx_free(&dlv);
	_exit(0);
}

/* qw_deliver_hook - see qwriter.h */
void
qw_deliver_hook(void *arg, struct qw_server *s, const char *qid,
    const struct queue_path *qp)
{
	struct qw_deliver *d = arg;
	char mode = d->cf->opts->delivery_mode;
	pid_t pid, r;
	int st = 0;

	/* interactive cannot hold up the writer: it is run as background */
	if (mode != OPT_DM_BACKGROUND && mode != OPT_DM_INTERACTIVE)
		return;
	/* QueueLA: too busy to deliver now; the next queue run will */
	if (d->cf->opts->queue_la > 0 && loadavg_get() >= d->cf->opts->queue_la) {
		log_line(LOG_INFO, "%s: load average %d: queued for later",
		    qid, loadavg_get());
		return;
	}
	if ((pid = fork()) < 0) {
		msg_warn("%s: qwriter: cannot fork for delivery", qid);
		return;		/* stays queued for the next run */
	}
	if (pid == 0) {
		/* the writer's handlers only set its flags: not ours */
		(void)signal(SIGTERM, SIG_DFL);
		(void)signal(SIGHUP, SIG_DFL);
		(void)signal(SIGINT, SIG_DFL);
		(void)signal(SIGCHLD, SIG_DFL);
		qw_server_child_close(s);
		(void)setsid();
		pid = fork();
		if (pid == 0)
			worker(d, qid, qp);
		_exit(pid < 0 ? 1 : 0);
	}
	while ((r = waitpid(pid, &st, 0)) < 0 && errno == EINTR)
		;
	if (r < 0 || !WIFEXITED(st) || WEXITSTATUS(st) != 0)
		msg_warnx("%s: qwriter: cannot start its delivery", qid);
}

/* qw_run_hook - see qwriter.h: ETRN's queue run, detached */
void
qw_run_hook(void *arg, struct qw_server *s, const char *what)
{
	struct qw_deliver *d = arg;
	pid_t pid, r;
	int st = 0;

	if ((pid = fork()) < 0) {
		msg_warn("qwriter: cannot fork for ETRN %s", what);
		return;
	}
	if (pid == 0) {
		(void)signal(SIGTERM, SIG_DFL);
		(void)signal(SIGHUP, SIG_DFL);
		(void)signal(SIGINT, SIG_DFL);
		(void)signal(SIGCHLD, SIG_DFL);
		qw_server_child_close(s);
		(void)setsid();
		pid = fork();
		if (pid == 0) {
			(void)queue_run_etrn(d->cf, d->qd, what);
			_exit(0);
		}
		_exit(pid < 0 ? 1 : 0);
	}
	while ((r = waitpid(pid, &st, 0)) < 0 && errno == EINTR)
		;
}
