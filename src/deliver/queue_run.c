/*
 * queue_run.c - one pass over the queue, as sendmail's runqueue: every
 * queue group and directory scanned and sorted (queue_scan), each
 * message that nobody else holds locked, read, delivered, and then
 * rewritten with what is left or removed.  After each attempt the
 * message's age is weighed: past Timeout.queuereturn what is still
 * deferred fails for good; past Timeout.queuewarn the sender is warned
 * once.  Reports go through dlv_report (report.c).
 */
#include "deliver/queue_run.h"
#include "deliver/deliver.h"
#include "deliver/ipc_child.h"
#include "cf/cf.h"
#include "cf/option.h"
#include "msg/envelope.h"
#include "queue/qf.h"
#include "queue/queue.h"
#include "util/log.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sysexits.h>
#include <time.h>
#include <unistd.h>

/* qrun_expire - past Timeout.queuereturn: the deferred now fail */
static int
qrun_expire(struct envelope *e, struct dlv_list *l, long ret)
{
	struct buf t;
	size_t i, k;
	int n = 0;

	buf_init(&t);
	buf_adds(&t, "Cannot send message for ");
	dlv_age_text(ret, &t);
	for (i = 0; i < l->n; i++) {
		struct dlv_rcpt *r = &l->v[i];

		if (r->state != DLV_TEMPFAIL)
			continue;
		/* keep the last reason: sendmail's DSN shows both */
		r->state = DLV_FAILED;
		snprintf(r->status, sizeof(r->status), "4.4.7");
		free(r->remote_mta);
		r->remote_mta = NULL;
		{
			struct buf why;

			buf_init(&why);
			buf_addf(&why, "%s", buf_str(&t));
			if (r->text != NULL && *r->text)
				buf_addf(&why, " (%s)", r->text);
			free(r->text);
			r->text = buf_steal(&why);
		}
		n++;
	}
	for (k = 0; k < e->nrcpts; k++) {
		if (e->rcpts[k].flags & RCPT_DONE)
			continue;
		e->rcpts[k].flags |= RCPT_DONE;
	}
	buf_free(&t);
	return n;
}

static void qrun_one(struct qrun *, const struct queue_path *, const char *,
    bool);

/*
 * qrun_reports - the DSNs the last attempt queued go out now, as
 * sendmail sends its error messages in the same run; bounded by depth,
 * so a bounce that bounces cannot recurse further than a double bounce
 */
static void
qrun_reports(struct qrun *q)
{
	struct dlv_ctx *c = q->dlv;
	int n = c->nqueued, i;
	char qids[DLV_MAX_QUEUED][24];
	const struct queue_path *paths[DLV_MAX_QUEUED];

	if (n == 0 || q->depth >= 2)
		return;
	for (i = 0; i < n; i++) {
		memcpy(qids[i], c->queued[i].qid, sizeof(qids[i]));
		paths[i] = c->queued[i].path;
	}
	c->nqueued = 0;
	q->depth++;
	for (i = 0; i < n; i++) {
		char name[64];

		snprintf(name, sizeof(name), "qf%.30s", qids[i]);
		qrun_one(q, paths[i], name, false);	/* as intake's */
	}
	q->depth--;
}

/* qrun_tell - the permanent failures of one attempt, as -bm tells them */
static void
qrun_tell(struct qrun *q, const struct dlv_list *l)
{
	size_t i;

	for (i = 0; i < l->n; i++) {
		const struct dlv_rcpt *r = &l->v[i];

		if (r->state != DLV_FAILED)
			continue;
		if (q->stats.failed_exit == 0)
			q->stats.failed_exit = r->exitstat ? r->exitstat :
			    EX_UNAVAILABLE;
		if (q->tell != NULL)
			fprintf(q->tell, "%s... %s\n", r->addr,
			    r->text ? r->text : "Service unavailable");
	}
	if (q->tell != NULL)
		fflush(q->tell);
}

/*
 * qrun_bogus - a control file no runner may believe (sendmail's "bogus
 * queue file": a group-writable one without UseMSP, a link, someone
 * else's): logged and set aside as Qf, never read
 */
static void
qrun_bogus(struct qrun *q, const struct queue_path *qp, const char *name,
    const char *qfpath)
{
	struct buf to = BUF_INIT;
	struct stat st;

	if (lstat(qfpath, &st) == 0)
		log_line(LOG_ALERT, "%s: bogus queue file, uid=%ld, mode=%o",
		    name + 2, (long)st.st_uid, (unsigned)st.st_mode);
	queue_dir_file(qp, 'Q', name + 2, &to, NULL);
	if (rename(qfpath, buf_str(&to)) == 0)
		log_line(LOG_ALERT, "Losing %s: bogus file uid %ld in %s",
		    name, lstat(buf_str(&to), &st) == 0 ? (long)st.st_uid : -1L,
		    q->qd->basedir);
	q->stats.errors++;
	buf_free(&to);
}

/*
 * qrun_msgsize - the data file's size (the envelope's msgsize: the SMTP
 * client adds the header's for SIZE=), as sendmail's readqf finds it.
 * False (errno) when the data file cannot be read.
 */
static bool
qrun_msgsize(struct envelope *e, const char *dfpath)
{
	struct stat st;

	if (stat(dfpath, &st) < 0)
		return false;
	e->msgsize = (long)st.st_size;
	return true;
}

/* qrun_one - deliver one message whose qf is at qfpath; in_run: found by
   a queue run (not handed over right after intake) */
static void
qrun_one(struct qrun *q, const struct queue_path *qp, const char *name,
    bool in_run)
{
	struct dlv_ctx *c = q->dlv;
	struct envelope e;
	struct dlv_list list;
	struct dlv_result res;
	struct buf qfpath, dfpath, err;
	struct queue_update_opts uo;
	const struct options *o = c->cf->opts;
	int fd = -1, r;
	long ret = o->to_queuereturn[OPT_TOC_NORMAL];
	long warn = o->to_queuewarn[OPT_TOC_NORMAL];
	time_t now;

	envelope_init(&e);
	memset(&list, 0, sizeof(list));
	buf_init(&qfpath);
	buf_init(&dfpath);
	buf_init(&err);
	if (strlen(name) < 3)
		goto out;
	queue_dir_file(qp, 'q', name + 2, &qfpath, NULL);
	r = queue_lock_open(buf_str(&qfpath), o->use_msp, &fd);
	if (r == QUEUE_LOCK_BOGUS) {
		qrun_bogus(q, qp, name, buf_str(&qfpath));
		goto out;
	}
	if (r != 0 || fd < 0)
		goto out;	/* someone else has it, or it is gone */
	if (queue_read_qf(buf_str(&qfpath), NULL, &e, &err) != QF_OK) {
		log_line(LOG_ERR, "%s: %s", name + 2, buf_str(&err));
		q->stats.errors++;
		goto out;
	}
	if (e.qid[0] == '\0')
		snprintf(e.qid, sizeof(e.qid), "%s", name + 2);
	if (e.dfdir != NULL) {
		buf_addf(&dfpath, "%s%s/df%s", q->qd->basedir, e.dfdir, e.qid);
	} else
		queue_dir_file(qp, 'd', e.qid, &dfpath, NULL);
	if (!qrun_msgsize(&e, buf_str(&dfpath))) {
		/* no body to send: the message waits for the administrator */
		log_line(LOG_ERR, "%s: %s: cannot open: %s", e.qid,
		    buf_str(&dfpath), strerror(errno));
		q->stats.errors++;
		goto out;
	}
	if (q->verbose != NULL && in_run)
		fprintf(q->verbose, "\nRunning %s (sequence %d of %d)\n",
		    e.qid, q->stats.runs + 1, q->total);
	/* a queue run reads the priority a RetryFactor higher, as sendmail's
	   readqf does: the pri= it logs and the P line it writes back say
	   so; a delivery right after intake keeps it and adds it after */
	if (in_run)
		e.priority += o->retry_factor;
	c->now = time(NULL);
	c->keep_lost = false;
	deliver_envelope(c, &e, buf_str(&dfpath), &list, &res);
	q->stats.runs++;
	qrun_tell(q, &list);
	now = time(NULL);
	e.ntries++;
	e.dtime = now;
	if (!in_run)
		e.priority += o->retry_factor;
	if (!res.done && ret > 0 && now - e.ctime >= ret) {
		(void)qrun_expire(&e, &list, ret);
		res.done = true;
	}
	/* reports: failures, successes asked for, a delay warning */
	dlv_report(c, q->qd, &e, buf_str(&dfpath), &list,
	    !res.done && warn > 0 && now - e.ctime >= warn &&
	    !(e.flags & QF_F_WARNING) && e.sender != NULL && *e.sender);
	if (!res.done && warn > 0 && now - e.ctime >= warn)
		e.flags |= QF_F_WARNING;
	uo.mode = o->queue_file_mode ? o->queue_file_mode : 0600;
	uo.sync = o->super_safe != OPT_SAFE_FALSE;
	if (res.done && c->keep_lost) {
		/* a failed postmaster notice: set aside, never dropped */
		struct buf lost = BUF_INIT;

		c->keep_lost = false;
		queue_dir_file(qp, 'Q', e.qid, &lost, NULL);
		if (rename(buf_str(&qfpath), buf_str(&lost)) < 0)
			log_line(LOG_ERR, "%s: cannot set aside as %s: %s", e.qid,
			    buf_str(&lost), strerror(errno));
		buf_free(&lost);
		q->stats.done++;
	} else if (res.done) {
		if (queue_remove(buf_str(&qfpath), buf_str(&dfpath), &fd, &err) < 0)
			log_line(LOG_ERR, "%s: %s", e.qid, buf_str(&err));
		q->stats.done++;
	} else if (queue_rewrite_qf(buf_str(&qfpath), &e, &fd, &uo, &err) < 0) {
		log_line(LOG_ERR, "%s: %s", e.qid, buf_str(&err));
		q->stats.errors++;
	}
out:
	if (fd >= 0)
		queue_unlock(fd);
	dlv_list_free(&list);
	envelope_free(&e);
	buf_free(&qfpath);
	buf_free(&dfpath);
	buf_free(&err);
	qrun_reports(q);
}

int
queue_run(struct qrun *q)
{
	const struct options *o = q->dlv->cf->opts;
	size_t g, p, i;
	int rc = EX_OK;

	for (g = 0; g < q->qd->ngroups; g++) {
		const struct queue_group *grp = &q->qd->groups[g];

		if (q->group != NULL && strcmp(q->group, grp->name) != 0)
			continue;
		for (p = 0; p < grp->npaths; p++) {
			struct queue_scan_opts so;
			struct queue_list ql;
			struct buf err;

			memset(&so, 0, sizeof(so));
			memset(&ql, 0, sizeof(ql));
			buf_init(&err);
			so.limits = q->limits;
			so.nlimits = q->nlimits;
			so.max_run = o->max_queue_run_size;
			so.sort = o->queue_sort_order;
			so.min_age = q->ignore_min_age ? 0 : o->min_queue_age;
			so.max_age = o->max_queue_age;
			so.doall = false;
			so.queue_la = o->queue_la;
			so.queue_factor = o->queue_factor;
			so.now = time(NULL);
			if (queue_scan(grp, &grp->paths[p], &so, &ql, false, NULL,
			    &err) < 0) {
				log_line(LOG_ERR, "%s", buf_str(&err));
				buf_free(&err);
				rc = EX_OSFILE;
				continue;
			}
			q->total = (int)ql.n;
			for (i = 0; i < ql.n; i++) {
				if (ql.v[i].locked || ql.v[i].tooyoung)
					continue;
				qrun_one(q, &grp->paths[p], ql.v[i].name, true);
			}
			queue_list_free(&ql);
			buf_free(&err);
		}
	}
	ipc_end();	/* QUIT the cached SMTP connections */
	return rc;
}

/* queue_run_one_id - deliver the message qid now (after intake) */
int
queue_run_id(struct qrun *q, const struct queue_path *qp, const char *qid)
{
	char name[QID_MAX + 3];

	snprintf(name, sizeof(name), "qf%s", qid);
	qrun_one(q, qp, name, false);
	return EX_OK;
}

int
queue_run_etrn(struct cf *cf, const struct queue_dirs *qd, const char *what)
{
	struct queue_limit lim;
	struct dlv_ctx dlv;
	struct qrun q;
	char buf[300];
	int rc;

	memset(&lim, 0, sizeof(lim));
	memset(&q, 0, sizeof(q));
	dlv_ctx_init(&dlv, cf);
	q.dlv = &dlv;
	q.qd = qd;
	if (what[0] == '#') {
		q.group = what + 1;
	} else {
		/* sendmail's ETRN: the messages for recipients at that host */
		snprintf(buf, sizeof(buf), "@%s", what);
		lim.kind = 'R';
		lim.match = buf;
		q.limits = &lim;
		q.nlimits = 1;
	}
	log_line(LOG_INFO, "ETRN %s: queue run", what);
	rc = queue_run(&q);
	dlv_ctx_free(&dlv);
	return rc;
}
