/*
 * queue_run - runs over the queue (sendmail -q and the daemon's queue
 * runner), and the delivery of one message right after it was queued.
 */
#ifndef TERN_QUEUE_RUN_H
#define TERN_QUEUE_RUN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

struct dlv_ctx;
struct queue_dirs;
struct queue_limit;
struct queue_path;

struct qrun_stats {
	int runs;		/* messages attempted */
	int done;		/* removed: nothing left */
	int errors;		/* unreadable control files, rewrite failures */
	int failed_exit;	/* sysexits of the first recipient that failed
				   for good (0: none), for -bm's exit */
};

struct qrun {
	struct dlv_ctx *dlv;
	const struct queue_dirs *qd;
	const struct queue_limit *limits;	/* -qI/-qR/-qS */
	size_t nlimits;
	const char *group;		/* -qG: only this queue group */
	bool ignore_min_age;		/* a run for one message */
	FILE *verbose;			/* -v */
	int total;
	int depth;			/* reports of reports being run */
	struct qrun_stats stats;
	FILE *tell;			/* -bm in the foreground: each recipient
					   that failed for good, "addr... text" */
};

/* queue_run - one pass over every queue directory; sysexits */
int queue_run(struct qrun *);

struct cf;
/* queue_run_etrn - ETRN's run: recipients at host what, or "#group" */
int queue_run_etrn(struct cf *, const struct queue_dirs *, const char *what);

/* queue_run_id - deliver one message of directory qp now */
int queue_run_id(struct qrun *, const struct queue_path *qp, const char *qid);

#endif
