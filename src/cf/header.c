/* header.c - H lines */
#include "cf/header.h"
#include "cf/cf.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

void
header_define(struct cf *cf, const char *p, int line)
{
	struct cf_header h;
	const char *colon, *name;

	memset(&h, 0, sizeof(h));
	h.line = line;
	if (*p == '?') {
		const char *end = strchr(p + 1, '?');

		if (end == NULL) {
			cf_warn(cf, line, "invalid header line \"H%s\"", p);
			return;
		}
		if (p[1] == '$' && p[2] == '{') {
			h.cond_macro = xstrndup(p + 3, (size_t)(end - p - 3));
			if (*h.cond_macro && h.cond_macro[strlen(h.cond_macro) - 1] == '}')
				h.cond_macro[strlen(h.cond_macro) - 1] = '\0';
		} else if (p[1] == '$' && end == p + 3) {
			h.cond_macro = xstrndup(p + 2, 1);
		} else {
			for (const char *f = p + 1; f < end; f++)
				h.flags[(unsigned char)*f / 8] |=
				    (unsigned char)(1 << ((unsigned char)*f % 8));
		}
		p = end + 1;
	}
	name = p;
	colon = strchr(p, ':');
	if (colon == NULL || colon == name) {
		cf_warn(cf, line, "invalid header line \"%s\"", name);
		free(h.cond_macro);
		return;
	}
	h.name = xstrndup(name, (size_t)(colon - name));
	for (size_t l = strlen(h.name); l > 0 && isspace((unsigned char)h.name[l - 1]); l--)
		h.name[l - 1] = '\0';
	p = colon + 1;
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
