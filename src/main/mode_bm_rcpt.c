/*
 * mode_bm_rcpt.c - the recipients of a message from the command line
 * (its arguments, and with -t its To/Cc/Bcc), as sendmail's recipient()
 * takes them: each parsed through rulesets 3 and 0; a bad address, or a
 * local one that is neither a user nor an alias, refused with sendmail's
 * words (and later bounced); the same mailer/host/user only once.
 */
#include "main/mode_bm.h"
#include "addr/parseaddr.h"
#include "cf/cf.h"
#include "cf/macro.h"
#include "cf/mailer.h"
#include "cf/option.h"
#include "msg/envelope.h"
#include "policy/policy.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sysexits.h>

void
bm_rcpts_init(struct bm_rcpts *r, struct cf *cf, struct envelope *env)
{
	memset(r, 0, sizeof(*r));
	r->cf = cf;
	r->env = env;
}

void
bm_rcpt_refuse(struct bm_rcpts *r, const char *addr, int code,
    const char *dsn, const char *text, int exitstat)
{
	struct bm_refusal *b;

	if (r->nbad == r->badcap) {
		r->badcap = r->badcap ? 2 * r->badcap : 4;
		r->bad = xrealloc(r->bad, r->badcap * sizeof(*r->bad));
	}
	b = &r->bad[r->nbad++];
	memset(b, 0, sizeof(*b));
	b->addr = xstrdup(addr);
	b->code = code;
	snprintf(b->dsn, sizeof(b->dsn), "%s", dsn);
	b->text = xstrdup(text);
	b->exitstat = exitstat;
	if (r->exitstat == 0)
		r->exitstat = exitstat;
	if (r->tell) {
		fputs(text, stdout);
		fputc('\n', stdout);
	}
}

/* bm_rcpt_dup - is this mailer/host/user taken already? */
static bool
bm_rcpt_dup(const struct bm_rcpts *r, const char *key)
{
	size_t i;

	for (i = 0; i < r->n; i++)
		if (strcmp(r->v[i].key, key) == 0)
			return true;
	return false;
}

bool
bm_rcpt_add(void *arg, const char *addr)
{
	struct bm_rcpts *r = arg;
	struct policy_result pr;
	struct addr_result ar;
	struct buf key = BUF_INIT, text = BUF_INIT, final = BUF_INIT;
	const char *j = macro_get(r->cf->macros, 'j');
	bool local, ok = false;
	struct bm_rcpt *v;
	struct rcpt *rc;

	policy_result_init(&pr);
	memset(&ar, 0, sizeof(ar));
	if (policy_parse_addr(r->cf, &r->arena, addr, 0, &ar, &pr) != POLICY_OK) {
		bm_rcpt_refuse(r, addr, pr.code, pr.dsn, buf_str(&pr.text),
		    addr_error_exitstat(pr.dsn));
		goto out;
	}
	local = mailer_flag(ar.mailer, 'l') || strcmp(ar.mailer->name, "local") == 0;
	if (local && ar.user != NULL && mailer_flag(ar.mailer, 'w') &&
	    !policy_local_user(r->cf, ar.user)) {
		buf_addf(&text, "%s... User unknown", addr);
		bm_rcpt_refuse(r, addr, 550, "5.1.1", buf_str(&text), EX_NOUSER);
		goto out;
	}
	buf_addf(&key, "%s\n%s\n%s", ar.mailer->name, ar.host ? ar.host : "",
	    ar.user ? ar.user : "");
	ok = true;
	if (bm_rcpt_dup(r, buf_str(&key)))
		goto out;
	if (r->n == r->cap) {
		r->cap = r->cap ? 2 * r->cap : 8;
		r->v = xrealloc(r->v, r->cap * sizeof(*r->v));
	}
	v = &r->v[r->n++];
	memset(v, 0, sizeof(*v));
	v->key = buf_steal(&key);
	v->host = xstrdup(local || ar.host == NULL ? "" : ar.host);
	v->mailer = xstrdup(ar.mailer->name);
	v->seq = r->env->nrcpts;
	rc = envelope_add_rcpt(r->env, addr);
	rc->paddr = xstrdup(addr);
	rc->flags |= RCPT_PRIMARY;
	/* the final recipient as the DSN names it: user@host */
	if (ar.user != NULL && strchr(ar.user, '@') != NULL)
		buf_addf(&final, "RFC822; %s", ar.user);
	else
		buf_addf(&final, "RFC822; %s@%s", ar.user ? ar.user : addr,
		    j ? j : "localhost");
	rc->final = buf_steal(&final);
out:
	addr_result_free(&ar);
	arena_reset(&r->arena);
	policy_result_free(&pr);
	buf_free(&key);
	buf_free(&text);
	buf_free(&final);
	return ok;
}

/* bm_rcpt_cmp - local ones first, then by host; else as they came */
static int
bm_rcpt_cmp(const void *a, const void *b)
{
	const struct bm_rcpt *x = a, *y = b;
	int c = strcasecmp(x->host, y->host);

	if (c != 0)
		return c;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* bm_rcpt_done - e's recipient refused: status and reply kept */
static void
bm_rcpt_done(struct rcpt *rc, int code, const char *dsn, const char *text)
{
	struct buf reply = BUF_INIT;

	rc->flags |= RCPT_DONE;
	free(rc->status);
	rc->status = xstrdup(dsn);
	buf_addf(&reply, "%d %s %s", code, dsn, text);
	free(rc->reply);
	rc->reply = buf_steal(&reply);
}

size_t
bm_rcpts_finish(struct bm_rcpts *r, unsigned notify, const char *all_reply)
{
	struct envelope *e = r->env;
	struct rcpt *sorted;
	size_t i, n = r->n, first_bad;

	/*
	 * the taken ones are e->rcpts[0..n): put them in order.  sendmail
	 * 8.17 as an MTA keeps them sorted by host (tests/golden/intake:
	 * to-comments); as the MSP (submit.cf, UseMSP) in the order they
	 * came (msp-t)
	 */
	if (!r->cf->opts->use_msp)
		qsort(r->v, n, sizeof(*r->v), bm_rcpt_cmp);
	sorted = xcalloc(n ? n : 1, sizeof(*sorted));
	for (i = 0; i < n; i++)
		sorted[i] = e->rcpts[r->v[i].seq];
	if (n > 0)
		memcpy(e->rcpts, sorted, n * sizeof(*sorted));
	free(sorted);
	for (i = 0; i < n; i++) {
		e->rcpts[i].notify = notify;
		r->v[i].seq = i;
	}
	first_bad = n;
	if (all_reply != NULL) {
		int code = atoi(all_reply);
		char dsn[16] = "5.0.0";
		const char *text = all_reply, *sp;

		if (strlen(all_reply) > 4 &&
		    (sp = strchr(all_reply + 4, ' ')) != NULL &&
		    (size_t)(sp - all_reply - 4) < sizeof(dsn)) {
			memcpy(dsn, all_reply + 4, (size_t)(sp - all_reply - 4));
			dsn[sp - all_reply - 4] = '\0';
			text = sp + 1;
		}
		for (i = 0; i < n; i++)
			bm_rcpt_done(&e->rcpts[i], code, dsn, text);
		first_bad = 0;
	}
	for (i = 0; i < r->nbad; i++) {
		struct rcpt *rc = envelope_add_rcpt(e, r->bad[i].addr);

		rc->paddr = xstrdup(r->bad[i].addr);
		rc->flags |= RCPT_PRIMARY;
		rc->notify = notify;
		bm_rcpt_done(rc, r->bad[i].code, r->bad[i].dsn, r->bad[i].text);
	}
	return first_bad;
}

void
bm_rcpts_free(struct bm_rcpts *r)
{
	size_t i;

	for (i = 0; i < r->n; i++) {
		free(r->v[i].key);
		free(r->v[i].host);
		free(r->v[i].mailer);
	}
	for (i = 0; i < r->nbad; i++) {
		free(r->bad[i].addr);
		free(r->bad[i].text);
	}
	free(r->v);
	free(r->bad);
	arena_free(&r->arena);
	memset(r, 0, sizeof(*r));
}
