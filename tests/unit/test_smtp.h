/*
 * test_smtp.h - a recording stub of the SMTP engine's callbacks, for the
 * test_smtp_*.c unit tests (and the same idea as tests/fuzz/fuzz_smtp.c).
 *
 * struct tsmtp holds a session and everything the callbacks saw: how
 * often each was called, the message text given to data_body, the
 * sender and recipients at commit time.  Policy knobs let a test refuse
 * a step.  tsmtp_feed() gives input in pieces of a chosen size and
 * answers SMTP_ACT_DELAY at once (tests do not sleep).
 */
#ifndef TERN_TEST_SMTP_H
#define TERN_TEST_SMTP_H

#include "smtp/smtp_server.h"
#include "util/buf.h"

#include <stdlib.h>
#include <string.h>

struct tsmtp {
	struct smtp_server *s;
	struct smtp_server_config cfg;
	struct buf out;		/* everything the engine wrote */
	int act;		/* last actions */
	bool closed;
	long delays;		/* seconds of SMTP_ACT_DELAY asked for */
	/* counts */
	int n_helo, n_parse_mail, n_check_mail, n_parse_rcpt, n_check_rcpt;
	int n_start, n_body, n_end, n_abort, n_reset, n_vrfy, n_etrn, n_verb;
	int n_auth;
	/* what was seen */
	struct buf body;	/* text of the current message */
	struct buf bodies;	/* committed messages, each ended by "\x01" */
	char sender[256];	/* at the last commit */
	size_t nrcpts;		/* at the last commit */
	char rcpt0[256];
	unsigned notify0;
	char orcpt0[256];
	char envid[256];
	long msgsize;
	/* knobs */
	int refuse_mail;	/* check_mail says 550 */
	int refuse_rcpt;	/* check_rcpt says 550 */
	int add_alias;		/* check_rcpt adds "alias@x" first */
	int refuse_start;	/* data_start says 451 */
	int refuse_body;	/* data_body says 452 */
	int refuse_end;		/* data_end says 554 */
	int auth_steps;		/* SMTP_MORE this many times, then OK */
};

static inline int
tsmtp_helo(void *ctx, bool ehlo, const char *name, struct smtp_reply *r)
{
	struct tsmtp *t = ctx;

	(void)ehlo;
	(void)name;
	(void)r;
	t->n_helo++;
	return SMTP_OK;
}

static inline int
tsmtp_parse_mail(void *ctx, const char *text, size_t *len,
    struct smtp_reply *r)
{
	struct tsmtp *t = ctx;

	(void)text;
	(void)len;
	(void)r;
	t->n_parse_mail++;
	return SMTP_OK;
}

static inline int
tsmtp_check_mail(void *ctx, const char *addr, const struct smtp_params *p,
    struct envelope *e, struct smtp_reply *r)
{
	struct tsmtp *t = ctx;

	(void)addr;
	(void)p;
	(void)e;
	t->n_check_mail++;
	if (t->refuse_mail) {
		smtp_reply_set(r, 550, "5.7.1", "%s... Access denied", addr);
		return SMTP_REJECT;
	}
	return SMTP_OK;
}

static inline int
tsmtp_parse_rcpt(void *ctx, const char *text, size_t *len,
    struct smtp_reply *r)
{
	struct tsmtp *t = ctx;

	(void)text;
	(void)len;
	(void)r;
	t->n_parse_rcpt++;
	return SMTP_OK;
}

static inline int
tsmtp_check_rcpt(void *ctx, const char *addr, const struct smtp_params *p,
    struct envelope *e, struct rcpt *rc, struct smtp_reply *r)
{
	struct tsmtp *t = ctx;

	(void)p;
	(void)rc;
	t->n_check_rcpt++;
	if (t->add_alias) {
		int k;

		for (k = 0; k < 20; k++)	/* enough to move the array */
			envelope_add_rcpt(e, "alias@x");
	}
	if (t->refuse_rcpt) {
		smtp_reply_set(r, 550, "5.1.1", "%s... User unknown", addr);
		return SMTP_REJECT;
	}
	return SMTP_OK;
}

static inline int
tsmtp_start(void *ctx, struct envelope *e, struct smtp_reply *r)
{
	struct tsmtp *t = ctx;

	(void)e;
	t->n_start++;
	buf_reset(&t->body);
	if (t->refuse_start) {
		smtp_reply_set(r, 451, "4.3.0", "Try again");
		return SMTP_REJECT;
	}
	return SMTP_OK;
}

static inline int
tsmtp_body(void *ctx, const char *p, size_t n, struct smtp_reply *r)
{
	struct tsmtp *t = ctx;

	t->n_body++;
	buf_add(&t->body, p, n);
	if (t->refuse_body) {
		smtp_reply_set(r, 452, "4.3.1", "Disk full");
		return SMTP_REJECT;
	}
	return SMTP_OK;
}

static inline void
tsmtp_copy(char *dst, size_t n, const char *src)
{
	size_t k = src ? strlen(src) : 0;

	if (k >= n)
		k = n - 1;
	memcpy(dst, src ? src : "", k);
	dst[k] = '\0';
}

static inline int
tsmtp_end(void *ctx, struct envelope *e, struct smtp_reply *r)
{
	struct tsmtp *t = ctx;

	t->n_end++;
	if (t->refuse_end) {
		smtp_reply_set(r, 554, "5.7.1", "Rejected at end");
		return SMTP_REJECT;
	}
	buf_add(&t->bodies, t->body.data ? t->body.data : "", t->body.len);
	buf_addc(&t->bodies, '\x01');
	tsmtp_copy(t->sender, sizeof(t->sender), e->sender);
	t->nrcpts = e->nrcpts;
	tsmtp_copy(t->rcpt0, sizeof(t->rcpt0),
	    e->nrcpts ? e->rcpts[0].addr : "");
	t->notify0 = e->nrcpts ? e->rcpts[0].notify : 0;
	tsmtp_copy(t->orcpt0, sizeof(t->orcpt0),
	    e->nrcpts ? e->rcpts[0].orcpt : "");
	tsmtp_copy(t->envid, sizeof(t->envid), e->envid);
	t->msgsize = e->msgsize;
	smtp_reply_set(r, 250, "2.0.0", "QID%d Message accepted for delivery",
	    t->n_end);
	return SMTP_OK;
}

static inline void
tsmtp_abort(void *ctx, struct envelope *e)
{
	struct tsmtp *t = ctx;

	(void)e;
	t->n_abort++;
}

static inline void
tsmtp_reset(void *ctx)
{
	struct tsmtp *t = ctx;

	t->n_reset++;
}

static inline int
tsmtp_vrfy(void *ctx, bool expn, const char *arg, struct smtp_lines *l)
{
	struct tsmtp *t = ctx;

	t->n_vrfy++;
	smtp_lines_add(l, 250, "2.1.5", "<%s@example.com>", arg);
	if (expn)
		smtp_lines_add(l, 250, "2.1.5", "<other@example.com>");
	return SMTP_OK;
}

static inline int
tsmtp_etrn(void *ctx, const char *arg, struct smtp_reply *r)
{
	struct tsmtp *t = ctx;

	(void)arg;
	(void)r;
	t->n_etrn++;
	return SMTP_OK;
}

static inline void
tsmtp_verb(void *ctx)
{
	struct tsmtp *t = ctx;

	t->n_verb++;
}

static inline int
tsmtp_auth(void *ctx, const char *mech, const char *resp,
    struct smtp_reply *r)
{
	struct tsmtp *t = ctx;

	(void)mech;
	(void)resp;
	t->n_auth++;
	if (t->auth_steps-- > 0) {
		smtp_reply_set(r, 334, "", "Q2hhbGxlbmdl");
		return SMTP_MORE;
	}
	return SMTP_OK;
}

static const struct smtp_server_cb tsmtp_cb = {
	NULL, tsmtp_helo, tsmtp_parse_mail, tsmtp_parse_rcpt,
	tsmtp_check_mail, tsmtp_check_rcpt, tsmtp_start, tsmtp_body,
	tsmtp_end, tsmtp_abort, tsmtp_reset, tsmtp_vrfy, tsmtp_etrn,
	tsmtp_verb, NULL, tsmtp_auth
};

/* tsmtp_config - the defaults the tests start from */
static inline void
tsmtp_config(struct smtp_server_config *c)
{
	smtp_server_config_init(c);
	c->hostname = "mx.example.com";
	c->greeting = "mx.example.com Sendmail 8.17.1.9/8.17.1.9; DATE";
	c->client = "root@localhost";
	c->version = "8.17.1.9";
	c->privacy = 0x20;	/* authwarnings */
	c->auth_mechs = "DIGEST-MD5 CRAM-MD5";
}

/* tsmtp_open - a session on t->cfg (fill it first, or call tsmtp_config) */
static inline void
tsmtp_open(struct tsmtp *t)
{
	struct smtp_server_cb cb = tsmtp_cb;

	cb.ctx = t;
	buf_init(&t->out);
	buf_init(&t->body);
	buf_init(&t->bodies);
	t->s = smtp_server_new(&t->cfg, &cb);
	t->act = smtp_server_start(t->s, &t->out);
}

/* tsmtp_after - take the actions: answer delays and STARTTLS at once */
static inline void
tsmtp_after(struct tsmtp *t)
{
	while (!(t->act & SMTP_ACT_CLOSE) &&
	    (t->act & (SMTP_ACT_DELAY | SMTP_ACT_STARTTLS))) {
		if (t->act & SMTP_ACT_DELAY) {
			t->delays += smtp_server_delay(t->s);
			t->act = smtp_server_resume(t->s, &t->out);
		} else
			t->act = smtp_server_tls_done(t->s, true, &t->out);
	}
	if (t->act & SMTP_ACT_CLOSE)
		t->closed = true;
}

/* tsmtp_feed - give n bytes in pieces of `piece` bytes (0: all at once) */
static inline void
tsmtp_feed(struct tsmtp *t, const char *p, size_t n, size_t piece)
{
	size_t k;

	if (piece == 0)
		piece = n ? n : 1;
	while (n > 0 && !t->closed) {
		k = n < piece ? n : piece;
		t->act = smtp_server_input(t->s, p, k, &t->out);
		tsmtp_after(t);
		p += k;
		n -= k;
	}
}

/* tsmtp_send - a NUL-terminated string, all at once */
static inline void
tsmtp_send(struct tsmtp *t, const char *s)
{
	tsmtp_feed(t, s, strlen(s), 0);
}

/* tsmtp_take - the output so far as a string (caller frees); clears it */
static inline char *
tsmtp_take(struct tsmtp *t)
{
	char *s = xstrndup(t->out.data ? t->out.data : "", t->out.len);

	buf_reset(&t->out);
	return s;
}

/* tsmtp_last - the last reply line written (without CRLF), static */
static inline const char *
tsmtp_last(struct tsmtp *t)
{
	static char line[4096];
	size_t end, start;

	if (t->out.len < 2) {
		line[0] = '\0';
		return line;
	}
	end = t->out.len - 2;
	start = end;
	while (start > 0 && t->out.data[start - 1] != '\n')
		start--;
	if (end - start >= sizeof(line))
		end = start + sizeof(line) - 1;
	memcpy(line, t->out.data + start, end - start);
	line[end - start] = '\0';
	return line;
}

/* tsmtp_close - end the session and free everything */
static inline void
tsmtp_close(struct tsmtp *t)
{
	smtp_server_free(t->s);
	t->s = NULL;
	buf_free(&t->out);
	buf_free(&t->body);
	buf_free(&t->bodies);
}

#endif
