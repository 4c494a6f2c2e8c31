/*
 * mime8to7.c - 8-bit MIME to 7-bit (quoted-printable, base64) for
 * servers without 8BITMIME; see mime.h for the contract.
 *
 * The message is one virtual stream, "headers \n body", read through a
 * small positional reader (mime_rd): a leaf is scanned once to learn
 * whether it needs encoding (and where it ends), then read again from
 * its start to be written out -- as sendmail rewinds its df.  So only
 * one line piece and one read block are ever in memory.
 */
#include "msg/mime.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/types.h>
#include <unistd.h>

#define RD_BLOCK	16384
#define CT_MAX		4096	/* Content-Type value kept for parsing */
#define CTE_MAX		128	/* Content-Transfer-Encoding value kept */
#define QP_WIDTH	76	/* longest quoted-printable line */
#define B64_GROUPS	19	/* 19 * 4 = 76 characters a line */

/* ---------------- the reader: headers, "\n", body */

struct mime_rd {
	const char *h;		/* header block */
	size_t hlen;
	size_t sep;		/* LFs after it: 1, or 2 when it lacks its own */
	const char *mem;	/* body in memory, or NULL: fd */
	size_t mlen;
	int fd;
	uint64_t boff;		/* virtual offset of blk[0] */
	size_t bpos, blen;	/* unread part of blk */
	bool bol;		/* the next byte starts a line */
	bool eof;		/* nothing after blk */
	char blk[RD_BLOCK];
	char seg[MIME_SEG_MAX];	/* the current segment */
};

/* one piece of a line: up to its LF or MIME_SEG_MAX bytes */
struct mime_seg {
	const char *p;
	size_t len;		/* without the LF */
	bool lf;		/* ended by an LF */
	bool bol;		/* starts a line */
	bool whole;		/* bol and (lf or the input's end) */
	uint64_t off;		/* virtual offset of p[0] */
	uint64_t end;		/* offset after it (and its LF) */
};

/* rd_fill - read the next block at boff + blen: 0, -1 on error */
static int
rd_fill(struct mime_rd *r)
{
	uint64_t at = r->boff + r->blen;
	size_t got = 0;

	r->boff = at;
	r->bpos = r->blen = 0;
	while (got < sizeof(r->blk)) {
		uint64_t v = at + got;

		if (v < r->hlen) {
			size_t n = r->hlen - (size_t)v;

			if (n > sizeof(r->blk) - got)
				n = sizeof(r->blk) - got;
			memcpy(r->blk + got, r->h + v, n);
			got += n;
		} else if (v < r->hlen + r->sep) {
			r->blk[got++] = '\n';
		} else if (r->mem != NULL) {
			uint64_t b = v - r->hlen - r->sep;
			size_t n;

			if (b >= r->mlen)
				break;
			n = r->mlen - (size_t)b;
			if (n > sizeof(r->blk) - got)
				n = sizeof(r->blk) - got;
			memcpy(r->blk + got, r->mem + b, n);
			got += n;
		} else {
			uint64_t b = v - r->hlen - r->sep;
			ssize_t n;

			if (r->fd < 0)
				break;
			if (b > (uint64_t)INT64_MAX) {
				errno = EFBIG;
				return -1;
			}
			n = pread(r->fd, r->blk + got, sizeof(r->blk) - got,
			    (off_t)b);
			if (n < 0) {
				if (errno == EINTR)
					continue;
				return -1;
			}
			if (n == 0)
				break;
			got += (size_t)n;
		}
	}
	r->blen = got;
	r->eof = got == 0;
	return 0;
}

/* rd_seek - read from virtual offset off next (a line start) */
static void
rd_seek(struct mime_rd *r, uint64_t off)
{
	if (off >= r->boff && off <= r->boff + r->blen) {
		r->bpos = (size_t)(off - r->boff);
	} else {
		r->boff = off;
		r->bpos = r->blen = 0;
	}
	r->eof = false;
	r->bol = true;
}

/* rd_seg - the next segment: 1, 0 at the end, -1 on a read error */
static int
rd_seg(struct mime_rd *r, struct mime_seg *s)
{
	size_t n = 0;

	s->bol = r->bol;
	s->lf = false;
	s->off = r->boff + r->bpos;
	for (;;) {
		const char *p, *nl;
		size_t avail, take;

		if (r->bpos == r->blen) {
			if (rd_fill(r) < 0)
				return -1;
			if (r->blen == 0)
				break;
		}
		p = r->blk + r->bpos;
		avail = r->blen - r->bpos;
		take = sizeof(r->seg) - n;
		if (take > avail)
			take = avail;
		nl = memchr(p, '\n', take);
		if (nl != NULL)
			take = (size_t)(nl - p);
		memcpy(r->seg + n, p, take);
		n += take;
		r->bpos += take;
		if (nl != NULL) {
			r->bpos++;	/* the LF */
			s->lf = true;
			break;
		}
		if (n == sizeof(r->seg))
			break;
	}
	if (n == 0 && !s->lf)
		return 0;
	s->p = r->seg;
	s->len = n;
	s->end = r->boff + r->bpos;
	r->bol = s->lf;
	if (s->bol && !s->lf) {
		/* whole only when nothing follows */
		if (r->bpos == r->blen && rd_fill(r) < 0)
			return -1;
		s->whole = r->bpos == r->blen;
	} else
		s->whole = s->bol;
	return 1;
}

/* ---------------- the writer */

struct mime_cv {
	struct mime_rd rd;
	const struct mime8to7_conf *conf;
	int max_depth;
	mime_write_fn write;
	void *arg;
	struct mime8to7_stats *st;
	char out[MIME_OUT_BLOCK];
	size_t olen;
	int err;		/* errno of the first failure, or 0 */
	/* the enclosing multiparts' boundaries, outermost first */
	char bnd[MIME_MAX_DEPTH][MIME_BOUNDARY_MAX + 1];
	size_t bndlen[MIME_MAX_DEPTH];
	int nbnd;
	/* the line that ended the last entity, when a boundary */
	char term[MIME_SEG_MAX];
	size_t termlen;
	bool termlf;
	uint64_t termend;	/* offset after it */
};

/* cv_flush - hand the buffered output to the callback */
static int
cv_flush(struct mime_cv *c)
{
	if (c->err != 0)
		return -1;
	if (c->olen > 0) {
		errno = 0;
		if (c->write(c->arg, c->out, c->olen) != 0) {
			c->err = errno != 0 ? errno : EIO;
			return -1;
		}
		c->st->out_bytes += c->olen;
		c->olen = 0;
	}
	return 0;
}

static int
cv_put(struct mime_cv *c, const char *p, size_t n)
{
	while (n > 0) {
		size_t room = sizeof(c->out) - c->olen;

		if (room == 0) {
			if (cv_flush(c) < 0)
				return -1;
			continue;
		}
		if (room > n)
			room = n;
		memcpy(c->out + c->olen, p, room);
		c->olen += room;
		p += room;
		n -= room;
	}
	return c->err != 0 ? -1 : 0;
}

static int
cv_puts(struct mime_cv *c, const char *s)
{
	return cv_put(c, s, strlen(s));
}

/* cv_seg - a segment as it was read */
static int
cv_seg(struct mime_cv *c, const struct mime_seg *s)
{
	if (cv_put(c, s->p, s->len) < 0)
		return -1;
	return s->lf ? cv_put(c, "\n", 1) : 0;
}

/* cv_read - rd_seg, remembering a read error */
static int
cv_read(struct mime_cv *c, struct mime_seg *s)
{
	int rc = rd_seg(&c->rd, s);

	if (rc < 0 && c->err == 0)
		c->err = errno != 0 ? errno : EIO;
	return rc;
}

/* ---------------- boundaries */

enum term_kind { T_EOF, T_OPEN, T_CLOSE };

struct term {
	enum term_kind kind;
	int level;		/* index in c->bnd, for T_OPEN/T_CLOSE */
};

/* bnd_match - is the segment a delimiter line of an enclosing
 * multipart?  The innermost match wins. */
static bool
bnd_match(const struct mime_cv *c, const struct mime_seg *s,
    struct term *t)
{
	int i;

	if (!s->whole || s->len < 2 || s->p[0] != '-' || s->p[1] != '-')
		return false;
	for (i = c->nbnd - 1; i >= 0; i--) {
		size_t bl = c->bndlen[i], k;
		bool close = false;

		if (s->len < 2 + bl || memcmp(s->p + 2, c->bnd[i], bl) != 0)
			continue;
		k = 2 + bl;
		if (s->len - k >= 2 && s->p[k] == '-' && s->p[k + 1] == '-') {
			close = true;
			k += 2;
		}
		while (k < s->len && (s->p[k] == ' ' || s->p[k] == '\t' ||
		    s->p[k] == '\r'))
			k++;
		if (k != s->len)
			continue;
		t->kind = close ? T_CLOSE : T_OPEN;
		t->level = i;
		return true;
	}
	return false;
}

/* term_keep - remember the delimiter line that ended an entity */
static void
term_keep(struct mime_cv *c, const struct mime_seg *s)
{
	memcpy(c->term, s->p, s->len);	/* s->len <= MIME_SEG_MAX */
	c->termlen = s->len;
	c->termlf = s->lf;
	c->termend = s->end;
}

static int
term_put(struct mime_cv *c)
{
	if (cv_put(c, c->term, c->termlen) < 0)
		return -1;
	return c->termlf ? cv_put(c, "\n", 1) : 0;
}

/* ---------------- headers */

struct mime_hdrs {
	uint64_t start;		/* first header line */
	uint64_t end;		/* the blank line, or where they stopped */
	uint64_t body;		/* after the blank line */
	bool blank;		/* a blank line ended them */
	bool lastlf;		/* the last header line ended with LF */
	bool has_ct, has_mv;
	bool ct_long;		/* Content-Type was cut at CT_MAX */
	char ct[CT_MAX + 1];
	size_t ctlen;
	char cte[CTE_MAX + 1];
	size_t ctelen;
	bool term;		/* a delimiter line ended them */
	struct term t;
};

enum hfield { HF_OTHER, HF_CT, HF_CTE, HF_MV };

/* hdr_field - which field a header line (bol, not blank-led) starts */
static enum hfield
hdr_field(const char *p, size_t n, size_t *vstart)
{
	static const struct { const char *name; enum hfield f; } tab[] = {
		{ "content-type", HF_CT },
		{ "content-transfer-encoding", HF_CTE },
		{ "mime-version", HF_MV },
	};
	size_t i, k;

	for (i = 0; i < sizeof(tab) / sizeof(tab[0]); i++) {
		size_t l = strlen(tab[i].name);

		if (n < l || strncasecmp(p, tab[i].name, l) != 0)
			continue;
		k = l;
		while (k < n && (p[k] == ' ' || p[k] == '\t'))
			k++;
		if (k < n && p[k] == ':') {
			*vstart = k + 1;
			return tab[i].f;
		}
	}
	return HF_OTHER;
}

/* hdr_keep - append a piece of a value, cut at cap */
static void
hdr_keep(char *dst, size_t *len, size_t cap, const char *p, size_t n,
    bool *cut)
{
	if (*len + n > cap) {
		if (cut != NULL)
			*cut = true;
		n = cap - *len;
	}
	memcpy(dst + *len, p, n);
	*len += n;
	dst[*len] = '\0';
}

/* hdrs_read - scan an entity's header lines from the current offset */
static int
hdrs_read(struct mime_cv *c, struct mime_hdrs *h)
{
	struct mime_seg s;
	enum hfield cur = HF_OTHER;
	int rc;

	memset(h, 0, sizeof(*h));
	h->start = c->rd.boff + c->rd.bpos;
	h->end = h->body = h->start;
	h->lastlf = true;
	while ((rc = cv_read(c, &s)) > 0) {
		const char *p = s.p;
		size_t n = s.len, v = 0;

		if (s.bol && (n == 0 || (n == 1 && p[0] == '\r')) && s.lf) {
			h->end = s.off;
			h->body = s.end;
			h->blank = true;
			return 0;
		}
		if (c->nbnd > 0 && bnd_match(c, &s, &h->t)) {
			/* a part without a body or a blank line */
			h->end = h->body = s.off;
			h->term = true;
			term_keep(c, &s);
			return 0;
		}
		if (s.bol && p[0] != ' ' && p[0] != '\t') {
			cur = hdr_field(p, n, &v);
			if (cur == HF_CT)
				h->has_ct = true;
			else if (cur == HF_MV)
				h->has_mv = true;
			if (cur == HF_CT && h->ctlen > 0)
				h->ctlen = 0;	/* the last one counts */
			if (cur == HF_CTE)
				h->ctelen = 0;
		} else if (s.bol && h->ctlen < CT_MAX && cur == HF_CT)
			hdr_keep(h->ct, &h->ctlen, CT_MAX, " ", 1, &h->ct_long);
		if (cur == HF_CT)
			hdr_keep(h->ct, &h->ctlen, CT_MAX, p + v, n - v,
			    &h->ct_long);
		else if (cur == HF_CTE)
			hdr_keep(h->cte, &h->ctelen, CTE_MAX, p + v, n - v,
			    NULL);
		h->end = h->body = s.end;
		h->lastlf = s.lf;
	}
	return rc < 0 ? -1 : 0;
}

/* ---------------- Content-Type */

struct ctype {
	char type[64], sub[64];
	char boundary[MIME_BOUNDARY_MAX + 1];
	size_t blen;
	bool bad_boundary;	/* too long or empty */
};

/* skip blanks and (comments) */
static const char *
ct_skip(const char *p, const char *e)
{
	while (p < e) {
		if (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')
			p++;
		else if (*p == '(') {
			int depth = 0;

			for (; p < e; p++) {
				if (*p == '\\' && p + 1 < e)
					p++;
				else if (*p == '(')
					depth++;
				else if (*p == ')' && --depth == 0) {
					p++;
					break;
				}
			}
		} else
			break;
	}
	return p;
}

static bool
ct_tokenc(unsigned char ch)
{
	return ch > ' ' && ch < 0x7f && strchr("()<>@,;:\\\"/[]?=", ch) == NULL;
}

/* ct_token - a token into out (lower case, cut at cap) */
static const char *
ct_token(const char *p, const char *e, char *out, size_t cap)
{
	size_t n = 0;

	for (; p < e && ct_tokenc((unsigned char)*p); p++)
		if (n + 1 < cap)
			out[n++] = (char)(*p >= 'A' && *p <= 'Z' ? *p + 32 : *p);
	out[n] = '\0';
	return p;
}

/* ct_parse - type, subtype and boundary out of a Content-Type value */
static void
ct_parse(const char *v, size_t len, struct ctype *ct)
{
	const char *p = v, *e = v + len;

	memset(ct, 0, sizeof(*ct));
	p = ct_skip(p, e);
	p = ct_token(p, e, ct->type, sizeof(ct->type));
	p = ct_skip(p, e);
	if (p < e && *p == '/') {
		p = ct_skip(p + 1, e);
		p = ct_token(p, e, ct->sub, sizeof(ct->sub));
	}
	if (ct->type[0] == '\0' || ct->sub[0] == '\0') {
		ct->type[0] = ct->sub[0] = '\0';
		return;
	}
	for (;;) {
		char name[32];
		bool isb;

		while (p < e && *p != ';')
			p++;	/* junk before a parameter */
		if (p >= e)
			break;
		p = ct_skip(p + 1, e);
		p = ct_token(p, e, name, sizeof(name));
		p = ct_skip(p, e);
		if (p >= e || *p != '=')
			continue;
		p = ct_skip(p + 1, e);
		isb = strcmp(name, "boundary") == 0;
		if (isb) {
			ct->blen = 0;
			ct->bad_boundary = false;
		}
		if (p < e && *p == '"') {
			for (p++; p < e && *p != '"'; p++) {
				if (*p == '\\' && p + 1 < e)
					p++;
				if (!isb)
					continue;
				if (ct->blen < MIME_BOUNDARY_MAX)
					ct->boundary[ct->blen++] = *p;
				else
					ct->bad_boundary = true;
			}
			if (p < e)
				p++;
		} else {
			for (; p < e && ct_tokenc((unsigned char)*p); p++) {
				if (!isb)
					continue;
				if (ct->blen < MIME_BOUNDARY_MAX)
					ct->boundary[ct->blen++] = *p;
				else
					ct->bad_boundary = true;
			}
		}
		if (isb) {
			ct->boundary[ct->blen] = '\0';
			if (ct->blen == 0)
				ct->bad_boundary = true;
		}
	}
}

/* cte_is - the Content-Transfer-Encoding value is word (or none) */
static bool
cte_is(const struct mime_hdrs *h, const char *word)
{
	const char *p = h->cte, *e = h->cte + h->ctelen;
	size_t n = strlen(word);

	while (p < e && (*p == ' ' || *p == '\t' || *p == '\r'))
		p++;
	while (e > p && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r'))
		e--;
	return (size_t)(e - p) == n && strncasecmp(p, word, n) == 0;
}

/* cte_identity - none, 7bit, 8bit or binary: nothing decodes it */
static bool
cte_identity(const struct mime_hdrs *h)
{
	return h->ctelen == 0 || cte_is(h, "") || cte_is(h, "7bit") ||
	    cte_is(h, "8bit") || cte_is(h, "binary");
}

/* ---------------- writing a header block */

enum hout {
	HO_KEEP,		/* as it is */
	HO_7BIT,		/* an 8bit/binary label becomes 7bit */
	HO_QP, HO_B64,		/* encoded */
};

/* hdrs_put - copy the header lines, with the label hout asks for */
static int
hdrs_put(struct mime_cv *c, const struct mime_hdrs *h, enum hout how,
    bool top)
{
	struct mime_seg s;
	bool drop = false, relabel;
	const char *enc = how == HO_QP ? "quoted-printable" : "base64";
	int rc;

	relabel = (how == HO_7BIT && h->ctelen > 0 &&
	    (cte_is(h, "8bit") || cte_is(h, "binary"))) ||
	    how == HO_QP || how == HO_B64;
	rd_seek(&c->rd, h->start);
	while (c->rd.boff + c->rd.bpos < h->end) {
		size_t v;

		if ((rc = cv_read(c, &s)) <= 0)
			return -1;
		if (s.bol && s.len > 0 && s.p[0] != ' ' && s.p[0] != '\t')
			drop = relabel &&
			    hdr_field(s.p, s.len, &v) == HF_CTE;
		if (!drop && cv_seg(c, &s) < 0)
			return -1;
	}
	if (!h->lastlf && (relabel || (top && !h->has_mv)) &&
	    cv_put(c, "\n", 1) < 0)
		return -1;
	if (top && !h->has_mv && cv_puts(c, "MIME-Version: 1.0\n") < 0)
		return -1;
	if (how == HO_7BIT && relabel &&
	    cv_puts(c, "Content-Transfer-Encoding: 7bit\n") < 0)
		return -1;
	if (how == HO_QP || how == HO_B64) {
		if (!h->has_ct) {
			const char *cs = c->conf->charset != NULL &&
			    c->conf->charset[0] != '\0' ? c->conf->charset :
			    "unknown-8bit";

			if (cv_puts(c, "Content-Type: text/plain; charset=") < 0 ||
			    cv_puts(c, cs) < 0 || cv_put(c, "\n", 1) < 0)
				return -1;
		}
		if (cv_puts(c, "Content-Transfer-Encoding: ") < 0 ||
		    cv_puts(c, enc) < 0 || cv_put(c, "\n", 1) < 0)
			return -1;
		if (c->conf->host != NULL) {
			if (cv_puts(c, "X-MIME-Autoconverted: from 8bit to ") < 0 ||
			    cv_puts(c, enc) < 0 || cv_puts(c, " by ") < 0 ||
			    cv_puts(c, c->conf->host) < 0)
				return -1;
			if (c->conf->id != NULL && (cv_puts(c, " id ") < 0 ||
			    cv_puts(c, c->conf->id) < 0))
				return -1;
			if (cv_put(c, "\n", 1) < 0)
				return -1;
		}
	}
	if (h->blank && cv_put(c, "\n", 1) < 0)
		return -1;
	return 0;
}

/* ---------------- encoders */

static const char hexd[] = "0123456789ABCDEF";
static const char b64d[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

struct qp {
	char line[QP_WIDTH + 8];
	size_t n;
	int ws;			/* a held blank, or -1 */
};

/* qp_emit - add one output token (1 or 3 chars), breaking softly */
static int
qp_emit(struct mime_cv *c, struct qp *q, const char *t, size_t n)
{
	if (q->n + n > QP_WIDTH - 1) {
		q->line[q->n++] = '=';
		q->line[q->n++] = '\n';
		if (cv_put(c, q->line, q->n) < 0)
			return -1;
		q->n = 0;
	}
	memcpy(q->line + q->n, t, n);
	q->n += n;
	return 0;
}

static int
qp_enc(struct mime_cv *c, struct qp *q, unsigned char ch)
{
	char t[3] = { '=', hexd[ch >> 4], hexd[ch & 15] };

	return qp_emit(c, q, t, 3);
}

/* qp_byte - one content byte (not a line break) */
static int
qp_byte(struct mime_cv *c, struct qp *q, unsigned char ch)
{
	if (q->ws >= 0) {
		char t = (char)q->ws;

		q->ws = -1;
		/* a blank is literal unless it would end the line */
		if (q->n + 1 > QP_WIDTH - 1) {
			if (qp_enc(c, q, (unsigned char)t) < 0)
				return -1;
		} else if (qp_emit(c, q, &t, 1) < 0)
			return -1;
	}
	if (ch == ' ' || ch == '\t') {
		q->ws = ch;
		return 0;
	}
	/* "From ", "." and "--" at a line's start are encoded: mbox
	 * escaping, lone dots and boundaries cannot happen to it */
	/* (a literal that does not fit starts the next line) */
	if (ch > ' ' && ch < 0x7f && ch != '=' &&
	    !((q->n == 0 || q->n + 1 > QP_WIDTH - 1) &&
	    (ch == 'F' || ch == '.' || ch == '-'))) {
		char t = (char)ch;

		return qp_emit(c, q, &t, 1);
	}
	return qp_enc(c, q, ch);
}

/* qp_break - a hard line break (or the content's end when !lf) */
static int
qp_break(struct mime_cv *c, struct qp *q, bool lf)
{
	if (q->ws >= 0) {
		unsigned char t = (unsigned char)q->ws;

		q->ws = -1;
		if (qp_enc(c, q, t) < 0)
			return -1;
	}
	if (lf)
		q->line[q->n++] = '\n';
	if (cv_put(c, q->line, q->n) < 0)
		return -1;
	q->n = 0;
	return 0;
}

struct b64 {
	unsigned char in[3];
	size_t nin;
	char line[B64_GROUPS * 4 + 2];
	size_t n;
};

static int
b64_group(struct mime_cv *c, struct b64 *b, size_t nin)
{
	unsigned v = (unsigned)b->in[0] << 16 |
	    (nin > 1 ? (unsigned)b->in[1] << 8 : 0) |
	    (nin > 2 ? b->in[2] : 0);

	b->line[b->n++] = b64d[v >> 18 & 63];
	b->line[b->n++] = b64d[v >> 12 & 63];
	b->line[b->n++] = nin > 1 ? b64d[v >> 6 & 63] : '=';
	b->line[b->n++] = nin > 2 ? b64d[v & 63] : '=';
	if (b->n == B64_GROUPS * 4) {
		b->line[b->n++] = '\n';
		if (cv_put(c, b->line, b->n) < 0)
			return -1;
		b->n = 0;
	}
	return 0;
}

static int
b64_add(struct mime_cv *c, struct b64 *b, const char *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		b->in[b->nin++] = (unsigned char)p[i];
		if (b->nin == 3) {
			if (b64_group(c, b, 3) < 0)
				return -1;
			b->nin = 0;
		}
	}
	return 0;
}

static int
b64_end(struct mime_cv *c, struct b64 *b)
{
	if (b->nin > 0 && b64_group(c, b, b->nin) < 0)
		return -1;
	b->nin = 0;
	if (b->n > 0) {
		b->line[b->n++] = '\n';
		if (cv_put(c, b->line, b->n) < 0)
			return -1;
		b->n = 0;
	}
	return 0;
}

/* ---------------- entities */

struct leafscan {
	uint64_t end;		/* where the content stops (a delimiter
				 * line starts, or the input ends) */
	bool need;		/* 8-bit, NUL, or a line over 998 */
	struct term t;
};

/* leaf_scan - find the leaf's end, and whether it needs encoding */
static int
leaf_scan(struct mime_cv *c, uint64_t from, struct leafscan *ls)
{
	struct mime_seg s;
	size_t linelen = 0, i;
	int rc;

	memset(ls, 0, sizeof(*ls));
	ls->t.kind = T_EOF;
	rd_seek(&c->rd, from);
	ls->end = from;
	while ((rc = cv_read(c, &s)) > 0) {
		if (c->nbnd > 0 && bnd_match(c, &s, &ls->t)) {
			term_keep(c, &s);
			return 0;
		}
		if (s.bol)
			linelen = 0;
		linelen += s.len;
		if (linelen > 998)
			ls->need = true;
		for (i = 0; i < s.len && !ls->need; i++)
			if ((unsigned char)s.p[i] >= 0x80 || s.p[i] == '\0')
				ls->need = true;
		ls->end = s.end;
	}
	return rc < 0 ? -1 : 0;
}

/* leaf_copy - the content from..end as it is */
static int
leaf_copy(struct mime_cv *c, uint64_t from, uint64_t end)
{
	struct mime_seg s;

	rd_seek(&c->rd, from);
	while (c->rd.boff + c->rd.bpos < end) {
		if (cv_read(c, &s) <= 0 || cv_seg(c, &s) < 0)
			return -1;
	}
	return 0;
}

/* leaf_encode - the content, encoded; a final LF before a delimiter
 * belongs to the delimiter (RFC 2046), not to the content */
static int
leaf_encode(struct mime_cv *c, uint64_t from, const struct leafscan *ls,
    bool qp)
{
	struct mime_seg s;
	struct qp q = { .n = 0, .ws = -1 };
	struct b64 b = { .nin = 0, .n = 0 };
	size_t i;

	rd_seek(&c->rd, from);
	while (c->rd.boff + c->rd.bpos < ls->end) {
		if (cv_read(c, &s) <= 0)
			return -1;
		if (qp) {
			for (i = 0; i < s.len; i++)
				if (qp_byte(c, &q, (unsigned char)s.p[i]) < 0)
					return -1;
			if (s.lf && qp_break(c, &q, true) < 0)
				return -1;
		} else {
			if (b64_add(c, &b, s.p, s.len) < 0)
				return -1;
			if (s.lf && !(s.end == ls->end && ls->t.kind != T_EOF) &&
			    b64_add(c, &b, "\r\n", 2) < 0)
				return -1;
		}
	}
	if (qp) {
		/* content that ends without LF: end the line, encoded */
		if ((q.n > 0 || q.ws >= 0) && qp_break(c, &q, false) < 0)
			return -1;
	} else if (b64_end(c, &b) < 0)
		return -1;
	return 0;
}

/* copy_until - preamble/epilogue lines until a delimiter or the end */
static int
copy_until(struct mime_cv *c, struct term *t)
{
	struct mime_seg s;
	int rc;

	t->kind = T_EOF;
	while ((rc = cv_read(c, &s)) > 0) {
		if (bnd_match(c, &s, t)) {
			term_keep(c, &s);
			return 0;
		}
		if (cv_seg(c, &s) < 0)
			return -1;
	}
	return rc < 0 ? -1 : 0;
}

static int entity(struct mime_cv *, int depth, bool top, bool digest,
    struct term *);

/* multipart - the parts (the headers are written, the boundary is on
 * the stack at index c->nbnd) up to a delimiter of an enclosing
 * multipart or the end */
static int
multipart(struct mime_cv *c, int depth, bool digest, struct term *t)
{
	int own = c->nbnd;

	c->nbnd++;
	/* the preamble, up to the first delimiter */
	if (copy_until(c, t) < 0)
		goto fail;
	while (t->kind == T_OPEN && t->level == own) {
		if (term_put(c) < 0)
			goto fail;
		rd_seek(&c->rd, c->termend);
		if (entity(c, depth + 1, false, digest, t) < 0)
			goto fail;
	}
	if (t->kind == T_CLOSE && t->level == own) {
		if (term_put(c) < 0)
			goto fail;
		/* the epilogue belongs to the enclosing entity */
		c->nbnd = own;
		rd_seek(&c->rd, c->termend);
		if (copy_until(c, t) < 0)
			goto fail;
	}
	c->nbnd = own;
	return 0;
fail:
	c->nbnd = own;
	return -1;
}

/* entity - one entity from its header lines to the delimiter (or end)
 * that stops it; that delimiter is in c->term, not written */
static int
entity(struct mime_cv *c, int depth, bool top, bool digest, struct term *t)
{
	struct mime_hdrs *h;
	struct ctype ct;
	struct leafscan ls;
	bool text;
	int rc = -1;

	c->st->entities++;
	/* the header scan is large: keep it off the recursion's stack */
	h = calloc(1, sizeof(*h));
	if (h == NULL) {
		c->err = ENOMEM;
		return -1;
	}
	if (hdrs_read(c, h) < 0)
		goto out;
	if (h->term) {
		/* no blank line: headers and a delimiter */
		if (hdrs_put(c, h, HO_KEEP, top) < 0)
			goto out;
		*t = h->t;
		rc = 0;
		goto out;	/* the caller reads on at c->termend */
	}
	if (h->has_ct && !h->ct_long)
		ct_parse(h->ct, h->ctlen, &ct);
	else
		memset(&ct, 0, sizeof(ct));
	if (ct.type[0] == '\0') {
		/* RFC 2046: the default, or message/rfc822 in a digest */
		snprintf(ct.type, sizeof(ct.type), "%s",
		    digest ? "message" : "text");
		snprintf(ct.sub, sizeof(ct.sub), "%s",
		    digest ? "rfc822" : "plain");
	}
	if (depth >= c->max_depth)
		c->st->too_deep = true;
	else if (strcmp(ct.type, "multipart") == 0 && !ct.bad_boundary &&
	    ct.blen > 0 && cte_identity(h) && c->nbnd < MIME_MAX_DEPTH) {
		if (hdrs_put(c, h, HO_7BIT, top) < 0)
			goto out;
		rd_seek(&c->rd, h->body);
		memcpy(c->bnd[c->nbnd], ct.boundary, ct.blen + 1);
		c->bndlen[c->nbnd] = ct.blen;
		/* a digest's parts default to message/rfc822 */
		rc = multipart(c, depth, strcmp(ct.sub, "digest") == 0, t);
		goto out;
	} else if (strcmp(ct.type, "message") == 0 &&
	    strcmp(ct.sub, "rfc822") == 0 && cte_identity(h)) {
		if (hdrs_put(c, h, HO_7BIT, top) < 0)
			goto out;
		rd_seek(&c->rd, h->body);
		rc = entity(c, depth + 1, false, false, t);
		goto out;
	}

	/* a leaf */
	if (leaf_scan(c, h->body, &ls) < 0)
		goto out;
	*t = ls.t;
	text = strcmp(ct.type, "text") == 0;
	if (!cte_identity(h) || !ls.need) {
		if (hdrs_put(c, h, cte_identity(h) ? HO_7BIT : HO_KEEP,
		    top) < 0 || leaf_copy(c, h->body, ls.end) < 0)
			goto out;
	} else {
		if (hdrs_put(c, h, text ? HO_QP : HO_B64, top) < 0 ||
		    leaf_encode(c, h->body, &ls, text) < 0)
			goto out;
		if (text)
			c->st->encoded_qp++;
		else
			c->st->encoded_b64++;
	}
	rc = 0;
out:
	free(h);
	return rc;
}

/* ---------------- the entry points */

static int
convert(struct mime_cv *c)
{
	struct term t;
	int rc;

	rd_seek(&c->rd, 0);
	rc = entity(c, 0, true, false, &t);
	if (rc == 0)
		rc = cv_flush(c);
	if (rc < 0) {
		errno = c->err != 0 ? c->err : EIO;
		return -1;
	}
	return 0;
}

/* cv_new - a converter over hdrs and a body (mem, or fd when NULL) */
static struct mime_cv *
cv_new(const char *hdrs, size_t hlen, const char *mem, size_t mlen,
    int fd, const struct mime8to7_conf *conf, mime_write_fn fn, void *arg,
    struct mime8to7_stats *st)
{
	static const struct mime8to7_conf defconf;
	struct mime_cv *c = calloc(1, sizeof(*c));

	if (c == NULL)
		return NULL;
	c->rd.h = hdrs != NULL ? hdrs : "";
	c->rd.hlen = hdrs != NULL ? hlen : 0;
	c->rd.sep = c->rd.hlen == 0 || c->rd.h[c->rd.hlen - 1] == '\n' ? 1 : 2;
	c->rd.mem = mem;
	c->rd.mlen = mem != NULL ? mlen : 0;
	c->rd.fd = mem != NULL ? -1 : fd;
	c->conf = conf != NULL ? conf : &defconf;
	c->max_depth = c->conf->max_depth > 0 &&
	    c->conf->max_depth < MIME_MAX_DEPTH ? c->conf->max_depth :
	    MIME_MAX_DEPTH;
	c->write = fn;
	c->arg = arg;
	c->st = st;
	memset(st, 0, sizeof(*st));
	return c;
}

static int
run(const char *hdrs, size_t hlen, const char *mem, size_t mlen, int fd,
    const struct mime8to7_conf *conf, mime_write_fn fn, void *arg,
    struct mime8to7_stats *st)
{
	struct mime8to7_stats local;
	struct mime_cv *c;
	int rc;

	c = cv_new(hdrs, hlen, mem, mlen, fd, conf, fn, arg,
	    st != NULL ? st : &local);
	if (c == NULL) {
		errno = ENOMEM;
		return -1;
	}
	rc = convert(c);
	free(c);
	return rc;
}

int
mime8to7_fd(const char *hdrs, size_t hlen, int body_fd,
    const struct mime8to7_conf *conf, mime_write_fn fn, void *arg,
    struct mime8to7_stats *st)
{
	return run(hdrs, hlen, NULL, 0, body_fd, conf, fn, arg, st);
}

int
mime8to7_mem(const char *hdrs, size_t hlen, const char *body, size_t blen,
    const struct mime8to7_conf *conf, mime_write_fn fn, void *arg,
    struct mime8to7_stats *st)
{
	return run(hdrs, hlen, body != NULL ? body : "", body != NULL ? blen : 0,
	    -1, conf, fn, arg, st);
}

/* count - the write callback of mime8to7_size */
static int
count(void *arg, const char *p, size_t n)
{
	(void)arg;
	(void)p;
	(void)n;
	return 0;
}

long long
mime8to7_size(const char *hdrs, size_t hlen, int body_fd,
    const struct mime8to7_conf *conf)
{
	struct mime8to7_stats st;

	if (mime8to7_fd(hdrs, hlen, body_fd, conf, count, NULL, &st) < 0)
		return -1;
	return (long long)st.out_bytes;
}

int
mime_has8bit(const char *hdrs, size_t hlen, int body_fd)
{
	char blk[RD_BLOCK];
	off_t off = 0;
	size_t i;

	for (i = 0; hdrs != NULL && i < hlen; i++)
		if ((unsigned char)hdrs[i] & 0x80)
			return 1;
	for (;;) {
		ssize_t n = pread(body_fd, blk, sizeof(blk), off);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		if (n == 0)
			return 0;
		for (i = 0; i < (size_t)n; i++)
			if ((unsigned char)blk[i] & 0x80)
				return 1;
		off += n;
	}
}
