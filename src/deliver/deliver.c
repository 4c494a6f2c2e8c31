/*
 * deliver.c - one message, every recipient: expand, group, hand each
 * group to its mailer, log each outcome as sendmail does, and write
 * back into the envelope what is left to do.
 */
#include "deliver/deliver.h"
#include "addr/parseaddr.h"
#include "cf/cf.h"
#include "cf/macro.h"
#include "cf/mailer.h"
#include "cf/option.h"
#include "msg/envelope.h"
#include "msg/intake.h"
#include "queue/qf.h"
#include "util/log.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sysexits.h>
#include <unistd.h>

void
dlv_ctx_init(struct dlv_ctx *c, struct cf *cf)
{
	memset(c, 0, sizeof(*c));
	c->cf = cf;
	c->rw.cf = cf;
	c->rw.arena = &c->arena;
	c->rw.err = NULL;
	c->now = time(NULL);
	c->is_root = geteuid() == 0;
}

void
dlv_ctx_free(struct dlv_ctx *c)
{
	arena_free(&c->arena);
}

/* deliver_sender - the envelope sender as mailer m sees it ($g) */
static void
deliver_sender(struct dlv_ctx *c, const struct envelope *e,
    const struct mailer *m, struct buf *out)
{
	buf_reset(out);
	if (e->sender == NULL || e->sender[0] == '\0') {
		/* the null sender: "<>" on the wire, MAILER-DAEMON in From_ */
		return;
	}
	if (remotename(&c->rw, e->sender, m, RF_SENDERADDR, out) != EX_OK ||
	    out->len == 0)
		buf_set(out, e->sender);
	arena_reset(&c->arena);
}

/* deliver_groupable - may b go in one mailer run with a? */
static bool
deliver_groupable(const struct dlv_rcpt *a, const struct dlv_rcpt *b)
{
	if (b->state != DLV_PENDING || a->m != b->m)
		return false;
	if ((a->host == NULL) != (b->host == NULL))
		return false;
	if (a->host != NULL && strcasecmp(a->host, b->host) != 0)
		return false;
	if (a->has_ctl != b->has_ctl || (a->has_ctl && a->uid != b->uid))
		return false;
	return true;
}

void
deliver_log(struct dlv_ctx *c, const struct envelope *e,
    const struct dlv_rcpt *r, time_t xstart)
{
	struct buf l;
	time_t now = time(NULL);

	buf_init(&l);
	buf_addf(&l, "%s: to=%s", e->qid, r->addr);
	if (r->from_alias && r->has_ctl && r->ctl_name != NULL)
		buf_addf(&l, ", ctladdr=%s (%ld/%ld)", r->ctl_name,
		    (long)r->uid, (long)r->gid);
	buf_adds(&l, ", delay=");
	log_delay(&l, now - e->ctime);
	buf_adds(&l, ", xdelay=");
	log_delay(&l, now - xstart);
	buf_addf(&l, ", mailer=%s, pri=%ld", r->m ? r->m->name : "*error*",
	    e->priority);
	if (r->relay != NULL)
		buf_addf(&l, ", relay=%s", r->relay);
	buf_addf(&l, ", dsn=%s, stat=%s", r->status, r->text ? r->text : "");
	log_line(LOG_INFO, "%s", buf_str(&l));
	buf_free(&l);
}

/* deliver_group - one mailer run for v[0..n) */
static void
deliver_group(struct dlv_ctx *c, const struct envelope *e,
    const char *dfpath, struct dlv_rcpt **v, size_t n)
{
	const struct mailer *m = v[0]->m;
	struct buf sender, g;
	time_t start = time(NULL);
	size_t k;

	buf_init(&sender);
	buf_init(&g);
	deliver_sender(c, e, m, &sender);
	/* $g (Return-Path: <$g>): the null sender of a message that came
	   in is empty ("<>"); one of our own DSNs names MAILER-DAEMON as
	   the mailer writes senders (sendmail's "<MAILER-DAEMON@host>") */
	if (sender.len > 0)
		buf_set(&g, buf_str(&sender));
	else if (e->flags & QF_F_RESPONSE) {
		if (remotename(&c->rw, "MAILER-DAEMON", m, RF_SENDERADDR,
		    &g) != EX_OK || g.len == 0)
			buf_set(&g, "MAILER-DAEMON");
		arena_reset(&c->arena);
	}
	macro_set(c->cf->macros, 'g', buf_str(&g));
	macro_set(c->cf->macros, 'f', e->sender && *e->sender ? e->sender :
	    "MAILER-DAEMON");
	if (m->path != NULL && strcmp(m->path, "[IPC]") == 0)
		mailer_ipc_group(c, e, dfpath, v, n, buf_str(&sender));
	else if (strcmp(m->name, "*file*") == 0 ||
	    (m->path != NULL && strcmp(m->path, "[FILE]") == 0))
		for (k = 0; k < n; k++)
			mailer_file_deliver(c, e, dfpath, v[k], buf_str(&sender));
	else
		mailer_exec_group(c, e, dfpath, v, n, buf_str(&sender));
	for (k = 0; k < n; k++) {
		v[k]->attempted = true;
		if (v[k]->state == DLV_PENDING)	/* a mailer must decide */
			dlv_set(v[k], DLV_TEMPFAIL, EX_SOFTWARE, "4.0.0",
			    "Deferred: no outcome from mailer");
		if (c->verbose != NULL)
			fprintf(c->verbose, "%s... %s\n", v[k]->addr, v[k]->text);
		deliver_log(c, e, v[k], start);
	}
	macro_set(c->cf->macros, 'g', NULL);
	macro_set(c->cf->macros, 'f', NULL);
	buf_free(&sender);
	buf_free(&g);
}

/* deliver_ctl_line - the qf C line text for a destination's ctl user */
static char *
deliver_ctl_line(const struct dlv_rcpt *r)
{
	struct buf b;

	if (!r->has_ctl || r->ctl_name == NULL)
		return NULL;
	buf_init(&b);
	buf_addf(&b, "%s:%ld:%ld:%s", r->ctl_name, (long)r->uid, (long)r->gid,
	    r->ctl_name);
	return buf_steal(&b);
}

/* deliver_update - write the outcomes back into e */
static void
deliver_update(struct dlv_ctx *c, struct envelope *e, struct dlv_list *l,
    struct dlv_result *res)
{
	size_t norig = e->nrcpts, k, i;

	for (k = 0; k < norig; k++) {
		struct rcpt *rc = &e->rcpts[k];
		bool any = false, deferred_self = false, deferred_child = false;
		const struct dlv_rcpt *self = NULL;

		if (rc->flags & RCPT_DONE)
			continue;
		for (i = 0; i < l->n; i++) {
			const struct dlv_rcpt *r = &l->v[i];

			if (r->orig != k)
				continue;
			any = true;
			if (r->parent < 0)
				self = r;
			if (r->state == DLV_TEMPFAIL) {
				if (r->parent < 0)
					deferred_self = true;
				else
					deferred_child = true;
			}
		}
		if (!any)
			continue;
		if (deferred_self && self != NULL) {
			free(rc->status);
			rc->status = xstrdup(self->status);
			free(rc->reply);
			rc->reply = xstrdup(self->text ? self->text : "");
			rc->stattime = time(NULL);
			continue;
		}
		rc->flags |= RCPT_DONE;
		if (!deferred_child)
			continue;
		/* deferred destinations of an alias become recipients */
		for (i = 0; i < l->n; i++) {
			const struct dlv_rcpt *r = &l->v[i];
			struct rcpt *nr;
			unsigned notify = rc->notify, flags = rc->flags;
			char *orcpt = rc->orcpt ? xstrdup(rc->orcpt) : NULL;

			if (r->orig != k || r->parent < 0 ||
			    r->state != DLV_TEMPFAIL) {
				free(orcpt);
				continue;
			}
			nr = envelope_add_rcpt(e, r->addr);
			rc = &e->rcpts[k];	/* the array may have moved */
			nr->notify = notify;
			nr->flags = (flags & ~(RCPT_DONE | RCPT_PRIMARY)) |
			    RCPT_ALIAS;
			nr->orcpt = orcpt;
			nr->ctladdr = deliver_ctl_line(r);
			nr->status = xstrdup(r->status);
			nr->reply = xstrdup(r->text ? r->text : "");
			nr->stattime = time(NULL);
		}
	}
	res->done = true;
	for (k = 0; k < e->nrcpts; k++)
		if (!(e->rcpts[k].flags & RCPT_DONE))
			res->done = false;
	(void)c;
}

void
deliver_envelope(struct dlv_ctx *c, struct envelope *e, const char *dfpath,
    struct dlv_list *l, struct dlv_result *res)
{
	struct dlv_rcpt **group;
	char ctimebuf[MSGDATE_CTIME];
	size_t i, j, n;

	memset(res, 0, sizeof(*res));
	macro_set(c->cf->macros, 'i', e->qid);
	/* $d, the time of this attempt in ctime form: the *file* mailer's
	   From_ line ("From $g $d") */
	msgdate_ctime(time(NULL), ctimebuf);
	macro_set(c->cf->macros, 'd', ctimebuf);
	dlv_expand(c, e, l);
	group = xcalloc(l->n + 1, sizeof(*group));
	for (i = 0; i < l->n; i++) {
		struct dlv_rcpt *r = &l->v[i];
		long max;

		if (r->attempted)
			continue;
		if (r->state != DLV_PENDING) {
			r->attempted = true;
			if (r->state == DLV_FAILED || r->state == DLV_TEMPFAIL) {
				if (c->verbose != NULL)
					fprintf(c->verbose, "%s... %s\n", r->addr,
					    r->text);
				deliver_log(c, e, r, time(NULL));
			}
			continue;
		}
		n = 0;
		group[n++] = r;
		max = r->m->maxrcpt > 0 ? r->m->maxrcpt : 100;
		if (mailer_flag(r->m, 'm'))
			for (j = i + 1; j < l->n && (long)n < max; j++)
				if (deliver_groupable(r, &l->v[j]))
					group[n++] = &l->v[j];
		deliver_group(c, e, dfpath, group, n);
	}
	free(group);
	for (i = 0; i < l->n; i++) {
		switch (l->v[i].state) {
		case DLV_SENT:
			res->sent++;
			break;
		case DLV_FAILED:
			res->failed++;
			break;
		case DLV_TEMPFAIL:
			res->deferred++;
			break;
		default:
			break;
		}
	}
	deliver_update(c, e, l, res);
	macro_set(c->cf->macros, 'i', NULL);
}
