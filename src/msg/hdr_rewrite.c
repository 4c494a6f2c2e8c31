/*
 * hdr_rewrite.c - header addresses as a mailer gets them, and the
 * header block sendmail writes to a mailer (putheader, commaize).
 */
#include "msg/intake.h"
#include "addr/addrlist.h"
#include "addr/parseaddr.h"
#include "addr/prescan.h"
#include "cf/macro.h"
#include "cf/mailer.h"

#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#define HDR_REWRITE_NAMEMAX	200	/* "%.200s:" */
#define HDR_REWRITE_MAXNAME	256	/* sendmail's MAXNAME */

/* hdr_rewrite_space - ASCII isspace */
static bool
hdr_rewrite_space(unsigned char c)
{
	return c == ' ' || (c >= '\t' && c <= '\r');
}

/* hdr_rewrite_addr - one header address as a mailer gets it */
int
hdr_rewrite_addr(struct rw_ctx *ctx, const char *addr, const struct mailer *m,
    bool sender, struct buf *out)
{
	int rs;

	if (m == NULL || ctx == NULL) {
		buf_adds(out, addr);
		return EX_OK;
	}
	rs = sender ? m->s_hdr : m->r_hdr;
	/* sendmail's remotename: a mailer without the ruleset leaves it */
	if (rs < 0) {
		buf_adds(out, addr);
		return EX_OK;
	}
	return remotename(ctx, addr, m, RF_HEADERADDR |
	    (sender ? RF_SENDERADDR : 0), out);
}

/* hdr_rewrite_denl - sendmail's denlstring(s, false, true): if a newline is
   not followed by a blank (or ends s), every newline becomes a blank */
static void
hdr_rewrite_denl(struct buf *b)
{
	size_t i;
	bool bad = false;

	for (i = 0; i < b->len; i++)
		if (b->data[i] == '\n' && (i + 1 == b->len ||
		    (b->data[i + 1] != ' ' && b->data[i + 1] != '\t')))
			bad = true;
	if (!bad)
		return;
	for (i = 0; i < b->len; i++)
		if (b->data[i] == '\n')
			b->data[i] = ' ';
}

/*
 * hdr_rewrite_toolong - does prescan give up on this address with
 * "Address too long" (its token buffer full)?  sendmail then cuts the
 * header value at the address's 256th byte (MAXNAME), so the address
 * is written that short and the rest of the header is lost.
 */
static bool
hdr_rewrite_toolong(const char *name, size_t len)
{
	struct arena a = ARENA_INIT;
	struct ws *ws;
	struct buf err = BUF_INIT;
	char *copy;
	bool toolong;

	/* the buffer holds PRESCAN_BUFSIZE bytes: shorter ones always fit */
	if (len < PRESCAN_BUFSIZE / 2)
		return false;
	ws = xmalloc(sizeof(*ws));
	ws->n = 0;
	copy = xstrndup(name, len);
	toolong = prescan(copy, '\0', NULL, 0, &a, ws, NULL, &err) < 0 &&
	    strstr(buf_str(&err), "Address too long") != NULL;
	free(copy);
	free(ws);
	buf_free(&err);
	arena_free(&a);
	return toolong;
}

/* hdr_rewrite_nameend - the end of one address at p, commaize's way */
static const char *
hdr_rewrite_nameend(const char *p, bool oldstyle)
{
	const char *end;

	for (;;) {
		end = addrlist_next(p, oldstyle ? ' ' : ',');
		p = end;
		while (*p != '\0' && hdr_rewrite_space((unsigned char)*p))
			p++;
		/* "user @ host" in an old-style list is one address */
		if (*p != '@')
			return end;
		p++;
		while (*p != '\0' && hdr_rewrite_space((unsigned char)*p))
			p++;
	}
}

/* hdr_rewrite_commaize - an address header as sendmail's comma list */
int
hdr_rewrite_commaize(struct rw_ctx *ctx, const struct hdr *h,
    const char *value, bool oldstyle, const struct mailer *m,
    struct buf *out)
{
	const char *p = value, *name, *end;
	size_t namelen = strlen(h->name), opos, linelen, spaces = 0;
	long omax = m != NULL ? m->linelimit - 2 : -2;
	bool first = true, sender = (h->flags & HDR_FROM) != 0;
	struct buf one = BUF_INIT, res = BUF_INIT;
	int status = EX_OK, st;

	if (sender)
		oldstyle = false;
	if (omax < 0 || omax > 78)
		omax = 78;
	opos = (namelen > HDR_REWRITE_NAMEMAX ? HDR_REWRITE_NAMEMAX : namelen) + 1;
	/* the blanks after the colon, as blanks */
	while (hdr_rewrite_space((unsigned char)*p)) {
		spaces++;
		p++;
	}
	if (spaces > (HDR_REWRITE_LINEMAX + 3) / 2)
		spaces = (HDR_REWRITE_LINEMAX + 3) / 2;
	for (size_t i = 0; i < spaces; i++)
		buf_addc(out, ' ');
	opos += spaces;
	linelen = opos;

	while (*p != '\0') {
		while (hdr_rewrite_space((unsigned char)*p) || *p == ',')
			p++;
		if (*p == '\0')
			break;
		name = p;
		end = hdr_rewrite_nameend(p, oldstyle);
		/* strip off trailing blanks and commas */
		p = end;
		while (p > name && (hdr_rewrite_space((unsigned char)p[-1]) ||
		    p[-1] == ','))
			p--;
		if (p == name) {
			/* nothing but a delimiter: go past it */
			p = end > name ? end : name + 1;
			continue;
		}
		buf_reset(&one);
		if (hdr_rewrite_toolong(name, (size_t)(p - name))) {
			/* sendmail's prescan cut the value here: this much
			   of the address, and nothing after it */
			buf_add(&one, name, HDR_REWRITE_MAXNAME);
			p = name + strlen(name);
		} else
			buf_add(&one, name, (size_t)(p - name));
		buf_reset(&res);
		st = hdr_rewrite_addr(ctx, buf_str(&one), m, sender, &res);
		if (st != EX_OK && status == EX_OK)
			status = st;
		if (res.len == 0)
			continue;
		hdr_rewrite_denl(&res);

		/* nice formatting: wrap before column omax */
		opos += res.len;
		if (!first)
			opos += 2;
		if (opos > (size_t)omax && !first) {
			buf_adds(out, ",\n        ");
			linelen = 8;
			opos = 8 + res.len;
		} else if (!first) {
			buf_adds(out, ", ");
			linelen += 2;
		}
		/* sendmail's output line is MAXLINE bytes at most */
		for (size_t i = 0; i < res.len &&
		    linelen < HDR_REWRITE_LINEMAX; i++, linelen++)
			buf_addc(out, res.data[i]);
		first = false;
	}
	buf_free(&one);
	buf_free(&res);
	return status;
}

/* hdr_rewrite_mflags - do the ?flags? of h meet the mailer's F=? */
static bool
hdr_rewrite_mflags(const struct hdr *h, const struct mailer *m)
{
	size_t i;

	if (m == NULL)
		return false;
	for (i = 0; i < sizeof(h->mflags); i++)
		if (h->mflags[i] & m->flags[i])
			return true;
	return false;
}

/* hdr_rewrite_vanilla - "Name:" and the value, each continuation line
   starting with a blank, as put_vanilla_header */
static void
hdr_rewrite_vanilla(const struct hdr *h, const char *v, struct buf *out)
{
	const char *nl;
	size_t start = out->len;

	buf_add(out, h->name, strnlen(h->name, HDR_REWRITE_NAMEMAX));
	buf_addc(out, ':');
	while ((nl = strchr(v, '\n')) != NULL) {
		size_t l = (size_t)(nl - v);

		if (out->len - start + l > HDR_REWRITE_LINEMAX + 255)
			l = HDR_REWRITE_LINEMAX + 255 - (out->len - start);
		buf_add(out, v, l);
		buf_addc(out, '\n');
		start = out->len;
		v = nl + 1;
		if (*v != ' ' && *v != '\t')
			buf_addc(out, ' ');
	}
	{
		size_t l = strlen(v);

		if (out->len - start + l > HDR_REWRITE_LINEMAX + 255)
			l = HDR_REWRITE_LINEMAX + 255 - (out->len - start);
		buf_add(out, v, l);
	}
	buf_addc(out, '\n');
}

/* hdr_rewrite_put - the header block for a mailer (putheader) */
/*
 * hdr_rewrite_newstyle - does a sender's or recipients' header of l hold
 * one of , ( < ; ?  Then the message is not old-style, whatever
 * OldStyleHeaders says: sendmail's chompheader clears EF_OLDSTYLE so for
 * each header it takes in, at intake and from the qf in a queue run, before
 * putheader writes any.  The .cf's own H lines do not count.
 */
static bool
hdr_rewrite_newstyle(const struct hdr_list *l)
{
	size_t i;

	for (i = 0; i < l->n; i++) {
		const struct hdr *h = &l->v[i];

		if (!h->deleted && !h->from_cf &&
		    (h->flags & (HDR_FROM | HDR_RCPT)) && h->value != NULL &&
		    strpbrk(h->value, ",(<;") != NULL)
			return true;
	}
	return false;
}

int
hdr_rewrite_put(const struct hdr_list *l, const struct hdr_put_ctx *pc,
    struct buf *out)
{
	size_t i;
	int status = EX_OK, st;
	struct buf raw = BUF_INIT, val = BUF_INIT;
	bool oldstyle = (pc->eflags & INTAKE_OLDSTYLE) != 0 &&
	    !hdr_rewrite_newstyle(l);

	for (i = 0; i < l->n; i++) {
		const struct hdr *h = &l->v[i];
		const char *q;

		if (h->deleted)
			continue;
		/* ?flags? and ?$x?: the mailer's flags or the macro decide */
		if ((h->flags & (HDR_CHECK | HDR_ACHECK)) &&
		    !hdr_rewrite_mflags(h, pc->m) &&
		    (h->cond_macro == NULL || pc->macros == NULL ||
		     (q = macro_get_name(pc->macros, h->cond_macro)) == NULL ||
		     *q == '\0'))
			continue;
		if ((h->flags & HDR_RESENT) && !(pc->eflags & INTAKE_RESENT))
			continue;
		buf_reset(&raw);
		hdr_raw(h, &raw);
		buf_reset(&val);
		/* an H line's value: its macros now */
		if (h->from_cf && (h->flags & (HDR_DEFAULT | HDR_BINDLATE)) &&
		    pc->macros != NULL) {
			hdr_cf_expand(pc->macros, buf_str(&raw), &val);
			if (val.len == 0)
				continue;
		} else
			buf_add(&val, raw.data, raw.len);
		if ((h->flags & HDR_BCC) && !pc->keep_bcc) {
			/* Bcc: left out, or emptied when no other recipient
			   header is there */
			if (!(pc->eflags & INTAKE_DELETE_BCC)) {
				buf_add(out, h->name,
				    strnlen(h->name, HDR_REWRITE_NAMEMAX));
				buf_adds(out, ":\n");
			}
			continue;
		}
		if (h->flags & (HDR_FROM | HDR_RCPT)) {
			buf_add(out, h->name, strnlen(h->name, HDR_REWRITE_NAMEMAX));
			buf_addc(out, ':');
			st = hdr_rewrite_commaize(pc->rw, h, buf_str(&val),
			    oldstyle, pc->m, out);
			buf_addc(out, '\n');
			if (st != EX_OK && status == EX_OK)
				status = st;
		} else
			hdr_rewrite_vanilla(h, buf_str(&val), out);
	}
	buf_free(&raw);
	buf_free(&val);
	return status;
}
