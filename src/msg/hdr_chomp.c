/*
 * hdr_chomp.c - a sender's header line into the header list, as
 * sendmail 8.17's chompheader does it for a message it collects.
 */
#include "msg/intake.h"
#include "cf/header.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* hdr_chomp_space - ASCII isspace, whatever the locale */
static bool
hdr_chomp_space(unsigned char c)
{
	return c == ' ' || (c >= '\t' && c <= '\r');
}

/* hdr_chomp_flags - sendmail's flag word for a header name (no HDR_USER) */
static unsigned long
hdr_chomp_flags(const char *name)
{
	struct buf b = BUF_INIT;
	unsigned long flags = 0;

	buf_adds(&b, name);
	buf_addc(&b, ':');
	if (!header_flags(NULL, buf_str(&b), &flags))
		flags = 0;
	buf_free(&b);
	return flags & ~HDR_USER;
}

/* hdr_value - sendmail's hvalue: a header's value */
const char *
hdr_value(const struct hdr_list *l, const char *name)
{
	size_t i;
	const char *v;

	for (i = 0; i < l->n; i++) {
		const struct hdr *h = &l->v[i];

		if (h->deleted || (h->flags & HDR_DEFAULT) ||
		    strcasecmp(h->name, name) != 0)
			continue;
		for (v = h->value; hdr_chomp_space((unsigned char)*v); v++)
			;
		return v;
	}
	return NULL;
}

/* hdr_chomp_has - does s hold one of the bytes in set? */
static bool
hdr_chomp_has(const char *s, const char *set)
{
	return strpbrk(s, set) != NULL;
}

/* hdr_chomp - one sender's header line into the list (chompheader) */
int
hdr_chomp(struct hdr_list *l, const char *line, size_t len,
    const struct hdr_chomp_ctx *ctx, struct buf *msg)
{
	const unsigned char *s = (const unsigned char *)line;
	const unsigned char *end = s + len, *name_end;
	char *name, *value, *q;
	unsigned long flags;
	unsigned char mflags[256 / 8];
	bool nullheader, dropfrom = false;
	const char *fromname;
	size_t i, limit;
	struct hdr *h;
	int rc = HDR_CHOMP_OK;

	/* the name: graphic ASCII up to the colon, blanks allowed before it */
	while (s < end && *s > ' ' && *s < 0x7f && *s != ':')
		s++;
	name_end = s;
	while (s < end && hdr_chomp_space(*s))
		s++;
	if (s >= end || *s != ':' || name_end == (const unsigned char *)line) {
		if (msg != NULL) {
			buf_adds(msg, "553 5.3.0 header syntax error, line \"");
			buf_add(msg, line, len);
			buf_adds(msg, "\"\n");
		}
		return HDR_CHOMP_SYNTAX;
	}
	if (name_end - (const unsigned char *)line > HDR_PARSE_MAXNAME)
		return HDR_CHOMP_EOH;
	name = xstrndup(line, (size_t)(name_end - (const unsigned char *)line));
	s++;
	value = xstrndup((const char *)s, (size_t)(end - s));
	for (q = value; hdr_chomp_space((unsigned char)*q); q++)
		;
	nullheader = *q == '\0';

	flags = hdr_chomp_flags(name);
	if ((flags & HDR_RESENT) && ctx->eflags != NULL)
		*ctx->eflags |= INTAKE_RESENT;
	/* the Lotus Notes hack: From: on one line */
	if ((flags & HDR_FROM) && ctx->single_line_from)
		for (q = value; (q = strchr(q, '\n')) != NULL; q++)
			*q = ' ';

	/*
	 * A From: that is just what the H line would make is dropped, so
	 * the H line's From (with the full name) stays: sendmail compares
	 * the text after the colon as it came, blanks and all.
	 */
	fromname = ctx->eflags != NULL && (*ctx->eflags & INTAKE_RESENT) ?
	    "resent-from" : "from";
	if (strcasecmp(name, fromname) == 0 && ctx->from_local &&
	    ctx->from_paddr != NULL &&
	    (strcmp(value, ctx->from_paddr) == 0 ||
	     (ctx->from_user != NULL && strcmp(value, ctx->from_user) == 0)))
		dropfrom = true;

	/* an H line's default of the same name gives way */
	memset(mflags, 0, sizeof(mflags));
	limit = ctx->limited && ctx->scan_limit < l->n ? ctx->scan_limit : l->n;
	for (i = 0; i < limit; i++) {
		h = &l->v[i];
		if ((h->flags & (HDR_USER | HDR_FORCE)) ||
		    strcasecmp(name, h->name) != 0)
			continue;
		if (nullheader) {
			rc = HDR_CHOMP_DROPPED;
			goto out;
		}
		if (dropfrom) {
			h->flags |= HDR_USER;
			if (ctx->nomhhack)
				h->flags &= ~HDR_CHECK;
			goto out;
		}
		/* the default goes; its ?flags? stay with the new header
		   (without HDR_CHECK: the qf shows them only for headers
		   with HDR_ACHECK, e.g. "H?x?Full-Name"), its ?$x? do not */
		h->deleted = true;
		memcpy(mflags, h->mflags, sizeof(mflags));
	}

	h = hdr_add_raw(l, name, value);
	h->flags = flags | HDR_USER;
	memcpy(h->mflags, mflags, sizeof(mflags));

	/* a list with , ( < or ; is not an old-style one */
	if ((flags & (HDR_RCPT | HDR_FROM)) && ctx->eflags != NULL &&
	    hdr_chomp_has(value, ",(<;"))
		*ctx->eflags &= ~INTAKE_OLDSTYLE;
out:
	free(name);
	free(value);
	return rc;
}
