/* qf_xtext.c - RFC 3461 xtext, as ENVID=, ORCPT= and AUTH= use it */
#include "queue/qf.h"

#include <ctype.h>

/* qf_xtext_hex - value of a hex digit, -1 if none (either case, as isxdigit) */
static int
qf_xtext_hex(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/* qf_xtext_encode - RFC 3461 xtext of len bytes, appended to out */
void
qf_xtext_encode(struct buf *out, const char *s, size_t len)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t i;

	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c < '!' || c > '~' || c == '+' || c == '=') {
			buf_addc(out, '+');
			buf_addc(out, hex[c >> 4]);
			buf_addc(out, hex[c & 0x0f]);
		} else
			buf_addc(out, c);
	}
}

/* qf_xtext_ok - sendmail's xtextok: +XX pairs, else 33..126 but '=' */
bool
qf_xtext_ok(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	while (*p != '\0') {
		if (*p == '+') {
			if (qf_xtext_hex(p[1]) < 0 || qf_xtext_hex(p[2]) < 0)
				return false;
			p += 3;
			continue;
		}
		if (*p < '!' || *p > '~' || *p == '=')
			return false;
		p++;
	}
	return true;
}

/* qf_xtext_decode - decode xtext; false if it is not valid xtext */
bool
qf_xtext_decode(struct buf *out, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	if (!qf_xtext_ok(s))
		return false;
	while (*p != '\0') {
		if (*p == '+') {
			buf_addc(out, qf_xtext_hex(p[1]) << 4 | qf_xtext_hex(p[2]));
			p += 3;
		} else
			buf_addc(out, *p++);
	}
	return true;
}
