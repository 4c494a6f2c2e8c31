/*
 * qw_group.c - the writer's group commit.  A COMMIT is prepared as it
 * arrives (qw_conn.c: df flushed, locked tf written) and joins the
 * server's group; qw_server_commit, called by the poll loop once a
 * burst of input is read (or here, when the group is full), makes the
 * whole group durable with queue_commit_group -- every df and tf
 * fsynced, each renamed to its qf, ONE fsync per queue directory -- and
 * only then queues COMMITTED (or FAILED) for each member and calls the
 * committed hooks.  A member whose connection goes before that is
 * aborted alone.
 */
#include "qwriter/qw_int.h"
#include "util/msg.h"

#include <stdlib.h>

/* qw_group_init - the group's arrays */
void
qw_group_init(struct qw_server *s)
{
	size_t i;

	s->group = xcalloc(QW_GROUP_MAX, sizeof(*s->group));
	s->gtv = xcalloc(QW_GROUP_MAX, sizeof(*s->gtv));
	s->gres = xcalloc(QW_GROUP_MAX, sizeof(*s->gres));
	s->gdone = xcalloc(QW_GROUP_MAX, sizeof(*s->gdone));
	for (i = 0; i < QW_GROUP_MAX; i++)
		buf_init(&s->gres[i].err);
	s->ngroup = 0;
}

/* qw_group_free - after every connection is gone */
void
qw_group_free(struct qw_server *s)
{
	size_t i;

	if (s->gres != NULL)
		for (i = 0; i < QW_GROUP_MAX; i++)
			buf_free(&s->gres[i].err);
	free(s->group);
	free(s->gtv);
	free(s->gres);
	free(s->gdone);
	s->group = NULL;
	s->gtv = NULL;
	s->gres = NULL;
	s->gdone = NULL;
	s->ngroup = 0;
}

/* qw_group_add - t joins the group (see qw_int.h) */
void
qw_group_add(struct qw_server *s, struct qw_txn *t)
{
	if (s->ngroup >= QW_GROUP_MAX)
		(void)qw_server_commit(s);
	if (s->ngroup >= QW_GROUP_MAX)
		msg_panic("qwriter: group still full after a commit");
	t->gidx = s->ngroup;
	s->group[s->ngroup++] = t;
}

/* qw_group_remove - t leaves the group uncommitted */
void
qw_group_remove(struct qw_server *s, struct qw_txn *t)
{
	size_t i = t->gidx;

	if (i >= s->ngroup || s->group[i] != t)
		msg_panic("qwriter: transaction not in the group");
	s->group[i] = s->group[--s->ngroup];
	s->group[i]->gidx = i;
}

/* qw_server_commit - see qwriter.h */
size_t
qw_server_commit(struct qw_server *s)
{
	size_t n = s->ngroup, i, ok = 0, ndone = 0;

	if (n == 0)
		return 0;
	for (i = 0; i < n; i++)
		s->gtv[i] = &s->group[i]->q;
	(void)queue_commit_group(s->gtv, n, s->gres);
	s->stats.groups++;
	/* the group is settled: answers for every member, then the hooks */
	s->ngroup = 0;
	for (i = 0; i < n; i++)
		if (qw_conn_finish(s->group[i], &s->gres[i], &s->gdone[ndone]))
			ndone++;
	for (i = 0; i < ndone; i++) {
		if (s->hooks.committed != NULL)
			s->hooks.committed(s->hooks.arg, s, s->gdone[i].qid,
			    s->gdone[i].qp);
		ok++;
	}
	return ok;
}
