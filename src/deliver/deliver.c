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
    const struct mailer *m, const char *owner, struct buf *out)
{
	/* a list with an owner- alias sends as its owner */
	const char *from = owner != NULL ? owner : e->sender;

	buf_reset(out);
	if (from == NULL || from[0] == '\0') {
		/* the null sender: "<>" on the wire, MAILER-DAEMON in From_ */
		return;
	}
	if (remotename(&c->rw, from, m, RF_SENDERADDR, out) != EX_OK ||
	    out->len == 0)
		buf_set(out, from);
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
	/* the controlling user matters only to a mailer that runs as it
	   (F=S keeps our ids: mail.local takes alice and bob at once) */
	if (!mailer_flag(a->m, 'S') && (a->has_ctl != b->has_ctl ||
	    (a->has_ctl && a->uid != b->uid)))
		return false;
	/* one envelope sender per mailer run */
	if ((a->owner == NULL) != (b->owner == NULL) ||
	    (a->owner != NULL && strcmp(a->owner, b->owner) != 0))
		return false;
	return true;
}

/*
 * deliver_ctladdr - ", ctladdr=ADDR (uid/gid)" as sendmail logs it: only
 * for mailers that run as the recipient's controlling user (F=o: prog,
 * *file*), naming the address it came out of: the user whose .forward
 * or :include: it was, with that user's ids, or the alias, which the
 * aliases file owned by root gives DefaultUser's uid and group 0 (as
 * sendmail 8.17 logs it: "ctladdr=<both@mx.example.com> (26/0)")
 */
static void
deliver_ctladdr(struct dlv_ctx *c, const struct dlv_list *l,
    const struct dlv_rcpt *r, struct buf *out)
{
	const struct dlv_rcpt *p;

	if (r->m == NULL || !mailer_flag(r->m, 'o') || !r->from_alias ||
	    l == NULL || r->parent < 0 || (size_t)r->parent >= l->n)
		return;
	p = &l->v[r->parent];
	if (r->has_ctl)
		buf_addf(out, ", ctladdr=%s (%ld/%ld)", p->addr, (long)r->uid,
		    (long)r->gid);
	else
		buf_addf(out, ", ctladdr=%s (%ld/0)", p->addr,
		    option_default_uid(c->cf->opts));
}

/* deliver_log_line - one line for v[0..n), which share their outcome */
static void
deliver_log_line(struct dlv_ctx *c, const struct envelope *e,
    const struct dlv_list *dl, struct dlv_rcpt **v, size_t n, time_t xstart)
{
	const struct dlv_rcpt *r = v[0];
	struct buf l;
	time_t now = time(NULL);
	size_t k;

	buf_init(&l);
	buf_addf(&l, "%s: to=", e->qid);
	/* sendmail's log doubles a backslash: "to=\\\\bob" for "\\bob" */
	for (k = 0; k < n; k++) {
		const char *p;

		if (k > 0)
			buf_addc(&l, ',');
		for (p = v[k]->addr; *p != '\0'; p++) {
			if (*p == '\\')
				buf_addc(&l, '\\');
			buf_addc(&l, *p);
		}
	}
	if (n == 1)
		deliver_ctladdr(c, dl, r, &l);
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

void
deliver_log(struct dlv_ctx *c, const struct envelope *e,
    const struct dlv_rcpt *r, time_t xstart)
{
	struct dlv_rcpt *v = (struct dlv_rcpt *)r;

	deliver_log_line(c, e, NULL, &v, 1, xstart);
}

/* deliver_same_outcome - may a and b share a log line? */
static bool
deliver_same_outcome(const struct dlv_rcpt *a, const struct dlv_rcpt *b)
{
	if (a->state != b->state || strcmp(a->status, b->status) != 0)
		return false;
	if ((a->text == NULL) != (b->text == NULL) ||
	    (a->text != NULL && strcmp(a->text, b->text) != 0))
		return false;
	if ((a->relay == NULL) != (b->relay == NULL) ||
	    (a->relay != NULL && strcmp(a->relay, b->relay) != 0))
		return false;
	/* a line with ctladdr= names one recipient */
	return a->m == NULL || !mailer_flag(a->m, 'o');
}

/* deliver_group - one mailer run for v[0..n) */
static void
deliver_group(struct dlv_ctx *c, const struct envelope *e,
    const struct dlv_list *dl, const char *dfpath, struct dlv_rcpt **v,
    size_t n)
{
	const struct mailer *m = v[0]->m;
	struct buf sender, g;
	time_t start = time(NULL);
	size_t k, j;

	buf_init(&sender);
	buf_init(&g);
	deliver_sender(c, e, m, v[0]->owner, &sender);
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
		/* a mailer spoken to over a pipe (LMTP, SMTP) is the relay */
		if (v[k]->relay == NULL && mailer_exec_speaks(m))
			v[k]->relay = xstrdup(m->name);
		if (c->verbose != NULL)
			fprintf(c->verbose, "%s... %s\n", v[k]->addr, v[k]->text);
	}
	/* one line for the recipients of one run that fared alike
	   ("to=root,alice,bob"), as sendmail logs a mailer run */
	for (k = 0; k < n; k = j) {
		for (j = k + 1; j < n && deliver_same_outcome(v[k], v[j]); j++)
			;
		deliver_log_line(c, e, dl, v + k, j - k, start);
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
		deliver_group(c, e, l, dfpath, group, n);
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
