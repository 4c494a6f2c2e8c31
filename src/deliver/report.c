/*
 * report.c - who hears about one delivery attempt, and how: the DSNs
 * (composed by dsn.c) are queued like any message, through intake, so
 * they get the .cf's Received, Date and Message-Id as sendmail's own do.
 *
 *   failed destinations (NOTIFY has FAILURE, the default)  -> a bounce
 *   delivered ones with NOTIFY=SUCCESS (local mailers)     -> a receipt
 *   deferred ones with DELAY (the default), when asked     -> a warning
 * to the envelope sender.  A message with the null sender that fails
 * goes to the postmaster (DoubleBounceAddress) instead, once: a failed
 * postmaster notice is logged and dropped, never bounced again.  With
 * PostmasterCopy set, that address gets a postmaster notice of every
 * bounce too.  A member of a list that has an owner-LIST alias was sent
 * with that owner as its sender, and its failure goes to the owner.
 */
#include "deliver/deliver.h"
#include "deliver/dsn.h"
#include "cf/cf.h"
#include "cf/macro.h"
#include "cf/mailer.h"
#include "cf/option.h"
#include "msg/envelope.h"
#include "msg/intake.h"
#include "queue/qf.h"
#include "queue/queue.h"
#include "util/log.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

/* report_notify - the NOTIFY bits in force for an envelope recipient */
static unsigned
report_notify(const struct rcpt *rc)
{
	if (rc->notify == 0 && !(rc->flags & RCPT_PINGS))
		return RCPT_NOTIFY_FAILURE | RCPT_NOTIFY_DELAY;
	return rc->notify;
}

/* report_bare - "a@b" out of "<a@b>" */
static void
report_bare(const char *addr, struct buf *out)
{
	size_t n = strlen(addr);

	buf_reset(out);
	if (n >= 2 && addr[0] == '<' && addr[n - 1] == '>')
		buf_add(out, addr + 1, n - 2);
	else
		buf_adds(out, addr);
}

/*
 * report_queue - the composed DSN through intake into the queue; its
 * queue ID into qid.  0, or -1 (logged: the report is lost, the
 * original's outcome stands, as when sendmail cannot queue an error
 * message).
 */
static int
report_queue(struct dlv_ctx *c, struct queue_txn *t,
    struct envelope *dsn, struct buf *text, bool pm_notice)
{
	struct cf *cf = c->cf;
	struct envelope e;
	struct intake in;
	struct intake_conf conf;
	struct intake_sender sender;
	struct buf msg, body, err, raw;
	size_t i;
	int rc = -1, st;

	envelope_init(&e);
	buf_init(&msg);
	buf_init(&body);
	buf_init(&err);
	buf_init(&raw);
	/* the DSN's header lines, a blank line, its body */
	for (i = 0; i < dsn->headers.n; i++) {
		const struct hdr *h = &dsn->headers.v[i];

		if (h->deleted)
			continue;
		buf_reset(&raw);
		hdr_raw(h, &raw);
		/* a value without its own leading blank gets one */
		buf_addf(&msg, "%s:%s%s\n", h->name, raw.len > 0 &&
		    (raw.data[0] == ' ' || raw.data[0] == '\t') ? "" : " ",
		    buf_str(&raw));
	}
	buf_addc(&msg, '\n');
	buf_add(&msg, text->data, text->len);

	memcpy(e.qid, t->qid, sizeof(e.qid));
	e.sender = xstrdup("");
	e.sender_paddr = xstrdup("<>");
	e.ctime = time(NULL);
	e.flags |= QF_F_RESPONSE;
	if (pm_notice)	/* if this one fails too, it is dropped */
		envelope_set_macro(&e, "{tern_postmaster_notice}", "1");
	for (i = 0; i < dsn->nrcpts; i++) {
		struct rcpt *r = envelope_add_rcpt(&e, dsn->rcpts[i].addr);

		r->flags |= RCPT_PRIMARY;
	}
	/* sendmail's own messages come "from localhost" */
	macro_set(cf->macros, 's', "localhost");
	macro_set(cf->macros, '_', "localhost");
	macro_set(cf->macros, 'r', NULL);
	intake_conf_init(&conf, cf);
	conf.ignore_dots = true;
	memset(&sender, 0, sizeof(sender));
	intake_begin(&in, &e, cf, cf->macros, &conf, &sender, e.ctime);
	intake_feed(&in, msg.data, msg.len, &body);
	st = intake_end(&in, &body);
	intake_free(&in);
	macro_set(cf->macros, 's', NULL);
	macro_set(cf->macros, '_', NULL);
	if (st != INTAKE_OK) {
		log_line(LOG_ERR, "%s: cannot queue a DSN (intake %d)", t->qid, st);
		queue_commit_abort(t);
		goto out;
	}
	if (fwrite(body.data, 1, body.len, t->df) != body.len) {
		log_line(LOG_ERR, "%s: cannot write DSN: %s", t->qid,
		    strerror(errno));
		queue_commit_abort(t);
		goto out;
	}
	/* sendmail counts the body of its own messages */
	e.priority = intake_priority(cf, &e, (long)body.len);
	if (queue_commit(t, &e, &err) != 0) {
		log_line(LOG_ERR, "%s: cannot queue a DSN: %s", t->qid,
		    buf_str(&err));
		queue_commit_abort(t);
		goto out;
	}
	if (c->nqueued < DLV_MAX_QUEUED) {
		snprintf(c->queued[c->nqueued].qid, QID_MAX, "%s", t->qid);
		c->queued[c->nqueued++].path = t->path;
	}
	queue_commit_close(t);
	rc = 0;
out:
	envelope_free(&e);
	buf_free(&msg);
	buf_free(&body);
	buf_free(&err);
	buf_free(&raw);
	return rc;
}

#define REPORT_OWNERS_MAX	8	/* list owners told in one attempt */

/* what one report is made of, while it is built */
struct report {
	struct dsn_rcpt *v;
	size_t n;
	struct buf *strs;	/* strings the dsn_rcpts point into */
	size_t nstrs;
	struct buf transcript;
};

static const char *
report_str(struct report *rp, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static const char *
report_str(struct report *rp, const char *fmt, ...)
{
	va_list ap;
	struct buf *b;

	rp->strs = xreallocarray(rp->strs, rp->nstrs + 1, sizeof(*rp->strs));
	b = &rp->strs[rp->nstrs++];
	buf_init(b);
	va_start(ap, fmt);
	buf_vaddf(b, fmt, ap);
	va_end(ap);
	return buf_str(b);
}

static void
report_free(struct report *rp)
{
	size_t i;

	for (i = 0; i < rp->nstrs; i++)
		buf_free(&rp->strs[i]);
	free(rp->strs);
	free(rp->v);
	buf_free(&rp->transcript);
	memset(rp, 0, sizeof(*rp));
}

/* report_add - one destination into the report */
static void
report_add(struct report *rp, const struct envelope *e,
    const struct dlv_list *l, const struct dlv_rcpt *r,
    enum dsn_action act, bool list_failed)
{
	const struct rcpt *orc = &e->rcpts[r->orig];
	struct dsn_rcpt *d;
	struct buf bare;
	const char *diagtype = r->m != NULL && r->m->diagtype != NULL ?
	    r->m->diagtype : "X-Unix";

	buf_init(&bare);
	rp->v = xreallocarray(rp->v, rp->n + 1, sizeof(*rp->v));
	d = &rp->v[rp->n++];
	memset(d, 0, sizeof(*d));
	d->paddr = report_str(rp, "%s", r->addr);
	if (r->parent >= 0) {
		long top = r->parent;

		while (l->v[top].parent >= 0)
			top = l->v[top].parent;
		d->alias = report_str(rp, "%s", l->v[top].addr);
	}
	d->action = act;
	d->list_failed = list_failed;
	d->reason = r->reply != NULL ? report_str(rp, "%s", r->reply) :
	    r->text != NULL ? report_str(rp, "%s", r->text) : NULL;
	d->orcpt = orc->orcpt;
	if (r->parent >= 0) {
		/* sendmail names the alias, and what it became beside it */
		report_bare(l->v[r->parent].addr, &bare);
		d->final_rcpt = report_str(rp, "RFC822; %s", buf_str(&bare));
		d->actual_rcpt = report_str(rp, "%s; %s", r->m != NULL &&
		    r->m->addrtype != NULL ? r->m->addrtype : "RFC822",
		    r->user != NULL ? r->user : r->addr);
	} else {
		report_bare(r->addr, &bare);
		d->final_rcpt = report_str(rp, "RFC822; %s", buf_str(&bare));
	}
	d->status = r->status[0] ? r->status : NULL;
	if (r->remote_mta != NULL) {
		size_t n = strlen(r->remote_mta);

		d->remote_mta = report_str(rp, "dns; %.*s", (int)(n > 0 &&
		    r->remote_mta[n - 1] == '.' ? n - 1 : n), r->remote_mta);
	}
	if (r->exitstat != EX_OK || act == DSN_ACT_DELAYED) {
		if (r->reply != NULL)
			d->diag = report_str(rp, "%s; %s", diagtype, r->reply);
		else if (r->m != NULL && r->m->path != NULL &&
		    strcmp(r->m->path, "[IPC]") != 0 && !mailer_flag(r->m, 'z') &&
		    r->text != NULL && strncmp(r->text, "Deferred", 8) != 0)
			d->diag = report_str(rp, "%s; %d", diagtype, r->exitstat);
		else if (r->text != NULL)
			d->diag = report_str(rp, "%s; %s", diagtype, r->text);
	}
	d->last_attempt = time(NULL);
	if (r->output != NULL)
		/* what the program said, then sendmail's reply line */
		buf_addf(&rp->transcript, "%s\n%d %s %s\n", r->output,
		    r->status[0] == '4' ? 451 : 554, r->status[0] ? r->status :
		    "5.0.0", r->text != NULL ? r->text :
		    dlv_text_of(r->exitstat));
	else
		buf_addf(&rp->transcript, "%s... %s\n", r->addr,
		    r->reply != NULL ? r->reply : r->text != NULL ? r->text :
		    dlv_text_of(r->exitstat));
	buf_free(&bare);
}

/* report_send - compose one DSN of kind for rp and queue it */
static void
report_send(struct dlv_ctx *c, const struct queue_dirs *qd,
    const struct envelope *e, const char *dfpath, struct report *rp,
    enum dsn_kind kind, const char *to)
{
	const struct options *o = c->cf->opts;
	struct dsn_input in;
	struct envelope out;
	struct buf text, hdrs, age, toh, err;
	struct queue_txn t;
	const struct mailer *local = mailer_find(c->cf, "local");

	buf_init(&text);
	buf_init(&hdrs);
	buf_init(&age);
	buf_init(&toh);
	buf_init(&err);
	memset(&in, 0, sizeof(in));
	in.kind = kind;
	in.rcpt_addr = to;
	buf_addf(&toh, "<%s>", to);
	in.to_header = buf_str(&toh);
	in.envid = e->envid;
	in.ret = e->ret;
	in.from_text = envelope_macro(e, "_");
	if (in.from_text == NULL)
		in.from_text = "localhost";
	in.orig_qid = e->qid;
	in.arrival = e->ctime;
	in.retry_until = e->ctime + o->to_queuereturn[OPT_TOC_NORMAL];
	in.hostname = macro_get(c->cf->macros, 'j');
	in.mailer_daemon = macro_get(c->cf->macros, 'n');
	if (in.mailer_daemon == NULL)
		in.mailer_daemon = "MAILER-DAEMON";
	dlv_age_text(o->to_queuewarn[OPT_TOC_NORMAL] > 0 ?
	    o->to_queuewarn[OPT_TOC_NORMAL] : 4 * 3600, &age);
	in.warn_after = buf_str(&age);
	in.transcript = rp->transcript.len ? buf_str(&rp->transcript) : NULL;
	/* the original header as the local mailer would get it */
	macro_set(c->cf->macros, 'g', e->sender && *e->sender ? e->sender :
	    "MAILER-DAEMON");
	(void)msgout_headers(c, e, local, &hdrs);
	macro_set(c->cf->macros, 'g', NULL);
	in.headers = buf_str(&hdrs);
	in.body_path = dfpath;
	if (e->bodytype != NULL && strcasecmp(e->bodytype, "8BITMIME") == 0)
		in.cte = "8bit";
	in.rcpts = rp->v;
	in.nrcpts = rp->n;
	/* the DSN's own queue ID first: its boundary is made of it */
	memset(&t, 0, sizeof(t));
	if (queue_commit_begin(&t, c->cf, qd, &qd->groups[0], 0, &err) != 0) {
		log_line(LOG_ERR, "%s: cannot queue a DSN: %s", e->qid,
		    buf_str(&err));
		goto done;
	}
	in.new_qid = t.qid;
	if (dsn_compose(&in, &out, &text) != 0) {
		log_line(LOG_ERR, "%s: cannot compose DSN: %s", e->qid,
		    strerror(errno));
		queue_commit_abort(&t);
		goto done;
	}
	if (report_queue(c, &t, &out, &text, kind == DSN_POSTMASTER) == 0)
		log_line(LOG_INFO, "%s: %s: %s", e->qid,
		    c->queued[c->nqueued - 1].qid,
		    kind == DSN_BOUNCE ? "DSN: Service unavailable" :
		    kind == DSN_WARNING ? "DSN: Deferred" :
		    kind == DSN_RECEIPT ? "DSN: Return receipt" :
		    "postmaster notify: double bounce");
	envelope_free(&out);
done:
	buf_free(&err);
	buf_free(&text);
	buf_free(&hdrs);
	buf_free(&age);
	buf_free(&toh);
}

void
dlv_report(struct dlv_ctx *c, const struct queue_dirs *qd,
    const struct envelope *e, const char *dfpath, const struct dlv_list *l,
    bool warn)
{
	struct report failed, done, delayed, owned[REPORT_OWNERS_MAX];
	const char *owners[REPORT_OWNERS_MAX];
	size_t nowned = 0;
	bool null_sender = e->sender == NULL || e->sender[0] == '\0';
	const char *pm = c->cf->opts->double_bounce_address;
	size_t i;

	memset(&failed, 0, sizeof(failed));
	memset(&done, 0, sizeof(done));
	memset(&delayed, 0, sizeof(delayed));
	for (i = 0; i < l->n; i++) {
		const struct dlv_rcpt *r = &l->v[i];
		unsigned notify = report_notify(&e->rcpts[r->orig]);

		if (notify & RCPT_NOTIFY_NEVER)
			continue;
		if (r->state == DLV_FAILED && r->owner != NULL) {
			/* a list member's failure goes to the list's owner */
			size_t k;

			for (k = 0; k < nowned && strcmp(owners[k], r->owner) != 0;
			    k++)
				;
			if (k == nowned && nowned < REPORT_OWNERS_MAX) {
				memset(&owned[k], 0, sizeof(owned[k]));
				owners[nowned++] = r->owner;
			}
			if (k < nowned)
				report_add(&owned[k], e, l, r, DSN_ACT_FAILED,
				    true);
		} else if (r->state == DLV_FAILED &&
		    (notify & RCPT_NOTIFY_FAILURE))
			report_add(&failed, e, l, r, DSN_ACT_FAILED, true);
		else if (r->state == DLV_SENT &&
		    (notify & RCPT_NOTIFY_SUCCESS) && r->m != NULL &&
		    (r->m->path == NULL || strcmp(r->m->path, "[IPC]") != 0))
			/* [IPC]: the next server was given NOTIFY= itself */
			report_add(&done, e, l, r, mailer_flag(r->m, 'l') ?
			    DSN_ACT_DELIVERED : DSN_ACT_RELAYED, false);
		else if (warn && r->state == DLV_TEMPFAIL &&
		    (notify & RCPT_NOTIFY_DELAY))
			report_add(&delayed, e, l, r, DSN_ACT_DELAYED, false);
	}
	if (failed.n > 0) {
		const char *pc = c->cf->opts->postmaster_copy;

		if (!null_sender) {
			report_send(c, qd, e, dfpath, &failed, DSN_BOUNCE,
			    e->sender);
			/* PostmasterCopy: the postmaster hears of every bounce */
			if (pc != NULL && *pc != '\0')
				report_send(c, qd, e, dfpath, &failed,
				    DSN_POSTMASTER, pc);
		} else if (e->flags & QF_F_RESPONSE && envelope_macro(e,
		    "{tern_postmaster_notice}") != NULL) {
			/* no notice of a notice: the runner keeps it as Qf */
			log_line(LOG_ALERT, "%s: postmaster notice failed; "
			    "kept as Qf%s", e->qid, e->qid);
			c->keep_lost = true;
		}
		else
			report_send(c, qd, e, dfpath, &failed, DSN_POSTMASTER,
			    pm != NULL && *pm ? pm : "postmaster");
	}
	for (i = 0; i < nowned; i++) {
		report_send(c, qd, e, dfpath, &owned[i], DSN_BOUNCE, owners[i]);
		report_free(&owned[i]);
	}
	if (done.n > 0 && !null_sender)
		report_send(c, qd, e, dfpath, &done, DSN_RECEIPT, e->sender);
	if (delayed.n > 0 && !null_sender)
		report_send(c, qd, e, dfpath, &delayed, DSN_WARNING, e->sender);
	report_free(&failed);
	report_free(&done);
	report_free(&delayed);
}
