/* cf_text.c - .cf line text as sendmail sees it: translation, macro names,
 * munchstring, convtime, and the bytes its diagnostics quote */
#include "cf/cf_text.h"
#include "cf/cf.h"
#include "cf/macro.h"

#include <ctype.h>
#include <limits.h>
#include <string.h>
#include <strings.h>

#define CF_MACNAMELEN	25	/* sendmail's MAXMACNAMELEN */
#define CF_MACROEXPAND	0x81	/* sendmail's MACROEXPAND byte */
#define CF_PREFIXES	"=~&?"	/* what may stand between '$' and a name */

/* cf_text_space - sendmail's SM_ISSPACE */
static bool
cf_text_space(int c)
{
	return c == ' ' || (c >= '\t' && c <= '\r');
}

/* cf_text_prefix - is c one of the $= $~ $& $? prefixes? */
static bool
cf_text_prefix(int c)
{
	return c != '\0' && strchr(CF_PREFIXES, c) != NULL;
}

int
cf_text_macid(struct cf *cf, const char *p, const char **endp, int line)
{
	char mbuf[CF_MACNAMELEN + 1];
	size_t n = 0;
	int mid;

	if (*p == '\0' || (p[0] == '{' && p[1] == '}')) {
		cf_warn(cf, line, "Name required for macro/class");
		if (endp != NULL)
			*endp = p;
		return -1;
	}
	if (*p != '{') {
		if (endp != NULL)
			*endp = p + 1;
		return (unsigned char)*p;
	}
	while (*++p != '\0' && *p != '}' && n < sizeof(mbuf) - 1) {
		unsigned char c = (unsigned char)*p;

		if (isascii(c) && (isalnum(c) || c == '_'))
			mbuf[n++] = (char)c;
		else
			cf_warn(cf, line, "Invalid macro/class character %c", c);
	}
	mbuf[n] = '\0';
	mid = -1;
	if (*p == '\0') {
		cf_warn(cf, line, "Unbalanced { on %s", mbuf);
	} else if (*p != '}') {
		cf_warn(cf, line, "Macro/class name ({%s}) too long (%d chars max)",
		    mbuf, CF_MACNAMELEN);
	} else if (n == 1) {
		/* ${x} is $x */
		mid = (unsigned char)mbuf[0];
		p++;
	} else {
		/* "${ }" names sendmail's empty long macro; "{}" stands in */
		mid = n > 0 ? macro_id(cf->macros, mbuf, n) :
		    macro_id(cf->macros, "{}", 2);
		if (mid < 0)
			cf_warn(cf, line, "Macro/class {%s}: too many long names",
			    mbuf);
		p++;
	}
	if (endp != NULL)
		*endp = p;
	if (mid < 0) {
		cf_warn(cf, line, "Unable to assign macro/class ID (mid = 0x%x)",
		    (unsigned)mid);
		return -1;
	}
	if (mid >= MACRO_LONG_FIRST)
		(void)macro_show_byte(cf->macros, mid);
	return mid;
}

/* cf_text_addname - a macro id as $-form name text: "x" or "{name}" */
static void
cf_text_addname(struct cf *cf, int id, struct buf *out)
{
	char tmp[4];

	if (id < MACRO_LONG_FIRST) {
		buf_addc(out, id);
		return;
	}
	buf_addc(out, '{');
	buf_adds(out, macro_name(cf->macros, id, tmp));
	buf_addc(out, '}');
}

/* cf_text_rstrip - drop trailing white space, never the first byte */
static void
cf_text_rstrip(struct buf *out, bool keep_newline)
{
	while (out->len > 1 && cf_text_space((unsigned char)out->data[out->len - 1]) &&
	    !(keep_newline && out->data[out->len - 1] == '\n'))
		buf_truncate(out, out->len - 1);
}

void
cf_text_translate(struct cf *cf, const char *raw, struct buf *out, int line)
{
	const char *p, *ep;
	/* once a name fails, sendmail's copy ends; later names still parse */
	bool dead = false;

	buf_reset(out);
	for (p = raw; *p != '\0'; p++) {
		if (*p == '#' && p > raw && cf->version >= 3) {
			int prev = dead ? (unsigned char)p[-1] : out->len > 0 ?
			    (unsigned char)out->data[out->len - 1] : -1;
			const char *nl;

			if (prev == CF_MACROEXPAND) {
				/* "$#" made by hand: not a comment */
				if (!dead)
					buf_addc(out, '#');
				continue;
			}
			if (prev == '\\') {
				/* "\#" is a '#' */
				if (!dead) {
					buf_truncate(out, out->len - 1);
					buf_addc(out, '#');
				}
				continue;
			}
			/* a comment, to the end of this physical line */
			if (!dead)
				cf_text_rstrip(out, true);
			if ((nl = strchr(p, '\n')) == NULL)
				break;
			p = nl - 1;
			continue;
		}
		if (*p != '$') {
			/* plain bytes to the next '#' or '$', in one go */
			size_t n = 1 + strcspn(p + 1, "#$");

			if (!dead)
				buf_add(out, p, n);
			p += n - 1;
			continue;
		}
		if (p[1] == '\0' || p[1] == '$') {
			/* a literal '$' (sendmail leaves a last one alone) */
			if (!dead)
				buf_adds(out, "$$");
			if (p[1] != '\0')
				p++;
			continue;
		}
		{
			const char *name = p + 1;
			int id;

			if (cf_text_prefix((unsigned char)*name))
				name++;
			id = cf_text_macid(cf, name, &ep, line);
			if (!dead) {
				buf_addc(out, '$');
				if (name != p + 1)
					buf_addc(out, p[1]);
				if (id >= 0)
					cf_text_addname(cf, id, out);
			}
			if (id < 0) {
				/* sendmail stores a NUL for the name */
				dead = true;
				if (ep == name)
					break;
			}
			p = ep - 1;
		}
	}
	if (!dead)
		cf_text_rstrip(out, false);
}

size_t
cf_text_reflen(const char *p)
{
	const char *q = p + 1;

	if (*q == '\0')
		return 1;
	if (*q == '$')
		return 2;
	if (cf_text_prefix((unsigned char)*q)) {
		q++;
		if (*q == '\0')
			return 2;
	}
	if (*q == '{') {
		const char *e = q + 1;

		while (isascii((unsigned char)*e) &&
		    (isalnum((unsigned char)*e) || *e == '_'))
			e++;
		if (*e == '}' && e > q + 1)
			return (size_t)(e + 1 - p);
	}
	return (size_t)(q + 1 - p);
}

/* cf_text_longbyte - sendmail's byte for the long name "{name}" at q */
static int
cf_text_longbyte(struct cf *cf, const char *q, size_t len)
{
	int id;

	if (len < 3)
		return '?';
	id = macro_id_lookup(cf->macros, q + 1, len - 2);
	return id < 0 ? '?' : macro_show_byte(cf->macros, id);
}

void
cf_text_show(struct cf *cf, const char *t, size_t len, bool strip,
    struct buf *out)
{
	const char *end = t + len;
	int mask = strip ? 0x7f : 0xff;

	while (t < end) {
		const char *q, *qe;
		size_t n;

		if (*t != '$') {
			buf_addc(out, (unsigned char)*t++ & mask);
			continue;
		}
		n = cf_text_reflen(t);
		if (n > (size_t)(end - t))
			n = (size_t)(end - t);
		if (n == 2 && t[1] == '$') {
			buf_addc(out, '$');
			t += 2;
			continue;
		}
		buf_addc(out, CF_MACROEXPAND & mask);
		q = t + 1;
		qe = t + n;
		if (q < qe && cf_text_prefix((unsigned char)*q))
			buf_addc(out, *q++);
		if (q < qe && *q == '{' && qe - q > 1)
			buf_addc(out, cf_text_longbyte(cf, q, (size_t)(qe - q)) & mask);
		else if (q < qe)
			buf_addc(out, (unsigned char)*q & mask);
		t = qe;
	}
}

/* cf_text_xputc - one byte as sendmail's xputs prints it */
static void
cf_text_xputc(int c, struct buf *out)
{
	if (c & 0x80) {
		buf_adds(out, "M-");
		c &= 0x7f;
	}
	if (isprint(c))
		buf_addc(out, c);
	else if (c == '\n')
		buf_adds(out, "\\n");
	else if (c == '\r')
		buf_adds(out, "\\r");
	else if (c == '\t')
		buf_adds(out, "\\t");
}

void
cf_text_xputs(const char *t, struct buf *out)
{
	while (*t != '\0') {
		size_t n;

		if (*t != '$') {
			cf_text_xputc((unsigned char)*t++, out);
			continue;
		}
		n = cf_text_reflen(t);
		if (n == 2 && t[1] == '$')
			buf_addc(out, '$');
		else
			buf_add(out, t, n);
		t += n;
	}
}

/* cf_text_munch_put - one of sendmail's bytes into its munch buffer */
static void
cf_text_munch_put(struct cf *cf, size_t *sm, int c)
{
	if (*sm < sizeof(cf->munchbuf) - 1)
		cf->munchbuf[(*sm)++] = (unsigned char)c;
}

void
cf_text_munch(struct cf *cf, const char *p, const char **delimp, int delim,
    struct buf *out)
{
	size_t sm = 0;
	bool backslash = false, quoted = false;

	buf_reset(out);
	while (*p != '\0' && sm < CF_MAXLINE - 1) {
		int c = (unsigned char)*p;

		if (backslash && c != '$') {
			backslash = false;
			switch (c) {
			case 'r': c = '\r'; break;
			case 'n': c = '\n'; break;
			case 'f': c = '\f'; break;
			case 'b': c = '\b'; break;
			}
			buf_addc(out, c);
			cf_text_munch_put(cf, &sm, c);
			p++;
			continue;
		}
		if (c == '$') {
			/* a literal dollar, or sendmail's macro byte: its
			 * name follows as an ordinary byte (a quote or the
			 * delimiter there counts as one, as in sendmail) */
			backslash = false;
			if (p[1] == '$') {
				buf_adds(out, "$$");
				cf_text_munch_put(cf, &sm, '$');
				p += 2;
				continue;
			}
			buf_addc(out, '$');
			cf_text_munch_put(cf, &sm, CF_MACROEXPAND);
			p++;
			if (cf_text_prefix((unsigned char)*p) &&
			    sm < CF_MAXLINE - 1) {
				buf_addc(out, *p);
				cf_text_munch_put(cf, &sm, *p++);
			}
			if (*p == '{' && sm < CF_MAXLINE - 1) {
				size_t n = cf_text_reflen(p - 1) - 1;

				if (n > 1) {
					buf_add(out, p, n);
					cf_text_munch_put(cf, &sm,
					    cf_text_longbyte(cf, p, n));
					p += n;
				}
			}
			continue;
		}
		if (c == '\\')
			backslash = true;
		else if (c == '"')
			quoted = !quoted;
		else if (quoted || c != delim) {
			buf_addc(out, c);
			cf_text_munch_put(cf, &sm, c);
		} else
			break;
		p++;
	}
	if (delimp != NULL)
		*delimp = p;
	cf->munchbuf[sm] = '\0';
}

long
cf_text_convtime(struct cf *cf, const char *p, int unit, int line)
{
	long r = 0;
	bool pos = true;

	if (strcasecmp(p, "now") == 0)
		return -1;
	if (*p == '-') {
		pos = false;
		p++;
	}
	while (*p != '\0') {
		long t = 0;
		int c;

		while ((c = (unsigned char)*p++) != '\0' && isascii(c) &&
		    isdigit(c))
			t = t > (LONG_MAX - 9) / 10 ? LONG_MAX : t * 10 + (c - '0');
		if (c == '\0') {
			c = unit;
			p--;
		} else if (strchr("wdhms", c) == NULL) {
			cf_note(cf, line, "Invalid time unit `%c'", c);
			c = unit;
		}
		switch (c) {
		case 'w':
			t = t > LONG_MAX / 7 ? LONG_MAX : t * 7;
			/* FALLTHROUGH */
		case 'd':
			t = t > LONG_MAX / 24 ? LONG_MAX : t * 24;
			/* FALLTHROUGH */
		case 'h':
			t = t > LONG_MAX / 60 ? LONG_MAX : t * 60;
			/* FALLTHROUGH */
		case 'm':
			t = t > LONG_MAX / 60 ? LONG_MAX : t * 60;
			break;
		default:
			break;
		}
		r = r > LONG_MAX - t ? LONG_MAX : r + t;
	}
	return pos ? r : -r;
}
