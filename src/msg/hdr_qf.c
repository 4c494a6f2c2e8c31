/*
 * hdr_qf.c - headers as sendmail 8.17 keeps them in a qf file: the
 * H lines, their ?conditions?, and the quoting of its internal bytes.
 */
#include "msg/intake.h"
#include "cf/header.h"

#include <stdlib.h>
#include <string.h>

#define HDR_QF_METAQUOTE	0xff	/* sendmail's METAQUOTE */
#define HDR_QF_MACROEXPAND	0x81	/* sendmail's internal '$' */

/* hdr_qf_internal - a byte sendmail quotes: 0x80-0x9f and 0xff */
static bool
hdr_qf_internal(unsigned char c)
{
	return c == HDR_QF_METAQUOTE || (c & 0xe0) == 0x80;
}

/* hdr_qf_text - the text after the colon, quoted for the qf */
static void
hdr_qf_text(const struct hdr *h, struct buf *out)
{
	struct buf raw = BUF_INIT;
	const unsigned char *s;
	bool tmpl = h->from_cf && (h->flags & HDR_BINDLATE);
	bool bad = false;
	size_t i;

	hdr_raw(h, &raw);
	/* denlstring: a newline without a blank after it makes them all
	   blanks (a continuation line must start with one) */
	for (i = 0; i < raw.len; i++)
		if (raw.data[i] == '\n' && (i + 1 == raw.len ||
		    (raw.data[i + 1] != ' ' && raw.data[i + 1] != '\t')))
			bad = true;
	for (i = 0; bad && i < raw.len; i++)
		if (raw.data[i] == '\n')
			raw.data[i] = ' ';
	s = (const unsigned char *)buf_str(&raw);
	for (i = 0; i < raw.len; i++) {
		if (tmpl && s[i] == '$' && i + 1 < raw.len) {
			/* a macro kept for delivery, in sendmail's form */
			if (s[i + 1] == '$')
				buf_addc(out, '$');
			else {
				buf_addc(out, HDR_QF_MACROEXPAND);
				buf_addc(out, s[i + 1]);
			}
			i++;
			continue;
		}
		if (hdr_qf_internal(s[i]))
			buf_addc(out, HDR_QF_METAQUOTE);
		buf_addc(out, s[i]);
	}
	buf_free(&raw);
}

/* hdr_qf_line - a header as its qf H line */
bool
hdr_qf_line(const struct hdr *h, bool resent, struct buf *out)
{
	size_t i;
	bool any = false;

	if (h->deleted)
		return false;
	if ((h->flags & HDR_RESENT) && !resent)
		return false;
	/* a default that expanded to nothing is not written */
	if ((h->flags & (HDR_DEFAULT | HDR_BINDLATE)) == HDR_DEFAULT)
		return false;
	buf_adds(out, "H?");
	if (h->cond_macro != NULL) {
		if (strlen(h->cond_macro) == 1)
			buf_addf(out, "$%s", h->cond_macro);
		else
			buf_addf(out, "${%s}", h->cond_macro);
	} else if (h->flags & (HDR_CHECK | HDR_ACHECK)) {
		for (i = 0; i < sizeof(h->mflags); i++)
			if (h->mflags[i] != 0)
				any = true;
		/* the letters 0-127 that are set, in order */
		for (i = 0; any && i < 128; i++)
			if (h->mflags[i / 8] & (1u << (i % 8)))
				buf_addc(out, (int)i);
	}
	buf_addc(out, '?');
	buf_adds(out, h->name);
	buf_addc(out, ':');
	hdr_qf_text(h, out);
	buf_addc(out, '\n');
	return true;
}

/* hdr_qf_parse - a qf H line back into a header */
bool
hdr_qf_parse(struct hdr_list *l, const char *line)
{
	const char *p = line, *q, *colon;
	unsigned char mflags[256 / 8];
	char *mid = NULL, *name;
	bool cond = false, tmpl = false;
	struct buf val = BUF_INIT, nb = BUF_INIT;
	unsigned long flags = 0;
	struct hdr *h;

	memset(mflags, 0, sizeof(mflags));
	if (*p == '?') {
		q = strchr(++p, '?');
		if (q == NULL)
			return false;
		if (*p == '$' || (unsigned char)*p == HDR_QF_MACROEXPAND) {
			/* ?$x? or ?${name}?; "?$?" and "?$xy?" are errors */
			if (q == p + 1)
				return false;
			p++;
			if (*p == '{' && q > p + 1 && q[-1] == '}')
				mid = xstrndup(p + 1, (size_t)(q - p - 2));
			else if (q == p + 1)
				mid = xstrndup(p, 1);
			else
				return false;
		} else {
			for (; p < q; p++) {
				if ((unsigned char)*p >= 0x80) {
					free(mid);
					return false;
				}
				mflags[(unsigned char)*p / 8] |=
				    (unsigned char)(1u << ((unsigned char)*p % 8));
				cond = true;
			}
		}
		p = q + 1;
	}
	/* name: graphic ASCII, blanks, ':' */
	for (q = p; *q > ' ' && (unsigned char)*q < 0x7f && *q != ':'; q++)
		;
	for (colon = q; *colon == ' ' || *colon == '\t'; colon++)
		;
	if (*colon != ':' || q == p) {
		free(mid);
		return false;
	}
	name = xstrndup(p, (size_t)(q - p));
	/* the text: quoting undone; sendmail's macro byte makes a template */
	for (q = colon + 1; *q != '\0'; q++) {
		unsigned char c = (unsigned char)*q;

		if (c == HDR_QF_METAQUOTE && q[1] != '\0') {
			buf_addc(&val, *++q);
			continue;
		}
		if (c == HDR_QF_MACROEXPAND) {
			tmpl = true;
			buf_addc(&val, '$');
			continue;
		}
		buf_addc(&val, c);
	}
	if (tmpl) {
		/* a literal '$' of a template is "$$" */
		struct buf t = BUF_INIT;

		for (q = colon + 1; *q != '\0'; q++) {
			unsigned char c = (unsigned char)*q;

			if (c == HDR_QF_METAQUOTE && q[1] != '\0')
				buf_addc(&t, *++q);
			else if (c == HDR_QF_MACROEXPAND)
				buf_addc(&t, '$');
			else if (c == '$')
				buf_adds(&t, "$$");
			else
				buf_addc(&t, c);
		}
		buf_free(&val);
		val = t;
	}
	buf_adds(&nb, name);
	buf_addc(&nb, ':');
	if (!header_flags(NULL, buf_str(&nb), &flags))
		flags = HDR_USER;
	h = hdr_add_raw(l, name, buf_str(&val));
	h->flags = flags | HDR_USER;
	memcpy(h->mflags, mflags, sizeof(mflags));
	h->cond_macro = mid;
	h->from_cf = tmpl;
	if (cond || mid != NULL)
		h->flags |= HDR_CHECK;
	free(name);
	buf_free(&val);
	buf_free(&nb);
	return true;
}
