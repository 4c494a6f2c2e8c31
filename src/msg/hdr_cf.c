/*
 * hdr_cf.c - the headers a .cf's H lines add to every message, and
 * their macros expanded at intake (sendmail's eatheader early binding).
 */
#include "msg/intake.h"
#include "addr/crackaddr.h"
#include "cf/cf.h"
#include "cf/header.h"
#include "cf/macro.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define HDR_CF_EXPAND_MAX	2047	/* sendmail's expand() buffer, MAXLINE */

/* hdr_cf_space - ASCII isspace */
static bool
hdr_cf_space(unsigned char c)
{
	return c == ' ' || (c >= '\t' && c <= '\r');
}

/* hdr_cf_flags - sendmail's flags for a name, without HDR_USER */
static unsigned long
hdr_cf_flags(const char *name)
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

/* hdr_cf_defaults - the .cf's H lines as the message's default headers */
void
hdr_cf_defaults(struct hdr_list *l, const struct cf *cf)
{
	size_t i, j, first = l->n;

	for (i = 0; i < cf->nheaders; i++) {
		const struct cf_header *ch = &cf->headers[i];
		const char *v = ch->value;
		unsigned char mflags[256 / 8];
		char *mid = ch->cond_macro ? xstrdup(ch->cond_macro) : NULL;
		bool cond = false, null;
		struct hdr *h;

		for (j = 0; j < sizeof(mflags); j++)
			if (ch->flags[j] != 0)
				cond = true;
		memcpy(mflags, ch->flags, sizeof(mflags));
		while (hdr_cf_space((unsigned char)*v))
			v++;
		/* "HName: $>ruleset" checks headers; it adds none */
		if (v[0] == '$' && v[1] == '>') {
			free(mid);
			continue;
		}
		null = *v == '\0';
		/* an earlier H line of that name gives way */
		for (j = first; j < l->n; j++) {
			h = &l->v[j];
			if (strcasecmp(h->name, ch->name) != 0 ||
			    (h->flags & (HDR_USER | HDR_FORCE)))
				continue;
			if (null)
				break;
			h->deleted = true;
			if (!cond)
				memcpy(mflags, h->mflags, sizeof(mflags));
		}
		if (j < l->n) {
			free(mid);
			continue;
		}
		/* sendmail keeps the blank after the colon; the .cf reader
		   does not: one blank, as every H line has */
		h = hdr_add(l, ch->name, ch->value);
		h->sep = xstrdup(*ch->value != '\0' ? " " : "");
		h->flags = hdr_cf_flags(ch->name) | HDR_DEFAULT;
		memcpy(h->mflags, mflags, sizeof(mflags));
		h->cond_macro = mid;
		h->from_cf = true;
		if (cond || mid != NULL)
			h->flags |= HDR_CHECK;
	}
}

/* hdr_cf_expand - a value's macros, bounded as sendmail's expand() */
void
hdr_cf_expand(const struct macros *m, const char *value, struct buf *out)
{
	size_t start = out->len;

	macro_expand(m, value, out);
	if (out->len - start > HDR_CF_EXPAND_MAX)
		buf_truncate(out, start + HDR_CF_EXPAND_MAX);
}

/* hdr_cf_crack - value again through crackaddr, $g put where it stands */
static void
hdr_cf_crack(const struct macros *m, const char *value, struct buf *out)
{
	struct buf tmpl = BUF_INIT;
	const char *g = macro_get(m, 'g');
	size_t n = 0;
	long at;

	/* crackaddr keeps leading blanks as they are */
	while (hdr_cf_space((unsigned char)value[n]))
		n++;
	buf_add(out, value, n);
	at = crackaddr_at(value + n, &tmpl);
	if (at < 0)
		buf_add(out, tmpl.data, tmpl.len);
	else {
		buf_add(out, tmpl.data, (size_t)at);
		if (g != NULL)
			buf_adds(out, g);
		buf_add(out, tmpl.data + at + 2, tmpl.len - (size_t)at - 2);
	}
	if (out->len > HDR_CF_EXPAND_MAX)
		buf_truncate(out, HDR_CF_EXPAND_MAX);
	buf_free(&tmpl);
}

/* hdr_cf_bind - eatheader's early binding of the defaults */
void
hdr_cf_bind(struct hdr_list *l, const struct macros *m)
{
	size_t i;

	for (i = 0; i < l->n; i++) {
		struct hdr *h = &l->v[i];
		struct buf raw = BUF_INIT, b = BUF_INIT, c = BUF_INIT;
		const char *v;
		size_t n;

		if (h->deleted || (h->flags & (HDR_DEFAULT | HDR_BINDLATE)) !=
		    HDR_DEFAULT)
			continue;
		hdr_raw(h, &raw);
		hdr_cf_expand(m, buf_str(&raw), &b);
		v = buf_str(&b);
		if (v[0] != '\0' && (v[0] != ' ' || v[1] != '\0')) {
			if (h->flags & HDR_FROM) {
				hdr_cf_crack(m, v, &c);
				v = buf_str(&c);
			}
			for (n = 0; v[n] == ' ' || v[n] == '\t' || v[n] == '\n';
			    n++)
				;
			free(h->sep);
			free(h->value);
			h->sep = xstrndup(v, n);
			h->value = xstrdup(v + n);
			h->flags &= ~HDR_DEFAULT;
		}
		buf_free(&raw);
		buf_free(&b);
		buf_free(&c);
	}
}

/* hdr_cf_addheader - sendmail's addheader: before the first of that name */
struct hdr *
hdr_cf_addheader(struct hdr_list *l, const char *name, const char *value,
    unsigned long flags)
{
	struct buf raw = BUF_INIT;
	struct hdr *h;
	size_t i;

	for (i = 0; i < l->n; i++)
		if (strcasecmp(l->v[i].name, name) == 0)
			break;
	buf_addc(&raw, ' ');
	buf_adds(&raw, value);
	h = hdr_insert(l, i, name, buf_str(&raw));
	h->flags = hdr_cf_flags(name) | flags;
	buf_free(&raw);
	return h;
}

/* hdr_cf_auth_warning - an X-Authentication-Warning: header */
void
hdr_cf_auth_warning(struct hdr_list *l, const char *myhostname,
    const char *text)
{
	struct buf b = BUF_INIT;

	buf_adds(&b, myhostname);
	buf_adds(&b, ": ");
	buf_adds(&b, text);
	/* sendmail formats it into a MAXLINE buffer */
	if (b.len > HDR_CF_EXPAND_MAX)
		buf_truncate(&b, HDR_CF_EXPAND_MAX);
	hdr_cf_addheader(l, "X-Authentication-Warning", buf_str(&b), 0);
	buf_free(&b);
}

/* hdr_cf_fullname - the full name in a gecos field (buildfname) */
void
hdr_cf_fullname(const char *gecos, const char *login, struct buf *out)
{
	const char *p;
	size_t start;

	if (*gecos == '*')
		gecos++;
	for (p = gecos; *p != '\0' && *p != ',' && *p != ';' && *p != '%';
	    p++) {
		if (*p == '&') {
			start = out->len;
			buf_adds(out, login);
			if (out->len > start)
				out->data[start] = (char)toupper(
				    (unsigned char)out->data[start]);
		} else
			buf_addc(out, *p);
	}
}

/* hdr_cf_rfc822_string - sendmail's rfc822_string test */
bool
hdr_cf_rfc822_string(const char *s, const char *must_quote)
{
	bool quoted = false;
	int commentlev = 0;

	if (must_quote == NULL)
		must_quote = "@,;:\\()[].'";
	for (; *s != '\0'; s++) {
		if (*s == '\\') {
			if (*++s == '\0')
				return false;
		} else if (commentlev == 0 && *s == '"')
			quoted = !quoted;
		else if (!quoted) {
			if (*s == ')') {
				if (commentlev == 0)
					return false;
				commentlev--;
			} else if (*s == '(')
				commentlev++;
			else if (commentlev == 0 && strchr(must_quote, *s) != NULL)
				return false;
		}
	}
	return !quoted && commentlev == 0;
}

/* hdr_cf_addquotes - s in double quotes, backslashes and quotes escaped */
void
hdr_cf_addquotes(const char *s, struct buf *out)
{
	buf_addc(out, '"');
	for (; *s != '\0'; s++) {
		if (*s == '\\' || *s == '"')
			buf_addc(out, '\\');
		buf_addc(out, *s);
	}
	buf_addc(out, '"');
}
