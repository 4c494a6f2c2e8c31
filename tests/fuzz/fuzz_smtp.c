/*
 * fuzz_smtp.c - the SMTP server engine on arbitrary bytes in arbitrary
 * pieces, with stub callbacks.
 *
 * Input: byte 0 picks the settings (chunking, relaxed bare CR/LF and
 * stuffing checks, a small MaxMessageSize, PrivacyOptions goaway,
 * MaxRecipientsPerMessage, nullserver, TLS offered, RejectNUL), byte 1
 * the policy (which callbacks refuse), byte 2 the piece size (0: the
 * rest at once), byte 3 how it ends (EOF, timeout, or just free: its
 * value mod 3) and whether data_end answers later (0x10: SMTP_PENDING,
 * then smtp_server_data_done at once, or with 0x20 only after the next
 * piece of input, which must then produce no output); the rest is what
 * the client sends.
 *
 * Invariants: no crash or leak (ASan/UBSan); every reply line is
 * "DDD" + ' ' or '-' + 7-bit text without NUL or LF (sendmail echoes
 * other control characters, CR included, as they came) + CRLF, and a
 * multi-line reply is never left open at the end of a call; the output
 * of one call is bounded by the lines it was given; a "Message
 * accepted" reply only ever comes from a data_end that said yes; every
 * started message ends exactly once (data_end or data_abort); after
 * SMTP_ACT_CLOSE the engine writes nothing more.
 */
#include "smtp/smtp_server.h"
#include "util/buf.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

struct fz {
	unsigned policy;
	bool pend;		/* data_end says SMTP_PENDING */
	bool waiting;		/* ... and has not been answered */
	int started, ended, aborted, commits;
	size_t body;
};

static int
fz_refuse(struct fz *f, unsigned bit, struct smtp_reply *r, int code)
{
	if (!(f->policy & bit))
		return SMTP_OK;
	smtp_reply_set(r, code, code >= 500 ? "5.7.1" : "4.3.0", "refused");
	return SMTP_REJECT;
}

static int
fz_helo(void *ctx, bool ehlo, const char *name, struct smtp_reply *r)
{
	(void)ehlo;
	(void)name;
	return fz_refuse(ctx, 0x01, r, 550);
}

static int
fz_parse(void *ctx, const char *text, size_t *len, struct smtp_reply *r)
{
	struct fz *f = ctx;

	/* move the end sometimes, as a parseaddr may */
	if ((f->policy & 0x80) && *len > 0)
		(*len)--;
	(void)text;
	return fz_refuse(ctx, 0x02, r, 553);
}

static int
fz_mail(void *ctx, const char *addr, const struct smtp_params *p,
    struct envelope *e, struct smtp_reply *r)
{
	(void)addr;
	(void)p;
	(void)e;
	return fz_refuse(ctx, 0x04, r, 550);
}

static int
fz_rcpt(void *ctx, const char *addr, const struct smtp_params *p,
    struct envelope *e, struct rcpt *rc, struct smtp_reply *r)
{
	struct fz *f = ctx;

	(void)addr;
	(void)p;
	(void)rc;
	/* add a recipient of our own sometimes (an alias expansion) */
	if ((f->policy & 0x40) && e->nrcpts < 50)
		envelope_add_rcpt(e, "alias@example.com");
	return fz_refuse(ctx, 0x08, r, e->nrcpts % 3 ? 550 : 421);
}

static int
fz_start(void *ctx, struct envelope *e, struct smtp_reply *r)
{
	struct fz *f = ctx;
	int rc = fz_refuse(ctx, 0x10, r, 451);

	(void)e;
	if (rc == SMTP_OK)
		f->started++;
	return rc;
}

static int
fz_body(void *ctx, const char *p, size_t n, struct smtp_reply *r)
{
	struct fz *f = ctx;

	(void)p;
	f->body += n;
	if ((f->policy & 0x20) && f->body > 100)
		return fz_refuse(ctx, 0x20, r, 452);
	return SMTP_OK;
}

static int
fz_end(void *ctx, struct envelope *e, struct smtp_reply *r)
{
	struct fz *f = ctx;

	(void)e;
	if (f->pend) {
		f->waiting = true;
		return SMTP_PENDING;
	}
	f->ended++;
	if (f->policy & 0x01) {
		smtp_reply_set(r, 554, "5.7.1", "refused at end");
		return SMTP_REJECT;
	}
	f->commits++;
	smtp_reply_set(r, 250, "2.0.0", "FUZZ Message accepted for delivery");
	return SMTP_OK;
}

static void
fz_abort(void *ctx, struct envelope *e)
{
	struct fz *f = ctx;

	(void)e;
	f->aborted++;
	f->waiting = false;
}

/* fz_done - the driver's late answer to a pending data_end */
static int
fz_done(struct smtp_server *s, struct fz *f, struct buf *out)
{
	struct smtp_reply r;

	if (!f->waiting || !smtp_server_waiting(s))
		abort();
	f->waiting = false;
	f->ended++;
	if (f->policy & 0x01) {
		smtp_reply_set(&r, 554, "5.7.1", "refused at end");
		return smtp_server_data_done(s, SMTP_REJECT, &r, out);
	}
	f->commits++;
	smtp_reply_set(&r, 250, "2.0.0", "FUZZ Message accepted for delivery");
	return smtp_server_data_done(s, SMTP_OK, &r, out);
}

static int
fz_vrfy(void *ctx, bool expn, const char *arg, struct smtp_lines *l)
{
	(void)ctx;
	smtp_lines_add(l, 250, "2.1.5", "<%s@example.com>", arg);
	if (expn)
		smtp_lines_add(l, 550, "5.1.1", "%s... User unknown", arg);
	return SMTP_OK;
}

static int
fz_auth(void *ctx, const char *mech, const char *resp, struct smtp_reply *r)
{
	struct fz *f = ctx;

	(void)mech;
	if (resp != NULL && strcmp(resp, "ok") == 0)
		return SMTP_OK;
	if (f->policy & 0x04)
		return SMTP_REJECT;
	smtp_reply_set(r, 334, "", "Y2hhbGxlbmdl");
	return SMTP_MORE;
}

static void
fz_expand(void *ctx, const char *in, struct buf *out)
{
	(void)ctx;
	buf_adds(out, in);
}

static const char fz_ok[] = "250 2.0.0 FUZZ Message accepted for delivery\r\n";
static const char fz_dflt[] = "250 2.0.0 Message accepted for delivery\r\n";

/* fz_check - the reply invariants on one call's output */
static void
fz_check(const struct buf *out, size_t from, size_t lines_in, int *accepted)
{
	const unsigned char *p = (const unsigned char *)out->data + from;
	size_t n = out->len - from, i = 0, start;
	char last_sep = ' ';

	if (n > 4096 + 2600 * (lines_in + 1))
		abort();
	while (i < n) {
		start = i;
		if (n - i < 6)
			abort();
		if (p[i] < '0' || p[i] > '9' || p[i + 1] < '0' ||
		    p[i + 1] > '9' || p[i + 2] < '0' || p[i + 2] > '9')
			abort();
		if (p[i + 3] != ' ' && p[i + 3] != '-')
			abort();
		last_sep = (char)p[i + 3];
		for (i += 4; i < n && p[i] != '\n'; i++)
			if (p[i] == 0 || p[i] >= 0x80)
				abort();
		if (i == n || p[i - 1] != '\r')
			abort();
		i++;
		/* whole lines: an echo cannot look like these */
		if (i - start == sizeof(fz_dflt) - 1 &&
		    memcmp(p + start, fz_dflt, i - start) == 0)
			abort();
		if (i - start == sizeof(fz_ok) - 1 &&
		    memcmp(p + start, fz_ok, i - start) == 0)
			(*accepted)++;
	}
	if (n > 0 && last_sep == '-')
		abort();
}

static const char fz_help[] =
    "#vers\t2\nsmtp\tHelp for $j.\nhelp\tHELP [topic]\nmail\tMAIL FROM:\n";

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct smtp_server_config cfg;
	struct smtp_server_cb cb;
	struct smtp_server *s;
	struct fz f;
	struct buf out = BUF_INIT;
	size_t piece, i, k, from, lines;
	int act, accepted = 0, mode;
	bool late, held;
	unsigned set;

	if (size < 4)
		return 0;
	set = data[0];
	memset(&f, 0, sizeof(f));
	f.policy = data[1];
	piece = data[2];
	mode = data[3] % 3;
	f.pend = data[3] & 0x10;
	late = data[3] & 0x20;
	data += 4;
	size -= 4;
	if (piece == 0)
		piece = size ? size : 1;

	smtp_server_config_init(&cfg);
	cfg.hostname = "mx.example.com";
	cfg.greeting = "mx.example.com Sendmail\nsecond line\n third";
	cfg.client = "client.example [192.0.2.1]";
	cfg.relay = "client.example";
	cfg.version = "8.17.1.9";
	cfg.help_text = fz_help;
	cfg.help_len = sizeof(fz_help) - 1;
	cfg.auth_mechs = "PLAIN LOGIN";
	cfg.chunking = set & 0x01;
	if (set & 0x02)
		cfg.flags |= SMTP_SRV_BARE_LF_OK | SMTP_SRV_BARE_CR_OK;
	if (set & 0x04)
		cfg.flags |= SMTP_SRV_STUFFING_OK | SMTP_SRV_NO_PIPELINING;
	if (set & 0x08)
		cfg.max_message_size = 64;
	if (set & 0x10)
		cfg.privacy = 0xffff;	/* goaway */
	if (set & 0x20) {
		cfg.max_rcpts = 2;
		cfg.bad_rcpt_throttle = 1;
		cfg.smtputf8 = true;
	}
	if (set & 0x40)
		cfg.nullserver = (set & 0x80) ? "554 5.7.1 Go away" : "Nope";
	else if (set & 0x80) {
		cfg.tls = SMTP_TLS_OFFER;
		cfg.reject_nul = true;
		cfg.deliver_by_min = 60;
	}

	memset(&cb, 0, sizeof(cb));
	cb.ctx = &f;
	cb.helo = fz_helo;
	cb.parse_mail = fz_parse;
	cb.parse_rcpt = fz_parse;
	cb.check_mail = fz_mail;
	cb.check_rcpt = fz_rcpt;
	cb.data_start = fz_start;
	cb.data_body = fz_body;
	cb.data_end = fz_end;
	cb.data_abort = fz_abort;
	cb.vrfy = fz_vrfy;
	cb.auth = fz_auth;
	cb.expand = fz_expand;
	s = smtp_server_new(&cfg, &cb);
	from = out.len;
	act = smtp_server_start(s, &out);
	fz_check(&out, from, 1, &accepted);
	for (i = 0; i < size && !(act & SMTP_ACT_CLOSE); i += k) {
		k = size - i < piece ? size - i : piece;
		lines = 0;
		for (size_t j = i; j < i + k; j++)
			lines += data[j] == '\n';
		from = out.len;
		held = (act & SMTP_ACT_WAIT) != 0;
		act = smtp_server_input(s, data + i, k, &out);
		/* input while waiting is only buffered */
		if (held && (out.len != from || !(act & SMTP_ACT_WAIT)))
			abort();
		/* delays, STARTTLS and pending commits are answered at once */
		while (!(act & SMTP_ACT_CLOSE) &&
		    (act & (SMTP_ACT_DELAY | SMTP_ACT_STARTTLS |
		    SMTP_ACT_WAIT))) {
			if (((act & SMTP_ACT_WAIT) != 0) != f.waiting)
				abort();
			if (act & SMTP_ACT_WAIT) {
				/* late: the answer comes after more input
				   (none more: the end aborts it) */
				if (late && !held)
					break;
				act = fz_done(s, &f, &out);
				held = false;
			} else if (act & SMTP_ACT_DELAY) {
				if (smtp_server_delay(s) <= 0 ||
				    smtp_server_delay(s) > 240)
					abort();
				act = smtp_server_resume(s, &out);
			} else
				act = smtp_server_tls_done(s, !(f.policy & 2),
				    &out);
		}
		fz_check(&out, from, lines, &accepted);
		if (f.started - f.ended - f.aborted < 0 ||
		    f.started - f.ended - f.aborted > 1)
			abort();
		if (out.len > (1u << 24))
			buf_reset(&out);
	}
	from = out.len;
	if (act & SMTP_ACT_CLOSE) {
		/* closed: nothing more comes out */
		act = smtp_server_input(s, "NOOP\r\n", 6, &out);
		if (out.len != from || !(act & SMTP_ACT_CLOSE))
			abort();
	} else if (mode == 0)
		act = smtp_server_eof(s, &out);
	else if (mode == 1)
		act = smtp_server_timeout_expired(s, &out);
	fz_check(&out, from, 1, &accepted);
	smtp_server_free(s);
	if (f.started != f.ended + f.aborted)
		abort();
	if (accepted != f.commits)
		abort();
	buf_free(&out);
	return 0;
}
