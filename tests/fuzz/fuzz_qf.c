/*
 * fuzz_qf.c - the version 8 control file, both ways.
 *
 * First byte even: the rest is a control file.  qf_read must not crash;
 * when it reads it, qf_write of the result is either refused or reads
 * back, and writing that again gives the same bytes (a fixed point).
 *
 * First byte odd: the rest, cut at NUL bytes, fills an envelope -- the
 * sender, ENVID, AUTH=, recipients with ORCPT, final recipient, status
 * text and controlling user, macros, headers (names and the text after
 * the colon with CR, LF, 8-bit bytes, sendmail's internal bytes
 * 0x80-0x9f and 0xff; Return-Path templates).
 * qf_write must refuse it exactly when something cannot be written
 * without changing it (a line feed outside ENVID, ORCPT and header
 * folding, a bad header name, AUTH= that is not xtext ...); otherwise
 * qf_read must give back the same envelope, up to the canonical forms
 * qf.h names ("<" addr ">" when no spelling is kept, the default NOTIFY
 * letters, a header's stray line feeds as blanks), and writing it again must
 * give the same bytes.  So no byte of any field ever becomes a line of
 * its own: an injected "R" or "." line would show as an extra recipient
 * or a cut envelope.
 */
#include "queue/qf.h"
#include "cf/header.h"
#include "msg/intake.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct fz {
	const uint8_t *p;
	size_t n;
};

/* fz_byte - the next byte, 0 at the end */
static unsigned
fz_byte(struct fz *z)
{
	if (z->n == 0)
		return 0;
	z->n--;
	return *z->p++;
}

/* fz_str - the next NUL-terminated field (owned), "" at the end */
static char *
fz_str(struct fz *z)
{
	const uint8_t *e = memchr(z->p, 0, z->n);
	size_t len = e != NULL ? (size_t)(e - z->p) : z->n;
	char *s = xstrndup((const char *)z->p, len);

	z->p += len;
	z->n -= len;
	if (z->n > 0) {
		z->p++;
		z->n--;
	}
	return s;
}

/* fz_maybe - a field or NULL, by one control bit */
static char *
fz_maybe(struct fz *z, unsigned ctl, unsigned bit)
{
	return (ctl & bit) ? fz_str(z) : NULL;
}

/* fz_eq - NULL-safe string equality */
static bool
fz_eq(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return a == b;
	return strcmp(a, b) == 0;
}

/* fz_has_lf - a line feed in s (NULL: none) */
static bool
fz_has_lf(const char *s)
{
	return s != NULL && strchr(s, '\n') != NULL;
}

/* fz_check - abort unless cond */
#define fz_check(cond) do { if (!(cond)) { fprintf(stderr, "fuzz_qf: %d: %s\n", __LINE__, #cond); abort(); } } while (0)

/* fz_bracket - what the writer puts in S and R lines */
static char *
fz_bracket(const char *paddr, const char *addr)
{
	struct buf b = BUF_INIT;

	if (paddr != NULL)
		return xstrdup(paddr);
	buf_addf(&b, "<%s>", addr != NULL ? addr : "");
	return buf_steal(&b);
}

/* fz_build - an envelope from the fuzzer's bytes */
static void
fz_build(struct fz *z, struct envelope *e)
{
	static const char *const bt[] = { NULL, "7BIT", "8BITMIME", "8bitmime" };
	unsigned ctl = fz_byte(z) | fz_byte(z) << 8, n, i;

	envelope_init(e);
	e->sender = fz_str(z);
	e->sender_paddr = fz_maybe(z, ctl, 0x1);
	e->envid = fz_maybe(z, ctl, 0x2);
	if (e->envid != NULL)
		e->envid_xtext = fz_maybe(z, ctl, 0x4);
	e->auth = fz_maybe(z, ctl, 0x8);
	e->message = fz_maybe(z, ctl, 0x10);
	e->quarantine = fz_maybe(z, ctl, 0x20);
	e->dfdir = fz_maybe(z, ctl, 0x40);
	e->bodytype = (ctl & 0x180) ? xstrdup(bt[(ctl >> 7) & 3]) : NULL;
	e->ctime = (time_t)fz_byte(z) << 24 | fz_byte(z);
	e->dtime = (time_t)fz_byte(z);
	e->ntries = (int)fz_byte(z);
	e->priority = (long)fz_byte(z) * 1000 - 5000;
	e->flags = fz_byte(z) & (QF_F_WARNING | QF_F_RESPONSE | QF_F_8BIT |
	    QF_F_DELBCC | QF_F_SPLIT);
	e->ret = (enum env_ret)(fz_byte(z) % 3);
	if (e->ret == ENV_RET_NONE && (ctl & 0x200))
		e->flags |= QF_F_NOBODYRETN;
	e->smtputf8 = (ctl & 0x400) != 0;
	if (ctl & 0x800) {
		e->dlvr_flag = (int)fz_byte(z);
		e->deliver_by = (long)fz_byte(z) - 10;
	}
	if (ctl & 0x1000) {
		e->df_dev = fz_byte(z) << 8 | fz_byte(z);
		e->df_ino = fz_byte(z) + 1;
	}

	n = fz_byte(z) % 5;
	for (i = 0; i < n; i++) {
		unsigned c = fz_byte(z);
		char *name, *v;

		if (c & 1) {
			char *raw = fz_str(z);
			struct buf b = BUF_INIT;

			buf_addf(&b, "{%s}", raw);
			free(raw);
			name = buf_steal(&b);
		} else {
			name = xmalloc(2);
			name[0] = (char)(c >> 1 | 0x20);
			name[1] = '\0';
		}
		v = fz_str(z);
		envelope_set_macro(e, name, v);
		free(name);
		free(v);
	}

	n = fz_byte(z) % 6;
	for (i = 0; i < n; i++) {
		unsigned c = fz_byte(z), f = fz_byte(z);
		char *addr = fz_str(z);
		struct rcpt *r = envelope_add_rcpt(e, addr);

		free(addr);
		r->paddr = fz_maybe(z, c, 0x1);
		r->orcpt = fz_maybe(z, c, 0x2);
		if (r->orcpt != NULL) {
			r->flags |= RCPT_HASORCPT;
			r->orcpt_xtext = fz_maybe(z, c, 0x4);
		}
		r->final = fz_maybe(z, c, 0x8);
		r->reply = fz_maybe(z, c, 0x10);
		r->ctladdr = fz_maybe(z, c, 0x20);
		r->notify = f & 0x0f;
		r->flags |= (f & 0x10 ? RCPT_PRIMARY : 0) |
		    (f & 0x20 ? RCPT_INTBCC : 0) | (f & 0x40 ? RCPT_ALIAS : 0) |
		    (f & 0x80 ? RCPT_DYNMAILER : 0) | (c & 0x40 ? RCPT_PINGS : 0) |
		    (c & 0x80 ? RCPT_DONE : 0);
	}

	n = fz_byte(z) % 8;
	for (i = 0; i < n; i++) {
		unsigned c = fz_byte(z), j;
		char *name = fz_str(z), *raw = fz_str(z);
		struct buf nb = BUF_INIT;
		unsigned long flags = 0;
		struct hdr *h;

		if (c & 1) {
			/* a Return-Path template: no '$' of its own, one macro */
			struct buf b = BUF_INIT;

			for (j = 0; raw[j] != '\0'; j++)
				if (raw[j] != '$')
					buf_addc(&b, raw[j]);
			buf_adds(&b, (c & 2) ? "<$g>" : "${client_addr}");
			free(raw);
			raw = buf_steal(&b);
			free(name);
			name = xstrdup("Return-Path");
		}
		h = hdr_add_raw(&e->headers, name, raw);
		/* the flags hdr_qf_parse gives when it reads the line back */
		buf_addf(&nb, "%s:", name);
		if (!header_flags(NULL, buf_str(&nb), &flags))
			flags = 0;
		h->flags = flags | HDR_USER;
		h->from_cf = (c & 1) != 0;
		buf_free(&nb);
		free(name);
		free(raw);
		if (c & 4) {
			h->cond_macro = fz_str(z);
			h->flags |= HDR_CHECK;
		} else if (c & 8) {
			for (j = 0; j < 3; j++) {
				unsigned m = fz_byte(z) & 0x7f;

				h->mflags[m / 8] |= (unsigned char)(1 << (m % 8));
			}
			h->flags |= HDR_CHECK;
		}
	}
}

/* fz_representable - what qf_write must accept (qf.h) */
static bool
fz_representable(const struct envelope *e)
{
	size_t i;
	const unsigned char *p;

	if (fz_has_lf(e->message) || fz_has_lf(e->quarantine) ||
	    fz_has_lf(e->dfdir) || fz_has_lf(e->bodytype))
		return false;
	{
		char *s = fz_bracket(e->sender_paddr, e->sender);
		bool bad = fz_has_lf(s);

		free(s);
		if (bad)
			return false;
	}
	if (e->auth != NULL && !qf_xtext_ok(e->auth))
		return false;
	if (e->dlvr_flag == '\n')
		return false;
	for (i = 0; i < e->nmacros; i++) {
		const char *nm = e->macros[i].name;
		size_t n = strlen(nm);

		if (fz_has_lf(e->macros[i].value) || fz_has_lf(nm) ||
		    (n == 1 && nm[0] == '{') ||
		    (n > 1 && (n == 2 || memchr(nm + 1, '}', n - 2) != NULL)))
			return false;
	}
	for (i = 0; i < e->nrcpts; i++) {
		const struct rcpt *r = &e->rcpts[i];
		char *s;
		bool bad;

		if (r->flags & RCPT_DONE)
			continue;
		s = fz_bracket(r->paddr, r->addr);
		bad = fz_has_lf(s);
		free(s);
		if (bad || fz_has_lf(r->final) || fz_has_lf(r->reply) ||
		    fz_has_lf(r->ctladdr))
			return false;
	}
	for (i = 0; i < e->headers.n; i++) {
		const struct hdr *h = &e->headers.v[i];
		unsigned c;

		if (h->name[0] == '\0')
			return false;
		for (p = (const unsigned char *)h->name; *p != '\0'; p++)
			if (*p <= ' ' || *p >= 0177 || *p == ':')
				return false;
		if (h->cond_macro != NULL &&
		    strpbrk(h->cond_macro, "?\n}") != NULL)
			return false;
		if (h->cond_macro == NULL)
			for (c = 0; c < 0200; c++)
				if ((h->mflags[c / 8] & (1 << (c % 8))) &&
				    (c < ' ' || c == '?' || c == '$' || c == 0177))
					return false;
	}
	return true;
}

/* fz_same - e2 (read back) is e (written), up to the canonical forms */
static void
fz_same(const struct envelope *e, const struct envelope *e2)
{
	size_t i, j, k;
	char *s;

	fz_check(e2->ctime == e->ctime && e2->dtime == e->dtime &&
	    e2->ntries == e->ntries && e2->priority == e->priority);
	fz_check(e2->flags == e->flags && e2->ret == e->ret &&
	    e2->smtputf8 == e->smtputf8);
	s = fz_bracket(e->sender_paddr, e->sender);
	fz_check(fz_eq(e2->sender_paddr, s));
	free(s);
	fz_check(fz_eq(e2->envid, e->envid) && fz_eq(e2->auth, e->auth));
	fz_check(fz_eq(e2->message, e->message) &&
	    fz_eq(e2->quarantine, e->quarantine) && fz_eq(e2->dfdir, e->dfdir) &&
	    fz_eq(e2->bodytype, e->bodytype));
	fz_check(e2->dlvr_flag == e->dlvr_flag &&
	    (e->dlvr_flag == 0 || e2->deliver_by == e->deliver_by));
	fz_check(e2->df_ino == e->df_ino && (e->df_ino == 0 ||
	    e2->df_dev == e->df_dev));
	fz_check(e2->nmacros == e->nmacros);
	for (i = 0; i < e->nmacros; i++)
		fz_check(fz_eq(e2->macros[i].name, e->macros[i].name) &&
		    fz_eq(e2->macros[i].value, e->macros[i].value));
	for (i = j = 0; i < e->nrcpts; i++) {
		const struct rcpt *r = &e->rcpts[i], *r2;
		unsigned notify = r->notify, flags = r->flags;
		const char *ctl = r->ctladdr;

		if (r->flags & RCPT_DONE)
			continue;
		fz_check(j < e2->nrcpts);
		r2 = &e2->rcpts[j++];
		s = fz_bracket(r->paddr, r->addr);
		fz_check(fz_eq(r2->paddr, s));
		free(s);
		fz_check(fz_eq(r2->orcpt, r->orcpt) && fz_eq(r2->final, r->final) &&
		    fz_eq(r2->reply, r->reply));
		if (ctl != NULL && ctl[0] == '\0')
			ctl = NULL;
		fz_check(fz_eq(r2->ctladdr, ctl));
		/* the NOTIFY letters as the R line keeps them */
		if (flags & RCPT_PINGS) {
			notify &= RCPT_NOTIFY_SUCCESS | RCPT_NOTIFY_FAILURE |
			    RCPT_NOTIFY_DELAY;
			if (notify == (RCPT_NOTIFY_FAILURE | RCPT_NOTIFY_DELAY)) {
				notify = 0;
				flags &= ~RCPT_PINGS;
			}
		} else if (notify != 0) {
			notify &= RCPT_NOTIFY_SUCCESS | RCPT_NOTIFY_FAILURE |
			    RCPT_NOTIFY_DELAY;
			if (notify == 0)
				notify = RCPT_NOTIFY_NEVER;
		}
		fz_check(r2->notify == notify);
		fz_check(r2->flags == (flags & ~RCPT_DONE));
	}
	fz_check(j == e2->nrcpts);
	fz_check(e2->headers.n == e->headers.n);
	for (i = 0; i < e->headers.n; i++) {
		const struct hdr *h = &e->headers.v[i], *h2 = &e2->headers.v[i];
		struct buf r = BUF_INIT, r2 = BUF_INIT;
		bool stray = false;

		fz_check(fz_eq(h2->name, h->name));
		/* the text after the colon; a stray line feed: all blanks */
		hdr_raw(h, &r);
		hdr_raw(h2, &r2);
		for (k = 0; k < r.len; k++)
			if (r.data[k] == '\n' && (k + 1 == r.len ||
			    (r.data[k + 1] != ' ' && r.data[k + 1] != '\t')))
				stray = true;
		for (k = 0; stray && k < r.len; k++)
			if (r.data[k] == '\n')
				r.data[k] = ' ';
		fz_check(r.len == r2.len && memcmp(buf_str(&r), buf_str(&r2),
		    r.len) == 0);
		buf_free(&r);
		buf_free(&r2);
		fz_check(h2->flags == h->flags);
		fz_check(h2->from_cf == h->from_cf);
		fz_check(fz_eq(h2->cond_macro, h->cond_macro));
		fz_check(memcmp(h2->mflags, h->mflags, sizeof(h->mflags)) == 0);
	}
}

/* fz_fixpoint - writing what was read gives the same bytes */
static void
fz_fixpoint(const struct buf *w1)
{
	struct envelope e;
	struct buf err = BUF_INIT, w2 = BUF_INIT;

	envelope_init(&e);
	fz_check(qf_read(w1->data, w1->len, "qf", &e, &err) == QF_OK);
	fz_check(qf_write(&w2, &e, &err) == 0);
	if (getenv("FUZZ_QF_SHOW") != NULL)
		fprintf(stderr, "w1=[%s]\nw2=[%s]\n", buf_str((struct buf *)w1),
		    buf_str(&w2));
	fz_check(w2.len == w1->len && memcmp(w2.data, w1->data, w1->len) == 0);
	envelope_free(&e);
	buf_free(&err);
	buf_free(&w2);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct envelope e, e2;
	struct buf err = BUF_INIT, w = BUF_INIT;
	struct fz z;
	int r;

	if (size == 0)
		return 0;
	if ((data[0] & 1) == 0) {
		envelope_init(&e);
		r = qf_read((const char *)data + 1, size - 1, "qf", &e, &err);
		fz_check(r == QF_OK || r == QF_EMPTY || r == QF_ERR);
		fz_check(r != QF_ERR || err.len > 0);
		if (r == QF_OK && qf_write(&w, &e, &err) == 0)
			fz_fixpoint(&w);
		envelope_free(&e);
		buf_free(&err);
		buf_free(&w);
		return 0;
	}
	z.p = data + 1;
	z.n = size - 1;
	fz_build(&z, &e);
	r = qf_write(&w, &e, &err);
	fz_check((r == 0) == fz_representable(&e));
	if (r == 0) {
		/* one terminator, at the very end */
		fz_check(w.len >= 2 && memcmp(w.data + w.len - 2, ".\n", 2) == 0);
		envelope_init(&e2);
		fz_check(qf_read(w.data, w.len, "qf", &e2, &err) == QF_OK);
		fz_same(&e, &e2);
		envelope_free(&e2);
		fz_fixpoint(&w);
	}
	envelope_free(&e);
	buf_free(&err);
	buf_free(&w);
	return 0;
}
