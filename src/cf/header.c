/* header.c - H lines */
#include "cf/header.h"
#include "cf/cf.h"
#include "cf/cf_text.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* header_syntax - sendmail's complaint, quoting len bytes of the text */
static void
header_syntax(struct cf *cf, const char *text, size_t len, int line)
{
	struct buf shown = BUF_INIT;

	cf_text_show(cf, text, len, true, &shown);
	cf_warn(cf, line, "header syntax error, line \"%s\"", buf_str(&shown));
	buf_free(&shown);
}

/*
 * header_cond - the ?...? part after an H, as sendmail's chompheader
 * reads it: mailer flags, or one macro ("?$x?", "?${name}?") whose being
 * set adds the header.  False on a syntax error.
 */
static bool
header_cond(struct cf *cf, const char *p, const char *q, struct cf_header *h)
{
	if (*p == '$' && p + 1 < q && p[1] == '$') {
		/* a literal '$': sendmail reads the name after it */
		p += 2;
		if (p == q)
			return false;
	} else if (*p == '$') {
		if (++p == q)
			return false;
	} else {
		for (; p < q; p++) {
			if (!isascii((unsigned char)*p))
				return false;
			h->flags[(unsigned char)*p / 8] |=
			    (unsigned char)(1 << ((unsigned char)*p % 8));
		}
		return true;
	}
	/* one name: a byte, or {name} */
	if (*p == '{' && q - p > 2 && q[-1] == '}') {
		h->cond_macro = xstrndup(p + 1, (size_t)(q - p - 2));
		return true;
	}
	if (q - p != 1)
		return false;
	h->cond_macro = xstrndup(p, 1);
	return true;
}

void
header_define(struct cf *cf, const char *text, int line)
{
	struct cf_header h;
	const char *p = text, *fname, *fvalue;
	size_t shown = strlen(text);

	memset(&h, 0, sizeof(h));
	h.line = line;
	if (*p == '?') {
		const char *q = strchr(p + 1, '?');

		if (q == NULL || !header_cond(cf, p + 1, q, &h)) {
			header_syntax(cf, text, shown, line);
			free(h.cond_macro);
			return;
		}
		/* sendmail's copy of the line now ends at the second '?' */
		shown = (size_t)(q - text);
		p = q + 1;
	}
	/* a macro is no name character: sendmail's byte for it is 8-bit */
	fname = p;
	while (isascii((unsigned char)*p) && isgraph((unsigned char)*p) &&
	    *p != ':' && (*p != '$' || p[1] == '$'))
		p += *p == '$' ? 2 : 1;
	fvalue = p;
	while (*p == ' ' || (*p >= '\t' && *p <= '\r'))
		p++;
	if (*p++ != ':' || fname == fvalue) {
		header_syntax(cf, text, shown, line);
		free(h.cond_macro);
		return;
	}
	h.name = xstrndup(fname, (size_t)(fvalue - fname));
	while (*p == ' ' || *p == '\t')
		p++;
	h.value = xstrdup(p);
	cf->headers = xreallocarray(cf->headers, cf->nheaders + 1,
	    sizeof(*cf->headers));
	cf->headers[cf->nheaders++] = h;
}

void
header_free_all(struct cf *cf)
{
	size_t i;

	for (i = 0; i < cf->nheaders; i++) {
		free(cf->headers[i].name);
		free(cf->headers[i].value);
		free(cf->headers[i].cond_macro);
	}
	free(cf->headers);
}

/*
 * The flag word sendmail 8.17 gives a header line (-bt /header shows
 * it), as observed from the real binary: recipient, sender, trace,
 * Resent-, Bcc, MIME and size headers each have their bits.  Every
 * header also carries the "from the user" bit.
 */
#define HDR_USER	0x00040000UL

static const struct header_flag_entry {
	const char *name;
	unsigned long flags;
} header_flag_table[] = {
	{ "from", 0x0100 }, { "sender", 0x0100 }, { "reply-to", 0x0100 },
	{ "resent-from", 0x0108 }, { "resent-sender", 0x0108 },
	{ "resent-reply-to", 0x0108 },
	{ "to", 0x0002 }, { "cc", 0x0002 }, { "bcc", 0x4002 },
	{ "resent-to", 0x000a }, { "resent-cc", 0x000a },
	{ "resent-bcc", 0x400a }, { "apparently-to", 0x0002 },
	{ "errors-to", 0x0900 }, { "return-receipt-to", 0x0400 },
	{ "full-name", 0x0020 }, { "received", 0x00c0 },
	{ "resent-date", 0x0008 }, { "resent-message-id", 0x0008 },
	{ "return-path", 0x20060 }, { "content-transfer-encoding", 0x1000 },
	{ "content-type", 0x2000 }, { "content-length", 0x0020 },
	{ "subject", 0x8000 }, { "disposition-notification-to", 0x0100 },
	{ "mail-from", 0x00c0 }, { "comments", 0x8040 },
	{ "x-authentication-warning", 0x0040 }, { "via", 0x00c0 },
};

bool
header_flags(const struct cf *cf, const char *line, unsigned long *flags)
{
	const char *colon = strchr(line, ':');
	size_t len, i;

	(void)cf;
	*flags = 0;
	if (colon == NULL || colon == line)
		return false;
	len = (size_t)(colon - line);
	for (i = 0; i < len; i++)
		if (isspace((unsigned char)line[i]))
			return false;
	*flags = HDR_USER;
	for (i = 0; i < sizeof(header_flag_table) / sizeof(header_flag_table[0]); i++)
		if (strlen(header_flag_table[i].name) == len &&
		    strncasecmp(header_flag_table[i].name, line, len) == 0) {
			*flags |= header_flag_table[i].flags;
			break;
		}
	return true;
}
