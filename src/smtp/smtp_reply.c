/*
 * smtp_reply.c - reply lines: "CODE[- ]ENH TEXT\r\n".
 *
 * Every byte the engine sends goes through smtp_reply_line, which makes
 * the line well formed whatever the text holds: the code is three
 * digits, the high bit of each text byte is cleared and a resulting NUL
 * ends the text (sendmail 8.17 does both: "j\xf6rg" goes out as
 * "jvrg"), an LF becomes a blank, and the line ends in CRLF.
 */
#include "smtp/smtp_int.h"

#include <ctype.h>
#include <stdarg.h>
#include <string.h>

/* smtp_reply_set - fill a reply; text is cut to fit */
void
smtp_reply_set(struct smtp_reply *r, int code, const char *enh,
    const char *fmt, ...)
{
	struct buf b = BUF_INIT;
	va_list ap;
	size_t n;

	r->code = code;
	n = enh ? strlen(enh) : 0;
	if (n >= sizeof(r->enh))
		n = sizeof(r->enh) - 1;
	memcpy(r->enh, enh ? enh : "", n);
	r->enh[n] = '\0';
	va_start(ap, fmt);
	buf_vaddf(&b, fmt, ap);
	va_end(ap);
	n = b.len < sizeof(r->text) - 1 ? b.len : sizeof(r->text) - 1;
	memcpy(r->text, buf_str(&b), n);
	r->text[n] = '\0';
	buf_free(&b);
}

/* smtp_lines_add - append one line of a multi-line reply */
void
smtp_lines_add(struct smtp_lines *l, int code, const char *enh,
    const char *fmt, ...)
{
	struct buf b = BUF_INIT;
	va_list ap;

	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 4;
		l->v = xreallocarray(l->v, l->cap, sizeof(*l->v));
	}
	va_start(ap, fmt);
	buf_vaddf(&b, fmt, ap);
	va_end(ap);
	smtp_reply_set(&l->v[l->n++], code, enh, "%s", buf_str(&b));
	buf_free(&b);
}

/* smtp_reply_line - one sanitized reply line */
void
smtp_reply_line(struct buf *out, int code, bool more, const char *enh,
    const char *text)
{
	const unsigned char *p;
	int c;

	if (code < 100 || code > 999)
		code = 451;
	buf_addc(out, '0' + code / 100);
	buf_addc(out, '0' + code / 10 % 10);
	buf_addc(out, '0' + code % 10);
	buf_addc(out, more ? '-' : ' ');
	if (enh != NULL && *enh != '\0') {
		for (p = (const unsigned char *)enh; *p != '\0'; p++)
			if (isdigit(*p) || *p == '.')
				buf_addc(out, *p);
		buf_addc(out, ' ');
	}
	for (p = (const unsigned char *)(text ? text : ""); *p != '\0'; p++) {
		c = *p & 0x7f;
		if (c == '\0')
			break;
		if (c == '\n')
			c = ' ';
		buf_addc(out, c);
	}
	buf_add(out, "\r\n", 2);
}

/* smtp_reply_emit - a struct smtp_reply as one final line */
void
smtp_reply_emit(struct buf *out, const struct smtp_reply *r)
{
	smtp_reply_line(out, r->code, false, r->enh, r->text);
}

/* smtp_reply_parse - "550 5.1.1 text" into a reply (enh optional) */
void
smtp_reply_parse(struct smtp_reply *r, const char *line)
{
	const char *p = line, *e;
	int code = 0, i;

	for (i = 0; i < 3 && isdigit((unsigned char)p[i]); i++)
		code = code * 10 + (p[i] - '0');
	if (i < 3) {
		smtp_reply_set(r, 451, "4.3.0", "%s", line);
		return;
	}
	p += 3;
	if (*p == ' ' || *p == '-')
		p++;
	/* an enhanced status code: digit "." digits "." digits, then blank */
	e = p;
	if (isdigit((unsigned char)*e) && e[1] == '.') {
		e += 2;
		while (isdigit((unsigned char)*e))
			e++;
		if (*e == '.' && isdigit((unsigned char)e[1])) {
			e++;
			while (isdigit((unsigned char)*e))
				e++;
			if (*e == ' ' || *e == '\0') {
				char enh[16];
				size_t n = (size_t)(e - p);

				if (n >= sizeof(enh))
					n = sizeof(enh) - 1;
				memcpy(enh, p, n);
				enh[n] = '\0';
				smtp_reply_set(r, code, enh, "%s",
				    *e == ' ' ? e + 1 : e);
				return;
			}
		}
	}
	smtp_reply_set(r, code, "", "%s", p);
}

/* smtp_reply_write - format "CODE ENH text" and write it as one line */
void
smtp_reply_write(struct buf *out, const char *fmt, ...)
{
	struct buf b = BUF_INIT;
	struct smtp_reply r;
	va_list ap;

	va_start(ap, fmt);
	buf_vaddf(&b, fmt, ap);
	va_end(ap);
	smtp_reply_parse(&r, buf_str(&b));
	smtp_reply_emit(out, &r);
	buf_free(&b);
}

/*
 * smtp_reply_short - sendmail's shortenstring(s, MAXSHORTSTR): a text
 * of 203 bytes or more becomes its first 100 bytes, "...", its last 100.
 * Returns s itself or tmp's text.
 */
const char *
smtp_reply_short(struct buf *tmp, const char *s)
{
	size_t n = strlen(s);

	if (n < 203)
		return s;
	buf_reset(tmp);
	buf_add(tmp, s, 100);
	buf_adds(tmp, "...");
	buf_add(tmp, s + n - 100, 100);
	return buf_str(tmp);
}
